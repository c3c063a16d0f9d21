//! Everything the tool prints about a run: human code frames with a summary, JSON, GitHub
//! workflow annotations, SARIF, and diffs. Each file's part is rendered on the worker that
//! checked it ([`CheckRenderer`], [`FixRenderer`]); the writers ([`CheckWriter`],
//! [`FixWriter`]) put the parts out in path order as they come and keep only what the closing
//! summary needs. Only this module and `main` print.

mod checkstyle;
mod config_error;
mod diff;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
pub mod migration;
mod progress;
mod sarif;
mod units;
mod xml;

pub use config_error::config_error;
pub use diff::unified_diff;
pub use progress::TerminalProgress;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::cli::Format;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::FileReport;
use crate::project::fate::UnitReport;
use crate::rules::RuleId;
use crate::source::{LineColumn, SourceFile};
use crate::{FileFix, FixMode, RunTotals};

/// A diagnostic with its file and resolved positions.
pub(crate) struct Located<'a> {
    pub report: &'a FileReport,
    pub source: &'a SourceFile,
    pub diagnostic: &'a Diagnostic,
    pub start: LineColumn,
    pub end: LineColumn,
}

/// Every diagnostic of one file report, in its order.
pub(crate) fn located(report: &FileReport) -> impl Iterator<Item = Located<'_>> {
    report.source.iter().flat_map(move |source| {
        report.diagnostics.iter().map(move |diagnostic| Located {
            report,
            source,
            diagnostic,
            start: source.locate(diagnostic.range.start),
            end: source.locate(diagnostic.range.end),
        })
    })
}

/// A file that could not be checked, or a folder that could not be walked: (path, message).
type Problem = (String, String);

fn problem_of(report: &FileReport) -> Option<Problem> {
    Some((report.path.display().to_string(), report.error.clone()?))
}

/// The problems of a run, sorted, with the folders the walk could not read.
fn all_problems(mut problems: Vec<Problem>, totals: &RunTotals) -> Vec<Problem> {
    problems.extend(
        totals
            .walk_errors
            .iter()
            .map(|(path, message)| (path.display().to_string(), message.clone())),
    );
    problems.sort();
    problems
}

/// Findings per rule in a list of diagnostics.
fn count_rules(diagnostics: &[Diagnostic]) -> Vec<(RuleId, usize)> {
    let mut counts: Vec<(RuleId, usize)> = Vec::new();
    for d in diagnostics {
        match counts.iter_mut().find(|(rule, _)| *rule == d.rule) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.rule, 1)),
        }
    }
    counts
}

fn error_findings(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}

/// Output written so far and the first write error, after which nothing more is written.
struct Sink<'o> {
    out: &'o mut (dyn Write + Send),
    failed: Option<io::Error>,
}

