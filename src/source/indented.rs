//! Slim, Haml and Pug templates, whose markup is indentation rather than tags: the JavaScript
//! of their `javascript:` (Slim) and `:javascript` (Haml) filters and Pug's `script.` blocks,
//! with `#{...}` (and Pug's `!{...}`) interpolation masked, and the scripts their
//! `script src="..."`, `%script{src: "..."}`, `script(src="...")` and
//! `javascript_include_tag '...'` lines load. The tool reads them for `check` and the unit
//! graph; it does not rewrite them (pipeline.rs), since it cannot render one to prove a fix.

use super::blocks::{Extracted, ScriptBlock, ScriptLang, ScriptSrc, ScriptTiming};
use super::layout::line_ranges;
use super::template::{self, Engine, Role, TemplateTag};

/// The script blocks and script sources of a Slim, Haml or Pug template.
pub fn extract(text: &str, engine: Engine) -> Extracted {
    let mut out = Extracted::default();
    let lines: Vec<_> = line_ranges(text, 0..text.len()).collect();
    let indentation = |line: &str| line.len() - line.trim_start().len();
    let mut i = 0;
    // (the lines after `i` indented deeper than `indent`, blank ones between them: the last one)
    let children_end = |i: usize, indent: usize| {
        let mut last = None;
        let mut j = i + 1;
        while j < lines.len() {
            let body = &text[lines[j].clone()];
            if !body.trim().is_empty() {
                if indentation(body) <= indent {
                    break;
                }
                last = Some(j);
            }
            j += 1;
        }
        last
    };
    while i < lines.len() {
        let line = &text[lines[i].clone()];
        let trimmed = line.trim();
        let indent = indentation(line);
        if engine == Engine::Pug {
            // A comment (`//`, `//-`) and the lines nested in it are no markup.
            if trimmed.starts_with("//") {
                i = children_end(i, indent).unwrap_or(i) + 1;
                continue;
            }
            if let Some((block, next)) = pug_text_script(text, &lines, i, children_end(i, indent)) {
                out.blocks.push(block);
                i = next;
                continue;
            }
        }
        let filter = match engine {
            Engine::Haml => trimmed == ":javascript",
            // (`script.` or `script(type="text/javascript").`: the block of text below is the script)
            Engine::Pug => trimmed == "script." || (trimmed.starts_with("script(") && trimmed.ends_with(").")),
            _ => trimmed == "javascript:",
        };
        if filter {
            // (the filter's body: the lines indented deeper, blank lines between them)
            if let Some(last) = children_end(i, indent) {
                let range = lines[i + 1].start..lines[last].end;
                out.blocks.push(ScriptBlock {
                    template_tags: interpolations(text, range.clone(), engine),
                    range,
                    lang: ScriptLang::Js,
                    module: false,
                });
                i = last + 1;
                continue;
            }
        }
        match script_src(text, lines[i].clone(), engine) {
            Some(source) => out.sources.push(source),
            // (Pug names scripts in other forms too: attributes over several lines, backticks,
            // `src!=`, `body: script(...)`, a mixin's argument, `src=base + '/x.js'`; a quoted
            // name ending in `.js` counts)
            None if engine == Engine::Pug => out.sources.extend(quoted_scripts(text, lines[i].clone())),
            None => {}
        }
        out.sources
            .extend(template::include_tag_sources(text, lines[i].clone()));
        i += 1;
    }
    out
}

/// Whether a Slim, Haml or Pug template is a whole page: it starts the document (`doctype html`,
/// Haml's `!!!`, an `html` or `%html` element).
pub fn holds_document(text: &str) -> bool {
    text.lines().map(str::trim).any(|line| {
        let word = line
            .split(|c: char| c.is_whitespace() || c == '(' || c == '{' || c == '[')
            .next()
            .unwrap_or("");
        matches!(word, "doctype" | "!!!" | "html" | "%html")
    })
}

