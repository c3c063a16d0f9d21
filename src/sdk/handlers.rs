//! Functions only a page's event attributes call. A jQuery or server-rendered page declares
//! its handlers as a classic script's globals (`function wxChooseImage() { wx.chooseImage(...) }`,
//! or a method of a global object, `var WeiXin = { ChoseImg: function () {...} }`) and names
//! them in its markup: `<img onclick="wxChooseImage()">`, the same inside a string the script
//! inserts (`'<img onclick=\'wxChooseImage()\'>'`), `$(el).attr('onclick', 'wxChooseImage();')`,
//! `<a href="javascript:WeiXin.ChoseImg()">`. The block that declares such a function never
//! calls it, so its timing analysis (`rules/timing.rs`) cannot tell when it runs; the migration
//! unit can: when every mention of the name in the unit's files, other than its declaration,
//! sits in an event attribute, the function runs on a later event, like a listener.
//!
//! Mentions are found in the text, on the side of leaving code as it is. Markup text and
//! comments run nothing; a mention in a script's code (a call, a value, `x.name`, even of
//! another object) or in a string that is not an event attribute (it could be evaluated) and
//! the function is not one. The unit also reads the plain scripts its pages load
//! (run/mod.rs, `page_scripts`), where a call at load would hide.

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use rustc_hash::FxHashMap as HashMap;
use std::cell::OnceCell;

use crate::parse::{range, ParsedBlock};
use crate::prefilter::is_ident;
use crate::source::{FileKind, ScriptBlock, SourceFile};

/// A function a classic script declares at its top level, by name, where its name is written
/// (`at`, an offset in the file's text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageFunction {
    pub name: String,
    pub at: usize,
}

/// The functions of a classic script's block that markup could call: its top-level function
/// declarations and the function-valued properties of its top-level `var NAME = { ... }`
/// objects. A module's top-level functions are not globals and are left out.
pub fn declared(program: &Program) -> Vec<PageFunction> {
    let Some(stmts) = crate::scope::classic_statements(program) else {
        return Vec::new();
    };
    let mut found: Vec<PageFunction> = stmts
        .into_iter()
        .filter_map(|stmt| match stmt {
            Stmt::Decl(Decl::Fn(f)) => Some(PageFunction {
                name: f.ident.sym.to_string(),
                at: range(f.ident.span).start,
            }),
            _ => None,
        })
        .collect();
    for (_, object) in crate::scope::global_objects(program) {
        found.extend(
            object_methods(object)
                .into_iter()
                .map(|m| PageFunction { name: m.name, at: m.at }),
        );
    }
    found.sort_by_key(|f| f.at);
    found
}

/// A function-valued property of an object literal: its key, where the key is written, and
/// the function's range.
pub struct Method {
    pub name: String,
    pub at: usize,
    pub function: std::ops::Range<usize>,
}

/// The function-valued properties of an object literal (`m: function () {}`, `m() {}`,
/// `m: () => {}`), by key.
pub fn object_methods(object: &ObjectLit) -> Vec<Method> {
    object
        .props
        .iter()
        .filter_map(|p| {
            let PropOrSpread::Prop(p) = p else { return None };
            let (key, function) = match &**p {
                Prop::Method(m) => (m.key.as_ident()?, m.function.span),
                Prop::KeyValue(kv) => match &*kv.value {
                    Expr::Fn(f) => (kv.key.as_ident()?, f.function.span),
                    Expr::Arrow(a) => (kv.key.as_ident()?, a.span),
                    _ => return None,
                },
                _ => return None,
            };
            Some(Method {
                name: key.sym.to_string(),
                at: range(key.span).start,
                function: range(function),
            })
        })
        .collect()
}

