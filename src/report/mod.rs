//! Everything the tool prints about a `check` run: human code frames with a summary, JSON,
//! GitHub workflow annotations and SARIF. Only this module and `main` print.

mod github;
mod human;
mod json;
mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::cli::Format;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::FileReport;
use crate::rules::RuleId;
use crate::source::{LineColumn, SourceFile};
use crate::CheckRun;

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
    run.reports.iter().flat_map(|report| {
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
    let mut all: Vec<(String, &str)> = run
        .reports
        .iter()
        .filter_map(|r| Some((r.path.display().to_string(), r.error.as_deref()?)))
        .chain(
            run.walk_errors
                .iter()
                .map(|(p, m)| (p.display().to_string(), m.as_str())),
        )
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
            human::write(run, color, out)?;
            human::write_errors(run, err)?;
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

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