impl Sink<'_> {
    fn put(&mut self, text: &str) {
        if self.failed.is_none() && !text.is_empty() {
            if let Err(error) = self.out.write_all(text.as_bytes()) {
                self.failed = Some(error);
            }
        }
    }

    fn into_result(self) -> io::Result<()> {
        match self.failed {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

/// Renders one file's part of `check`'s output; runs on the worker threads.
pub struct CheckRenderer {
    format: Format,
    color: bool,
}

/// One file's part of `check`'s output, and the counts the summary needs from it.
pub struct RenderedCheck {
    path: std::path::PathBuf,
    text: String,
    per_rule: Vec<(RuleId, usize)>,
    error_findings: usize,
    problem: Option<Problem>,
}

impl CheckRenderer {
    pub fn new(format: Format, color: bool) -> CheckRenderer {
        CheckRenderer { format, color }
    }

    pub fn render(&self, report: &FileReport) -> RenderedCheck {
        let text = match self.format {
            // Every file checked is a test case, passed or failed.
            Format::Junit => junit::render(report),
            _ if report.diagnostics.is_empty() => String::new(),
            Format::Human => human::render(report, self.color),
            Format::Json => json::render(report),
            Format::Github => github::render(report),
            Format::Sarif => sarif::render(report),
            Format::Gitlab => gitlab::render(report),
            Format::Checkstyle => checkstyle::render(report),
        };
        RenderedCheck {
            path: report.path.clone(),
            text,
            per_rule: count_rules(&report.diagnostics),
            error_findings: error_findings(&report.diagnostics),
            problem: problem_of(report),
        }
    }
}

/// Writes `check`'s output file by file, in the order given.
pub struct CheckWriter<'o> {
    format: Format,
    sink: Sink<'o>,
    items: usize,
    per_rule: BTreeMap<RuleId, usize>,
    files_with_findings: usize,
    error_findings: usize,
    problems: Vec<Problem>,
    /// JUnit: the test cases, kept until the suite's counts are known.
    junit_cases: Vec<(std::path::PathBuf, String)>,
}

/// What the exit status of `check` depends on.
pub struct CheckSummary {
    /// Some finding fails the check (warnings do not).
    pub legacy_found: bool,
    /// Every file failed, so nothing was really checked.
    pub nothing_checked: bool,
}

impl<'o> CheckWriter<'o> {
    /// Starts the output (the opening of a JSON or SARIF document).
    pub fn begin(format: Format, out: &'o mut (dyn Write + Send)) -> CheckWriter<'o> {
        let mut sink = Sink { out, failed: None };
        match format {
            Format::Json => sink.put(json::BEGIN),
            Format::Sarif => sink.put(&sarif::begin()),
            Format::Gitlab => sink.put(gitlab::BEGIN),
            Format::Checkstyle => sink.put(checkstyle::BEGIN),
            Format::Human | Format::Github | Format::Junit => {}
        }
        CheckWriter {
            format,
            sink,
            items: 0,
            per_rule: BTreeMap::new(),
            files_with_findings: 0,
            error_findings: 0,
            problems: Vec::new(),
            junit_cases: Vec::new(),
        }
    }

    /// The files read without findings: JUnit lists each as a passing test case (the other
    /// formats list findings only).
    pub fn passed<'p>(&mut self, checked: impl Iterator<Item = &'p std::path::Path>) {
        if self.format != Format::Junit {
            return;
        }
        let listed: std::collections::HashSet<std::path::PathBuf> =
            self.junit_cases.iter().map(|(path, _)| path.clone()).collect();
        for path in checked.filter(|p| !listed.contains(*p)) {
            self.junit_cases.push((path.to_path_buf(), junit::passed(path)));
        }
    }

    /// Writes the next file's part.
    pub fn file(&mut self, rendered: RenderedCheck) {
        if self.format == Format::Junit {
            self.junit_cases.push((rendered.path, rendered.text));
        } else if !rendered.text.is_empty() {
            if matches!(self.format, Format::Json | Format::Sarif | Format::Gitlab) {
                self.sink.put(if self.items == 0 { "\n" } else { ",\n" });
            }
            self.sink.put(&rendered.text);
            self.items += 1;
        }
        if !rendered.per_rule.is_empty() {
            self.files_with_findings += 1;
        }
        for (rule, n) in rendered.per_rule {
            *self.per_rule.entry(rule).or_default() += n;
        }
        self.error_findings += rendered.error_findings;
        self.problems.extend(rendered.problem);
    }

    /// Ends the output with the units; the human summary goes to `err`.
    pub fn finish(mut self, totals: &RunTotals, units: &[UnitReport], err: &mut dyn Write) -> io::Result<CheckSummary> {
        let failed_files = self.problems.len();
        let problems = all_problems(std::mem::take(&mut self.problems), totals);
        let closed = self.items > 0;
        match self.format {
            Format::Human => {
                human::write_problems(&problems, err)?;
                self.write_summary(totals, problems.len(), err)?;
                units::write_forecast(units, err)?;
            }
            Format::Json => self
                .sink
                .put(&json::end(closed, units, totals.files_scanned, &problems)),
            Format::Github => self.sink.put(&github::problems(&problems)),
            Format::Sarif => self.sink.put(&sarif::end(closed, &problems)),
            Format::Gitlab => {
                // Code Quality has no place for files that could not be checked: the log has.
                human::write_problems(&problems, err)?;
                self.sink.put(&gitlab::end(closed));
            }
            Format::Checkstyle => self.sink.put(&checkstyle::end(&problems)),
            Format::Junit => {
                let walk_errors = all_problems(Vec::new(), totals);
                self.junit_cases.sort_by(|a, b| a.0.cmp(&b.0));
                let cases: String = self.junit_cases.iter().map(|(_, case)| case.as_str()).collect();
                self.sink.put(&junit::document(
                    &cases,
                    totals.files_scanned,
                    self.error_findings,
                    failed_files,
                    &walk_errors,
                ));
            }
        }
        self.sink.into_result()?;
        Ok(CheckSummary {
            legacy_found: self.error_findings > 0,
            nothing_checked: failed_files > 0 && failed_files == totals.files_scanned,
        })
    }

    /// The closing summary: files scanned, files with legacy use, findings per rule, time, skips.
    fn write_summary(&self, totals: &RunTotals, problems: usize, err: &mut dyn Write) -> io::Result<()> {
        let findings: usize = self.per_rule.values().sum();
        writeln!(
            err,
            "Scanned {} {} in {:.2}s: {} {} in {} {}.",
            totals.files_scanned,
            plural(totals.files_scanned, "file", "files"),
            totals.elapsed.as_secs_f64(),
            findings,
            plural(findings, "finding", "findings"),
            self.files_with_findings,
            plural(self.files_with_findings, "file", "files"),
        )?;
        for (rule, count) in &self.per_rule {
            writeln!(err, "  {:<width$} {count}", rule.as_str(), width = RuleId::id_width())?;
        }
        write_skipped(totals, err)?;
        if problems > 0 {
            writeln!(
                err,
                "{problems} {} could not be checked (see above).",
                plural(problems, "file", "files")
            )?;
        }
        Ok(())
    }
}

fn write_skipped(totals: &RunTotals, err: &mut dyn Write) -> io::Result<()> {
    if !totals.skipped.is_empty() {
        let parts: Vec<String> = totals.skipped.iter().map(|(reason, n)| reason.counted(*n)).collect();
        writeln!(err, "Skipped: {}.", parts.join(", "))?;
    }
    Ok(())
}

/// Renders one file's part of `fix`'s output; runs on the worker threads.
pub struct FixRenderer {
    mode: FixMode,
    color: bool,
}

/// One file's part of `fix`'s output, and the counts the summary needs from it.
pub struct RenderedFix {
    text: String,
    fixed_per_rule: Vec<(RuleId, usize)>,
    changed: bool,
    unchanged: Option<Problem>,
    error_findings: usize,
    problem: Option<Problem>,
}

impl FixRenderer {
    pub fn new(mode: FixMode, color: bool) -> FixRenderer {
        FixRenderer { mode, color }
    }

    pub fn render(&self, file: &FileFix) -> RenderedFix {
        let text = match self.mode {
            FixMode::Diff => file.diff.clone().unwrap_or_default(),
            FixMode::Write if file.report.diagnostics.is_empty() => String::new(),
            FixMode::Write => human::render(&file.report, self.color),
        };
        let path = || file.report.path.display().to_string();
        RenderedFix {
            text,
            fixed_per_rule: file.fixed_per_rule.iter().map(|(r, n)| (*r, *n)).collect(),
            changed: file.changed,
            unchanged: file.unchanged.as_ref().map(|why| (path(), why.clone())),
            error_findings: error_findings(&file.report.diagnostics),
            problem: problem_of(&file.report),
        }
    }
}

/// Writes `fix`'s output (diffs, or the findings left) file by file, in the order given.
pub struct FixWriter<'o> {
    mode: FixMode,
    /// `fix --add-suppressions`: the counts are findings suppressed, not fixed.
    suppressing: bool,
    sink: Sink<'o>,
    fixed_per_rule: BTreeMap<RuleId, usize>,
    changed: usize,
    unchanged: Vec<Problem>,
    error_findings: usize,
    problems: Vec<Problem>,
}