/// The functions of `declared` (each with the index of the file in `files` that declares it)
/// that the unit's files show run, if at all, only on a later event: at least one mention of
/// the name sits in an event attribute, and every other mention, in every file, is its
/// declaration, markup text that runs nothing, or a comment; or only comments mention it
/// besides its declaration (a function the unit's pages never call, left from markup that was
/// removed: it runs on none of them, so not while a page loads either). A mention in a
/// script's code (a call, a value, `x.name`) or in a string that is not an event attribute (it
/// could be evaluated) and the function is not one; nor is a name declared twice (which one a
/// page calls depends on the order).
pub fn event_handlers(declared: &[(usize, &PageFunction)], files: &[SourceFile]) -> Vec<String> {
    // Code that clicks for the user (`link.click()`, `$(el).trigger('click')`,
    // `el.dispatchEvent(...)`) runs an attribute's code while the page loads, without naming
    // the function it calls (helper-36): no function of such a unit is shown to wait for a tap.
    const PROGRAMMATIC: &[&str] = &[
        ".click()",
        ".trigger('click'",
        ".trigger(\"click\"",
        ".triggerHandler('click'",
        ".triggerHandler(\"click\"",
        "dispatchEvent(",
        "fireEvent(",
    ];
    // (a library's own code, jQuery's `this.click()` in its event layer, clicks nothing by itself)
    let library = |f: &SourceFile| {
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let lines = f.text.lines().count().max(1);
        crate::walk::is_minified(&name)
            || name.starts_with("jquery")
            || name.starts_with("zepto")
            || f.text.len() / lines > 300
    };
    if files.iter().filter(|f| !library(f)).any(|f| {
        PROGRAMMATIC
            .iter()
            .any(|p| memchr::memmem::find(f.text.as_bytes(), p.as_bytes()).is_some())
    }) {
        return Vec::new();
    }
    let mut parsed = ParsedFiles::new(files);
    // (counted once, and the files' words read once for all the names: a unit of 2,000
    // ThinkPHP views, each declaring its functions, took a minute when each name was looked
    // for in every file)
    let mut declarations: HashMap<&str, usize> = HashMap::default();
    for (_, f) in declared {
        *declarations.entry(f.name.as_str()).or_default() += 1;
    }
    let mut mentions = mentions_in(files, &declarations);
    let mut proven: Vec<String> = declared
        .iter()
        .filter(|(_, f)| declarations[f.name.as_str()] == 1)
        .filter(|&&(declared_in, function)| {
            let mut mentions = mentions.remove(function.name.as_str()).unwrap_or_default();
            mentions.retain(|&m| m != (declared_in, function.at));
            only_event_attributes_mention(&function.name, &mentions, &mut parsed, &mut vec![function.name.clone()])
        })
        .map(|(_, f)| f.name.clone())
        .collect();
    proven.sort();
    proven
}

/// Where each of `names` occurs in `files` as a whole word: (file index, offset), in order.
fn mentions_in<'n>(files: &[SourceFile], names: &HashMap<&'n str, usize>) -> HashMap<&'n str, Vec<(usize, usize)>> {
    let mut found: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
    for (index, file) in files.iter().enumerate() {
        let bytes = file.text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if !is_ident(bytes[at]) {
                at += 1;
                continue;
            }
            let end = at + bytes[at..].iter().take_while(|&&b| is_ident(b)).count();
            if let Some((name, _)) = names.get_key_value(&file.text[at..end]) {
                found.entry(name).or_default().push((index, at));
            }
            at = end;
        }
    }
    found
}

/// Whether a text may hold an event attribute: an `on...=` or `href=` followed by a quote, or
/// a call of `.attr(` or `.setAttribute(` (a quick look at the bytes, for skipping most files).
pub fn may_hold_event_attributes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let attribute = memchr::memchr_iter(b'=', bytes).any(|at| {
        let quoted = bytes[at + 1..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'"' || b == b'\'');
        if !quoted {
            return false;
        }
        let name_end = bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        let name_start = bytes[..name_end]
            .iter()
            .rposition(|&b| !b.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        // (ASCII letters only, so a `str` as it is)
        let name = std::str::from_utf8(&bytes[name_start..name_end]).unwrap_or_default();
        is_event_attribute(name) || name.eq_ignore_ascii_case("href")
    });
    attribute
        || memchr::memmem::find(bytes, b"ttr(").is_some()
        || memchr::memmem::find(bytes, b"setAttribute(").is_some()
}

