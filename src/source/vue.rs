//! Finds the script blocks and external `<script src>` references of a Vue single-file component.
//!
//! Follows the Vue 3 SFC tokenizer: at the top level every element except an HTML `<template>` is raw
//! text up to its own end tag (so `<script>` text inside `<style>`, `<docs>` or `<i18n>` is not a tag),
//! while `<template>` content is HTML with `{{ }}` interpolations and nested `<template>`s.

use super::blocks::{Extracted, ScriptBlock, ScriptLang};
use super::tag_scanner::{find_byte, parse_tag, skip_non_element, skip_raw_text, slice, starts_tag, ForwardFind, Tag};

/// Extracts the top-level `<script>` / `<script setup>` blocks and every `<script src>` (top level or
/// inside the template) of a `.vue` file, in file order.
pub fn extract(text: &str) -> Extracted {
    let bytes = text.as_bytes();
    let mut out = Extracted::default();
    let mut i = 0;
    while let Some(lt) = find_byte(bytes, i, b'<') {
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
            continue; // stray end tag at the top level
        }
        if tag.self_closing {
            // Vue honours `/>`: `<script src="x.js" />` has no body.
            if tag.is(text, "script") {
                out.sources.extend(tag.script_src(text));
            }
            continue;
        }
        if tag.is(text, "template") && is_html_template(text, &tag) {
            i = scan_template(text, i, &mut out);
            continue;
        }
        let name = slice(text, &tag.name);
        let (body_end, after) = skip_raw_text(text, i, name);
        if tag.is(text, "script") {
            if let Some(src) = tag.script_src(text) {
                out.sources.push(src);
            } else if let Some(lang) = script_lang(text, &tag) {
                out.blocks.push(ScriptBlock {
                    range: tag.range.end..body_end,
                    lang,
                    module: true,
                    template_tags: Vec::new(),
                });
            }
        }
        i = after;
    }
    out
}

/// `<template>` without `lang`, with an empty one or `lang="html"`; others (pug, ...) are raw text.
fn is_html_template(text: &str, tag: &Tag) -> bool {
    tag.attr_value(text, "lang")
        .is_none_or(|lang| lang.is_empty() || lang.eq_ignore_ascii_case("html"))
}

fn script_lang(text: &str, tag: &Tag) -> Option<ScriptLang> {
    let lang = tag.attr_value(text, "lang").unwrap_or("");
    let is = |name: &str| lang.eq_ignore_ascii_case(name);
    if lang.is_empty() || is("js") || is("javascript") {
        Some(ScriptLang::Js)
    } else if is("jsx") {
        Some(ScriptLang::Jsx)
    } else if is("ts") || is("typescript") {
        Some(ScriptLang::Ts)
    } else if is("tsx") {
        Some(ScriptLang::Tsx)
    } else {
        None
    }
}

