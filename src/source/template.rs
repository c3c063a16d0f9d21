//! Server-template syntax in pages (JSP, PHP, FreeMarker, Velocity, Razor, ERB, EJS,
//! Handlebars, Twig/Jinja/Nunjucks/Django, art-template, Smarty, SSI): the tags inside a
//! script, which of them print a value and which only steer the template, the comments that
//! hide markup, and the files a template pulls in. Parsing masks every tag with bytes of the
//! same length (see `parse`), so positions stay those of the file.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::blocks::{ScriptSrc, ScriptTiming};
use super::tag_scanner::{find_seq, ForwardFind};

/// The template language of a server page, from its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    /// `.jsp`, `.jspx`: scriptlets, EL `${...}`, JSTL and other tag libraries.
    Jsp,
    /// `.php`, `.phtml`.
    Php,
    /// Laravel's `.blade.php`: PHP plus `{{ }}` and `@directives`.
    Blade,
    /// `.ftl`, `.ftlh`: FreeMarker.
    FreeMarker,
    /// `.vm`: Velocity.
    Velocity,
    /// `.cshtml`, `.vbhtml`: Razor.
    Razor,
    /// `.aspx`, `.ascx`, `.asp`, `.master`: ASP and ASP.NET Web Forms.
    Asp,
    /// `.erb`: embedded Ruby.
    Erb,
    /// `.ejs`.
    Ejs,
    /// `.hbs`, `.handlebars`, `.mustache`.
    Handlebars,
    /// `.twig`, `.njk`, `.jinja`, `.jinja2`, `.j2`, `.liquid`: `{{ }}`, `{% %}`, `{# #}`.
    Jinja,
    /// `.art`: art-template.
    Art,
    /// `.tpl`: Smarty, or art-template's and Go's `{{ }}`.
    Tpl,
    /// `.shtml`: server-side includes.
    Ssi,
    /// `.slim`: Slim, markup by indentation (indented.rs).
    Slim,
    /// `.haml`: Haml, markup by indentation (indented.rs).
    Haml,
    /// `.pug`, `.jade`: Pug (formerly Jade), markup by indentation (indented.rs).
    Pug,
}

impl Engine {
    /// Slim, Haml and Pug: markup by indentation, read (indented.rs) but never rewritten.
    pub fn indented(self) -> bool {
        matches!(self, Engine::Slim | Engine::Haml | Engine::Pug)
    }

    /// The engine of a lower-case file name, if it is a server template the tool reads.
    pub fn from_file_name(lower: &str) -> Option<Engine> {
        if lower.ends_with(".blade.php") {
            return Some(Engine::Blade);
        }
        let ext = lower.rsplit_once('.')?.1;
        Some(match ext {
            // (JSP tag files, `WEB-INF/tags/share.tag`, and JSF's Facelets, whose EL is JSP's)
            "jsp" | "jspx" | "jspf" | "tag" | "tagx" | "xhtml" => Engine::Jsp,
            // (`include 'inc/wx.inc'`: the PHP a page includes)
            // (CakePHP 1.x and 2.x views are `.ctp`)
            "php" | "phtml" | "inc" | "php5" | "php7" | "ctp" => Engine::Php,
            "ftl" | "ftlh" | "ftlx" => Engine::FreeMarker,
            "vm" => Engine::Velocity,
            "cshtml" | "vbhtml" => Engine::Razor,
            "aspx" | "ascx" | "asp" | "master" => Engine::Asp,
            // (Elixir's EEx and Mojolicious' templates write `<% %>` and `<%= %>` as ERB does)
            "erb" | "rhtml" | "eex" | "heex" | "leex" | "ep" => Engine::Erb,
            "ejs" => Engine::Ejs,
            "hbs" | "handlebars" | "mustache" => Engine::Handlebars,
            // (Phalcon's Volt is Jinja's syntax)
            "twig" | "njk" | "nunjucks" | "jinja" | "jinja2" | "j2" | "liquid" | "volt" => Engine::Jinja,
            "art" => Engine::Art,
            // (Go's `html/template` files and Nette's Latte, `{$x}` and `{if}` as Smarty's)
            "tpl" | "gohtml" | "tmpl" | "latte" => Engine::Tpl,
            "shtml" | "shtm" | "stm" => Engine::Ssi,
            "slim" => Engine::Slim,
            "haml" => Engine::Haml,
            "pug" | "jade" => Engine::Pug,
            _ => return None,
        })
    }

    /// The extensions read as server templates, for the README and `--help`.
    pub const EXTENSIONS: &'static [&'static str] = &[
        "jsp",
        "jspx",
        "jspf",
        "tag",
        "tagx",
        "xhtml",
        "php",
        "phtml",
        "inc",
        "php5",
        "php7",
        "ctp",
        "ftl",
        "ftlh",
        "ftlx",
        "vm",
        "cshtml",
        "vbhtml",
        "aspx",
        "ascx",
        "asp",
        "master",
        "erb",
        "rhtml",
        "eex",
        "heex",
        "leex",
        "ep",
        "ejs",
        "hbs",
        "handlebars",
        "mustache",
        "twig",
        "njk",
        "nunjucks",
        "jinja",
        "jinja2",
        "j2",
        "liquid",
        "volt",
        "art",
        "tpl",
        "gohtml",
        "tmpl",
        "latte",
        "shtml",
        "shtm",
        "stm",
        "slim",
        "haml",
        "pug",
        "jade",
    ];

    fn percent_tags(self) -> bool {
        !matches!(
            self,
            Engine::Php | Engine::Blade | Engine::Handlebars | Engine::Jinja | Engine::Tpl
        )
    }
}

/// What a template tag does where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// It prints a value (`<%= x %>`, `${x}`, `{{ x }}`): masked as an identifier.
    Value,
    /// It steers the template or prints nothing (`<% if (a) { %>`, `{% if %}`, `<c:if>`,
    /// comments, directives): masked as spaces. Code must never move across one.
    Control,
}

/// One server-template tag inside a script block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateTag {
    pub range: Range<usize>,
    pub role: Role,
}

/// Longest tag that may span lines (a `{{ ... }}` in a template file); longer "tags" are taken
/// to be JavaScript.
const MAX_MULTILINE_TAG: usize = 4096;

/// JavaScript's lexical state, as far as masking needs it: `${` is EL only in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lexical {
    Code,
    Quoted(u8),
    Template,
    LineComment,
    BlockComment,
}

/// Finds the server-template tags inside a script body. `engine` is `None` for a plain
/// `.html` page, where only forms that cannot be JavaScript are taken (Thymeleaf, Django,
/// art-template and FreeMarker pages are often named `.html`).
pub fn script_tags(text: &str, body: Range<usize>, engine: Option<Engine>) -> Vec<TemplateTag> {
    let bytes = text.as_bytes();
    let Some(within) = bytes.get(..body.end) else {
        return Vec::new();
    };
    // (asked only of a block that may hold such a tag: the markers are looked for in the whole
    // page, once per block that needs it)
    let block = &bytes[body.clone()];
    let thinkphp = engine.is_none()
        && (memchr::memmem::find(block, b"{$").is_some() || memchr::memmem::find(block, b"{:").is_some())
        && is_thinkphp_view(text);
    let mut finder = Finder::new(within, engine, thinkphp);
    let mut tags = Vec::new();
    if let Some(fast) = stateless_tags(&mut finder, body.clone(), engine) {
        return fast;
    }
    let mut state = Lexical::Code;
    // `${` nesting inside template literals: each entry counts open braces of one `${`.
    let mut interpolations: Vec<usize> = Vec::new();
    let mut i = body.start;
    while i < within.len() {
        let b = within[i];
        if matches!(b, b'<' | b'{' | b'[' | b'$' | b'#' | b'@') {
            if let Some(tag) = finder.server_tag(i, state) {
                i = tag.range.end.max(i + 1);
                tags.push(tag);
                continue;
            }
        }
        match state {
            Lexical::Code => match b {
                b'\'' | b'"' => state = Lexical::Quoted(b),
                b'`' => state = Lexical::Template,
                b'/' if within.get(i + 1) == Some(&b'/') => state = Lexical::LineComment,
                b'/' if within.get(i + 1) == Some(&b'*') => {
                    state = Lexical::BlockComment;
                    i += 1;
                }
                b'{' => {
                    if let Some(open) = interpolations.last_mut() {
                        *open += 1;
                    }
                }
                b'}' => match interpolations.last_mut() {
                    Some(0) => {
                        interpolations.pop();
                        state = Lexical::Template;
                    }
                    Some(open) => *open -= 1,
                    None => {}
                },
                _ => {}
            },
            Lexical::Quoted(q) => match b {
                b'\\' => i += 1,
                b'\n' | b'\r' => state = Lexical::Code,
                _ if b == q => state = Lexical::Code,
                _ => {}
            },
            Lexical::Template => match b {
                b'\\' => i += 1,
                b'`' => state = Lexical::Code,
                b'$' if within.get(i + 1) == Some(&b'{') => {
                    interpolations.push(0);
                    state = Lexical::Code;
                    i += 1;
                }
                _ => {}
            },
            Lexical::LineComment => {
                if b == b'\n' || b == b'\r' {
                    state = Lexical::Code;
                }
            }
            Lexical::BlockComment => {
                if b == b'*' && within.get(i + 1) == Some(&b'/') {
                    state = Lexical::Code;
                    i += 1;
                }
            }
        }
        i += 1;
    }
    tags
}

/// Whether a page without an engine of its own is a ThinkPHP view (`.html`, with its
/// `{include file="..."}`, `{extend name="..."}`, `{volist ...}` or `{:url(...)}` tags): its
/// `{$param['timestamp']}` tags are the server's, and must be masked like Smarty's.
fn is_thinkphp_view(text: &str) -> bool {
    static MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::new([
            "{include file=",
            "{extend name=",
            "{block name=",
            "{volist ",
            "<include",
            "<volist ",
            "{:url(",
            "{:U(",
        ])
        .expect("the ThinkPHP markers are valid patterns")
    });
    // (a marker inside an HTML comment is no sign: a static page may show such a line)
    MARKERS.find_iter(text).any(|m| {
        let tag_of_a_file =
            !text[m.start()..].starts_with("<include") || text[m.end()..].trim_start().starts_with("file");
        tag_of_a_file && !crate::source::layout::in_html_comment(text, m.start())
    })
}

