//! The migration report as one self-contained HTML page: the Markdown rendered by
//! pulldown-cmark, with every raw HTML piece shown as text (the report quotes code from the
//! checked files), headings given the anchors GitHub would give them, and the styles inline.
//! No script, no external resource.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{markdown, MigrationReport};

const STYLE: &str = "\
body{font:15px/1.5 -apple-system,'Segoe UI',Roboto,'Noto Sans SC','PingFang SC',sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px 32px 64px;background:#fff}
h1{font-size:1.8em;border-bottom:1px solid #d0d7de;padding-bottom:.3em}
h2{font-size:1.4em;border-bottom:1px solid #d0d7de;padding-bottom:.3em;margin-top:2em}
h3{font-size:1.1em;margin-top:1.6em}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;padding:.1em .3em;border-radius:4px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:12px;overflow:auto}
pre code{background:none;padding:0}
table{border-collapse:collapse;margin:8px 0 16px}
th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td:nth-child(1){white-space:nowrap}
a{color:#0969da}
";

/// The whole page.
pub fn html_page(report: &MigrationReport) -> String {
    let text = markdown(report);
    let body = render(&text);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Migration report: jweixin to @wecom/jssdk</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}

/// Markdown to HTML with raw HTML escaped and heading anchors.
fn render(markdown: &str) -> String {
    let mut events: Vec<Event> = Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .map(|event| match event {
            // Nothing in the report is meant as raw HTML: show it as the text it is.
            Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
            other => other,
        })
        .collect();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level: HeadingLevel = *level;
            let mut title = String::new();
            for event in &events[i + 1..] {
                match event {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => title.push_str(t),
                    _ => {}
                }
            }
            events[i] = Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(slug(&title))),
                classes: Vec::new(),
                attrs: Vec::new(),
            });
        }
        i += 1;
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

/// A heading's anchor as GitHub makes it: lower case, spaces to `-`, other punctuation
/// dropped.
fn slug(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text_and_headings_get_anchors() {
        let html = render("### wx-config\n\na <script>alert(1)</script> b\n");
        assert_eq!(
            html,
            "<h3 id=\"wx-config\">wx-config</h3>\n<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"
        );
        assert_eq!(slug("`a.js:3:1` · `wx-api`"), "ajs31--wx-api");
    }
}
