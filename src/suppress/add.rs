//! `fix --add-suppressions REASON`: writes a `jweixin-migrate-ignore-next-line` comment above
//! every finding left (like ruff's `--add-noqa`), one per line with all its rules, in the
//! comment syntax of the place (`//`, `{/* */}` between JSX children, `<!-- -->` in markup).
//! A line that already has a suppression above it gets the new rule ids added to it.
//!
//! The edits are checked like every fix: a place where a new line would change a string,
//! a template literal or a tag is skipped (the finding stays reported), and the result must
//! parse and report none of the suppressed findings, or the file is left unchanged.

use std::collections::BTreeMap;
use std::ops::Range;
use std::time::Instant;

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::directives::{self, Reach, Syntax, NEXT_LINE};
use crate::apply::apply_fixes;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::parse::{self, range_of};
use crate::pipeline::{self, FileReport};
use crate::rules::{RuleId, RuleOptions};
use crate::settings::Settings;
use crate::source::layout::{indentation, line_start};
use crate::source::{FileKind, SourceFile};
use crate::walk::{Candidate, MissingPath};
use crate::{parallel, report, write, FileFix, FixMode, Progress, RunTotals};

/// A reason that can stand in every comment syntax, or why it cannot.
pub fn check_reason(reason: &str) -> Result<(), String> {
    if reason.trim().is_empty() {
        Err(
            "--add-suppressions needs a reason, e.g. --add-suppressions \"kept until the mini-program moves\""
                .to_string(),
        )
    } else if reason.contains(['\n', '\r']) || reason.contains("*/") || reason.contains("-->") {
        Err("the reason for --add-suppressions must be one line without `*/` or `-->`".to_string())
    } else {
        Ok(())
    }
}

/// Runs `fix --add-suppressions` over the settings' paths; like `fix_each`, each file's
/// outcome goes through `handle` on a worker and reaches `emit` in path order.
pub fn suppress_each<T: Send>(
    settings: &Settings,
    mode: FixMode,
    reason: &str,
    progress: &dyn Progress,
    handle: impl Fn(FileFix) -> T + Sync,
    mut emit: impl FnMut(T) + Send,
) -> Result<RunTotals, MissingPath> {
    let start = Instant::now();
    let mut counted = RunTotals::default();
    let totals = &mut counted;
    let walked = parallel::each_file(
        settings,
        &settings.paths,
        progress,
        |candidate| {
            let file = suppress_guarded(candidate, settings.rules_for(&candidate.path), mode, reason);
            match file.report.skipped {
                Some(reason) => Err(reason),
                None => Ok(handle(file)),
            }
        },
        |result| match result {
            Err(reason) => *totals.skipped.entry(reason).or_default() += 1,
            Ok(handled) => {
                totals.files_scanned += 1;
                emit(handled);
            }
        },
    )?;
    counted.add_walk(walked);
    counted.elapsed = start.elapsed();
    Ok(counted)
}

fn suppress_guarded(candidate: &Candidate, options: &RuleOptions, mode: FixMode, reason: &str) -> FileFix {
    std::panic::catch_unwind(|| suppress_file(candidate, options, mode, reason)).unwrap_or_else(|payload| {
        let report = FileReport::failed(candidate.path.clone(), crate::internal_error(payload));
        FileFix::single(report, BTreeMap::new(), false, None, None)
    })
}

fn suppress_file(candidate: &Candidate, options: &RuleOptions, mode: FixMode, reason: &str) -> FileFix {
    let mut report = pipeline::check_file(candidate, options);
    let Some(source) = report.source.take() else {
        return FileFix::single(report, BTreeMap::new(), false, None, None);
    };
    let findings = std::mem::take(&mut report.diagnostics);
    let added = add_suppressions(&source, &findings, reason, options);
    let Some(text) = added.text else {
        report.diagnostics = findings;
        report.source = Some(source);
        return FileFix::single(report, BTreeMap::new(), false, None, added.unchanged);
    };
    let mut diff = None;
    match mode {
        FixMode::Diff => diff = Some(report::unified_diff(&candidate.path, &source.text, &text)),
        FixMode::Write => {
            if let Err(error) = write::write_checked_in(&candidate.path, &source.text, &text, report.encoding) {
                report.error = Some(error);
                report.diagnostics = findings;
                report.source = Some(source);
                return FileFix::single(report, BTreeMap::new(), false, None, None);
            }
        }
    }
    report.diagnostics = added.left;
    if !report.diagnostics.is_empty() {
        report.source = Some(SourceFile::new(source.path.clone(), source.kind, text));
    }
    FileFix::single(report, added.suppressed, true, diff, added.unchanged)
}