/// Where `name` occurs in `text` as a whole word.
fn mentions_of<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = usize> + 't {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, name.as_bytes()).filter(move |&at| {
        let starts_a_word = at == 0 || !is_ident(bytes[at - 1]);
        let ends_a_word = !bytes.get(at + name.len()).copied().is_some_and(is_ident);
        starts_a_word && ends_a_word
    })
}

/// How deep the proof follows callers that are themselves only called by event attributes.
const CALLER_DEPTH: usize = 4;

/// Whether `mentions` (file index, offset) of `name` show that only event attributes call it:
/// directly, or from the body of a classic script's top-level function that only event
/// attributes call in turn (`onclick="addImage()"`, `function addImage() { chooseImage(); }`),
/// followed `CALLER_DEPTH` callers deep. `proving` holds the functions whose proof is under way
/// (a call from one of them runs only when it does).
fn only_event_attributes_mention(
    name: &str,
    mentions: &[(usize, usize)],
    parsed: &mut ParsedFiles,
    proving: &mut Vec<String>,
) -> bool {
    let files = parsed.files;
    // A file whose mentions all sit in event attributes settles on the text alone; one with
    // other mentions is parsed to tell code (and the function it is in) from comments and
    // markup text. A function that no code or attribute mentions runs on no page.
    let in_attribute: Vec<bool> = mentions
        .iter()
        .map(|&(index, at)| in_user_event_attribute(&files[index].text, at))
        .collect();
    let mut in_attributes = 0;
    let mut in_markup = 0;
    let mut callers: Vec<(usize, Caller)> = Vec::new();
    // (only the files that mention it: in any other, nothing is there to look at)
    let mut by_file: std::collections::BTreeMap<usize, Vec<(usize, bool)>> = Default::default();
    for (&(index, at), &attribute) in mentions.iter().zip(&in_attribute) {
        by_file.entry(index).or_default().push((at, attribute));
    }
    for (index, here) in by_file {
        let file = &files[index];
        if here.iter().all(|&(_, attribute)| attribute) {
            in_attributes += here.len();
            continue;
        }
        match code_mentions(parsed.blocks(index), file, name, &here) {
            Some(found) => {
                in_attributes += found.attributes;
                in_markup += found.markup;
                callers.extend(found.callers.into_iter().map(|caller| (index, caller)));
            }
            None => return false,
        }
    }
    // Named by no event attribute and no code: only comments mention it, and then it runs on
    // no page (left from markup that was removed); a mention in markup text or another
    // attribute may still be code to a framework (`data-bind="text: pick()"`), so not then.
    if in_attributes == 0 && callers.is_empty() && in_markup > 0 {
        return false;
    }
    for (index, caller) in callers {
        if proving.contains(&caller.name) {
            continue;
        }
        if proving.len() > CALLER_DEPTH {
            return false;
        }
        let caller_mentions: Vec<(usize, usize)> = files
            .iter()
            .enumerate()
            .flat_map(|(i, file)| mentions_of(&file.text, &caller.name).map(move |at| (i, at)))
            .filter(|&m| m != (index, caller.at))
            .collect();
        proving.push(caller.name.clone());
        let proven = only_event_attributes_mention(&caller.name, &caller_mentions, parsed, proving);
        proving.pop();
        if !proven {
            return false;
        }
    }
    true
}

/// A classic script's top-level function whose body mentions a name: its name, and where its
/// name is written.
struct Caller {
    name: String,
    at: usize,
}

/// The script blocks of the unit's files, each extracted and parsed at most once for all the
/// names a proof looks up (the same page is asked about each of its functions and callers).
struct ParsedFiles<'f> {
    files: &'f [SourceFile],
    blocks: Vec<Option<Vec<LazyBlock>>>,
}

/// A script block, parsed when a mention first asks (`None` inside when it does not parse).
type LazyBlock = (ScriptBlock, OnceCell<Option<ParsedBlock>>);