/// [`script_tags`] without following JavaScript's lexical state, where it cannot matter: in
/// the engines whose tags all start with `<`, `{` or `[`, in a body where no tag that is one
/// only outside strings (`${`, `#{`, `$!`, `<prefix:name`) can start. Jumps from one of those
/// three bytes to the next; most pages' scripts hold few of them.
fn stateless_tags(finder: &mut Finder, body: Range<usize>, engine: Option<Engine>) -> Option<Vec<TemplateTag>> {
    if matches!(
        engine,
        Some(Engine::Razor | Engine::Blade | Engine::Velocity | Engine::Tpl)
    ) {
        return None;
    }
    let bytes = finder.bytes;
    let text = &bytes[body.clone()];
    let state_dependent = memchr::memmem::find(text, b"${").is_some()
        || memchr::memmem::find(text, b"#{").is_some()
        || memchr::memmem::find(text, b"$!").is_some()
        || memchr::memchr_iter(b'<', text).any(|lt| {
            let name_at = if text.get(lt + 1) == Some(&b'/') {
                lt + 2
            } else {
                lt + 1
            };
            namespaced_local_name(text, name_at).is_some()
        });
    if state_dependent {
        return None;
    }
    let mut tags = Vec::new();
    let mut i = body.start;
    while let Some(offset) = memchr::memchr3(b'<', b'{', b'[', &bytes[i..body.end]) {
        let at = i + offset;
        match finder.server_tag(at, Lexical::Code) {
            Some(tag) => {
                i = tag.range.end.max(at + 1);
                tags.push(tag);
            }
            None => i = at + 1,
        }
    }
    Some(tags)
}

/// The searches behind [`script_tags`], each remembering its last hit so that many unclosed
/// openers do not rescan the rest of a large file.
struct Finder<'t> {
    bytes: &'t [u8],
    engine: Option<Engine>,
    /// A page without an engine of its own that is a ThinkPHP view ([`is_thinkphp_view`]):
    /// its `{$...}` and `{:...}` tags are the server's.
    thinkphp: bool,
    php: ForwardFind,
    asp: ForwardFind,
    jinja: ForwardFind,
    jinja_comment: ForwardFind,
    triple: ForwardFind,
    double: ForwardFind,
    blade_raw: ForwardFind,
    thymeleaf: ForwardFind,
    thymeleaf_raw: ForwardFind,
    freemarker_comment: ForwardFind,
    razor_comment: ForwardFind,
    velocity_comment: ForwardFind,
    smarty_comment: ForwardFind,
    /// First line break at or after the last one-line opener looked at.
    line_end: usize,
}

impl<'t> Finder<'t> {
    fn new(bytes: &'t [u8], engine: Option<Engine>, thinkphp: bool) -> Finder<'t> {
        Finder {
            bytes,
            engine,
            thinkphp,
            php: ForwardFind::new(b"?>"),
            asp: ForwardFind::new(b"%>"),
            jinja: ForwardFind::new(b"%}"),
            jinja_comment: ForwardFind::new(b"#}"),
            triple: ForwardFind::new(b"}}}"),
            double: ForwardFind::new(b"}}"),
            blade_raw: ForwardFind::new(b"!!}"),
            thymeleaf: ForwardFind::new(b"]]"),
            thymeleaf_raw: ForwardFind::new(b")]"),
            freemarker_comment: ForwardFind::new(b"-->"),
            razor_comment: ForwardFind::new(b"*@"),
            velocity_comment: ForwardFind::new(b"*#"),
            smarty_comment: ForwardFind::new(b"*}"),
            line_end: 0,
        }
    }

    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn starts(&self, i: usize, s: &[u8]) -> bool {
        self.bytes.get(i..).is_some_and(|rest| rest.starts_with(s))
    }

    /// The end of the line holding `i`.
    fn line_end(&mut self, i: usize) -> usize {
        if self.line_end <= i {
            self.line_end = self.bytes[i..]
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .map_or(self.bytes.len(), |p| i + p);
        }
        self.line_end
    }

    /// Whether a tag whose closer was found at `end` is acceptable: on the opener's line in a
    /// plain page, within a bounded length in a template file.
    fn closes_in_reach(&mut self, start: usize, end: usize) -> bool {
        match self.engine {
            None => end <= self.line_end(start),
            Some(_) => end - start <= MAX_MULTILINE_TAG,
        }
    }

    /// The tag starting at `i`, if one does.
    fn server_tag(&mut self, i: usize, state: Lexical) -> Option<TemplateTag> {
        let b = self.at(i);
        if !matches!(b, b'<' | b'{' | b'[' | b'$' | b'#' | b'@') {
            return None;
        }
        let engine = self.engine;
        let tag = |range: Range<usize>, role| Some(TemplateTag { range, role });
        match (b, self.at(i + 1)) {
            // Processing and ASP-style tags run on the server whatever the JavaScript around them.
            (b'<', b'?') => {
                let end = self.php.find(self.bytes, i + 2).map_or(self.bytes.len(), |at| at + 2);
                let inner = &self.bytes[i + 2..end.saturating_sub(2).max(i + 2)];
                let value = inner.first() == Some(&b'=') || php_echoes(inner);
                tag(i..end, if value { Role::Value } else { Role::Control })
            }
            // ThinkPHP and Smarty set to `<{` `}>` delimiters (baocms: `"timestamp":<{$weixinJS.timestamp}>`,
            // `<{if $x}>`): a value or a control tag on one line
            (b'<', b'{') if matches!(engine, None | Some(Engine::Php | Engine::Tpl)) => {
                let line = &self.bytes[i + 2..self.line_end(i)];
                let len = memchr::memmem::find(line, b"}>")?;
                let inner = &line[..len];
                let role = match inner.first()? {
                    b'$' | b':' => Role::Value,
                    b'/' => Role::Control,
                    c if c.is_ascii_alphabetic() => Role::Control,
                    _ => return None,
                };
                tag(i..i + 2 + len + 2, role)
            }
            (b'<', b'%') if engine.is_none_or(Engine::percent_tags) => {
                let end = self.asp.find(self.bytes, i + 2).map_or(self.bytes.len(), |at| at + 2);
                let value = match (self.at(i + 2), engine) {
                    (b'=', _) => true,
                    (b'-', Some(Engine::Ejs) | None) => self.at(i + 3) != b'-',
                    (b':', Some(Engine::Asp)) => true,
                    (b'#', Some(Engine::Asp)) => true,
                    _ => false,
                };
                tag(i..end, if value { Role::Value } else { Role::Control })
            }
            (b'{', b'%') => {
                let end = self.jinja.find(self.bytes, i + 2)? + 2;
                self.closes_in_reach(i, end).then_some(TemplateTag {
                    range: i..end,
                    role: Role::Control,
                })
            }
            (b'{', b'#') if engine.is_none_or(|e| matches!(e, Engine::Jinja | Engine::Tpl)) => {
                let end = self.jinja_comment.find(self.bytes, i + 2)? + 2;
                self.closes_in_reach(i, end).then_some(TemplateTag {
                    range: i..end,
                    role: Role::Control,
                })
            }
            (b'{', b'{') => {
                let (end, len) = if self.at(i + 2) == b'{' {
                    (self.triple.find(self.bytes, i + 3), 3)
                } else {
                    (self.double.find(self.bytes, i + 2), 2)
                };
                let end = end? + len;
                if !self.closes_in_reach(i, end) {
                    return None;
                }
                let role = mustache_role(&self.bytes[i + len..end - len]);
                tag(i..end, role)
            }
            (b'{', b'!') if self.at(i + 2) == b'!' => {
                let end = self.blade_raw.find(self.bytes, i + 3)? + 3;
                self.closes_in_reach(i, end).then_some(TemplateTag {
                    range: i..end,
                    role: Role::Value,
                })
            }
            (b'[', b'[') | (b'[', b'(') if thymeleaf_expression(self.bytes, i + 2) => {
                let close = if self.at(i + 1) == b'[' {
                    &mut self.thymeleaf
                } else {
                    &mut self.thymeleaf_raw
                };
                let end = close.find(self.bytes, i + 2)? + 2;
                self.closes_in_reach(i, end).then_some(TemplateTag {
                    range: i..end,
                    role: Role::Value,
                })
            }
            // FreeMarker directives and comments, macro calls: never JavaScript.
            (b'<', b'#') | (b'<', b'@') => {
                if self.starts(i, b"<#--") {
                    let end = self
                        .freemarker_comment
                        .find(self.bytes, i + 4)
                        .map_or(self.bytes.len(), |at| at + 3);
                    return tag(i..end, Role::Control);
                }
                let name_at = i + 2;
                if !self.at(name_at).is_ascii_alphabetic() {
                    return None;
                }
                let end = self.markup_tag_end(i)?;
                tag(i..end, Role::Control)
            }
            (b'<', b'/') if matches!(self.at(i + 2), b'#' | b'@') => {
                let end = self.markup_tag_end(i)?;
                tag(i..end, Role::Control)
            }
            // Tag-library elements (`<c:if>`, `</c:if>`, `<fmt:message/>`, `<th:block>`): `<a:b`
            // is never JavaScript.
            (b'<', _) if state == Lexical::Code => {
                let name_at = if self.at(i + 1) == b'/' { i + 2 } else { i + 1 };
                let local = namespaced_local_name(self.bytes, name_at)?;
                let end = self.markup_tag_end(i)?;
                let self_closing = self.bytes[..end].ends_with(b"/>");
                let prints = self_closing && prints_value(&self.bytes[local]);
                tag(i..end, if prints { Role::Value } else { Role::Control })
            }
            // EL and FreeMarker `${...}`, Velocity `$!{...}`, JSF `#{...}`: outside strings only.
            (b'$', b'{') | (b'#', b'{') if state == Lexical::Code => {
                let end = balanced(self.bytes, i + 1, b'{', b'}')?;
                tag(i..end, Role::Value)
            }
            // Inside a string too when the expression holds that string's quote
            // (`'${p.images['100X100']}'`): the server prints its value before any JavaScript
            // reads the quote, so what the browser sees is one string.
            (b'$', b'{') | (b'#', b'{')
                if matches!(engine, Some(Engine::Jsp | Engine::FreeMarker | Engine::Velocity)) =>
            {
                let Lexical::Quoted(quote) = state else { return None };
                let end = balanced(self.bytes, i + 1, b'{', b'}')?;
                let expression = &self.bytes[i + 2..end - 1];
                (expression.contains(&quote) && !expression.contains(&b'\n')).then_some(TemplateTag {
                    range: i..end,
                    role: Role::Value,
                })
            }
            (b'$', b'!') if state == Lexical::Code => {
                if self.at(i + 2) == b'{' {
                    let end = balanced(self.bytes, i + 2, b'{', b'}')?;
                    return tag(i..end, Role::Value);
                }
                // Velocity's quiet reference `$!name.path`.
                let end = dotted_name(self.bytes, i + 2)?;
                tag(i..end, Role::Value)
            }
            (b'#', _) if engine == Some(Engine::Velocity) => self.velocity(i),
            (b'@', _) if engine == Some(Engine::Razor) => self.razor(i),
            (b'@', _) if engine == Some(Engine::Blade) => self.blade(i),
            (b'{', _) if engine == Some(Engine::Tpl) => self.smarty(i),
            (b'{', b'$') if self.thinkphp => self.smarty(i),
            // ThinkPHP's function output, `{:url('index/share')}`, on one line
            (b'{', b':') if self.thinkphp => {
                let end = i + 2 + self.bytes[i + 2..self.line_end(i)].iter().position(|&b| b == b'}')?;
                tag(i..end + 1, Role::Value)
            }
            _ => None,
        }
    }

    /// The end of a markup-like tag `<...>` starting at `i`, skipping quoted attribute values.
    fn markup_tag_end(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        while let Some(&c) = self.bytes.get(j) {
            match c {
                b'"' | b'\'' => j = find_seq(self.bytes, j + 1, &[c])?,
                b'>' => return Some(j + 1),
                b'\n' if self.engine.is_none() => return None,
                _ => {}
            }
            j += 1;
        }
        None
    }

    /// Velocity: `## comment`, `#* comment *#`, `#directive(...)`, `#else`, `#end`.
    fn velocity(&mut self, i: usize) -> Option<TemplateTag> {
        let control = |range| {
            Some(TemplateTag {
                range,
                role: Role::Control,
            })
        };
        if self.starts(i, b"##") {
            return control(i..self.line_end(i));
        }
        if self.starts(i, b"#*") {
            let end = self
                .velocity_comment
                .find(self.bytes, i + 2)
                .map_or(self.bytes.len(), |at| at + 2);
            return control(i..end);
        }
        let name_at = if self.at(i + 1) == b'{' { i + 2 } else { i + 1 };
        let name_end = word_end(self.bytes, name_at);
        let name = &self.bytes[name_at..name_end];
        const DIRECTIVES: &[&[u8]] = &[
            b"if",
            b"elseif",
            b"else",
            b"end",
            b"foreach",
            b"set",
            b"parse",
            b"include",
            b"macro",
            b"define",
            b"evaluate",
            b"break",
            b"stop",
        ];
        if !DIRECTIVES.contains(&name) {
            return None;
        }
        let mut end = name_end;
        if name_at == i + 2 {
            end = (self.at(end) == b'}').then_some(end + 1)?;
        }
        let after_space = end + self.bytes[end..].iter().take_while(|b| **b == b' ').count();
        if self.at(after_space) == b'(' {
            end = balanced(self.bytes, after_space, b'(', b')')?;
        }
        control(i..end)
    }

    /// Razor: `@* comment *@`, `@{ code }`, `@(expr)`, `@Model.X`, `@if (...) {`.
    fn razor(&mut self, i: usize) -> Option<TemplateTag> {
        if i > 0 && (self.bytes[i - 1].is_ascii_alphanumeric() || self.bytes[i - 1] == b'@') {
            return None; // an e-mail address or `@@`
        }
        let next = self.at(i + 1);
        let tag = |range, role| Some(TemplateTag { range, role });
        match next {
            b'*' => {
                let end = self
                    .razor_comment
                    .find(self.bytes, i + 2)
                    .map_or(self.bytes.len(), |at| at + 2);
                tag(i..end, Role::Control)
            }
            b'{' => tag(i..balanced(self.bytes, i + 1, b'{', b'}')?, Role::Control),
            b'(' => tag(i..balanced(self.bytes, i + 1, b'(', b')')?, Role::Value),
            b'@' => None,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let word_end = word_end(self.bytes, i + 1);
                let word = &self.bytes[i + 1..word_end];
                const KEYWORDS: &[&[u8]] = &[
                    b"if",
                    b"else",
                    b"for",
                    b"foreach",
                    b"while",
                    b"do",
                    b"switch",
                    b"using",
                    b"section",
                    b"try",
                    b"catch",
                    b"finally",
                    b"lock",
                    b"model",
                    b"inject",
                    b"functions",
                    b"code",
                    b"page",
                    b"layout",
                ];
                if KEYWORDS.contains(&word) {
                    // The header up to its `{`; the closing `}` is left, so the block does not parse
                    // and is reported as ambiguous rather than guessed.
                    let mut end = word_end;
                    let after = end + self.bytes[end..].iter().take_while(|b| **b == b' ').count();
                    if self.at(after) == b'(' {
                        end = balanced(self.bytes, after, b'(', b')')?;
                    }
                    let brace = end + self.bytes[end..].iter().take_while(|b| b.is_ascii_whitespace()).count();
                    if self.at(brace) == b'{' {
                        end = brace + 1;
                    }
                    return tag(i..end, Role::Control);
                }
                tag(i..razor_expression_end(self.bytes, i + 1), Role::Value)
            }
            _ => None,
        }
    }