/// What adding suppressions to one file produced.
#[derive(Debug)]
pub struct Added {
    /// The new text, when something was added.
    pub text: Option<String>,
    /// Findings now suppressed, per rule.
    pub suppressed: BTreeMap<RuleId, usize>,
    /// The findings still reported (on the new text when there is one).
    pub left: Vec<Diagnostic>,
    /// Why nothing was added although there are findings.
    pub unchanged: Option<String>,
}

/// Whether a finding can be suppressed with a comment.
fn suppressible(d: &Diagnostic) -> bool {
    !matches!(
        d.rule,
        RuleId::SyntaxError | RuleId::UnusedSuppression | RuleId::InvalidSuppression
    )
}

/// Adds a suppression for every finding of `file` that can have one.
pub fn add_suppressions(file: &SourceFile, findings: &[Diagnostic], reason: &str, options: &RuleOptions) -> Added {
    let unchanged = |why: &str| Added {
        text: None,
        suppressed: BTreeMap::new(),
        left: findings.to_vec(),
        unchanged: Some(why.to_string()),
    };
    if !findings.iter().any(suppressible) {
        return Added {
            text: None,
            suppressed: BTreeMap::new(),
            left: findings.to_vec(),
            unchanged: None,
        };
    }
    if matches!(file.kind, FileKind::PackageJson) {
        return unchanged("JSON has no comments to hold a suppression; use a baseline (check --write-baseline)");
    }
    if findings.iter().any(|d| d.rule == RuleId::SyntaxError) {
        return unchanged("the file does not parse, so no suppression was added");
    }
    // Per line: where it starts, and its rules with how many findings each.
    let mut lines: BTreeMap<usize, (usize, Vec<(RuleId, usize)>)> = BTreeMap::new();
    for d in findings.iter().filter(|d| suppressible(d)) {
        let (_, rules) = lines
            .entry(file.locate(d.range.start).line)
            .or_insert_with(|| (line_start(&file.text, d.range.start), Vec::new()));
        match rules.iter_mut().find(|(rule, _)| *rule == d.rule) {
            Some((_, n)) => *n += 1,
            None => rules.push((d.rule, 1)),
        }
    }
    let existing = directives::find(file);
    let places = Places::new(file);
    let newline = file.line_ending();
    let mut edits = Vec::new();
    let mut suppressed: BTreeMap<RuleId, usize> = BTreeMap::new();
    for (line, (at, rules)) in &lines {
        let ids: Vec<&str> = rules.iter().map(|(rule, _)| rule.as_str()).collect();
        let above = existing
            .iter()
            .find(|d| d.problem.is_none() && d.reach == Reach::Line(*line));
        let edit = match above {
            Some(directive) => directive
                .rules
                .last()
                .map(|(_, at)| Edit::insert(at.end, format!(", {}", ids.join(", ")))),
            None => {
                let at = *at;
                places.comment_at(at).map(|form| {
                    let body = format!("{NEXT_LINE} {} -- {reason}", ids.join(", "));
                    let comment = match form {
                        CommentForm::Line => format!("// {body}"),
                        CommentForm::JsxChild => format!("{{/* {body} */}}"),
                        CommentForm::Markup => format!("<!-- {body} -->"),
                    };
                    Edit::insert(at, format!("{}{comment}{newline}", indentation(&file.text, at)))
                })
            }
        };
        if let Some(edit) = edit {
            edits.push(edit);
            for (rule, n) in rules {
                *suppressed.entry(*rule).or_default() += n;
            }
        }
    }
    if edits.is_empty() {
        return unchanged("no finding is at a place where a comment line can go (inside a string, template literal or tag); add suppressions by hand or use a baseline");
    }
    let fix = Fix::new("Add suppressions", Applicability::Safe, edits);
    let applied = apply_fixes(&file.text, &[&fix]);
    let new = SourceFile::new(file.path.clone(), file.kind, applied.text);
    let after = pipeline::check_source(&new, options);
    let still_reported = after.iter().filter(|d| suppressible(d)).count();
    let expected = findings.iter().filter(|d| suppressible(d)).count() - suppressed.values().sum::<usize>();
    let count = |list: &[Diagnostic], rule| list.iter().filter(|d| d.rule == rule).count();
    if applied.applied.is_empty()
        || count(&after, RuleId::SyntaxError) > 0
        || still_reported != expected
        || count(&after, RuleId::InvalidSuppression) > count(findings, RuleId::InvalidSuppression)
        || count(&after, RuleId::UnusedSuppression) > count(findings, RuleId::UnusedSuppression)
    {
        return unchanged("the suppressions would not have held (the changed file parses differently); the file was left unchanged, please report this");
    }
    Added {
        text: Some(new.text.clone()),
        suppressed,
        left: after,
        unchanged: None,
    }
}

