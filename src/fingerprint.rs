//! A finding's code fingerprint: what a baseline entry and a GitLab Code Quality issue use to
//! recognise the same finding in a later run, without line numbers. It is the rule and the
//! normalised tokens of the statement the finding is in, from the statement's start to the
//! end of the finding and a few tokens beyond: lines inserted above do not change it, nor
//! does reformatting (whitespace, line breaks, comments, quote style, trailing commas,
//! semicolons, parentheses), while a change to the finding's own code does.

use std::ops::Range;

use sha2::{Digest, Sha256};
use swc_ecma_ast::{ModuleItem, Stmt};
use swc_ecma_visit::{Visit, VisitWith};

use crate::diagnostic::Diagnostic;
use crate::parse::{self, range_of};
use crate::source::{FileKind, ScriptBlock, SourceFile};

/// Tokens kept after the end of the finding (its first arguments, usually).
const TOKENS_AFTER: usize = 8;
/// A statement starting further than this before its finding (a bundle wrapped in one call)
/// is not used; the finding's own tokens start the code instead.
const MAX_LEAD: usize = 1024;
/// How much of the code a baseline entry shows to a reader.
const SHOWN_CHARS: usize = 100;

/// One finding's normalised code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The tokens, joined by single spaces.
    pub tokens: String,
}

impl Code {
    /// A stable hex digest of the rule and the code.
    pub fn fingerprint(&self, rule: &str) -> String {
        digest(&[rule, &self.tokens])
    }

    /// The start of the code, for a reader of the baseline.
    pub fn shown(&self) -> String {
        match self.tokens.char_indices().nth(SHOWN_CHARS) {
            Some((at, _)) => format!("{}...", &self.tokens[..at]),
            None => self.tokens.clone(),
        }
    }
}

/// The SHA-256 of the parts, each ended by a NUL byte, in lowercase hex.
pub fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The code of each of a file's findings, in their order.
pub fn codes(file: &SourceFile, diagnostics: &[Diagnostic]) -> Vec<Code> {
    let blocks = match file.kind {
        FileKind::PackageJson => Vec::new(),
        _ => file.extract().blocks,
    };
    let dts = matches!(file.kind, FileKind::Script { dts: true, .. });
    // Statement ranges of each block that holds a finding, parsed once.
    let mut statements: Vec<Option<Vec<Range<usize>>>> = vec![None; blocks.len()];
    diagnostics
        .iter()
        .map(|d| {
            let block = blocks
                .iter()
                .position(|b| b.range.start <= d.range.start && d.range.end <= b.range.end);
            match block {
                Some(i) if d.range.start < d.range.end => {
                    let found = statements[i].get_or_insert_with(|| statement_ranges(file, &blocks[i], dts));
                    script_code(file, &blocks[i], found, d.range.clone())
                }
                _ => text_code(file, d.range.clone()),
            }
        })
        .collect()
}

fn statement_ranges(file: &SourceFile, block: &ScriptBlock, dts: bool) -> Vec<Range<usize>> {
    let mut found = Statements::default();
    if let Ok(parsed) = parse::parse_block(&file.text, block, dts) {
        parsed.program.visit_with(&mut found);
    }
    found.0
}

/// The normalised tokens from the start of the smallest statement around `finding`.
fn script_code(file: &SourceFile, block: &ScriptBlock, statements: &[Range<usize>], finding: Range<usize>) -> Code {
    let statement = statements
        .iter()
        .filter(|s| s.start <= finding.start && finding.end <= s.end)
        .min_by_key(|s| s.end - s.start)
        .cloned()
        .unwrap_or_else(|| finding.clone());
    let start = if finding.start - statement.start > MAX_LEAD {
        finding.start
    } else {
        statement.start
    };
    let mut tokens = Vec::new();
    let mut after = 0;
    for token in parse::token_ranges(&file.text, start..statement.end.max(finding.end), block.lang) {
        let beyond = token.start >= finding.end;
        let Some(kept) = normalised(&file.text[token]) else {
            continue;
        };
        if beyond {
            after += 1;
            if after > TOKENS_AFTER {
                break;
            }
        }
        tokens.push(kept);
    }
    Code {
        tokens: tokens.join(" "),
    }
}

/// A token as the fingerprint sees it: punctuation that formatters add or drop is left out,
/// strings get double quotes.
fn normalised(token: &str) -> Option<String> {
    match token {
        "," | ";" | "(" | ")" => None,
        _ if token.len() >= 2 && token.starts_with('\'') && token.ends_with('\'') => {
            Some(format!("\"{}\"", &token[1..token.len() - 1]))
        }
        _ => Some(token.to_string()),
    }
}

/// Outside scripts (a page's script tag, a `package.json` entry, a syntax error): the
/// finding's text to the end of its line, whitespace collapsed.
fn text_code(file: &SourceFile, finding: Range<usize>) -> Code {
    let end = crate::source::layout::line_end(&file.text, finding.end);
    let start = if finding.start < finding.end {
        finding.start
    } else {
        crate::source::layout::line_start(&file.text, finding.start)
    };
    Code {
        tokens: file.text[start..end.max(start)]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Every statement's range in a block.
#[derive(Default)]
struct Statements(Vec<Range<usize>>);

impl Visit for Statements {
    fn visit_stmt(&mut self, node: &Stmt) {
        self.0.push(range_of(node));
        node.visit_children_with(self);
    }
    fn visit_module_item(&mut self, node: &ModuleItem) {
        if let ModuleItem::ModuleDecl(decl) = node {
            self.0.push(range_of(decl));
        }
        node.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleOptions;
    use std::path::{Path, PathBuf};

    fn fingerprints(name: &str, text: &str) -> Vec<(String, String)> {
        let kind = FileKind::from_path(Path::new(name)).unwrap();
        let file = SourceFile::new(PathBuf::from(name), kind, text.to_string());
        let found = crate::pipeline::check_source(&file, &RuleOptions::default());
        codes(&file, &found)
            .into_iter()
            .zip(&found)
            .map(|(code, d)| (d.rule.to_string(), code.tokens))
            .collect()
    }

    #[test]
    fn survives_lines_above_and_reformatting_but_not_a_changed_call() {
        let original = fingerprints("a.js", "wx.invoke('getContext', {}, function (res) { show(res); });\n");
        assert_eq!(
            original,
            [(
                "wx-invoke".to_string(),
                "wx . invoke \"getContext\" { } function res { show res".to_string()
            )]
        );
        let moved = fingerprints(
            "a.js",
            "// a comment\nvar a = 1;\n\nwx.invoke(\n  \"getContext\", // which\n  {},\n  function(res) {\n    show(res);\n  },\n);\n",
        );
        assert_eq!(original, moved);
        let changed = fingerprints(
            "a.js",
            "wx.invoke('getCurExternalContact', {}, function (res) { show(res); });\n",
        );
        assert_ne!(original, changed);
    }

    #[test]
    fn pages_use_the_tag_text() {
        let found = fingerprints(
            "p.html",
            "<head>\n  <script   src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n",
        );
        assert_eq!(found[0].0, "wx-script-tag");
        assert!(found[0].1.starts_with("<script src="), "{found:?}");
    }
}