    /// Blade: `{{-- comment --}}` is handled with `{{`; `@json(...)`/`@js(...)` print,
    /// other `@directive(...)` steer.
    fn blade(&mut self, i: usize) -> Option<TemplateTag> {
        if i > 0 && (self.bytes[i - 1].is_ascii_alphanumeric() || self.bytes[i - 1] == b'@') {
            return None;
        }
        if !self.at(i + 1).is_ascii_alphabetic() {
            return None;
        }
        let word_end = word_end(self.bytes, i + 1);
        let word = &self.bytes[i + 1..word_end];
        let mut end = word_end;
        if self.at(end) == b'(' {
            end = balanced(self.bytes, end, b'(', b')')?;
        }
        let role = if matches!(word, b"json" | b"js") {
            Role::Value
        } else {
            Role::Control
        };
        Some(TemplateTag { range: i..end, role })
    }

    /// Smarty: `{* comment *}`, `{$var}`, `{/if}`, `{if ...}`, `{else}`, `{literal}`.
    fn smarty(&mut self, i: usize) -> Option<TemplateTag> {
        let tag = |range, role| Some(TemplateTag { range, role });
        match self.at(i + 1) {
            b'*' => {
                let end = self.smarty_comment.find(self.bytes, i + 2)? + 2;
                tag(i..end, Role::Control)
            }
            b'$' => {
                let end = i + 2 + self.bytes[i + 2..].iter().position(|&b| b == b'}')?;
                let inner = &self.bytes[i + 2..end];
                let plain = !inner.is_empty()
                    && inner[0].is_ascii_alphabetic()
                    && inner
                        .iter()
                        .all(|&b| b.is_ascii_alphanumeric() || b"_.->[]'\"|:".contains(&b));
                plain.then(|| TemplateTag {
                    range: i..end + 1,
                    role: Role::Value,
                })
            }
            b'/' => {
                let end = word_end(self.bytes, i + 2);
                (end > i + 2 && self.at(end) == b'}').then(|| TemplateTag {
                    range: i..end + 1,
                    role: Role::Control,
                })
            }
            c if c.is_ascii_alphabetic() => {
                let end = word_end(self.bytes, i + 1);
                const KEYWORDS: &[&[u8]] = &[
                    b"if",
                    b"elseif",
                    b"else",
                    b"foreach",
                    b"foreachelse",
                    b"section",
                    b"include",
                    b"assign",
                    b"literal",
                    b"capture",
                    b"strip",
                    b"block",
                    b"extends",
                    b"ldelim",
                    b"rdelim",
                ];
                if !KEYWORDS.contains(&&self.bytes[i + 1..end]) {
                    return None;
                }
                let close = match self.at(end) {
                    b'}' => end,
                    b' ' if self.at(end + 1) == b'$' || self.bytes[i + 1..end] != *b"if" => {
                        end + self.bytes[end..].iter().position(|&b| b == b'}' || b == b'\n')?
                    }
                    _ => return None,
                };
                (self.at(close) == b'}').then(|| TemplateTag {
                    range: i..close + 1,
                    role: Role::Control,
                })
            }
            _ => None,
        }
    }
}

/// Whether PHP code prints: `echo ...`, `print ...`.
fn php_echoes(inner: &[u8]) -> bool {
    let inner = inner.strip_prefix(b"php").unwrap_or(inner);
    let start = inner
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let rest = &inner[start..];
    rest.starts_with(b"echo") || rest.starts_with(b"print")
}

/// Mustache, Handlebars, Jinja and art-template: sections, comments, partials and control
/// keywords steer; the rest prints.
fn mustache_role(inner: &[u8]) -> Role {
    let start = inner
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != b'~' && *b != b'-')
        .unwrap_or(inner.len());
    let rest = &inner[start..];
    let control = matches!(rest.first(), Some(b'#' | b'/' | b'^' | b'!' | b'>'))
        || [
            &b"else"[..],
            b"if ",
            b"each ",
            b"include ",
            b"set ",
            b"block ",
            b"extend ",
        ]
        .iter()
        .any(|k| rest.starts_with(k));
    if control {
        Role::Control
    } else {
        Role::Value
    }
}

/// Thymeleaf inlines only expressions: `[[${x}]]`, `[[*{x}]]`, `[[#{x}]]`, `[[@{x}]]`.
fn thymeleaf_expression(bytes: &[u8], at: usize) -> bool {
    let rest = &bytes[at.min(bytes.len())..];
    let rest = &rest[rest.iter().position(|b| *b != b' ').unwrap_or(rest.len())..];
    matches!(rest, [b'$' | b'*' | b'#' | b'@', b'{', ..])
}

/// The local name of a tag-library element name `prefix:local` at `at`.
fn namespaced_local_name(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    if !bytes.get(at)?.is_ascii_alphabetic() {
        return None;
    }
    let prefix_end = at
        + bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
            .count();
    if bytes.get(prefix_end) != Some(&b':') || !bytes.get(prefix_end + 1)?.is_ascii_alphabetic() {
        return None;
    }
    let local_end = word_end(bytes, prefix_end + 1);
    let after = bytes.get(local_end).copied().unwrap_or(b'>');
    (after.is_ascii_whitespace() || after == b'>' || after == b'/').then_some(prefix_end + 1..local_end)
}

/// Tag-library elements that print a value when written self-closing.
fn prints_value(local: &[u8]) -> bool {
    const PRINTING: &[&[u8]] = &[
        b"out",
        b"message",
        b"url",
        b"property",
        b"eval",
        b"text",
        b"formatDate",
        b"formatNumber",
        b"theme",
        b"escapeBody",
        b"date",
        b"number",
        b"write",
        b"csrfInput",
        b"authentication",
    ];
    PRINTING.contains(&local)
}