impl<'f> ParsedFiles<'f> {
    fn new(files: &'f [SourceFile]) -> ParsedFiles<'f> {
        ParsedFiles {
            files,
            blocks: (0..files.len()).map(|_| None).collect(),
        }
    }

    /// The file's script blocks, each with its parse once a mention asks for it.
    fn blocks(&mut self, index: usize) -> &[LazyBlock] {
        let file = &self.files[index];
        self.blocks[index].get_or_insert_with(|| {
            file.extract()
                .blocks
                .into_iter()
                .map(|block| (block, OnceCell::new()))
                .collect()
        })
    }
}

/// What the mentions `found` of a name in one file are (each with whether it sits in an event
/// attribute by its text).
struct Mentions {
    /// Event attributes, in markup or in strings.
    attributes: usize,
    /// Markup outside the scripts that is not an event attribute: text, another attribute.
    markup: usize,
    /// The classic scripts' top-level functions whose bodies hold the mentions that are code,
    /// whose proof the caller makes.
    callers: Vec<Caller>,
}

/// What the mentions `found` of `name` in `file` are, when none is code outside a classic
/// script's top-level function: a mention in a script block is code unless it is in a comment
/// or in a string that is an event attribute. `None` when one is code elsewhere or in another
/// string, or a script block does not parse.
fn code_mentions(blocks: &[LazyBlock], file: &SourceFile, name: &str, found: &[(usize, bool)]) -> Option<Mentions> {
    let mut sites = Sites {
        name,
        code: Vec::new(),
        strings: Vec::new(),
        enclosing: None,
        sdk_globals: Vec::new(),
    };
    let dts = matches!(file.kind, FileKind::Script { dts: true, .. });
    for (block, parsed) in blocks {
        if found.iter().any(|(at, _)| block.range.contains(at)) {
            let parsed = parsed.get_or_init(|| crate::parse::parse_block(&file.text, block, dts).ok());
            let program = &parsed.as_ref()?.program;
            let declared = crate::scope::declared_anywhere(program);
            sites.sdk_globals = crate::sdk::GLOBAL_NAMES
                .iter()
                .copied()
                .filter(|global| !declared.iter().any(|d| &**d == *global))
                .collect();
            program.visit_with(&mut sites);
        }
    }
    let mut attributes = 0;
    let mut markup = 0;
    let mut callers: Vec<Caller> = Vec::new();
    for &(at, attribute) in found {
        let in_script = blocks.iter().any(|(b, _)| b.range.contains(&at));
        let in_string = sites.strings.iter().any(|r| r.contains(&at));
        if in_script && in_string && !attribute {
            return None;
        }
        if let Some((_, caller)) = sites.code.iter().find(|(code_at, _)| *code_at == at) {
            let caller = caller.as_ref()?;
            if !callers.iter().any(|c| c.at == caller.1) {
                callers.push(Caller {
                    name: caller.0.clone(),
                    at: caller.1,
                });
            }
            continue;
        }
        if (!in_script || in_string) && attribute {
            attributes += 1;
        } else if (!in_script || in_string) && in_event_attribute(&file.text, at) {
            // (an attribute that fires while the page loads: `onload`, `onerror`)
            return None;
        } else if !in_script {
            markup += 1;
        }
    }
    Some(Mentions {
        attributes,
        markup,
        callers,
    })
}

/// Where a block's code names `name` (an identifier or a property), each with the classic
/// script's top-level function whose body holds it (its name and where that is written), and
/// the block's string ranges. The SDK's method of that name (`wx.chooseImage` inside a page's
/// `function chooseImage()`) is not a mention: it is jweixin's, not the page function, while
/// the block declares no `wx` of its own (`sdk_globals`: the global names it does not declare).
struct Sites<'n> {
    name: &'n str,
    code: Vec<(usize, Option<(String, usize)>)>,
    strings: Vec<std::ops::Range<usize>>,
    enclosing: Option<(String, usize)>,
    sdk_globals: Vec<&'static str>,
}