/// A Pug `script` element whose code is text on its own line (`script wx.config(...)`) or
/// piped below it (`script` then `| wx.config(...)` lines, the pipes masked): the block and the
/// line after it. `children_end` is the last line nested in the element.
fn pug_text_script(
    text: &str,
    lines: &[std::ops::Range<usize>],
    i: usize,
    children_end: Option<usize>,
) -> Option<(ScriptBlock, usize)> {
    let line = lines[i].clone();
    let content = &text[line.clone()];
    let trimmed = content.trim();
    let offset = line.start + (content.len() - content.trim_start().len());
    // `script` or `script(...)`, then the code after a space on the same line
    let head_end = if let Some(rest) = trimmed.strip_prefix("script(") {
        "script(".len() + rest.find(')')? + 1
    } else if trimmed.starts_with("script") {
        "script".len()
    } else {
        return None;
    };
    let after = &trimmed[head_end..];
    if after.starts_with(' ') && !after.trim().is_empty() {
        let code = offset + head_end + 1..line.start + content.trim_end().len();
        let block = ScriptBlock {
            template_tags: interpolations(text, code.clone(), Engine::Pug),
            range: code,
            lang: ScriptLang::Js,
            module: false,
        };
        return Some((block, i + 1));
    }
    if !after.is_empty() {
        return None;
    }
    let last = children_end?;
    let nested = &lines[i + 1..=last];
    let piped = nested.iter().all(|l| {
        let t = text[l.clone()].trim();
        t.is_empty() || t.starts_with('|')
    });
    if !piped {
        return None;
    }
    let range = lines[i + 1].start..lines[last].end;
    let mut template_tags = interpolations(text, range.clone(), Engine::Pug);
    for l in nested {
        if let Some(at) = text[l.clone()].find('|') {
            template_tags.push(TemplateTag {
                range: l.start + at..l.start + at + 1,
                role: Role::Control,
            });
        }
    }
    template_tags.sort_by_key(|t| t.range.start);
    let block = ScriptBlock {
        template_tags,
        range,
        lang: ScriptLang::Js,
        module: false,
    };
    Some((block, last + 1))
}

/// The quoted names ending in `.js` on a Pug line (any quote, a query or hash after the name).
fn quoted_scripts(text: &str, line: std::ops::Range<usize>) -> Vec<ScriptSrc> {
    let content = &text[line.clone()];
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = content[rest..].find(['\'', '"', '`']) {
        let open = rest + open;
        let quote = &content[open..open + 1];
        let Some(len) = content[open + 1..].find(quote) else {
            break;
        };
        let value = &content[open + 1..open + 1 + len];
        let name = value.split(['?', '#']).next().unwrap_or("");
        if name.ends_with(".js") && !name.contains(char::is_whitespace) {
            let at = line.start + open + 1;
            found.push(ScriptSrc {
                tag: line.clone(),
                src: value.to_string(),
                value: at..at + len,
                th_src: None,
                timing: ScriptTiming::Parser,
            });
        }
        rest = open + 1 + len + 1;
    }
    found
}

/// Ruby's `#{...}` (and Pug's `!{...}`) inside a filter's JavaScript: the server prints a
/// value there.
fn interpolations(text: &str, range: std::ops::Range<usize>, engine: Engine) -> Vec<TemplateTag> {
    let mut tags = Vec::new();
    let mut from = range.start;
    let signs: &[char] = match engine {
        Engine::Pug => &['#', '!'],
        _ => &['#'],
    };
    while let Some(found) = text[from..range.end].find(signs) {
        let at = from + found;
        if text.as_bytes().get(at + 1) != Some(&b'{') {
            from = at + 1;
            continue;
        }
        let Some(close) = text[at..range.end].find('}') else {
            break;
        };
        tags.push(TemplateTag {
            range: at..at + close + 1,
            role: Role::Value,
        });
        from = at + close + 1;
    }
    tags
}

/// A `script` element line with a literal `src`: Slim's `script src="..."` (or
/// `script[src="..."]`), Haml's `%script{src: "..."}` or `%script{:src => "..."}`.
fn script_src(text: &str, line: std::ops::Range<usize>, engine: Engine) -> Option<ScriptSrc> {
    let content = &text[line.clone()];
    let trimmed = content.trim_start();
    let element = match engine {
        Engine::Haml => "%script",
        _ => "script",
    };
    let rest = trimmed.strip_prefix(element)?;
    if !rest.starts_with([' ', '(', '[', '{']) {
        return None;
    }
    let attribute = rest.find("src")?;
    let after = &rest[attribute + 3..];
    let value_at = after.find(['"', '\''])?;
    // (only `src="..."`, `src: "..."`, `:src => "..."`: nothing but these signs between)
    if !after[..value_at]
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '=' | ':' | '>'))
    {
        return None;
    }
    let quote = after[value_at..].chars().next()?;
    let len = after[value_at + 1..].find(quote)?;
    let start = line.start + (content.len() - trimmed.len()) + element.len() + attribute + 3 + value_at + 1;
    let value = start..start + len;
    Some(ScriptSrc {
        tag: line,
        src: text[value.clone()].to_string(),
        value,
        th_src: None,
        timing: ScriptTiming::Parser,
    })
}

