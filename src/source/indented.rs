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
    while i < lines.len() {
        let line = &text[lines[i].clone()];
        let trimmed = line.trim();
        let indent = indentation(line);
        let filter = match engine {
            Engine::Haml => trimmed == ":javascript",
            // (`script.` or `script(type="text/javascript").`: the block of text below is the script)
            Engine::Pug => trimmed == "script." || (trimmed.starts_with("script(") && trimmed.ends_with(").")),
            _ => trimmed == "javascript:",
        };
        if filter {
            // (the filter's body: the lines indented deeper, blank lines between them)
            let mut last = None;
            let mut j = i + 1;
            while j < lines.len() {
                let body = &text[lines[j].clone()];
                if body.trim().is_empty() {
                    j += 1;
                    continue;
                }
                if indentation(body) <= indent {
                    break;
                }
                last = Some(j);
                j += 1;
            }
            if let Some(last) = last {
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
        if let Some(source) = script_src(text, lines[i].clone(), engine) {
            out.sources.push(source);
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
    fn haml_filters_and_script_elements() {
        let haml = "!!!\n%html\n  %head\n    %script{src: 'https://res.wx.qq.com/open/js/jweixin-1.2.0.js'}\n    %script{:src => \"/js/app.js\"}\n  %body\n    :javascript\n      wx.ready(function () {});\n";
        let out = extract(haml, Engine::Haml);
        let srcs: Vec<_> = out.sources.iter().map(|s| s.src.as_str()).collect();
        assert_eq!(srcs, ["https://res.wx.qq.com/open/js/jweixin-1.2.0.js", "/js/app.js"]);
        assert_eq!(out.blocks.len(), 1);
        assert!(holds_document(haml));
    }
}