/// Scans template content from `from` (just past the top-level `<template ...>`) to just past its
/// matching `</template>`, collecting `<script src>` tags. Returns the end of the text if unclosed.
fn scan_template(text: &str, from: usize, out: &mut Extracted) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut interpolation_end = ForwardFind::new(b"}}");
    let mut i = from;
    while let Some(at) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<' || b == b'{'))
        .map(|p| i + p)
    {
        if bytes.get(at) == Some(&b'{') {
            i = if bytes.get(at + 1) == Some(&b'{') {
                // An interpolation: `<` inside `{{ a < b }}` is not a tag. Unclosed: plain text.
                interpolation_end.find(bytes, at + 2).map_or(at + 2, |close| close + 2)
            } else {
                at + 1
            };
            continue;
        }
        if let Some(next) = skip_non_element(bytes, at) {
            i = next;
            continue;
        }
        if !starts_tag(bytes, at) {
            i = at + 1;
            continue;
        }
        let Some(tag) = parse_tag(text, at) else {
            return text.len();
        };
        i = tag.range.end;
        if tag.is(text, "template") {
            if tag.end_tag {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            } else if !tag.self_closing {
                depth += 1;
            }
            continue;
        }
        if tag.end_tag {
            continue;
        }
        if tag.is(text, "script") {
            out.sources.extend(tag.script_src(text));
        }
        // Inside templates Vue reads these as raw text / RCDATA, up to their end tag.
        let raw = ["script", "style", "textarea", "title"]
            .into_iter()
            .find(|name| tag.is(text, name));
        if let (Some(name), false) = (raw, tag.self_closing) {
            i = skip_raw_text(text, i, name).1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::super::blocks::ScriptSrc;
    use super::*;

    fn bodies(text: &str) -> Vec<&str> {
        extract(text).blocks.iter().map(|b| &text[b.range.clone()]).collect()
    }

    fn srcs(text: &str) -> Vec<String> {
        extract(text).sources.into_iter().map(|s| s.src).collect()
    }

    #[test]
    fn script_and_script_setup_ts() {
        let text = "<template>\n  <div>{{ msg }}</div>\n</template>\n\n<script>\nexport default { name: 'A' }\n</script>\n<script setup lang=\"ts\">\nwx.config({})\n</script>\n<style scoped>\n.a { color: red }\n</style>\n";
        let out = extract(text);
        assert_eq!(out.blocks.len(), 2);
        assert_eq!(&text[out.blocks[0].range.clone()], "\nexport default { name: 'A' }\n");
        assert_eq!(out.blocks[0].lang, ScriptLang::Js);
        assert_eq!(&text[out.blocks[1].range.clone()], "\nwx.config({})\n");
        assert_eq!(out.blocks[1].lang, ScriptLang::Ts);
        assert!(out.blocks.iter().all(|b| b.module && b.template_tags.is_empty()));
        assert!(out.sources.is_empty());
    }

    #[test]
    fn lang_values() {
        let cases = [
            ("", Some(ScriptLang::Js)),
            (" lang", Some(ScriptLang::Js)),
            (" lang=\"\"", Some(ScriptLang::Js)),
            (" lang=js", Some(ScriptLang::Js)),
            (" lang='JavaScript'", Some(ScriptLang::Js)),
            (" lang=\"jsx\"", Some(ScriptLang::Jsx)),
            (" lang=\"TS\"", Some(ScriptLang::Ts)),
            (" lang=\"typescript\"", Some(ScriptLang::Ts)),
            (" setup lang=\"tsx\"", Some(ScriptLang::Tsx)),
            (" lang=\"coffee\"", None),
        ];
        for (attrs, want) in cases {
            let text = format!("<script{attrs}>x</script>");
            let got: Vec<_> = extract(&text).blocks.iter().map(|b| b.lang).collect();
            assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn nested_templates_hide_script_text() {
        let text = concat!(
            "<template>\n",
            "  <my-list>\n",
            "    <template #item=\"{ row }\">\n",
            "      <span :title=\"'<script>alert(1)</script>'\">{{ '<script>' + row }}</span>\n",
            "      <template v-if=\"a > b\"><i>{{ a < b }}</i></template>\n",
            "      <template #empty />\n",
            "    </template>\n",
            "  </my-list>\n",
            "  <p>{{ \"</template><script>bad()</script>\" }}</p>\n",
            "</template>\n",
            "<script setup>\nimport wx from 'weixin-js-sdk'\n</script>\n",
        );
        assert_eq!(bodies(text), vec!["\nimport wx from 'weixin-js-sdk'\n"]);
        assert!(extract(text).sources.is_empty());
    }

    #[test]
    fn comments_and_custom_blocks_are_not_code() {
        let text = "<!-- <script>old()</script> -->\n<docs>\n```html\n<script>doc()</script>\n```\n</docs>\n<style>\n/* <script>css()</script> */\n</style>\n<template><!-- <script src=\"c.js\"></script> --><div/></template>\n<script>\nreal()\n</script>";
        assert_eq!(bodies(text), vec!["\nreal()\n"]);
        assert!(extract(text).sources.is_empty());
    }

    #[test]
    fn pug_template_is_raw_text() {
        let text = "<template lang=\"pug\">\ndiv\n  | <script>x()</script>\n</template>\n<script>y()</script>";
        assert_eq!(bodies(text), vec!["y()"]);
    }

    #[test]
    fn sources_top_level_and_in_template() {
        let text = concat!(
            "<template>\n  <div>\n",
            "    <script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n",
            "    <script type=\"text/javascript\">inline()</script>\n",
            "  </div>\n</template>\n",
            "<script src='./logic.js'></script>\n",
            "<script src=./other.js>\nignored()\n</script>\n",
            "<script lang=\"ts\" src=\"./self.ts\" />\n",
            "<script setup>\nsetup()\n</script>\n",
        );
        let out = extract(text);
        assert_eq!(
            srcs(text),
            vec![
                "https://res.wx.qq.com/open/js/jweixin-1.2.0.js",
                "./logic.js",
                "./other.js",
                "./self.ts",
            ]
        );
        for s in &out.sources {
            assert_eq!(&text[s.value.clone()], s.src);
            assert!(text[s.tag.clone()].starts_with("<script"));
            assert!(text[s.tag.clone()].ends_with('>'));
        }
        let ScriptSrc { tag, .. } = &out.sources[1];
        assert_eq!(&text[tag.clone()], "<script src='./logic.js'>");
        assert_eq!(bodies(text), vec!["\nsetup()\n"]);
    }

    #[test]
    fn uppercase_crlf_and_bom() {
        let text = "\u{feff}<TEMPLATE>\r\n<Div>hi</Div>\r\n</Template>\r\n<SCRIPT\r\n  Setup\r\n  LANG='TS'\r\n>\r\nwx.ready(() => {})\r\n</Script >\r\n";
        let out = extract(text);
        assert_eq!(out.blocks.len(), 1);
        let b = &out.blocks[0];
        assert_eq!(&text[b.range.clone()], "\r\nwx.ready(() => {})\r\n");
        assert_eq!(b.lang, ScriptLang::Ts);
        // Offsets count the 3-byte BOM.
        assert_eq!(b.range.start, text.find(">\r\nwx").map(|p| p + 1).unwrap_or(0));
        assert_eq!(text.find('<'), Some(3));
    }

    #[test]
    fn unclosed_script_runs_to_eof() {
        let text = "<template><div/></template>\n<script setup>\nwx.config({})\n";
        assert_eq!(bodies(text), vec!["\nwx.config({})\n"]);
        let text = "<script>a</script";
        assert_eq!(bodies(text), vec!["a"]);
        // Unclosed template: nothing after it is top level.
        assert!(bodies("<template><div>\n<script>x()</script>").is_empty());
        // File ends inside the opening tag: no block.
        assert!(bodies("<script setup lang=\"ts").is_empty());
    }

    #[test]
    fn multibyte_text_next_to_tags() {
        let text = "中文<template><p>你好{{ 世界 }}</p>中</template>注释<script>\nconst 标题 = '微信'\n</script>尾巴";
        assert_eq!(bodies(text), vec!["\nconst 标题 = '微信'\n"]);
        let text = "<script>中</script>";
        assert_eq!(bodies(text), vec!["中"]);
    }

    #[test]
    fn pathological_inputs_stay_fast() {
        let text = format!(
            "<template>{}</template><script>x</script>",
            "{{ a < b <i/> ".repeat(200_000)
        );
        assert_eq!(bodies(&text), vec!["x"]);
    }

    #[test]
    fn gt_inside_quoted_attribute() {
        let text = "<script setup lang=\"ts\" generic=\"T extends Record<string, number>\">\nlet a = 1\n</script>";
        let out = extract(text);
        assert_eq!(bodies(text), vec!["\nlet a = 1\n"]);
        assert_eq!(out.blocks[0].lang, ScriptLang::Ts);
    }

    #[test]
    fn script_end_tag_inside_string_ends_block() {
        // As in Vue itself: the first `</script>` ends the block.
        let text = "<script>const s = '</script>'</script>";
        assert_eq!(bodies(text), vec!["const s = '"]);
    }

    #[test]
    fn stray_text_and_broken_markup() {
        let text = "a < b </ x <1 <!x> <? y ?> </template>\n<script>ok()</script>";
        assert_eq!(bodies(text), vec!["ok()"]);
        assert_eq!(extract(""), Extracted::default());
        assert_eq!(extract("<"), Extracted::default());
        assert_eq!(extract("<template>{{"), Extracted::default());
    }

    const SAMPLES: &[&str] = &[
        "\u{feff}<template>\r\n  <my-list>\r\n    <template #item=\"{ row }\"><span :title=\"'<script>'\">{{ '<script>' + row }}</span></template>\r\n    <script src='https://res.wx.qq.com/open/js/jweixin-1.2.0.js'></script>\r\n  </my-list>\r\n</template>\r\n<!-- <script>old()</script> -->\r\n<script src=./a.js />\r\n<SCRIPT setup lang=\"ts\" generic=\"T extends A<B>\">\r\nconst 标题 = '微信'; wx.config({})\r\n</SCRIPT>\r\n<style>/* <script> */</style>\r\n<i18n>{ \"a\": \"<script>\" }</i18n>中",
        "<template lang=pug>\ndiv {{ a }}\n</template><script lang='coffee'>x</script><script>中</script",
    ];

    #[test]
    fn never_panics_on_prefixes_or_generated_input() {
        use super::super::tag_scanner::test_support::{assert_sane, check_prefixes, random_docs};
        for doc in SAMPLES {
            check_prefixes(doc, extract);
        }
        for doc in random_docs(3000) {
            assert_sane(&doc, &extract(&doc));
            check_prefixes(&doc, extract);
        }
    }
}
