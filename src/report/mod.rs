//! Everything the tool prints about a `check` run: human code frames with a summary, JSON,
//! GitHub workflow annotations and SARIF. Only this module and `main` print.

mod diff;
mod github;
mod human;
mod json;
mod progress;
mod sarif;

pub use diff::unified_diff;
pub use progress::TerminalProgress;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::cli::Format;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::FileReport;
use crate::rules::RuleId;
use crate::source::{LineColumn, SourceFile};
use crate::{CheckRun, FileFix, FixMode, FixRun};
use std::path::PathBuf;

/// A diagnostic with its file and resolved positions.
pub(crate) struct Located<'a> {
    pub report: &'a FileReport,
    pub source: &'a SourceFile,
    pub diagnostic: &'a Diagnostic,
    pub start: LineColumn,
    pub end: LineColumn,
}

/// Every diagnostic of a run, sorted by file then position.
pub(crate) fn located(run: &CheckRun) -> impl Iterator<Item = Located<'_>> {
    located_in(run.reports.iter())
}

/// Every diagnostic of some file reports, in their order.
pub(crate) fn located_in<'a>(reports: impl Iterator<Item = &'a FileReport>) -> impl Iterator<Item = Located<'a>> {
    reports.flat_map(|report| {
        report.source.iter().flat_map(move |source| {
            report.diagnostics.iter().map(move |diagnostic| Located {
                report,
                source,
                diagnostic,
                start: source.locate(diagnostic.range.start),
                end: source.locate(diagnostic.range.end),
            })
        })
    })
}

/// Files that could not be checked, and folders that could not be walked, as (path, message).
pub(crate) fn errors(run: &CheckRun) -> Vec<(String, &str)> {
    errors_in(run.reports.iter(), &run.walk_errors)
}

fn errors_in<'a>(
    reports: impl Iterator<Item = &'a FileReport>,
    walk_errors: &'a [(PathBuf, String)],
) -> Vec<(String, &'a str)> {
    let mut all: Vec<(String, &str)> = reports
        .filter_map(|r| Some((r.path.display().to_string(), r.error.as_deref()?)))
        .chain(walk_errors.iter().map(|(p, m)| (p.display().to_string(), m.as_str())))
        .collect();
    all.sort();
    all
}

/// Whether any finding fails the check (warnings do not).
pub fn has_errors(run: &CheckRun) -> bool {
    run.reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error)
}

/// Writes a `check` run in the chosen format; the human summary goes to `err`.
pub fn print_check(
    run: &CheckRun,
    format: Format,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => {
            human::write(located(run), color, out)?;
            human::write_errors(&errors(run), err)?;
            write_summary(run, err)
        }
        Format::Json => json::write(run, out),
        Format::Github => github::write(run, out),
        Format::Sarif => sarif::write(run, out),
    }
}

/// The closing summary: files scanned, files with legacy use, findings per rule, time, skips.
fn write_summary(run: &CheckRun, err: &mut dyn Write) -> io::Result<()> {
    let mut per_rule: BTreeMap<RuleId, usize> = BTreeMap::new();
    for d in run.reports.iter().flat_map(|r| &r.diagnostics) {
        *per_rule.entry(d.rule).or_default() += 1;
    }
    let findings: usize = per_rule.values().sum();
    let files_with = run.reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    writeln!(
        err,
        "Scanned {} {} in {:.2}s: {} {} in {} {}.",
        run.files_scanned,
        plural(run.files_scanned, "file", "files"),
        run.elapsed.as_secs_f64(),
        findings,
        plural(findings, "finding", "findings"),
        files_with,
        plural(files_with, "file", "files"),
    )?;
    for (rule, count) in &per_rule {
        writeln!(err, "  {:<16} {count}", rule.as_str())?;
    }
    if !run.skipped.is_empty() {
        let parts: Vec<String> = run
            .skipped
            .iter()
            .map(|(reason, n)| format!("{n} {}", reason.describe()))
            .collect();
        writeln!(err, "Skipped: {}.", parts.join(", "))?;
    }
    let errors = errors(run).len();
    if errors > 0 {
        writeln!(
            err,
            "{errors} {} could not be checked (see above).",
            plural(errors, "file", "files")
        )?;
    }
    Ok(())
}