/// Whether `at` lies in a Pug comment: on a `//` or `//-` line, or nested (indented) below one.
pub(crate) fn in_pug_comment(text: &str, at: usize) -> bool {
    let line_start = super::layout::line_start(text, at);
    let own = &text[line_start..super::layout::line_end(text, at)];
    if own.trim_start().starts_with("//") {
        return true;
    }
    let mut indent = own.len() - own.trim_start().len();
    for line in text[..line_start].lines().rev() {
        if line.trim().is_empty() {
            continue;
        }
        let depth = line.len() - line.trim_start().len();
        if depth < indent {
            if line.trim_start().starts_with("//") {
                return true;
            }
            indent = depth;
            if depth == 0 {
                break;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slim_filters_tags_and_helpers() {
        let slim = "doctype html\nhtml\n  head\n    script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"\n    = javascript_include_tag 'wechat/share'\n  body\n    javascript:\n      wx.config({ appId: '#{@sign[:appId]}', jsApiList: [] });\n\n      wx.ready(function () {});\n    p after\n";
        let out = extract(slim, Engine::Slim);
        assert_eq!(out.sources.len(), 2);
        assert_eq!(out.sources[0].src, "https://res.wx.qq.com/open/js/jweixin-1.2.0.js");
        assert_eq!(&slim[out.sources[0].value.clone()], out.sources[0].src);
        assert_eq!(out.sources[1].src, "wechat/share");
        assert_eq!(out.blocks.len(), 1);
        let block = &slim[out.blocks[0].range.clone()];
        assert!(block.starts_with("      wx.config") && block.ends_with("wx.ready(function () {});"));
        assert_eq!(&slim[out.blocks[0].template_tags[0].range.clone()], "#{@sign[:appId]}");
        assert!(holds_document(slim));
        assert!(!holds_document("= render 'x'\njavascript:\n  wx.ready(f)\n"));
    }

    #[test]
    fn pug_script_blocks_tags_and_includes() {
        let pug = "doctype html\nhtml\n  head\n    script(src=\"https://res.wx.qq.com/open/js/jweixin-1.0.0.js\")\n    script(type='text/javascript', src='/javascripts/script.js')\n  body\n    block content\n    script.\n      wx.config({ appId: '#{appId}', signature: '!{sign}', jsApiList: [] });\n      wx.ready(function () {});\n    p after\n";
        let out = extract(pug, Engine::Pug);
        let sources: Vec<&str> = out.sources.iter().map(|s| s.src.as_str()).collect();
        assert_eq!(
            sources,
            [
                "https://res.wx.qq.com/open/js/jweixin-1.0.0.js",
                "/javascripts/script.js"
            ]
        );
        assert_eq!(&pug[out.sources[1].value.clone()], "/javascripts/script.js");
        assert_eq!(out.blocks.len(), 1);
        let block = &pug[out.blocks[0].range.clone()];
        assert!(
            block.starts_with("      wx.config(") && block.ends_with("wx.ready(function () {});"),
            "{block}"
        );
        let masked: Vec<&str> = out.blocks[0]
            .template_tags
            .iter()
            .map(|t| &pug[t.range.clone()])
            .collect();
        assert_eq!(masked, ["#{appId}", "!{sign}"]);
        assert!(holds_document(pug));
        let view = "extends ../layout\ninclude parts/wx-share\ninclude:markdown-it notes.md\nblock content\n  p hi\n";
        let includes: Vec<String> = template::includes(view, Some(Engine::Pug))
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(includes, ["../layout", "parts/wx-share"]);
        assert_eq!(
            template::view_content_at(pug, Some(Engine::Pug)),
            pug.find("block content")
        );
    }

    #[test]
    fn pug_script_forms_helper_27_found() {
        let pug = "html\n  body: script(src='/a.js')\n  script(\n    type='text/javascript'\n    src=`/b.js`)\n  +js('/c.js?v=2')\n  //- script(src='/hidden.js')\n    script.\n      wx.config({});\n  script\n    | wx.ready(function () {});\n    | wx.closeWindow();\n  script wx.error(function () {});\n";
        let out = extract(pug, Engine::Pug);
        let sources: Vec<&str> = out.sources.iter().map(|s| s.src.as_str()).collect();
        assert_eq!(sources, ["/a.js", "/b.js", "/c.js?v=2"]);
        let blocks: Vec<&str> = out.blocks.iter().map(|b| pug[b.range.clone()].trim()).collect();
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert!(blocks[0].starts_with("| wx.ready") && blocks[0].ends_with("wx.closeWindow();"));
        assert_eq!(blocks[1], "wx.error(function () {});");
        let pipes = out.blocks[0]
            .template_tags
            .iter()
            .filter(|t| &pug[t.range.clone()] == "|")
            .count();
        assert_eq!(pipes, 2);
    }

    #[test]
    fn haml_filters_and_script_elements() {
        let haml = "!!!\n%html\n  %head\n    %script{src: 'https://res.wx.qq.com/open/js/jweixin-1.2.0.js'}\n    %script{:src => \"/js/app.js\"}\n  %body\n    :javascript\n      wx.ready(function () {});\n";
        let out = extract(haml, Engine::Haml);
        let srcs: Vec<_> = out.sources.iter().map(|s| s.src.as_str()).collect();
        assert_eq!(srcs, ["https://res.wx.qq.com/open/js/jweixin-1.2.0.js", "/js/app.js"]);
        assert_eq!(out.blocks.len(), 1);
        assert!(holds_document(haml));
    }
}