/// The end of an identifier-like word (letters, digits, `_`, `-` is not included).
fn word_end(bytes: &[u8], at: usize) -> usize {
    at + bytes
        .get(at..)
        .unwrap_or(&[])
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count()
}

/// `name(.name)*` starting at `at`, or `None` when no name starts there.
fn dotted_name(bytes: &[u8], at: usize) -> Option<usize> {
    let mut end = word_end(bytes, at);
    if end == at || bytes[at].is_ascii_digit() {
        return None;
    }
    while bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
        end = word_end(bytes, end + 1);
    }
    Some(end)
}

/// Razor's implicit expression: `Model.Corp.Id`, `Url.Content("~/x")`, `ViewBag.Items[0]`.
fn razor_expression_end(bytes: &[u8], at: usize) -> usize {
    let mut end = word_end(bytes, at);
    loop {
        match bytes.get(end) {
            Some(b'(') => match balanced(bytes, end, b'(', b')') {
                Some(e) => end = e,
                None => return end,
            },
            Some(b'[') => match balanced(bytes, end, b'[', b']') {
                Some(e) => end = e,
                None => return end,
            },
            Some(b'.') if bytes.get(end + 1).is_some_and(|b| b.is_ascii_alphabetic()) => end = word_end(bytes, end + 1),
            _ => return end,
        }
    }
}