/// The comment that can go on a new line at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommentForm {
    Line,
    /// Between JSX children, where `//` would be text: `{/* */}`.
    JsxChild,
    Markup,
}

/// What a file's places allow: its script blocks with the ranges inside them that a new line
/// would change (strings, template literals, regular expressions, JSX tags) or where it would
/// be JSX text.
struct Places<'f> {
    file: &'f SourceFile,
    blocks: Vec<Range<usize>>,
    /// Per parsed block: ranges where no line may be added, and JSX children ranges.
    literals: Vec<Range<usize>>,
    jsx: Vec<(Range<usize>, JsxPart)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsxPart {
    /// An element's or fragment's whole range.
    Element,
    /// An opening or closing tag.
    Tag,
    /// `{ ... }` inside JSX: JavaScript again.
    Expression,
}

impl<'f> Places<'f> {
    fn new(file: &'f SourceFile) -> Places<'f> {
        let extracted = file.extract();
        let dts = matches!(file.kind, FileKind::Script { dts: true, .. });
        let mut ranges = Ranges::default();
        for block in &extracted.blocks {
            if let Ok(parsed) = parse::parse_block(&file.text, block, dts) {
                parsed.program.visit_with(&mut ranges);
            }
        }
        Places {
            file,
            blocks: extracted.blocks.into_iter().map(|b| b.range).collect(),
            literals: ranges.literals,
            jsx: ranges.jsx,
        }
    }

    /// The comment form for a new line inserted at `at` (a line start), or `None` when a
    /// line there would change what the code or page means.
    fn comment_at(&self, at: usize) -> Option<CommentForm> {
        let inside = |r: &Range<usize>| r.start < at && at < r.end;
        match directives::syntax_at(self.file, &self.blocks, at) {
            Syntax::None => None,
            Syntax::Script => {
                if self.literals.iter().any(inside) {
                    return None;
                }
                let innermost = self
                    .jsx
                    .iter()
                    .filter(|(r, _)| inside(r))
                    .min_by_key(|(r, _)| r.end - r.start)
                    .map(|(_, part)| *part);
                match innermost {
                    None | Some(JsxPart::Expression) => Some(CommentForm::Line),
                    Some(JsxPart::Element) => Some(CommentForm::JsxChild),
                    Some(JsxPart::Tag) => None,
                }
            }
            Syntax::Markup => markup_allows_line(&self.file.text, at).then_some(CommentForm::Markup),
        }
    }
}

/// Whether an `<!-- -->` line can go at `at` in markup: the line starts with a tag, and the
/// place is not inside a comment, a raw-text element or a server-template tag.
fn markup_allows_line(text: &str, at: usize) -> bool {
    if !text[at..].trim_start_matches([' ', '\t']).starts_with('<') {
        return false;
    }
    let before = &text[..at];
    let lower = before.to_ascii_lowercase();
    let open_after_close = |open: &str, close: &str| {
        lower
            .rfind(open)
            .is_some_and(|o| lower.rfind(close).is_none_or(|c| c < o))
    };
    let pairs = [
        ("<!--", "-->"),
        ("<%", "%>"),
        ("<?", "?>"),
        ("{{", "}}"),
        ("{%", "%}"),
        ("{#", "#}"),
        ("<script", "</script"),
        ("<style", "</style"),
        ("<textarea", "</textarea"),
        ("<pre", "</pre"),
        ("<title", "</title"),
    ];
    !pairs.iter().any(|(open, close)| open_after_close(open, close))
}

/// Collects the ranges [`Places`] needs from a parsed block.
#[derive(Default)]
struct Ranges {
    literals: Vec<Range<usize>>,
    jsx: Vec<(Range<usize>, JsxPart)>,
}

impl Visit for Ranges {
    fn visit_str(&mut self, node: &Str) {
        self.literals.push(range_of(node));
    }
    fn visit_tpl(&mut self, node: &Tpl) {
        // A new line right at a quasi's edge (after the backtick, before `${`) is in its text too.
        for quasi in &node.quasis {
            let text = range_of(quasi);
            self.literals.push(text.start.saturating_sub(1)..text.end + 1);
        }
        node.visit_children_with(self);
    }
    fn visit_regex(&mut self, node: &Regex) {
        self.literals.push(range_of(node));
    }
    fn visit_jsx_element(&mut self, node: &JSXElement) {
        self.jsx.push((range_of(node), JsxPart::Element));
        node.visit_children_with(self);
    }
    fn visit_jsx_fragment(&mut self, node: &JSXFragment) {
        self.jsx.push((range_of(node), JsxPart::Element));
        node.visit_children_with(self);
    }
    fn visit_jsx_opening_element(&mut self, node: &JSXOpeningElement) {
        self.jsx.push((range_of(node), JsxPart::Tag));
        node.visit_children_with(self);
    }
    fn visit_jsx_closing_element(&mut self, node: &JSXClosingElement) {
        self.jsx.push((range_of(node), JsxPart::Tag));
    }
    fn visit_jsx_expr_container(&mut self, node: &JSXExprContainer) {
        self.jsx.push((range_of(node), JsxPart::Expression));
        node.visit_children_with(self);
    }
    fn visit_jsx_attr_value(&mut self, node: &JSXAttrValue) {
        if let JSXAttrValue::Str(s) = node {
            self.literals.push(range_of(s));
        }
        node.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn added(name: &str, text: &str) -> String {
        let kind = FileKind::from_path(Path::new(name)).unwrap();
        let file = SourceFile::new(PathBuf::from(name), kind, text.to_string());
        let options = RuleOptions::default();
        let findings = pipeline::check_source(&file, &options);
        let added = add_suppressions(&file, &findings, "kept", &options);
        added
            .text
            .unwrap_or_else(|| format!("unchanged: {:?}", added.unchanged))
    }

    #[test]
    fn one_comment_per_line_with_the_line_indentation() {
        assert_eq!(
            added("a.js", "function f() {\n  wx.invoke('getContext', {}, g); wx.on('x', h);\n}\n"),
            "function f() {\n  // jweixin-migrate-ignore-next-line wx-invoke, wx-on -- kept\n  wx.invoke('getContext', {}, g); wx.on('x', h);\n}\n"
        );
    }

    #[test]
    fn jsx_children_get_a_braced_comment_and_strings_none() {
        assert_eq!(
            added("a.jsx", "const a = (\n  <div>\n    {wx.invoke('getContext', {}, g)}\n  </div>\n);\n"),
            "const a = (\n  <div>\n    {/* jweixin-migrate-ignore-next-line wx-invoke -- kept */}\n    {wx.invoke('getContext', {}, g)}\n  </div>\n);\n"
        );
        assert_eq!(
            added("a.js", "const s = `a\n${wx.invoke('getContext', {}, g)}`;\n"),
            "unchanged: Some(\"no finding is at a place where a comment line can go (inside a string, template literal or tag); add suppressions by hand or use a baseline\")"
        );
    }

    #[test]
    fn an_existing_suppression_above_gets_the_new_rule() {
        assert_eq!(
            added(
                "a.js",
                "// jweixin-migrate-ignore-next-line wx-on -- old\nwx.on('x', h); wx.invoke('getContext', {}, g);\n"
            ),
            "// jweixin-migrate-ignore-next-line wx-on, wx-invoke -- old\nwx.on('x', h); wx.invoke('getContext', {}, g);\n"
        );
    }
}