impl Sites<'_> {
    fn code_at(&mut self, at: usize) {
        self.code.push((at, self.enclosing.clone()));
    }

    /// The method name of `wx.name`, where `wx` is the global SDK this block does not declare.
    fn sdk_method<'m>(&self, m: &'m MemberExpr) -> Option<&'m str> {
        match (&*m.obj, &m.prop) {
            (Expr::Ident(obj), MemberProp::Ident(p)) if self.sdk_globals.contains(&&*obj.sym) => Some(&p.sym),
            _ => None,
        }
    }
}

impl Visit for Sites<'_> {
    fn visit_script(&mut self, script: &Script) {
        for stmt in &script.body {
            match stmt {
                Stmt::Decl(Decl::Fn(f)) if f.ident.sym != self.name => {
                    let at = range(f.ident.span).start;
                    self.enclosing = Some((f.ident.sym.to_string(), at));
                    f.function.visit_with(self);
                    self.enclosing = None;
                }
                _ => stmt.visit_with(self),
            }
        }
    }

    fn visit_ident(&mut self, i: &Ident) {
        if i.sym == self.name {
            self.code_at(range(i.span).start);
        }
    }

    fn visit_ident_name(&mut self, i: &IdentName) {
        if i.sym == self.name {
            self.code_at(range(i.span).start);
        }
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        if self.sdk_method(m).is_some() {
            m.obj.visit_with(self);
        } else {
            m.visit_children_with(self);
        }
    }

    fn visit_str(&mut self, s: &Str) {
        self.strings.push(range(s.span));
    }

    /// The API names of the `jsApiList: [...]` written in `wx.config({...})` or
    /// `wx.checkJsApi({...})` are read by the SDK, never run: `'chooseImage'` there does not call
    /// a page's `chooseImage`. (A list in an object bound to a variable may be read again, as
    /// code: `cfg.jsApiList.forEach(a => window[a]())`, helper-36.)
    fn visit_call_expr(&mut self, call: &CallExpr) {
        let sdk_options = match &call.callee {
            Callee::Expr(callee) => match &**callee {
                Expr::Member(m) => matches!(self.sdk_method(m), Some("config" | "checkJsApi")),
                _ => false,
            },
            _ => false,
        };
        let options = call.args.first().filter(|a| a.spread.is_none()).map(|a| &*a.expr);
        match options {
            Some(Expr::Object(object)) if sdk_options => {
                call.callee.visit_with(self);
                for prop in &object.props {
                    let api_list = match prop {
                        PropOrSpread::Prop(p) => match &**p {
                            Prop::KeyValue(kv) if matches!(&kv.key, PropName::Ident(k) if k.sym == "jsApiList") => {
                                Some(&*kv.value)
                            }
                            _ => None,
                        },
                        PropOrSpread::Spread(_) => None,
                    };
                    match api_list {
                        Some(Expr::Array(list)) => list
                            .elems
                            .iter()
                            .flatten()
                            .filter(|e| !matches!(&*e.expr, Expr::Lit(Lit::Str(_))))
                            .for_each(|e| e.visit_with(self)),
                        _ => prop.visit_with(self),
                    }
                }
                call.args.iter().skip(1).for_each(|a| a.visit_with(self));
            }
            _ => call.visit_children_with(self),
        }
    }

    fn visit_tpl_element(&mut self, t: &TplElement) {
        self.strings.push(range(t.span));
    }
}

/// Whether the offset `at` is inside the quoted value of an event attribute: `on...="..."` in
/// a tag (in markup, or in a string that holds markup), `href="javascript:..."`, or the value
/// handed to `.attr('on...', '...')` / `.setAttribute('on...', '...')`.
pub fn in_event_attribute(text: &str, at: usize) -> bool {
    event_attribute_at(text, at).is_some()
}