/// Whether any file still has legacy use after `fix`.
pub fn fix_left_legacy(run: &FixRun) -> bool {
    run.files
        .iter()
        .flat_map(|f| &f.report.diagnostics)
        .any(|d| d.severity == Severity::Error)
}

/// Writes a `fix` run: diffs (with `--diff`) or the findings left on stdout, a summary on stderr.
pub fn print_fix(run: &FixRun, mode: FixMode, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    match mode {
        FixMode::Diff => {
            for file in &run.files {
                if let Some(diff) = &file.diff {
                    out.write_all(diff.as_bytes())?;
                }
            }
        }
        FixMode::Write => human::write(located_in(run.files.iter().map(|f| &f.report)), color, out)?,
    }
    human::write_errors(&errors_in(run.files.iter().map(|f| &f.report), &run.walk_errors), err)?;
    write_fix_summary(run, mode, err)
}

/// The findings left in one file, as code frames without colour (for `--stdin-filename`).
pub fn print_remaining(report: &FileReport, err: &mut dyn Write) -> io::Result<()> {
    human::write(located_in(std::iter::once(report)), false, err)?;
    if let Some(reason) = &report.error {
        writeln!(err, "{}: left unchanged: {reason}", report.path.display())?;
    }
    Ok(())
}

fn write_fix_summary(run: &FixRun, mode: FixMode, err: &mut dyn Write) -> io::Result<()> {
    let mut per_rule: BTreeMap<RuleId, usize> = BTreeMap::new();
    for file in &run.files {
        for (rule, n) in &file.fixed_per_rule {
            *per_rule.entry(*rule).or_default() += n;
        }
    }
    let fixed: usize = per_rule.values().sum();
    let changed = run.files.iter().filter(|f| f.changed).count();
    let verb = if mode == FixMode::Diff { "Would fix" } else { "Fixed" };
    writeln!(
        err,
        "{verb} {fixed} {} in {changed} {} ({} {} scanned in {:.2}s).",
        plural(fixed, "finding", "findings"),
        plural(changed, "file", "files"),
        run.files_scanned,
        plural(run.files_scanned, "file", "files"),
        run.elapsed.as_secs_f64(),
    )?;
    for (rule, count) in &per_rule {
        writeln!(err, "  {:<16} {count}", rule.as_str())?;
    }
    let unchanged: Vec<&FileFix> = run.files.iter().filter(|f| f.unchanged.is_some()).collect();
    if !unchanged.is_empty() {
        writeln!(
            err,
            "Left unchanged, {} {}:",
            unchanged.len(),
            plural(unchanged.len(), "file", "files")
        )?;
        for file in unchanged {
            writeln!(
                err,
                "  {}: {}",
                file.report.path.display(),
                file.unchanged.as_deref().unwrap_or_default()
            )?;
        }
    }
    let remaining: usize = run
        .files
        .iter()
        .map(|f| {
            f.report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count()
        })
        .sum();
    if remaining > 0 {
        let whereabouts = if mode == FixMode::Diff {
            "run `check` to see them"
        } else {
            "shown above"
        };
        writeln!(
            err,
            "{remaining} {} left ({whereabouts}).",
            plural(remaining, "finding", "findings")
        )?;
    }
    if !run.skipped.is_empty() {
        let parts: Vec<String> = run
            .skipped
            .iter()
            .map(|(reason, n)| format!("{n} {}", reason.describe()))
            .collect();
        writeln!(err, "Skipped: {}.", parts.join(", "))?;
    }
    Ok(())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
