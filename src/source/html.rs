//! Finds inline JavaScript and external `<script src>` references in `.html`/`.htm` pages and
//! server templates (JSP, PHP, FreeMarker, Razor, ERB, EJS, ...), whose template tags inside
//! scripts are found by `template` and masked before parsing.

use super::blocks::{Extracted, ScriptBlock, ScriptLang};
use super::tag_scanner::{find_byte, parse_tag, skip_non_element, skip_raw_text, starts_tag, ForwardFind, Tag};
use super::template::{self, Engine};

/// Extracts every `<script>` element outside HTML and template comments, in file order:
/// inline scripts of a JavaScript-like `type` become blocks, scripts with a `src` attribute
/// become sources. `engine` is the server-template language of the page, if any.
pub fn extract(text: &str, engine: Option<Engine>) -> Extracted {
    let bytes = text.as_bytes();
    let mut out = Extracted::default();
    let mut server_ends = (ForwardFind::new(b"?>"), ForwardFind::new(b"%>"));
    let mut i = 0;
    while let Some(lt) = next_markup(bytes, i, engine) {
        if let Some(end) = template::hidden_markup_end(bytes, lt, engine) {
            i = end;
            continue;
        }
        let server_tag_end = match bytes.get(lt + 1) {
            Some(b'?') => server_ends.0.find(bytes, lt + 2),
            Some(b'%') => server_ends.1.find(bytes, lt + 2),
            _ => None,
        };
        // Outside scripts a closed `<?...?>` / `<%...%>` is skipped whole, so markup echoed by server
        // code (`<?php echo '<script>'; ?>`) is not read as a tag. Unclosed ones follow HTML rules.
        if let Some(end) = server_tag_end {
            if engine == Some(Engine::Erb) {
                out.sources.extend(template::include_tag_sources(text, lt..end + 2));
            }
            i = end + 2;
            continue;
        }
        if let Some(next) = skip_non_element(bytes, lt) {
            i = next;
            continue;
        }
        if !starts_tag(bytes, lt) {
            i = lt + 1;
            continue;
        }
        let Some(tag) = parse_tag(text, lt) else {
            break; // the file ends inside a tag
        };
        i = tag.range.end;
        if tag.end_tag {
            continue;
        }
        if tag.is(text, "style") {
            i = skip_raw_text(text, i, "style").1;
        } else if tag.is(text, "script") {
            // HTML ignores `/>` here: the body always runs to `</script`.
            let (body_end, after) = skip_raw_text(text, i, "script");
            if let Some(src) = tag.script_src(text) {
                out.sources.push(src);
            } else if let Some((lang, module)) = script_kind(text, &tag) {
                let range = tag.range.end..body_end;
                out.blocks.push(ScriptBlock {
                    template_tags: template::script_tags(text, range.clone(), engine),
                    range,
                    lang,
                    module,
                });
            }
            i = after;
        }
    }
    out
}

/// Language and module-ness of an inline script, from `type` (or the legacy `language`) attribute;
/// `None` for data blocks and other non-JavaScript types.
fn script_kind(text: &str, tag: &Tag) -> Option<(ScriptLang, bool)> {
    // ASP.NET's `<script runat="server">` holds server code (C#, VB), which the browser never
    // sees (helper-22: zzcbyl/Game's master pages were blocked as JavaScript syntax errors).
    if tag
        .attr_value(text, "runat")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("server"))
    {
        return None;
    }
    let language;
    let mime = match tag.attr_value(text, "type") {
        Some(ty) => ty,
        None => match tag.attr_value(text, "language") {
            Some(lang) if !lang.is_empty() => {
                language = format!("text/{lang}");
                &language
            }
            _ => "",
        },
    };
    // Compare the essence only: no parameters, no surrounding whitespace, any case.
    let essence = mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        ""
        | "text/javascript"
        | "application/javascript"
        | "application/x-javascript"
        | "text/ecmascript"
        | "application/ecmascript"
        | "application/x-ecmascript"
        | "text/x-ecmascript"
        | "text/x-javascript"
        | "text/jscript"
        | "text/livescript"
        | "text/javascript1.0"
        | "text/javascript1.1"
        | "text/javascript1.2"
        | "text/javascript1.3"
        | "text/javascript1.4"
        | "text/javascript1.5" => Some((ScriptLang::Js, false)),
        "module" => Some((ScriptLang::Js, true)),
        "text/babel" | "text/jsx" => Some((ScriptLang::Jsx, false)),
        "text/typescript" | "text/ts" => Some((ScriptLang::Ts, false)),
        _ => None,
    }
}