/// The offset just past the bracket that closes the one at `open_at`, skipping quoted text;
/// `None` when it does not close within a tag's reach.
fn balanced(bytes: &[u8], open_at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open_at;
    let limit = (open_at + MAX_MULTILINE_TAG).min(bytes.len());
    while i < limit {
        match bytes[i] {
            b'"' | b'\'' => {
                let q = bytes[i];
                i += 1;
                while i < limit && bytes[i] != q {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The path a script `src` names once the server renders it, as far as the page shows it:
/// template tags are dropped (`${ctx}/js/a.js` → `/js/a.js`,
/// `<%=request.getContextPath()%>/js/a.js` → `/js/a.js`), and a path quoted inside a tag is
/// taken from it (`{% static 'js/a.js' %}`, `@Url.Content("~/js/a.js")`,
/// `<%= asset_path('a.js') %>`, Thymeleaf's `@{/js/a.js}`). The query and fragment go too.
/// The second value says whether template syntax was involved (the path is then a suffix of
/// the served one).
pub fn script_path(src: &str) -> (String, bool) {
    tagged_script_path(src, "")
}

/// A wildcard in a [`served_path`]: what a template expression prints there.
pub const WILDCARD: char = '*';

/// The path a script `src` names once served, as a pattern: [`script_path`]'s, where each
/// template expression that holds no path is a [`WILDCARD`]. Besides the tags `script_path`
/// knows, these are expressions of engines it does not (ThinkPHP's `{$static}` and `{:url()}`,
/// pigcms' `{pigcms{$static_path}`, Smarty's `{$script_name}`, ThinkPHP's `__PUBLIC__`),
/// also glued to a name: `{$static}js/{$name}.js` is `*js/*.js`. Leading wildcard segments
/// (a context path) are dropped, and a first segment glued to one (`*js`) is that folder.
/// The second value says whether template syntax was involved.
pub fn served_path(src: &str) -> (String, bool) {
    let (masked, braces) = unknown_expressions_as_wildcards(src.trim());
    let (path, templated) = tagged_script_path(&masked, "*");
    let templated = templated || braces;
    if !path.contains(WILDCARD) || path.contains("//") || path.contains(':') {
        return (path, templated);
    }
    let rooted = path.starts_with('/');
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    while segments.len() > 1 && segments[0].chars().all(|c| c == WILDCARD) {
        segments.remove(0);
    }
    let first = match segments.first() {
        Some(first) if segments.len() > 1 => first.trim_start_matches(WILDCARD),
        _ => segments.first().copied().unwrap_or(""),
    };
    let rest = segments.iter().skip(1).copied();
    let joined: Vec<&str> = std::iter::once(first).chain(rest).collect();
    let path = joined.join("/");
    (if rooted || templated { format!("/{path}") } else { path }, true)
}

/// `src` with the expressions of engines [`script_tags`] does not know as [`WILDCARD`]s:
/// a `{...}` that is no `${`, `#{`, `@{`, `{{`, `{%`, `{#` or Blade's `{!!` (ThinkPHP, Smarty,
/// pigcms), and
/// ThinkPHP's `__PUBLIC__`-like constants. Whether it replaced any.
fn unknown_expressions_as_wildcards(src: &str) -> (String, bool) {
    if !src.contains(['{', '_']) {
        return (src.to_string(), false);
    }
    let bytes = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut replaced = false;
    let mut i = 0;
    while i < bytes.len() {
        let before = i.checked_sub(1).map(|b| bytes[b]);
        let next = bytes.get(i + 1).copied();
        if bytes[i] == b'{'
            && !matches!(before, Some(b'$' | b'#' | b'@' | b'!' | b'{'))
            && !matches!(next, Some(b'{' | b'%' | b'#' | b'!'))
        {
            // (pigcms opens with `{pigcms{` and closes with one `}`)
            let word = bytes[i + 1..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let open = match bytes.get(i + 1 + word) {
                Some(b'{') if word > 0 => i + 1 + word,
                _ => i,
            };
            if let Some(end) = balanced(bytes, open, b'{', b'}') {
                out.push(WILDCARD);
                replaced = true;
                i = end;
                continue;
            }
        }
        // ThinkPHP 3's `__PUBLIC__`, `__STATIC__`, `__ROOT__`
        if bytes[i..].starts_with(b"__") && before.is_none_or(|b| !b.is_ascii_alphanumeric()) {
            let name_end = i
                + 2
                + bytes[i + 2..]
                    .iter()
                    .take_while(|b| b.is_ascii_uppercase() || **b == b'_')
                    .count();
            if name_end > i + 4 && bytes[..name_end].ends_with(b"__") {
                out.push(WILDCARD);
                replaced = true;
                i = name_end;
                continue;
            }
        }
        let len = src[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&src[i..i + len]);
        i += len;
    }
    (out, replaced)
}

/// [`script_path`], writing `unknown` for a tag that holds no path.
fn tagged_script_path(src: &str, unknown: &str) -> (String, bool) {
    let src = src.trim();
    // Most values hold no template syntax: nothing to look for.
    if !src.contains(['<', '{', '$', '@', '#', '[']) {
        return (strip_query(src).to_string(), false);
    }
    if let Some(link) = src.strip_prefix("@{").and_then(|s| s.strip_suffix('}')) {
        return (strip_query(link).to_string(), true);
    }
    let tags = script_tags(src, 0..src.len(), Some(Engine::Jsp));
    let razor = script_tags(src, 0..src.len(), Some(Engine::Razor));
    let tags: Vec<&TemplateTag> = if tags.is_empty() {
        razor.iter().collect()
    } else {
        tags.iter().collect()
    };
    if tags.is_empty() {
        return (strip_query(src).to_string(), false);
    }
    let mut out = String::new();
    let mut at = 0;
    for tag in tags {
        out.push_str(&src[at..tag.range.start]);
        match quoted_path(&src[tag.range.clone()]) {
            Some(path) => out.push_str(path.trim_start_matches('~')),
            None => out.push_str(unknown),
        }
        at = tag.range.end;
    }
    out.push_str(&src[at..]);
    (strip_query(&out).to_string(), true)
}

fn strip_query(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or(path)
}

/// The last quoted string inside a template tag that looks like a path (`'js/a.js'`).
fn quoted_path(tag: &str) -> Option<&str> {
    let mut found = None;
    let mut rest = tag;
    while let Some(q) = rest.find(['"', '\'']) {
        let quote = &rest[q..q + 1];
        let Some(len) = rest[q + 1..].find(quote) else { break };
        let value = &rest[q + 1..q + 1 + len];
        if value.contains('.') || value.contains('/') {
            found = Some(value);
        }
        rest = &rest[q + 1 + len + 1..];
    }
    found
}

/// The scripts a Rails helper tag writes: `<%= javascript_include_tag '//res.wx.qq.com/...',
/// 'application' %>` is one `<script src>` per quoted argument (options such as
/// `defer: true` aside). Each becomes a source whose value is the string's text, so the
/// script-tag fix can switch it in place.
pub fn include_tag_sources(text: &str, tag: Range<usize>) -> Vec<ScriptSrc> {
    let inner = &text[tag.clone()];
    // (Webpacker's `javascript_pack_tag 'application'` loads `app/javascript/packs/application.js`,
    // named here `packs/application`: resolve.rs looks for it under `app/javascript`)
    let (at, helper, pack) = match (inner.find("javascript_include_tag"), inner.find("javascript_pack_tag")) {
        (Some(at), _) => (at, "javascript_include_tag", false),
        (None, Some(at)) => (at, "javascript_pack_tag", true),
        (None, None) => return Vec::new(),
    };
    let mut sources = Vec::new();
    let mut i = at + helper.len();
    let bytes = inner.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                let Some(len) = inner[i + 1..].find(q as char) else {
                    break;
                };
                let value = tag.start + i + 1..tag.start + i + 1 + len;
                // A key of the options hash (`"data-turbo" => ...`) is no script.
                let after = inner[i + 1 + len + 1..].trim_start();
                if !after.starts_with("=>") {
                    let name = &text[value.clone()];
                    sources.push(ScriptSrc {
                        tag: tag.clone(),
                        src: match pack {
                            true => format!("packs/{name}"),
                            false => name.to_string(),
                        },
                        value,
                        th_src: None,
                        timing: ScriptTiming::Parser,
                    });
                }
                i += len + 2;
            }
            b':' if bytes.get(i + 1) != Some(&b':') => break, // `defer: true`: options begin
            _ => i += 1,
        }
    }
    sources
}

/// If a template comment that hides markup starts at `i` (outside scripts), the offset just
/// past it: FreeMarker `<#-- -->`, Razor `@* *@`, Jinja `{# #}`, Handlebars `{{!-- --}}`,
/// Velocity `#* *#`, Smarty `{* *}`, JSP `<%-- --%>` and Blade `{{-- --}}`.
pub fn hidden_markup_end(bytes: &[u8], i: usize, engine: Option<Engine>) -> Option<usize> {
    let rest = bytes.get(i..)?;
    let until = |close: &[u8], from: usize| find_seq(bytes, from, close).map_or(bytes.len(), |at| at + close.len());
    match engine {
        Some(Engine::FreeMarker) if rest.starts_with(b"<#--") => Some(until(b"-->", i + 4)),
        Some(Engine::Razor) if rest.starts_with(b"@*") => Some(until(b"*@", i + 2)),
        Some(Engine::Jinja | Engine::Tpl) if rest.starts_with(b"{#") => Some(until(b"#}", i + 2)),
        Some(Engine::Handlebars) if rest.starts_with(b"{{!--") => Some(until(b"--}}", i + 5)),
        Some(Engine::Handlebars) if rest.starts_with(b"{{!") => Some(until(b"}}", i + 3)),
        Some(Engine::Blade) if rest.starts_with(b"{{--") => Some(until(b"--}}", i + 4)),
        Some(Engine::Velocity) if rest.starts_with(b"#*") => Some(until(b"*#", i + 2)),
        Some(Engine::Tpl) if rest.starts_with(b"{*") => Some(until(b"*}", i + 2)),
        _ => None,
    }
}

/// What a Pug template pulls in: `include ../parts/wx` and `extends layout`, each a line of its
/// own with the path unquoted (a filtered include, `include:markdown-it notes.md`, is text).
fn pug_includes(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        for keyword in ["include ", "extends "] {
            if let Some(path) = trimmed.strip_prefix(keyword) {
                let path = path.trim();
                if !path.is_empty() && !path.contains(char::is_whitespace) {
                    found.push((at + indent + keyword.len(), path.to_string()));
                }
            }
        }
        at += line.len();
    }
    found
}

/// Every engine's include keywords (see [`includes`]).
const ALL_INCLUDE_KEYWORDS: &[&str] = &[
    "<%@ include",
    "<%@include",
    "<jsp:include",
    "<jsp:directive.include",
    "<c:import",
    "<ui:composition template",
    "<ui:decorate template",
    "<ui:include src",
    "include ",
    "include(",
    "include_once",
    "require ",
    "require(",
    "require_once",
    "@include",
    "@extends",
    "@component",
    "@each",
    "<x-",
    "locate_template(",
    "get_template_part(",
    "get_header(",
    "get_footer(",
    "->view(",
    "->render(",
    "->renderPartial(",
    "<#include",
    "<#import",
    "#parse",
    "#include",
    "Layout",
    "Partial",
    "PartialAsync",
    "RenderPartial",
    "<partial",
    "<%= render",
    "<%== render",
    "<%- render",
    "= render",
    "{{>",
    "{{#>",
    "{% include",
    "{% extends",
    "{% import",
    "{%- include",
    "{%- extends",
    "{% embed",
    "{%- embed",
    "{{include",
    "{{ include",
    "{include",
    "{extends",
    "{{extend",
    "<!--#include",
    "<include",
    "MasterPageFile",
    "<%@ Register",
    "th:replace",
    "th:insert",
    "th:include",
    "layout:decorate",
    "layout:decorator",
];

/// Where a framework layout renders the view it wraps, without an include naming it: Yii's
/// and plain PHP's `<?php echo $content; ?>` (or `<?= $content ?>`), Rails' bare
/// `<%= yield %>` (a named `yield :head` renders a block, not the view), Razor's
/// `@RenderBody()`, a Web Forms master page's `<asp:ContentPlaceHolder>`. The first such place.
pub fn view_content_at(text: &str, engine: Option<Engine>) -> Option<usize> {
    // ThinkPHP's layout (`LAYOUT_ON`) renders the view at `{__CONTENT__}`, in `.html` views
    // (read with no engine) and in `.php` and `.tpl` ones
    if matches!(engine, None | Some(Engine::Php | Engine::Tpl)) {
        if let Some(at) = text.find("{__CONTENT__}") {
            return Some(at);
        }
    }
    // (express-ejs-layouts, also for views named `.html` that EJS renders)
    if matches!(engine, None | Some(Engine::Ejs)) {
        let body = text.match_indices("<%-").find_map(|(at, open)| {
            let rest = text[at + open.len()..].trim_start().strip_prefix("body")?;
            let rest = rest.trim_start();
            (rest.starts_with("%>") || rest.starts_with("-%>")).then_some(at)
        });
        if body.is_some() {
            return body;
        }
    }
    match engine? {
        Engine::Php => {
            let echoed = text.match_indices("$content").find_map(|(at, _)| {
                let after = &text[at + "$content".len()..];
                if after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '[' || c == '-') {
                    return None;
                }
                let before = text[..at].trim_end();
                (before.ends_with("echo") || before.ends_with("print") || before.ends_with("<?=")).then_some(at)
            });
            // (CakePHP's layouts: `$this->fetch('content')`, spaces as written, and 1.x/2.x's
            // `$content_for_layout`)
            let fetched = text.match_indices("$this->fetch(").find_map(|(at, open)| {
                let rest = text[at + open.len()..].trim_start();
                let quote = rest.chars().next().filter(|q| *q == '\'' || *q == '"')?;
                rest[1..].strip_prefix("content")?.starts_with(quote).then_some(at)
            });
            let cake = fetched.into_iter().chain(text.find("$content_for_layout")).min();
            echoed.into_iter().chain(cake).min()
        }
        // (express-handlebars' layouts render the view at `{{{body}}}`)
        Engine::Handlebars => text.find("{{{body}}}").or_else(|| text.find("{{{ body }}}")),
        // (a SiteMesh decorator renders the page it decorates at its body tag)
        Engine::Jsp => [
            "<decorator:body",
            "<sitemesh:write property='body'",
            "<sitemesh:write property=\"body\"",
        ]
        .iter()
        .filter_map(|k| text.find(k))
        .min(),
        // (any `= yield`, named or not: a view's `content_for` blocks are not read in these
        // templates, so the first place the layout renders anything of the view counts)
        Engine::Slim | Engine::Haml => text.find("= yield"),
        // (a layout's first `block`, which the views that extend it fill)
        Engine::Pug => text
            .match_indices("block ")
            .find(|&(at, _)| text[..at].ends_with(['\n', ' ', '\t']) || at == 0)
            .map(|(at, _)| at),
        // (Phoenix's layouts render the view at `@inner_content`, Mojolicious' at `<%= content %>`)
        Engine::Erb if text.contains("@inner_content") => text.find("@inner_content"),
        Engine::Erb if text.contains("<%= content %>") => text.find("<%= content %>"),
        Engine::Erb => text.match_indices("<%=").find_map(|(at, open)| {
            let rest = text[at + open.len()..].trim_start();
            let rest = rest.strip_prefix("yield")?;
            let rest = rest.trim_start();
            (rest.starts_with("%>") || rest.starts_with("-%>")).then_some(at)
        }),
        // (a view's sections render at `@RenderSection`, its body at `@RenderBody`: the earliest)
        Engine::Razor => ["@RenderBody()", "@RenderSection(", "RenderSectionAsync("]
            .iter()
            .filter_map(|k| text.find(k))
            .min(),
        // A Blade layout renders a child's sections at `@yield`, its pushes at `@stack`, and
        // `@section ... @show` blocks in place; a Twig or Jinja layout at each `{% block %}`:
        // the earliest.
        Engine::Blade => ["@yield(", "@stack(", "@section("]
            .iter()
            .filter_map(|k| text.find(k))
            .min(),
        // (and Phalcon's Volt layouts, `{{ content() }}`)
        Engine::Jinja => ["{% block", "{%- block", "{{ content() }}"]
            .iter()
            .filter_map(|k| text.find(k))
            .min(),
        // (Nette's Latte layouts, `{include content}`)
        Engine::Tpl => ["{include content}", "{include #content}"]
            .iter()
            .filter_map(|k| text.find(k))
            .min(),
        // A Web Forms master page renders its content page at each placeholder.
        Engine::Asp => text.find("<asp:ContentPlaceHolder"),
        _ => None,
    }
}

/// Whether the include keyword `text` starts with (as [`includes`] found it) extends a layout
/// (the page's blocks go where the layout yields them) rather than pulling a template in at
/// that point.
pub fn extends_layout(text: &str) -> bool {
    const LAYOUT_KEYWORDS: &[&str] = &[
        "@extends",
        "<ui:composition template",
        "<ui:decorate template",
        "{% extends",
        "{%- extends",
        "{{extend",
        "layout:decorate",
        "Layout",
        "MasterPageFile",
        "{{#>",
        // (Twig's `{% embed %}` renders the page's blocks inside the template it names)
        "{% embed",
        "{%- embed",
        // (a Blade component written with content renders it at its `{{ $slot }}`)
        "@component",
    ];
    if LAYOUT_KEYWORDS.iter().any(|k| text.starts_with(k)) {
        return true;
    }
    // `<x-layout>...</x-layout>` wraps the page's content; `<x-wx />` pulls a template in.
    text.starts_with("<x-") && text.find('>').is_some_and(|end| !text[..end].ends_with('/'))
}

/// The files a template pulls in (`<%@ include file %>`, `<jsp:include page>`, `{% include %}`,
/// `{% extends %}`, `<#include>`, `#parse`, PHP `include`/`require`, ERB `render`, EJS
/// `include()` and the older `<% include name %>`, Handlebars partials, Thymeleaf fragments and layouts, Razor layouts and
/// partials, SSI `<!--#include -->`, ThinkPHP's `{include file}`), as written. Resolution is the project layer's.
pub fn includes(text: &str, engine: Option<Engine>) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut push = |at: usize, s: &str| {
        let s = s.trim();
        if !s.is_empty() && !s.contains(['\n', '\r']) && s.len() < 300 {
            found.push((at, s.to_string()));
        }
    };
    // Each keyword is followed, on its line, by the quoted name of what it pulls in.
    let patterns: &[&str] = match engine {
        Some(Engine::Jsp) => &[
            "<%@ include",
            "<%@include",
            "<jsp:include",
            "<jsp:directive.include",
            "<c:import",
            // JSF Facelets (`.xhtml`): the template a view composes into, and includes
            "<ui:composition template",
            "<ui:decorate template",
            "<ui:include src",
        ],
        Some(Engine::Php) => &[
            "include ",
            "include(",
            "include_once",
            "require ",
            "require(",
            "require_once",
            // CodeIgniter `$this->load->view('common/wx')`, Yii `$this->render('_wx')`
            "->view(",
            // WordPress themes: `get_template_part('parts/wx')`, `get_header()` (`header.php`),
            // `get_footer('shop')` (`footer-shop.php`)
            "get_template_part(",
            "locate_template(",
            "get_header(",
            "get_footer(",
            "->render(",
            "->renderPartial(",
            // ThinkPHP views named `.php` (pigcms' `TMPL_TEMPLATE_SUFFIX`)
            "{include",
            "<include",
        ],
        Some(Engine::Blade) => &[
            "include ",
            "include(",
            "include_once",
            "require ",
            "require(",
            "require_once",
            "@include",
            "@extends",
            "@component",
            "@each",
            "<x-",
        ],
        Some(Engine::FreeMarker) => &["<#include", "<#import"],
        Some(Engine::Velocity) => &["#parse", "#include"],
        Some(Engine::Razor) => &["Layout", "Partial", "PartialAsync", "RenderPartial", "<partial"],
        Some(Engine::Erb) => &["<%= render", "<%== render", "<%- render"],
        // (`= render 'shared/wx'`, `== render`, Haml's `!= render`)
        Some(Engine::Slim) | Some(Engine::Haml) => &["= render"],
        // (Pug's `include ../parts/wx` and `extends layout` are unquoted: `pug_includes`)
        Some(Engine::Pug) => return pug_includes(text),
        Some(Engine::Ejs) => &["include(", "include "],
        Some(Engine::Handlebars) => &["{{>", "{{#>"],
        Some(Engine::Jinja) | Some(Engine::Art) | Some(Engine::Tpl) => &[
            "{% include",
            "{% extends",
            "{% embed",
            "{%- embed",
            "{% import",
            "{%- include",
            "{%- extends",
            "{{include",
            "{{ include",
            "{include",
            "{extends",
            "{{extend",
        ],
        Some(Engine::Ssi) => &["<!--#include"],
        Some(Engine::Asp) => &["<!--#include", "MasterPageFile", "<%@ Register"],
        None => &[
            "{% include",
            "{% extends",
            "{%- include",
            "{%- extends",
            "th:replace",
            "th:insert",
            "th:include",
            "layout:decorate",
            "layout:decorator",
            "{{include",
            "{{ include",
            "{{extend",
            "<!--#include",
            // ThinkPHP views: `{include file="common/script"/}` (5, 6), `<include file="..."/>` (3)
            "{include",
            "<include",
        ],
    };
    // A page without any template syntax (most plain `.html` pages) includes nothing.
    let bytes = text.as_bytes();
    let may_include = engine.is_some()
        || [
            &b"{%"[..],
            b"{{",
            b"th:",
            b"layout:",
            b"<!--#",
            b"{include",
            b"<include",
        ]
        .iter()
        .any(|needle| memchr::memmem::find(bytes, needle).is_some());
    if !may_include {
        return Vec::new();
    }
    // One pass for every engine's keywords; the engine's own are kept.
    static KEYWORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        // leftmost-longest: `<include` is one keyword, not the `include ` inside it
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(ALL_INCLUDE_KEYWORDS)
            .expect("the include keywords are valid patterns")
    });
    // A controller renders one of its views per action (`$this->render('view')`): it is not a
    // page that holds them all. Views call the same methods for their partials.
    let controller = engine == Some(Engine::Php) && text.contains("Controller") && text.contains("class ");
    for m in KEYWORDS.find_iter(text) {
        let pattern = ALL_INCLUDE_KEYWORDS[m.pattern().as_usize()];
        if !patterns.contains(&pattern) {
            continue;
        }
        // A view method's first argument is the view's name, quoted (`->render('_wx', [...])`,
        // not a widget's `->render(); ?>` followed by other text), and a controller's are its
        // actions' views.
        let view_method = pattern.starts_with("->");
        if view_method && (controller || !text[m.end()..].trim_start().starts_with(['"', '\''])) {
            continue;
        }
        // The first quoted string within the next stretch of the same line.
        let start = m.end();
        // (a tag's attributes may go on the next lines: `<include\n  file="..." />`)
        let window_stop: &[char] = if pattern == "<include" { &['>'] } else { &['\n', '\r'] };
        let mut window_end = text[start..]
            .find(window_stop)
            .map_or(text.len(), |p| start + p)
            .min(start + 300);
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let window = &text[start..window_end];
        // (ThinkPHP's tag, `<include file="..."/>`, spaces between as written)
        if pattern == "<include" && !window.trim_start().starts_with("file") {
            continue;
        }
        if pattern == "get_header(" || pattern == "get_footer(" {
            let part = &pattern[4..pattern.len() - 1];
            let arg = window.trim_start();
            let name = match arg.chars().next() {
                Some(q @ ('"' | '\'')) => arg[1..].split(q).next().map(|n| format!("{part}-{n}.php")),
                Some(')') => Some(format!("{part}.php")),
                _ => None,
            };
            if let Some(name) = name {
                push(m.start(), &name);
            }
            continue;
        }
        if pattern == "{{>" || pattern == "{{#>" {
            let name = window
                .trim_start()
                .split(|c: char| c.is_whitespace() || c == '}')
                .next()
                .unwrap_or("");
            push(m.start(), name.trim_matches(['"', '\'']));
            continue;
        }
        // Blade components: `<x-wx />` is `components/wx.blade.php`, `<x-share.card>` is
        // `components/share/card.blade.php`.
        if pattern == "<x-" {
            let name = window
                .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .next()
                .unwrap_or("");
            if !name.is_empty() && !name.starts_with("slot") && name != "dynamic-component" && !name.contains("::") {
                push(m.start(), &format!("components/{}", name.replace('.', "/")));
            }
            continue;
        }
        // EJS 1 and 2's directive: `<% include sdk %>`, `<%include share.ejs %>`, `<%- include ./x %>`
        if pattern == "include " && engine == Some(Engine::Ejs) {
            let before = text[..m.start()].trim_end_matches([' ', '\t']);
            let name = window.trim_start();
            if ["<%", "<%-", "<%="].iter().any(|open| before.ends_with(open)) && !name.starts_with(['"', '\'', '(']) {
                let name = name.split(|c: char| c.is_whitespace() || c == '%').next().unwrap_or("");
                push(m.start(), name);
                continue;
            }
        }
        let Some(q) = window.find(['"', '\'']) else { continue };
        let quote = &window[q..q + 1];
        let Some(len) = window[q + 1..].find(quote) else {
            continue;
        };
        let value = &window[q + 1..q + 1 + len];
        // (a view's name is a path: `common/wx`, `_wx`, `site.share`)
        if view_method
            && !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '@' | ':'))
        {
            continue;
        }
        // Thymeleaf fragment expressions: `~{fragments/header :: head}`, `fragments/header :: head`.
        let value = value.trim_start_matches("~{").trim_end_matches('}');
        // Symfony's template names: `AppBundle:Default:wx.html.twig` (the bundle's
        // `Resources/views/Default/wx.html.twig`) and `@App/Default/wx.html.twig`.
        if engine == Some(Engine::Jinja) {
            if let Some((bundle, rest)) = value.split_once(':').filter(|(b, _)| b.ends_with("Bundle")) {
                let rest = rest.replace(':', "/");
                push(
                    m.start(),
                    &format!("{bundle}/Resources/views/{}", rest.trim_start_matches('/')),
                );
                continue;
            }
            if let Some((_, rest)) = value.strip_prefix('@').and_then(|v| v.split_once('/')) {
                push(m.start(), rest);
                continue;
            }
        }
        // Blade and Laravel view names are dotted paths below the views folder
        // (`@include('partials.wx')`, `@extends('layouts.app')`), a package's after its
        // namespace (`@include('wxkit::scan')`). `@includeFirst([...])` renders the first of
        // its views that exists, and `@each` names a view for an empty list too: every quoted
        // name on the line counts.
        if pattern.starts_with('@') && engine == Some(Engine::Blade) {
            let names: Vec<&str> = if window.trim_start().starts_with("First(") || pattern == "@each" {
                window.split(['\'', '"']).skip(1).step_by(2).collect()
            } else {
                vec![value]
            };
            for name in names {
                let name = name.rsplit("::").next().unwrap_or(name);
                let dotted = !name.contains('/') && !name.ends_with(".php");
                push(
                    m.start(),
                    &if dotted {
                        name.replace('.', "/")
                    } else {
                        name.to_string()
                    },
                );
            }
            continue;
        }
        // ThinkPHP 3's `<include file="Public:header" />` names `Public/header` (a module's
        // with `Admin@Public:header`), and one tag may name several, comma-separated.
        if pattern == "<include" {
            for name in value.split(',') {
                let name = name.trim();
                let name = name.rsplit('@').next().unwrap_or(name);
                if !name.contains('/') && name.matches(':').count() == 1 {
                    // (`Public/header.html`, or `Public_header.php` where the app sets
                    // `TMPL_FILE_DEPR` to `_`, as pigcms does)
                    push(m.start(), &name.replace(':', "/"));
                    push(m.start(), &name.replace(':', "_"));
                } else {
                    push(m.start(), name);
                }
            }
            continue;
        }
        let value = value.split("::").next().unwrap_or(value);
        push(m.start(), value);
    }
    // JSP tag files: `<%@ taglib prefix="my" tagdir="/WEB-INF/tags" %>` makes `<my:share/>`
    // render `/WEB-INF/tags/share.tag` in place
    if engine == Some(Engine::Jsp) {
        for (prefix, dir) in jsp_tag_dirs(text) {
            let open = format!("<{prefix}:");
            for (at, _) in text.match_indices(open.as_str()) {
                let rest = &text[at + open.len()..];
                let name = &rest[..rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .unwrap_or(rest.len())];
                if !name.is_empty() {
                    push(at, &format!("{}/{name}.tag", dir.trim_end_matches('/')));
                }
            }
        }
    }
    found.sort();
    found
}