/// [`in_event_attribute`] for an attribute whose code runs only when the user acts (a tap, a
/// key, a change, a submit, a `javascript:` link): not `onload`, `onerror`, `onpageshow`,
/// `onfocus` and the like, which fire while the page loads (helper-36: `<body onload="pick()">`).
pub fn in_user_event_attribute(text: &str, at: usize) -> bool {
    const USER_EVENTS: &[&str] = &[
        "click",
        "dblclick",
        "mousedown",
        "mouseup",
        "touchstart",
        "touchend",
        "tap",
        "change",
        "input",
        "submit",
        "keydown",
        "keyup",
        "keypress",
        "contextmenu",
    ];
    event_attribute_at(text, at).is_some_and(|name| {
        name.eq_ignore_ascii_case("href")
            || USER_EVENTS
                .iter()
                .any(|e| name.len() == e.len() + 2 && name[2..].eq_ignore_ascii_case(e))
    })
}

/// The event attribute (`onclick`, or `href` for a `javascript:` link) whose value holds `at`.
fn event_attribute_at(text: &str, at: usize) -> Option<&str> {
    if let Some((attribute, value_start)) = attribute_at(text, at) {
        let event = is_event_attribute(attribute);
        let script_link = attribute.eq_ignore_ascii_case("href")
            && text[value_start..]
                .trim_start()
                .get(..11)
                .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"));
        return (event || script_link).then_some(attribute);
    }
    set_as_event_attribute(text, at)
}

/// Whether an attribute's name is an event's (`onclick`, `onLoad`).
pub fn is_event_attribute(name: &str) -> bool {
    name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on")
}

/// The attribute of a tag whose quoted value holds the offset `at`, and where that value
/// starts: `<button onclick="initWx()">` gives `onclick`.
pub fn attribute_at(text: &str, at: usize) -> Option<(&str, usize)> {
    let before = &text[window_start(text, at)..at];
    let offset = at - before.len();
    // The tag is the nearest `<` before `at` whose attributes, read in order, put `at` inside
    // a quoted value; a `<` inside an earlier value (`onclick="if (a<b) ..."`) is passed over.
    let mut end = before.len();
    for _ in 0..8 {
        let tag = before[..end].rfind('<')?;
        if let Some((name, value_start)) = quoted_value_holding(before, tag) {
            return Some((name, offset + value_start));
        }
        end = tag;
    }
    None
}

/// Reads the attributes of the tag opening at `tag` in `before` (which ends at the offset
/// looked for): the attribute whose quoted value is still open at the end, and where that
/// value starts. `None` when the tag closes first or the text is not a tag.
fn quoted_value_holding(before: &str, tag: usize) -> Option<(&str, usize)> {
    let bytes = before.as_bytes();
    let name_char = |b: u8| !(b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/' | b'"' | b'\'' | b'<'));
    let mut i = tag + 1;
    if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    while i < bytes.len() && name_char(bytes[i]) {
        i += 1;
    }
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return None;
        }
        let name_start = i;
        while i < bytes.len() && name_char(bytes[i]) {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        let name = &before[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let value_start = i + 1;
                match memchr::memchr(quote, &bytes[value_start..]) {
                    Some(len) => i = value_start + len + 1,
                    None => return Some((name, value_start)),
                }
            }
            Some(_) => {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
            }
            None => return None,
        }
    }
}

/// How far back from `at` an attribute or an argument list is looked for: a tag or a call is
/// written within a few lines, and a longer look would read a large file again per mention.
const LOOK_BACK: usize = 4096;