/// The next `<` at or after `from`, or, in a template whose comments may start otherwise
/// (`@*`, `{#`, `#*`, `{*`, `{{!`), the next of those openers.
fn next_markup(bytes: &[u8], from: usize, engine: Option<Engine>) -> Option<usize> {
    let lt = find_byte(bytes, from, b'<');
    let other = match engine {
        Some(Engine::Razor) => Some(b'@'),
        Some(Engine::Jinja | Engine::Tpl | Engine::Handlebars | Engine::Blade) => Some(b'{'),
        Some(Engine::Velocity) => Some(b'#'),
        _ => None,
    };
    let Some(other) = other else { return lt };
    let mut at = from;
    while let Some(found) = find_byte(bytes, at, other) {
        if lt.is_some_and(|lt| lt < found) {
            break;
        }
        if template::hidden_markup_end(bytes, found, engine).is_some() {
            return Some(found);
        }
        at = found + 1;
    }
    lt
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str) -> Vec<&str> {
        extract(text, None)
            .blocks
            .iter()
            .map(|b| &text[b.range.clone()])
            .collect()
    }

    fn tags_of(text: &str) -> Vec<Vec<&str>> {
        extract(text, None)
            .blocks
            .iter()
            .map(|b| b.template_tags.iter().map(|t| &text[t.range.clone()]).collect())
            .collect()
    }

    #[test]
    fn page_with_inline_src_and_template_scripts() {
        let text = concat!(
            "<!DOCTYPE html>\n<html>\n<head>\n",
            "<script src=\"https://res.wx.qq.com/open/js/jweixin-1.6.0.js\"></script>\n",
            "<script>\nwx.config({})\n</script>\n",
            "<script type=\"text/template\" id=\"tpl\">\n<div><script>no()</script>\n</script>\n",
            "</head>\n<body>\n",
            "<script type=\"text/javascript\">wx.ready(function () {})</script>\n",
            "</body>\n</html>\n",
        );
        let out = extract(text, None);
        assert_eq!(bodies(text), vec!["\nwx.config({})\n", "wx.ready(function () {})"]);
        assert!(out.blocks.iter().all(|b| b.lang == ScriptLang::Js && !b.module));
        assert_eq!(out.sources.len(), 1);
        let s = &out.sources[0];
        assert_eq!(s.src, "https://res.wx.qq.com/open/js/jweixin-1.6.0.js");
        assert_eq!(&text[s.value.clone()], s.src);
        assert_eq!(
            &text[s.tag.clone()],
            "<script src=\"https://res.wx.qq.com/open/js/jweixin-1.6.0.js\">"
        );
    }

    #[test]
    fn src_quoting_and_ignored_body() {
        let text = "<script src='x.js'></script><script src=y.js>\nbody()\n</script><script\n  async\n  SRC = \"z.js?v=1&amp;a=2\"\n/><script>after()</script>";
        let out = extract(text, None);
        let srcs: Vec<_> = out.sources.iter().map(|s| s.src.as_str()).collect();
        assert_eq!(srcs, vec!["x.js", "y.js", "z.js?v=1&amp;a=2"]);
        for s in &out.sources {
            assert_eq!(&text[s.value.clone()], s.src);
        }
        // `/>` does not close a script in HTML: `<script>after()` is inside the third one's body.
        assert!(out.blocks.is_empty());
    }

    #[test]
    fn script_types() {
        let cases = [
            ("", Some((ScriptLang::Js, false))),
            (" type", Some((ScriptLang::Js, false))),
            (" type=\"\"", Some((ScriptLang::Js, false))),
            (
                " type=\"Text/JavaScript; charset=utf-8\"",
                Some((ScriptLang::Js, false)),
            ),
            (" type=' application/javascript '", Some((ScriptLang::Js, false))),
            (" type=application/x-javascript", Some((ScriptLang::Js, false))),
            (" type=text/ecmascript", Some((ScriptLang::Js, false))),
            (" type=application/ecmascript", Some((ScriptLang::Js, false))),
            (" type=\"module\"", Some((ScriptLang::Js, true))),
            (" type=MODULE", Some((ScriptLang::Js, true))),
            (" type=\"text/babel\"", Some((ScriptLang::Jsx, false))),
            (" type=\"text/typescript\"", Some((ScriptLang::Ts, false))),
            (" type=\"text/ts\"", Some((ScriptLang::Ts, false))),
            (" language=\"JavaScript\"", Some((ScriptLang::Js, false))),
            (" language=\"\"", Some((ScriptLang::Js, false))),
            (" language=\"vbscript\"", None),
            (" type=\"text/template\"", None),
            (" runat=\"server\"", None),
            (" language=\"C#\" runat=server", None),
            (" type=\"text/html\"", None),
            (" type=\"text/x-template\"", None),
            (" type=\"application/json\"", None),
            (" type=\"application/ld+json\"", None),
            (" type=\"importmap\"", None),
            (" type=\"text/x-handlebars-template\"", None),
            (" type=\"speculationrules\"", None),
        ];
        for (attrs, want) in cases {
            let text = format!("<script{attrs}>x()</script>");
            let got: Vec<_> = extract(&text, None).blocks.iter().map(|b| (b.lang, b.module)).collect();
            assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn comments_and_styles_hide_scripts() {
        let text = concat!(
            "<!-- <script>old()</script> -->\n",
            "<!--[if lt IE 9]><script src=\"html5shiv.js\"></script><![endif]-->\n",
            "<style>\n.a::after { content: \"<script>css()</script>\" }\n</style>\n",
            "<script>\nreal()\n</script>\n",
            "<!-- unclosed <script>never()</script>",
        );
        assert_eq!(bodies(text), vec!["\nreal()\n"]);
        assert!(extract(text, None).sources.is_empty());
    }

    #[test]
    fn module_script() {
        let text = "<script type=\"module\">\nimport wx from './wx.js'\n</script>";
        let out = extract(text, None);
        assert_eq!(bodies(text), vec!["\nimport wx from './wx.js'\n"]);
        assert!(out.blocks[0].module);
    }

    #[test]
    fn php_and_jsp_template_tags() {
        let text = concat!(
            "<?php $cfg = sign(); ?>\n<script>\n",
            "wx.config({ appId: '<?= $cfg['appId'] ?>', timestamp: <?php echo $cfg['ts']; ?>,\n",
            "  nonceStr: '<%= nonce %>', signature: \"{{ sig }}\", debug: {% if d %}true{% endif %} });\n",
            "var o = {{\n}}; <%-- jsp comment --%> {{{ raw }}}\n",
            "</script>\n<script>a(<?php unclosed\n</script>",
        );
        assert_eq!(
            tags_of(text),
            vec![
                vec![
                    "<?= $cfg['appId'] ?>",
                    "<?php echo $cfg['ts']; ?>",
                    "<%= nonce %>",
                    "{{ sig }}",
                    "{% if d %}",
                    "{% endif %}",
                    "<%-- jsp comment --%>",
                    "{{{ raw }}}",
                ],
                vec!["<?php unclosed\n"],
            ]
        );
        let out = extract(text, None);
        for b in &out.blocks {
            for t in &b.template_tags {
                assert!(b.range.start <= t.range.start && t.range.end <= b.range.end);
            }
        }
    }

    #[test]
    fn server_tags_outside_scripts() {
        let text = "<?php echo '<script>no()</script>'; ?><% out.print(\"<script>\") %>\n<div class=\"<?= $c ?>\"><script src=\"<?= $cdn ?>/jweixin.js\"></script><script>yes()</script>";
        assert_eq!(bodies(text), vec!["yes()"]);
        let out = extract(text, None);
        assert_eq!(out.sources.len(), 1);
        assert_eq!(out.sources[0].src, "<?= $cdn ?>/jweixin.js");
        // Unclosed `<?`/`<%` outside scripts do not hide what follows.
        assert_eq!(bodies("a <% b <script>c()</script>"), vec!["c()"]);
        assert!(bodies("a <? b <script>c()</script>").is_empty());
    }

    #[test]
    fn crlf_bom_uppercase() {
        let text = "\u{feff}<HTML>\r\n<SCRIPT TYPE=\"TEXT/JAVASCRIPT\">\r\nwx.config({})\r\n</SCRIPT>\r\n<Script Src=A.JS></Script>\r\n";
        let out = extract(text, None);
        assert_eq!(bodies(text), vec!["\r\nwx.config({})\r\n"]);
        assert_eq!(
            out.blocks[0].range.start,
            3 + "<HTML>\r\n<SCRIPT TYPE=\"TEXT/JAVASCRIPT\">".len()
        );
        assert_eq!(out.sources[0].src, "A.JS");
        assert_eq!(out.sources[0].value.start, text.find("A.JS").unwrap_or(0));
    }

    #[test]
    fn unclosed_script_at_eof() {
        assert_eq!(bodies("<p>x</p><script>\nwx.config({})\n"), vec!["\nwx.config({})\n"]);
        assert_eq!(bodies("<script>a()</script"), vec!["a()"]);
        assert_eq!(bodies("<script>a()</scripts>b()"), vec!["a()</scripts>b()"]);
        assert_eq!(bodies("<script"), Vec::<&str>::new());
        assert_eq!(bodies("<script>"), vec![""]);
    }

    #[test]
    fn multibyte_text_next_to_tags() {
        let text = "微信<script>\nvar 标题 = '分享'\n</script>分享<script src=\"中.js\"></script>尾";
        let out = extract(text, None);
        assert_eq!(bodies(text), vec!["\nvar 标题 = '分享'\n"]);
        assert_eq!(out.sources[0].src, "中.js");
        assert_eq!(bodies("<script>中{{文}}字</script>"), vec!["中{{文}}字"]);
        assert_eq!(
            tags_of("<script>f({ a: [[${sig.appId}]], b: [(${raw})], c: [[1, 2]], d: {!! $x !!} })</script>"),
            vec![vec!["[[${sig.appId}]]", "[(${raw})]", "{!! $x !!}"]]
        );
        assert_eq!(tags_of("<script>中{{文}}字</script>"), vec![vec!["{{文}}"]]);
    }

    #[test]
    fn pathological_inputs_stay_fast() {
        // Many unclosed openers must not rescan the rest of the file each time.
        let n = 200_000;
        let html = format!("<script>{}</script>{}", "{{ {% ".repeat(n), "<% <? ".repeat(n));
        let out = extract(&html, None);
        assert_eq!(out.blocks.len(), 1);
        assert!(out.blocks[0].template_tags.is_empty());
        let one_line = format!("<script>{}}}}}</script>", "{{".repeat(n));
        assert_eq!(tags_of(&one_line)[0].len(), 1);
    }

    #[test]
    fn first_end_tag_wins() {
        let text = "<script>document.write('<script src=x.js></script>');</script>";
        assert_eq!(bodies(text), vec!["document.write('<script src=x.js>"]);
        assert!(extract(text, None).sources.is_empty());
    }

    const SAMPLES: &[&str] = &[
        "\u{feff}<!DOCTYPE html><html><head><?php $c = sign(); ?>\r\n<script src='https://res.wx.qq.com/open/js/jweixin-1.6.0.js'></script>\r\n<script type=\"text/javascript; charset=utf-8\">\r\nwx.config({ appId: '<?= $c['appId'] ?>', nonce: '<%= n %>', s: '{{ s }}' {% x %} });\r\n</script>\r\n<!-- <script>old()</script> -->\r\n<style>a::after{content:'<script>'}</style><SCRIPT TYPE=module>import 中 from './文.js'</SCRIPT>\r\n<script type=\"text/template\"><div>{{{ x }}}</div></script><script src=y.js>z</script>尾",
        "<script>a(<?php b\n<% c {{ d {% e </script><script language=JavaScript>中{{文}}</script",
    ];

    #[test]
    fn never_panics_on_prefixes_or_generated_input() {
        use super::super::tag_scanner::test_support::{assert_sane, check_prefixes, random_docs};
        let engines = [
            None,
            Some(Engine::Jsp),
            Some(Engine::Razor),
            Some(Engine::Velocity),
            Some(Engine::Tpl),
        ];
        for doc in SAMPLES {
            for engine in engines {
                check_prefixes(doc, |t| extract(t, engine));
            }
        }
        for doc in random_docs(3000) {
            for engine in engines {
                assert_sane(&doc, &extract(&doc, engine));
            }
            check_prefixes(&doc, |t| extract(t, None));
        }
    }
}