/// The tag-file folders a JSP page names, by prefix: `<%@ taglib prefix="my" tagdir="/WEB-INF/tags" %>`.
fn jsp_tag_dirs(text: &str) -> Vec<(&str, &str)> {
    let attribute = |directive: &'_ str, name: &str| -> Option<(usize, usize)> {
        let at = directive.find(name)? + name.len();
        let rest = directive[at..].trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let start = directive.len() - rest.len() + 1;
        let len = rest[1..].find(quote)?;
        Some((start, start + len))
    };
    let mut dirs = Vec::new();
    for (at, _) in text.match_indices("taglib") {
        if !text[..at].trim_end().ends_with("<%@") {
            continue;
        }
        let Some(end) = text[at..].find("%>") else { continue };
        let directive = &text[at..at + end];
        if let (Some(prefix), Some(dir)) = (attribute(directive, "prefix"), attribute(directive, "tagdir")) {
            dirs.push((&directive[prefix.0..prefix.1], &directive[dir.0..dir.1]));
        }
    }
    dirs
}

#[cfg(test)]
mod tests {
    #[test]
    fn layouts_render_their_view_where_content_is_echoed_yielded_or_rendered() {
        let php = "<head><script>wx.config({})</script></head><body><?php echo $content ?></body>";
        assert_eq!(view_content_at(php, Some(Engine::Php)), php.find("$content"));
        assert_eq!(view_content_at("<?= $content; ?>", Some(Engine::Php)), Some(4));
        assert_eq!(
            view_content_at("<?php $contents = 1; echo $content_b; ?>", Some(Engine::Php)),
            None
        );
        assert_eq!(
            view_content_at("<%= yield :head %><%= yield %>", Some(Engine::Erb)),
            Some(18)
        );
        assert_eq!(
            view_content_at("<div>@RenderBody()</div>", Some(Engine::Razor)),
            Some(5)
        );
        // a Twig layout renders a child's blocks at its first `{% block %}` at the earliest,
        // a Blade layout at its first `@yield`/`@stack`/`@section`, a Razor layout at its
        // first `@RenderSection`/`@RenderBody`
        assert_eq!(
            view_content_at("<head></head>{% block content %}", Some(Engine::Jinja)),
            Some(13)
        );
        assert_eq!(
            view_content_at("<body>@stack('scripts') @yield('content')", Some(Engine::Blade)),
            Some(6)
        );
        assert_eq!(
            view_content_at("@RenderSection(\"Css\", false) @RenderBody()", Some(Engine::Razor)),
            Some(0)
        );
        assert_eq!(
            view_content_at(
                "@RenderBody() x @await RenderSectionAsync(\"Head\")",
                Some(Engine::Razor)
            )
            .map(|_| ()),
            Some(())
        );
        assert_eq!(
            view_content_at(
                "<head>@await RenderSectionAsync(\"Head\")</head>@RenderBody()",
                Some(Engine::Razor)
            ),
            Some(13)
        );
        // layouts no view names: express-ejs-layouts, express-handlebars, CakePHP, ThinkPHP,
        // SiteMesh
        assert_eq!(view_content_at("<body><%- body %></body>", Some(Engine::Ejs)), Some(6));
        assert_eq!(
            view_content_at("<%- include('x') %><%= body %>", Some(Engine::Ejs)),
            None
        );
        assert_eq!(
            view_content_at("<main>{{{body}}}</main>", Some(Engine::Handlebars)),
            Some(6)
        );
        assert_eq!(
            view_content_at("<b><?= $this->fetch('content') ?>", Some(Engine::Php)),
            Some(7)
        );
        assert_eq!(
            view_content_at("<b><?= $this->fetch('title') ?>", Some(Engine::Php)),
            None
        );
        assert_eq!(view_content_at("<body>{__CONTENT__}</body>", None), Some(6));
        assert_eq!(view_content_at("<body>{__CONTENT__}</body>", Some(Engine::Jinja)), None);
        assert_eq!(
            view_content_at("<body><sitemesh:write property='body'/>", Some(Engine::Jsp)),
            Some(6)
        );
        assert_eq!(view_content_at("<body><decorator:body />", Some(Engine::Jsp)), Some(6));
        assert_eq!(view_content_at("<b><%- body -%></b>", Some(Engine::Ejs)), Some(3));
        assert_eq!(view_content_at("<b><%- body %></b>", None), Some(3));
        assert_eq!(
            view_content_at("<b><?= $this->fetch( \"content\" ) ?>", Some(Engine::Php)),
            Some(7)
        );
        assert_eq!(
            view_content_at("<main>{@inner_content}</main>", Some(Engine::Erb)),
            Some(7)
        );
        assert_eq!(
            view_content_at("<main><%= content %></main>", Some(Engine::Erb)),
            Some(6)
        );
        assert_eq!(
            view_content_at("<main>{{ content() }}</main>", Some(Engine::Jinja)),
            Some(6)
        );
        assert_eq!(
            view_content_at("<main>{include content}</main>", Some(Engine::Tpl)),
            Some(6)
        );
        assert_eq!(view_content_at("{{ content }}", Some(Engine::Handlebars)), None);
    }