/// The start of the text looked at before `at`, on a character boundary.
fn window_start(text: &str, at: usize) -> usize {
    let mut start = at.saturating_sub(LOOK_BACK);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

/// `$(el).attr('onclick', 'name();')` or `el.setAttribute("onclick", "name()")`: `at` is inside
/// the second argument, a string, and the first names an event attribute.
fn set_as_event_attribute(text: &str, at: usize) -> Option<&str> {
    let before = &text[window_start(text, at)..at];
    let open = before.rfind(['"', '\''])?;
    let quote = before.as_bytes()[open];
    // the value is still open at `at`, and is one plain string
    if before[open + 1..].contains(['\n', quote as char]) {
        return None;
    }
    let head = before[..open].trim_end().strip_suffix(',')?;
    let head = head.trim_end();
    let name_quote = head.chars().last().filter(|c| *c == '"' || *c == '\'')?;
    let head = &head[..head.len() - 1];
    let name_start = head.rfind(name_quote)?;
    let attribute = &head[name_start + 1..];
    let event = is_event_attribute(attribute) && attribute.bytes().all(|b| b.is_ascii_alphabetic());
    let call = head[..name_start].trim_end();
    let set = call.strip_suffix('(').is_some_and(|callee| {
        let callee = callee.trim_end();
        callee.ends_with(".attr") || callee.ends_with(".setAttribute")
    });
    (event && set).then_some(attribute)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared_in(js: &str) -> Vec<String> {
        let file = crate::source::SourceFile::new(
            "t.js".into(),
            crate::source::FileKind::from_path(std::path::Path::new("t.js")).expect("a script"),
            js.to_string(),
        );
        let extracted = file.extract();
        let parsed = crate::parse::parse_block(&file.text, &extracted.blocks[0], false).expect("parses");
        declared(&parsed.program).into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn globals_and_methods_of_global_objects_are_declared() {
        assert_eq!(
            declared_in("function pick() {}\nvar WeiXin = { ChoseImg: function () {}, Up() {}, n: 1 };\n"),
            ["pick", "ChoseImg", "Up"]
        );
        assert!(declared_in("export function pick() {}\n").is_empty());
        assert_eq!(declared_in("if (a) { function inner() {} }\n"), Vec::<String>::new());
    }

    fn only_attributes(name: &str, page: &str) -> bool {
        let script = format!("function {name}() {{ wx.chooseImage({{}}); }}\n");
        let function = PageFunction {
            name: name.to_string(),
            at: script.find(name).expect("declared"),
        };
        let file = |path: &str, text: &str| {
            SourceFile::new(
                path.into(),
                FileKind::from_path(std::path::Path::new(path)).expect("a known kind"),
                text.to_string(),
            )
        };
        let files = [file("js/pick.js", &script), file("index.html", page)];
        event_handlers(&[(0, &function)], &files) == [name]
    }

    #[test]
    fn event_attributes_in_markup_and_in_strings_call_later() {
        assert!(only_attributes("pick", "<img src=\"a.png\" onclick=\"pick()\">"));
        assert!(only_attributes("pick", "<a href=\"javascript:pick()\">x</a>"));
        assert!(only_attributes(
            "pick",
            "<script>$('#b').html(\"<img onclick='pick()'/>\"); $('#c').attr('onclick', 'pick();');</script>"
        ));
        assert!(only_attributes(
            "pick",
            "<script>el.setAttribute(\"onClick\", \"pick()\")</script>"
        ));
        // quotes of another kind inside the value, a `<` inside an earlier value
        assert!(only_attributes(
            "pick",
            "<a href=\"javascript:alert('sure?');location.href='about:blank';pick()\">x</a>"
        ));
        assert!(only_attributes(
            "pick",
            "<b onmouseover=\"if (a<b) x()\" onclick=\"pick()\">y</b>"
        ));
        assert!(!only_attributes("pick", "<b title=\"pick()\" data-x=a>y</b>"));
    }

    #[test]
    fn a_function_no_file_of_the_unit_mentions_runs_on_no_page() {
        assert!(only_attributes("pick", "<p>x</p>"));
        // mentioned only in comments
        assert!(only_attributes("pick", "<script>// pick()\n/* pick */</script>"));
        // in markup text or another attribute, which a framework may evaluate: not proven
        assert!(!only_attributes("pick", "<p>pick</p>"));
        assert!(!only_attributes("pick", "<span data-bind=\"text: pick()\"></span>"));
    }

    #[test]
    fn any_other_mention_leaves_the_function_unproven() {
        // called at load, passed as a value, reached as a property, named in a string
        assert!(!only_attributes(
            "pick",
            "<b onclick=\"pick()\"></b><script>pick();</script>"
        ));
        assert!(!only_attributes(
            "pick",
            "<b onclick=\"pick()\"></b><script>$(pick);</script>"
        ));
        assert!(!only_attributes(
            "pick",
            "<b onclick=\"pick()\"></b><script>window.pick();</script>"
        ));
        assert!(!only_attributes(
            "pick",
            "<b onclick=\"pick()\"></b><script>eval('pick()')</script>"
        ));
        assert!(!only_attributes("pick", "<a href=\"pick.html\" onclick=\"go()\">"));
        assert!(!only_attributes(
            "pick",
            "<script>$('#c').attr('title', 'pick();');</script>"
        ));
        // a closed value: the mention after it is code
        assert!(!only_attributes("pick", "<script>x = 'a', y < 3 && pick()</script>"));
    }

    #[test]
    fn a_quick_look_finds_texts_that_may_hold_event_attributes() {
        assert!(may_hold_event_attributes("<b onclick=\"pick()\">"));
        assert!(may_hold_event_attributes("<a href = 'javascript:pick()'>"));
        assert!(may_hold_event_attributes("$('#c').attr('onclick', 'pick();');"));
        assert!(may_hold_event_attributes("el.setAttribute(\"onClick\", \"pick()\")"));
        assert!(!may_hold_event_attributes(
            "var a = 'x'; if (b == \"y\") { c.onclick = pick; }"
        ));
    }

    #[test]
    fn comments_and_markup_text_run_nothing() {
        assert!(only_attributes(
            "check",
            "<p>check</p><b onclick=\"check()\"></b><script>// the upload's check\n/* check() */</script>"
        ));
    }

    #[test]
    fn the_sdk_method_of_the_same_name_and_the_api_list_call_nothing() {
        // `function chooseImage() { wx.chooseImage({}); }` (the helper's own script), and a page
        // whose configuration lists the API by that name
        let page = "<a href=\"javascript: chooseImage();\">x</a><script>wx.config({ jsApiList: ['chooseImage'] }); wx.checkJsApi({ jsApiList: ['chooseImage'] });</script>";
        assert!(only_attributes("chooseImage", page));
        // another object's method of that name may be the page's function; so may a name in
        // any other list (`window[names[0]]()`), and `wx` when the block declares its own
        assert!(!only_attributes(
            "chooseImage",
            "<a href=\"javascript: chooseImage();\">x</a><script>api.chooseImage();</script>"
        ));
        assert!(!only_attributes(
            "chooseImage",
            "<a href=\"javascript: chooseImage();\">x</a><script>var names = ['chooseImage'];</script>"
        ));
        assert!(!only_attributes(
            "chooseImage",
            "<a href=\"javascript: chooseImage();\">x</a><script>var wx = window; wx.chooseImage();</script>"
        ));
        // a list bound to a variable may be run later (helper-36)
        assert!(!only_attributes(
            "chooseImage",
            "<a href=\"javascript: chooseImage();\">x</a><script>var cfg = { jsApiList: ['chooseImage'] }; wx.config(cfg); cfg.jsApiList.forEach(function (a) { window[a](); });</script>"
        ));
    }

    #[test]
    fn code_that_clicks_for_the_user_runs_handlers_while_loading() {
        assert!(!only_attributes(
            "pick",
            "<b id=\"b\" onclick=\"pick()\"></b><script>document.getElementById('b').click();</script>"
        ));
        assert!(!only_attributes(
            "pick",
            "<b id=\"b\" onclick=\"pick()\"></b><script>$('#b').trigger('click');</script>"
        ));
    }

    #[test]
    fn attributes_that_fire_while_the_page_loads_are_no_later_event() {
        assert!(!only_attributes(
            "pick",
            "<body onload=\"pick()\"><b onclick=\"pick()\"></b></body>"
        ));
        assert!(!only_attributes("pick", "<img src=\"x.png\" onerror=\"pick()\">"));
        assert!(only_attributes(
            "pick",
            "<b ontouchend=\"pick()\"></b><form onsubmit=\"pick()\"></form>"
        ));
    }
}
