//! Finding suppression comments in a file: where code is JavaScript (a script file, or a
//! script block of a page, component or server template) they are `//` or `/* */` comments;
//! in the markup around the blocks they are `<!-- -->` comments. Which syntax applies at a
//! place comes from the file kind and its extracted blocks, so every file kind that is read
//! like a page gets suppressions without more code.

use std::ops::Range;

use memchr::memmem;

use crate::rules::RuleId;
use crate::source::{FileKind, SourceFile};

/// What every suppression comment starts with.
pub(crate) const MARKER: &str = "jweixin-migrate-ignore";
pub(crate) const NEXT_LINE: &str = "jweixin-migrate-ignore-next-line";
pub(crate) const FILE: &str = "jweixin-migrate-ignore-file";

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Findings that start on this 1-based line.
    Line(usize),
    File,
}

/// The comment syntax in use at a place of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// JavaScript or TypeScript: `//` and `/* */`.
    Script,
    /// Page, component or template markup: `<!-- -->`.
    Markup,
    /// No comments (`package.json`).
    None,
}

/// One suppression comment, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive {
    /// The whole comment, delimiters included.
    pub comment: Range<usize>,
    /// The directive as written, from its name to the end of the reason.
    pub text: String,
    pub reach: Reach,
    /// Each rule id and where it is written.
    pub rules: Vec<(String, Range<usize>)>,
    /// Why something is wrong with it; an invalid directive suppresses nothing.
    pub problem: Option<(String, String)>,
}

/// The comment syntax at `offset` of `file`, given its script blocks' ranges.
pub(crate) fn syntax_at(file: &SourceFile, blocks: &[Range<usize>], offset: usize) -> Syntax {
    match file.kind {
        FileKind::Script { .. } => Syntax::Script,
        FileKind::PackageJson => Syntax::None,
        _ if blocks.iter().any(|b| b.start <= offset && offset <= b.end) => Syntax::Script,
        _ => Syntax::Markup,
    }
}

/// The ranges of a file's script blocks (the whole file for a script).
pub(crate) fn block_ranges(file: &SourceFile) -> Vec<Range<usize>> {
    file.extract().blocks.into_iter().map(|b| b.range).collect()
}

/// Every suppression comment in `file`, in order.
pub(crate) fn find(file: &SourceFile) -> Vec<Directive> {
    let text = file.text.as_str();
    if matches!(file.kind, FileKind::PackageJson) || memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
        return Vec::new();
    }
    let blocks = block_ranges(file);
    let mut found = Vec::new();
    let mut after = 0;
    for at in memmem::find_iter(text.as_bytes(), MARKER.as_bytes()) {
        if at < after {
            continue;
        }
        if let Some(directive) = read_at(file, &blocks, at) {
            after = directive.comment.end;
            found.push(directive);
        }
    }
    found
}

/// The comment around the marker at `at`, when the marker starts a comment's text.
fn read_at(file: &SourceFile, blocks: &[Range<usize>], at: usize) -> Option<Directive> {
    let text = file.text.as_str();
    let before = text[..at].trim_end_matches([' ', '\t']);
    let (opener, close): (&str, Option<&str>) = if before.ends_with("<!--") {
        ("<!--", Some("-->"))
    } else if before.ends_with("//") {
        ("//", None)
    } else if let Some(stars) = before.strip_suffix('*').map(|b| b.trim_end_matches('*')) {
        if !stars.ends_with('/') {
            return None;
        }
        ("/*", Some("*/"))
    } else {
        return None;
    };
    let start = if opener == "/*" {
        before.trim_end_matches('*').len() - 1
    } else {
        before.len() - opener.len()
    };
    let (body_end, end) = match close {
        None => {
            let end = crate::source::layout::line_end(text, at);
            (end, end)
        }
        Some(close) => match text[at..].find(close) {
            Some(i) => (at + i, at + i + close.len()),
            // An unclosed comment: the file does not parse either; leave it to the parser.
            None => return None,
        },
    };
    let comment = start..end;
    let body = &text[at..body_end];
    let expected = match opener {
        "<!--" => Syntax::Markup,
        _ => Syntax::Script,
    };
    let wrong_syntax = syntax_at(file, blocks, start) != expected;
    let end_line = file.locate(end).line;
    Some(parse_body(body, at, comment, end_line, wrong_syntax))
}

