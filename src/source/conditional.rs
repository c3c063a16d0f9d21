//! uni-app's conditional compilation: code between `// #ifdef MP-WEIXIN` and `// #endif` (or
//! `// #ifndef H5`) is built only for other platforms than the web, where `wx` is the
//! mini-program API, not jweixin. Its lines are masked as template control tags are, so no
//! rule reads them and no fix touches them or moves code across them.

use std::ops::Range;

use super::blocks::ScriptBlock;
use super::layout::line_ranges;
use super::template::{Role, TemplateTag};

/// Masks, in each block, the lines the web build leaves out (a byte search first: most files
/// hold no directive).
pub fn mask_other_platforms(text: &str, blocks: &mut [ScriptBlock]) {
    if memchr::memmem::find(text.as_bytes(), b"#if").is_none() {
        return;
    }
    for block in blocks {
        block
            .template_tags
            .extend(other_platform_lines(text, block.range.clone()));
        block.template_tags.sort_by_key(|t| t.range.start);
    }
}

/// The lines of `range` in `text` that the web (H5) build leaves out, as control tags.
fn other_platform_lines(text: &str, range: Range<usize>) -> Vec<TemplateTag> {
    let mut tags = Vec::new();
    // (one entry per open directive: whether the web build leaves its lines out)
    let mut open: Vec<bool> = Vec::new();
    for line in line_ranges(text, range) {
        let content = text[line.clone()].trim();
        let directive = content
            .strip_prefix("//")
            .or_else(|| content.strip_prefix("/*"))
            .map(|d| d.trim().trim_end_matches("*/").trim());
        match directive {
            Some(d) if d.starts_with("#ifdef ") => open.push(!for_the_web(&d["#ifdef ".len()..])),
            Some(d) if d.starts_with("#ifndef ") => open.push(for_the_web(&d["#ifndef ".len()..])),
            Some(d) if d.starts_with("#endif") => {
                open.pop();
            }
            _ if open.iter().any(|&left_out| left_out) && !content.is_empty() => {
                tags.push(TemplateTag {
                    range: line,
                    role: Role::Control,
                });
            }
            _ => {}
        }
    }
    tags
}

/// Whether a directive's platforms (`MP-WEIXIN || H5`) include the web build.
fn for_the_web(platforms: &str) -> bool {
    platforms
        .split("||")
        .map(str::trim)
        .any(|p| p.eq_ignore_ascii_case("H5") || p.eq_ignore_ascii_case("WEB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_for_other_platforms_are_masked() {
        let code = "a();\n// #ifdef MP-WEIXIN\nwx.getLocation({});\n// #endif\n// #ifdef H5 || MP-WEIXIN\nwx.ready(f);\n// #endif\n/* #ifndef H5 */\nwx.login();\n/* #endif */\nb();\n";
        let masked: Vec<&str> = other_platform_lines(code, 0..code.len())
            .iter()
            .map(|t| &code[t.range.clone()])
            .collect();
        assert_eq!(masked, ["wx.getLocation({});", "wx.login();"]);
    }
}