    use super::*;

    fn tags(text: &str, engine: Option<Engine>) -> Vec<(&str, Role)> {
        script_tags(text, 0..text.len(), engine)
            .into_iter()
            .map(|t| (&text[t.range], t.role))
            .collect()
    }

    #[test]
    fn jsp_el_outside_strings_and_jstl_tags() {
        let text = "var ts = ${sign.timestamp}, url = '${ctx}/x', t = `${js}`;\n<c:if test=\"${a > 1}\">\nwx.config({ debug: <c:out value=\"${d}\"/> });\n</c:if>\n<%-- note --%><%= x %><% if (a) { %>";
        assert_eq!(
            tags(text, Some(Engine::Jsp)),
            vec![
                ("${sign.timestamp}", Role::Value),
                ("<c:if test=\"${a > 1}\">", Role::Control),
                ("<c:out value=\"${d}\"/>", Role::Value),
                ("</c:if>", Role::Control),
                ("<%-- note --%>", Role::Control),
                ("<%= x %>", Role::Value),
                ("<% if (a) { %>", Role::Control),
            ]
        );
    }

    #[test]
    fn el_holding_its_strings_quote_is_masked_inside_the_string() {
        let text = "var c = { img: '${p.images['100X100']}', d: \"${sdk:clean(s, \"\")}\", e: '${ok}' };";
        assert_eq!(
            tags(text, Some(Engine::Jsp)),
            vec![
                ("${p.images['100X100']}", Role::Value),
                ("${sdk:clean(s, \"\")}", Role::Value)
            ]
        );
        assert_eq!(
            tags("x = '${a['b']}';", Some(Engine::FreeMarker)),
            vec![("${a['b']}", Role::Value)]
        );
        assert!(tags("x = '${a['b']}';", None).is_empty());
    }

    #[test]
    fn comparisons_and_generics_are_not_tags() {
        let text = "if (a<b && c:d) {} var m = new Map<string, number>(); x = a<c?1:2;";
        assert!(tags(text, Some(Engine::Jsp)).is_empty());
        assert!(tags("a = `x ${y} z`; b = '${q}'", None).is_empty());
    }

    #[test]
    fn php_echo_and_control() {
        let text = "<?= $a ?><?php echo $b; ?><?php if ($c): ?><?php endif; ?>";
        let roles: Vec<Role> = tags(text, Some(Engine::Php)).into_iter().map(|t| t.1).collect();
        assert_eq!(roles, vec![Role::Value, Role::Value, Role::Control, Role::Control]);
    }

    #[test]
    fn freemarker_velocity_razor_blade_smarty() {
        assert_eq!(
            tags("<#if agent>a()</#if><#-- c --><@shiro.x>", Some(Engine::FreeMarker)),
            vec![
                ("<#if agent>", Role::Control),
                ("</#if>", Role::Control),
                ("<#-- c -->", Role::Control),
                ("<@shiro.x>", Role::Control)
            ]
        );
        assert_eq!(
            tags(
                "#if($a) x($!b, $!{c}) #end ## note\n#set($d = 1)",
                Some(Engine::Velocity)
            ),
            vec![
                ("#if($a)", Role::Control),
                ("$!b", Role::Value),
                ("$!{c}", Role::Value),
                ("#end", Role::Control),
                ("## note", Role::Control),
                ("#set($d = 1)", Role::Control),
            ]
        );
        assert_eq!(
            tags(
                "a('@Model.Corp.Id', @Html.Raw(Json.Serialize(x)), x@y.z) @* c *@ @if (a) {",
                Some(Engine::Razor)
            ),
            vec![
                ("@Model.Corp.Id", Role::Value),
                ("@Html.Raw(Json.Serialize(x))", Role::Value),
                ("@* c *@", Role::Control),
                ("@if (a) {", Role::Control),
            ]
        );
        assert_eq!(
            tags("var c = @json($config); @if($a) b() @endif", Some(Engine::Blade)),
            vec![
                ("@json($config)", Role::Value),
                ("@if($a)", Role::Control),
                ("@endif", Role::Control)
            ]
        );
        assert_eq!(
            tags(
                "x = '{$corp.id}'; {if $a}b(){/if} $(function(){$('#a')})",
                Some(Engine::Tpl)
            ),
            vec![
                ("{$corp.id}", Role::Value),
                ("{if $a}", Role::Control),
                ("{/if}", Role::Control)
            ]
        );
    }

    #[test]
    fn mustache_and_jinja_roles() {
        assert_eq!(
            tags(
                "{{ a }}{{#if b}}{{/if}}{{> p}}{% if c %}{# d #}{{{ e }}}",
                Some(Engine::Handlebars)
            ),
            vec![
                ("{{ a }}", Role::Value),
                ("{{#if b}}", Role::Control),
                ("{{/if}}", Role::Control),
                ("{{> p}}", Role::Control),
                ("{% if c %}", Role::Control),
                ("{{{ e }}}", Role::Value),
            ]
        );
        // In a plain page a tag must close on its line; in a template file it may span lines.
        assert!(tags("{{ a\n}}", None).is_empty());
        assert_eq!(tags("{{ a\n}}", Some(Engine::Jinja)).len(), 1);
    }

    #[test]
    fn thinkphp_views_tags_are_masked_only_in_thinkphp_views() {
        let view = "{include file=\"public/head\"}\n<script>wx.config({ t: {$p['ts']}, n: '{$p['nonce']}', u: '{:url('a/b')}' });</script>";
        let found: Vec<&str> = tags(view, None).into_iter().map(|t| t.0).collect();
        assert_eq!(found, vec!["{$p['ts']}", "{$p['nonce']}", "{:url('a/b')}"]);
        // a page that is no ThinkPHP view keeps `{$a}` as JavaScript (an object literal), also
        // where a comment shows a ThinkPHP line
        assert!(tags("<script>f({$a});</script>", None).is_empty());
        assert!(tags("<!-- {include file=\"x\"} -->\n<script>f({$a});</script>", None).is_empty());
    }

    #[test]
    fn angle_brace_delimiters_are_server_tags() {
        // ThinkPHP or Smarty set to `<{` `}>` (baocms)
        let view = "<script>wx.config({\"timestamp\":<{$js.timestamp}>, \"n\":\"<{$js.nonce}>\"});\n<{if $a}>f();<{/if}></script>";
        let found: Vec<(&str, Role)> = tags(view, None).into_iter().collect();
        assert_eq!(
            found,
            vec![
                ("<{$js.timestamp}>", Role::Value),
                ("<{$js.nonce}>", Role::Value),
                ("<{if $a}>", Role::Control),
                ("<{/if}>", Role::Control)
            ]
        );
        // a comparison with an object is JavaScript
        assert!(tags("<script>if (a <{ b: 1 }.b) f();</script>", None).is_empty());
    }