/// Reads `name rule-id, rule-id -- reason` from a comment's text starting at `at`.
fn parse_body(body: &str, at: usize, comment: Range<usize>, end_line: usize, wrong_syntax: bool) -> Directive {
    let name_len = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
    let name = &body[..name_len];
    let trimmed = body.trim_end();
    let mut directive = Directive {
        comment,
        text: trimmed.to_string(),
        reach: Reach::File,
        rules: Vec::new(),
        problem: None,
    };
    directive.reach = match name {
        NEXT_LINE => Reach::Line(end_line + 1),
        FILE => Reach::File,
        _ => {
            directive.problem = Some((
                format!("unknown suppression `{name}`"),
                format!("write `{NEXT_LINE} rule-id -- reason` or `{FILE} rule-id -- reason`"),
            ));
            return directive;
        }
    };
    let rest = &trimmed[name_len..];
    let (list, reason) = match find_separator(rest) {
        Some(i) => (&rest[..i], Some(rest[i + 2..].trim())),
        None => (rest, None),
    };
    let list_start = at + name_len;
    let mut offset = 0;
    for piece in list.split([',', ' ', '\t']) {
        if !piece.is_empty() {
            let start = list_start + offset;
            directive.rules.push((piece.to_string(), start..start + piece.len()));
        }
        offset += piece.len() + 1;
    }
    let example = format!("write it as `{name} wx-api -- why this use stays`");
    directive.problem = if wrong_syntax {
        Some((
            "this suppression is in the wrong kind of comment for where it stands".to_string(),
            "inside a script use `//` or `/* */`; in page or template markup use `<!-- -->`".to_string(),
        ))
    } else if directive.rules.is_empty() {
        Some(("this suppression names no rule".to_string(), example))
    } else if reason.is_none_or(str::is_empty) {
        Some(("this suppression gives no reason".to_string(), example))
    } else {
        directive.rules.iter().find_map(|(id, _)| match RuleId::from_id(id) {
            Some(RuleId::SyntaxError) => Some((
                "`syntax-error` cannot be suppressed".to_string(),
                "fix the code so that it parses, or exclude the file".to_string(),
            )),
            Some(RuleId::UnusedSuppression | RuleId::InvalidSuppression) => Some((
                format!("`{id}` cannot be suppressed"),
                "set its level in the config file's `[rules]` instead".to_string(),
            )),
            Some(_) => None,
            None => Some((
                format!("unknown rule `{id}` in this suppression"),
                match closest_rule(id) {
                    Some(rule) => format!("did you mean `{rule}`?"),
                    None => "`jweixin-migrate rules` lists the rules".to_string(),
                },
            )),
        })
    };
    directive
}

/// The ` -- ` between the rule ids and the reason (also at the start: `-- reason` alone).
fn find_separator(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    (0..bytes.len().saturating_sub(1)).find(|&i| {
        bytes[i] == b'-'
            && bytes[i + 1] == b'-'
            && (i == 0 || bytes[i - 1].is_ascii_whitespace())
            && bytes.get(i + 2).is_none_or(|b| b.is_ascii_whitespace())
    })
}

fn closest_rule(id: &str) -> Option<&'static str> {
    RuleId::ALL
        .iter()
        .map(|r| (strsim::jaro_winkler(id, r.as_str()), r.as_str()))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn directives(name: &str, text: &str) -> Vec<Directive> {
        let kind = FileKind::from_path(std::path::Path::new(name)).unwrap();
        find(&SourceFile::new(PathBuf::from(name), kind, text.to_string()))
    }

    #[test]
    fn reads_line_block_and_markup_comments() {
        let found = directives(
            "a.js",
            "// jweixin-migrate-ignore-next-line wx-api, wx-invoke -- bridge\nx();\n/** jweixin-migrate-ignore-file wx-on -- kept */\n",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].reach, Reach::Line(2));
        assert_eq!(
            found[0].rules.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            ["wx-api", "wx-invoke"]
        );
        assert_eq!(found[0].problem, None);
        assert_eq!(found[1].reach, Reach::File);
        assert_eq!(found[1].text, "jweixin-migrate-ignore-file wx-on -- kept");
        let page = "<!-- jweixin-migrate-ignore-next-line wx-script-tag -- old pages -->\n<script src=\"jweixin-1.2.0.js\"></script>\n<script>\n// jweixin-migrate-ignore-next-line wx-config -- later\nwx.config({});\n</script>\n";
        let found = directives("p.html", page);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|d| d.problem.is_none()), "{found:?}");
        assert_eq!(found[1].reach, Reach::Line(5));
    }

    #[test]
    fn says_what_is_wrong() {
        let problem = |text: &str| directives("a.js", text)[0].problem.clone().map(|p| p.0);
        assert_eq!(
            problem("// jweixin-migrate-ignore-next-line\n"),
            Some("this suppression names no rule".to_string())
        );
        assert_eq!(
            problem("// jweixin-migrate-ignore-next-line wx-api\n"),
            Some("this suppression gives no reason".to_string())
        );
        assert_eq!(
            problem("// jweixin-migrate-ignore-next-line wx-api --\n"),
            Some("this suppression gives no reason".to_string())
        );
        assert_eq!(
            problem("// jweixin-migrate-ignore-next-line wx-apii -- x\n"),
            Some("unknown rule `wx-apii` in this suppression".to_string())
        );
        assert_eq!(
            problem("// jweixin-migrate-ignore-line wx-api -- x\n"),
            Some("unknown suppression `jweixin-migrate-ignore-line`".to_string())
        );
        assert_eq!(
            directives(
                "p.html",
                "<script>\n<!-- jweixin-migrate-ignore-file wx-api -- x -->\n</script>"
            )[0]
            .problem
            .clone()
            .map(|p| p.0),
            Some("this suppression is in the wrong kind of comment for where it stands".to_string())
        );
        assert!(directives("a.js", "const s = 'jweixin-migrate-ignore-file wx-api -- x';\n").is_empty());
    }
}