/// What the exit status of `fix` depends on.
pub struct FixSummary {
    /// With `--diff`: some file would change.
    pub changed_any: bool,
    /// Legacy use is left in some file.
    pub legacy_left: bool,
    /// Every file failed.
    pub nothing_fixed: bool,
}

impl<'o> FixWriter<'o> {
    pub fn begin(mode: FixMode, out: &'o mut (dyn Write + Send)) -> FixWriter<'o> {
        FixWriter {
            mode,
            suppressing: false,
            sink: Sink { out, failed: None },
            fixed_per_rule: BTreeMap::new(),
            changed: 0,
            unchanged: Vec::new(),
            error_findings: 0,
            problems: Vec::new(),
        }
    }

    /// A writer for `fix --add-suppressions`.
    pub fn begin_suppressing(mode: FixMode, out: &'o mut (dyn Write + Send)) -> FixWriter<'o> {
        FixWriter {
            suppressing: true,
            ..FixWriter::begin(mode, out)
        }
    }

    /// Writes the next file's part.
    pub fn file(&mut self, rendered: RenderedFix) {
        self.sink.put(&rendered.text);
        for (rule, n) in rendered.fixed_per_rule {
            *self.fixed_per_rule.entry(rule).or_default() += n;
        }
        self.changed += usize::from(rendered.changed);
        self.unchanged.extend(rendered.unchanged);
        self.error_findings += rendered.error_findings;
        self.problems.extend(rendered.problem);
    }

    /// Ends the output: the files that could not be read and the summary, unit by unit, go
    /// to `err`.
    pub fn finish(mut self, totals: &RunTotals, units: &[UnitReport], err: &mut dyn Write) -> io::Result<FixSummary> {
        let failed_files = self.problems.len();
        let problems = all_problems(std::mem::take(&mut self.problems), totals);
        human::write_problems(&problems, err)?;
        self.write_summary(totals, units, err)?;
        self.sink.into_result()?;
        Ok(FixSummary {
            changed_any: self.changed > 0,
            legacy_left: self.error_findings > 0,
            nothing_fixed: failed_files > 0 && failed_files == totals.files_scanned,
        })
    }

    fn write_summary(&self, totals: &RunTotals, units: &[UnitReport], err: &mut dyn Write) -> io::Result<()> {
        let fixed: usize = self.fixed_per_rule.values().sum();
        let diff = self.mode == FixMode::Diff;
        let verb = match (diff, self.suppressing) {
            (true, false) => "Would fix",
            (false, false) => "Fixed",
            (true, true) => "Would suppress",
            (false, true) => "Suppressed",
        };
        writeln!(
            err,
            "{verb} {fixed} {} in {} {} ({} {} scanned in {:.2}s).",
            plural(fixed, "finding", "findings"),
            self.changed,
            plural(self.changed, "file", "files"),
            totals.files_scanned,
            plural(totals.files_scanned, "file", "files"),
            totals.elapsed.as_secs_f64(),
        )?;
        for (rule, count) in &self.fixed_per_rule {
            writeln!(err, "  {:<width$} {count}", rule.as_str(), width = RuleId::id_width())?;
        }
        units::write_fates(units, diff, err)?;
        // Files outside every unit that were left, with their reasons.
        let outside: Vec<&Problem> = self
            .unchanged
            .iter()
            .filter(|(path, _)| {
                !units
                    .iter()
                    .any(|u| u.members.iter().any(|m| m.path.display().to_string() == *path))
            })
            .collect();
        if !outside.is_empty() {
            writeln!(
                err,
                "Left unchanged, {} {}:",
                outside.len(),
                plural(outside.len(), "file", "files")
            )?;
            for (path, why) in outside {
                writeln!(err, "  {path}: {why}")?;
            }
        }
        let remaining = self.error_findings;
        if remaining > 0 {
            let whereabouts = if diff { "run `check` to see them" } else { "shown above" };
            writeln!(
                err,
                "{remaining} {} left ({whereabouts}).",
                plural(remaining, "finding", "findings")
            )?;
        }
        units::write_mixed(units, diff, err)?;
        write_skipped(totals, err)
    }
}

/// What the baseline did in a run, after the summary: findings it held back, entries that
/// match nothing any more, and the file written.
pub fn baseline_summary(
    summary: &crate::baseline::BaselineSummary,
    file: Option<&std::path::Path>,
    err: &mut dyn Write,
) -> io::Result<()> {
    let name = file.map(|f| f.display().to_string()).unwrap_or_default();
    if summary.matched > 0 {
        writeln!(
            err,
            "Baseline: {} {} in {name} not reported.",
            summary.matched,
            plural(summary.matched, "finding", "findings")
        )?;
    }
    if let Some((path, findings)) = &summary.written {
        let dropped = if summary.stale > 0 {
            format!(
                "; dropped {} that no longer {}",
                summary.stale,
                plural(summary.stale, "matches", "match")
            )
        } else {
            String::new()
        };
        writeln!(
            err,
            "Baseline: wrote {} ({findings} {}{dropped}).",
            path.display(),
            plural(*findings, "finding", "findings")
        )?;
    } else if summary.stale > 0 {
        writeln!(
            err,
            "Baseline: {} {} in {name} no longer {} (fixed, or the code changed); `check --write-baseline {name}` removes {}.",
            summary.stale,
            plural(summary.stale, "entry", "entries"),
            plural(summary.stale, "matches", "match"),
            plural(summary.stale, "it", "them"),
        )?;
    }
    Ok(())
}

/// The findings left in one file, as code frames without colour (for `--stdin-filename`).
pub fn print_remaining(report: &FileReport, err: &mut dyn Write) -> io::Result<()> {
    err.write_all(human::render(report, false).as_bytes())?;
    if let Some(reason) = &report.error {
        writeln!(err, "{}: left unchanged: {reason}", report.path.display())?;
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