    #[test]
    fn script_paths_behind_template_prefixes() {
        let path = |s| script_path(s);
        assert_eq!(path("js/a.js?v=3"), ("js/a.js".to_string(), false));
        assert_eq!(
            path("${ctx}/static/js/jweixin-1.0.0.js?v=${ver}"),
            ("/static/js/jweixin-1.0.0.js".to_string(), true)
        );
        assert_eq!(
            path("<%=request.getContextPath()%>/js/a.js"),
            ("/js/a.js".to_string(), true)
        );
        assert_eq!(
            path("{% static 'js/jweixin.js' %}"),
            ("js/jweixin.js".to_string(), true)
        );
        assert_eq!(
            path("{{ url_for('static', filename='js/a.js') }}"),
            ("js/a.js".to_string(), true)
        );
        assert_eq!(
            path("@Url.Content(\"~/Scripts/jweixin-1.2.0.js\")"),
            ("/Scripts/jweixin-1.2.0.js".to_string(), true)
        );
        assert_eq!(
            path("<%= asset_path('jweixin-1.2.0.js') %>"),
            ("jweixin-1.2.0.js".to_string(), true)
        );
        assert_eq!(path("@{/js/a.js}"), ("/js/a.js".to_string(), true));
        assert_eq!(path("<?php echo base_url(); ?>js/a.js"), ("js/a.js".to_string(), true));
    }

    #[test]
    fn served_paths_hold_wildcards_for_what_the_server_computes() {
        let path = |s| served_path(s);
        // ThinkPHP and pigcms expressions glued to the path, a `<php>` tag in the query
        assert_eq!(
            path("{pigcms{$static_path}js/a.js?ver=<php>echo time();</php>"),
            ("/js/a.js".to_string(), true)
        );
        assert_eq!(path("{$static}js/wx.js"), ("/js/wx.js".to_string(), true));
        assert_eq!(path("__PUBLIC__/js/wx.js"), ("/js/wx.js".to_string(), true));
        // a name the server computes, wholly or in part, also in a folder
        assert_eq!(
            path("{$docroot}static/script/weixin/{$script_name}.js?v={$v}"),
            ("/static/script/weixin/*.js".to_string(), true)
        );
        assert_eq!(path("${ctx}/js/page/${page}.js"), ("/js/page/*.js".to_string(), true));
        assert_eq!(
            path("${ctx}/static/js/page-${pageName}.js"),
            ("/static/js/page-*.js".to_string(), true)
        );
        assert_eq!(
            path("js/<?php echo $name ?>_page.js"),
            ("/js/*_page.js".to_string(), true)
        );
        assert_eq!(path("{$static}js/{$dir}/{$name}.js"), ("/js/*/*.js".to_string(), true));
        assert_eq!(
            path("__PUBLIC__/js/{$name ?: 'index'}.js"),
            ("/js/*.js".to_string(), true)
        );
        // the SDK's own address keeps its name
        assert_eq!(
            path("https://res.wx.qq.com/open/js/jweixin-{$v}.js"),
            ("https://res.wx.qq.com/open/js/jweixin-*.js".to_string(), true)
        );
        assert_eq!(
            script_path("https://res.wx.qq.com/open/js/jweixin-{$v}.js").0,
            "https://res.wx.qq.com/open/js/jweixin-{$v}.js"
        );
        // plain paths are as written, and the tags `script_path` knows keep their path
        assert_eq!(path("js/a.js?v=3"), ("js/a.js".to_string(), false));
        assert_eq!(path("{!! asset('js/wx.js') !!}"), ("js/wx.js".to_string(), true));
    }

    #[test]
    fn rails_include_tags_are_script_sources() {
        let text = "<%= javascript_include_tag '//res.wx.qq.com/open/js/jweixin-1.0.0.js', \"app\", defer: true %>";
        let sources = include_tag_sources(text, 0..text.len());
        let srcs: Vec<&str> = sources.iter().map(|s| s.src.as_str()).collect();
        assert_eq!(srcs, vec!["//res.wx.qq.com/open/js/jweixin-1.0.0.js", "app"]);
        assert_eq!(
            &text[sources[0].value.clone()],
            "//res.wx.qq.com/open/js/jweixin-1.0.0.js"
        );
    }

    /// The names of what a template includes.
    fn included(text: &str, engine: Option<Engine>) -> Vec<String> {
        includes(text, engine).into_iter().map(|(_, name)| name).collect()
    }

    #[test]
    fn includes_near_multibyte_text_do_not_split_characters() {
        let text = format!("{{% include '{}", "页".repeat(200));
        assert!(includes(&text, None).is_empty());
    }

    #[test]
    fn framework_view_names_are_paths() {
        // Blade: dotted names, components, `@each`
        assert_eq!(
            included(
                "@extends('layouts.app')\n@include('partials.wx', ['a' => 1])\n<x-wx />\n<x-share.card title=\"t\"/>\n<x-slot name=\"x\"></x-slot>\n@includeWhen($ok, 'partials.pay')",
                Some(Engine::Blade)
            ),
            vec!["layouts/app", "partials/wx", "components/wx", "components/share/card", "partials/pay"]
        );
        assert_eq!(
            included(
                "@includeFirst(['custom.wx', 'partials.wx'])\n@each('jobs.row', $jobs, 'job', 'jobs.none')\n@include('wxkit::scan.button')",
                Some(Engine::Blade)
            ),
            vec!["custom/wx", "partials/wx", "job", "jobs/none", "jobs/row", "scan/button"]
        );
        assert_eq!(
            included("<?php locate_template('inc/scan.php', true); ?>", Some(Engine::Php)),
            vec!["inc/scan.php"]
        );
        // Symfony's bundle and namespace names
        assert_eq!(
            included(
                "{% extends 'AppBundle:Default:base.html.twig' %}{% include '@App/Default/wx.html.twig' %}{% include 'AppBundle::wx.html.twig' %}",
                Some(Engine::Jinja)
            ),
            vec![
                "AppBundle/Resources/views/Default/base.html.twig",
                "Default/wx.html.twig",
                "AppBundle/Resources/views/wx.html.twig"
            ]
        );
        // Thymeleaf Layout Dialect's older attribute
        assert_eq!(
            included("<html layout:decorator=\"layout\"><body></body></html>", None),
            vec!["layout"]
        );
        // CodeIgniter, Yii, WordPress; a widget's `->render()` and a controller's views are not
        // includes
        assert_eq!(
            included(
                "<?php $this->load->view('common/wx'); ?>\n<?= $this->render(\"_wx\", ['s' => $s]) ?>\n<?php $this->renderPartial('_pay'); ?>\n<?php $nav->render('&laquo;', '&raquo;'); $w->render(); echo 'x.php'; ?>\n<?php get_template_part('parts/wx'); get_header(); get_footer('shop'); ?>",
                Some(Engine::Php)
            ),
            vec!["common/wx", "_wx", "_pay", "parts/wx", "header.php", "footer-shop.php"]
        );
        assert!(included(
            "<?php class SiteController extends Controller { public function actionIndex() { return $this->render('index'); } }",
            Some(Engine::Php)
        )
        .is_empty());
    }

    #[test]
    fn includes_of_each_engine() {
        assert_eq!(
            included(
                "<%@ include file=\"/WEB-INF/common/header.jsp\" %>\n<jsp:include page='foot.jsp'/>",
                Some(Engine::Jsp)
            ),
            vec!["/WEB-INF/common/header.jsp", "foot.jsp"]
        );
        assert_eq!(
            included(
                "{% extends \"base.html\" %}{% include 'wx.html' %}",
                Some(Engine::Jinja)
            ),
            vec!["base.html", "wx.html"]
        );
        assert_eq!(
            included("<div th:replace=\"~{fragments/head :: js}\"></div>", None),
            vec!["fragments/head"]
        );
        assert_eq!(included("{{> header}}", Some(Engine::Handlebars)), vec!["header"]);
        assert_eq!(
            included("<#include \"/common/wx.ftl\">", Some(Engine::FreeMarker)),
            vec!["/common/wx.ftl"]
        );
        assert_eq!(
            included("<?php include 'inc/wx.php'; ?>", Some(Engine::Php)),
            vec!["inc/wx.php"]
        );
        assert_eq!(
            included("<%= render 'shared/wx' %>", Some(Engine::Erb)),
            vec!["shared/wx"]
        );
        // EJS: the call, and EJS 1 and 2's directive
        assert_eq!(
            included(
                "<%- include('sdk.ejs') %>\n<%include share.ejs %>\n<% include ./partials/wx %>\n<%- include foot %>",
                Some(Engine::Ejs)
            ),
            vec!["sdk.ejs", "share.ejs", "./partials/wx", "foot"]
        );
        // ThinkPHP views are `.html`
        assert_eq!(
            included(
                "{include file=\"common/script\"/}\n<include file=\"Public/header\" />",
                None
            ),
            vec!["common/script", "Public/header"]
        );
        // ThinkPHP 3's colon names, several in one tag, a module's
        assert_eq!(
            included(
                "<include file=\"Public:header\" />\n<include file=\"Admin@Public:menu,Public:footer\" />",
                None
            ),
            vec![
                "Public/header",
                "Public_header",
                "Public/footer",
                "Public/menu",
                "Public_footer",
                "Public_menu"
            ]
        );
        // pigcms' ThinkPHP views are `.php`
        assert_eq!(
            included("<include file=\"Public:top\"/>\n<body>", Some(Engine::Php)),
            vec!["Public/top", "Public_top"]
        );
        // Facelets compose a view into its template
        assert_eq!(
            included(
                "<ui:composition template=\"/WEB-INF/template.xhtml\">",
                Some(Engine::Jsp)
            ),
            vec!["/WEB-INF/template.xhtml"]
        );
        // ThinkPHP's tag with its attribute on the next line
        assert_eq!(
            included("<include\n  file=\"public:footer\" />", None),
            vec!["public/footer", "public_footer"]
        );
        // JSP tag files
        assert_eq!(
            included(
                "<%@ taglib prefix=\"my\" tagdir=\"/WEB-INF/tags\" %>\n<%@ taglib prefix=\"c\" uri=\"http://java.sun.com/jsp/jstl/core\" %>\n<my:share title=\"x\"/><c:if test=\"${a}\"></c:if>",
                Some(Engine::Jsp)
            ),
            vec!["/WEB-INF/tags/share.tag"]
        );
        // spaces as written (boshang-baocms), and no other `<include>` element
        assert_eq!(
            included(
                "<include  file='public:footer'/>\n<include src=\"x.html\"></include>",
                None
            ),
            vec!["public/footer", "public_footer"]
        );
    }
}
