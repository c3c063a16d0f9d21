//! The migration report (`jweixin-migrate report`): where a codebase stands on its way from
//! jweixin to `@wecom/jssdk`, as Markdown for a pull-request comment or a wiki page and as one
//! self-contained HTML page. Totals, progress, findings per rule, what `fix` migrates now,
//! each migration unit (moved, movable, blocked and by what), per file what is left, each
//! blocker with its rule, the manual step and the rule's `explain` text. Built from a
//! `check` run's reports and units, rendered once; the output depends only on the files,
//! never on time or thread count.

mod html;
mod markdown;

pub use html::html_page;
pub use markdown::markdown;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::pipeline::FileReport;
use crate::project::fate::{Side, UnitReport, UnitStatus};
use crate::rules::RuleId;
use crate::walk::SkipReason;
use crate::CheckRun;

/// What the fix of a finding can do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixState {
    /// `fix` applies it.
    Safe,
    /// Only `fix --unsafe-fixes`; the title says what may change.
    Unsafe(String),
    /// No fix: a change by hand.
    Manual,
}

/// One finding, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingEntry {
    pub line: usize,
    pub column: usize,
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// What to do instead (the manual step for a blocker).
    pub help: String,
    pub fix: FixState,
}

impl FindingEntry {
    /// A finding that keeps its file from being migrated by `fix` (a file moves whole).
    pub fn blocks(&self) -> bool {
        self.severity == Severity::Error && self.fix != FixState::Safe
    }
}

/// Where one file stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// On `@wecom/jssdk`, no legacy use left.
    Migrated,
    /// Legacy use reported.
    Left,
    /// Legacy use that is not reported: suppressed, or its rules turned down in the config.
    Kept,
    /// No SDK use; only warnings (a stale suppression, say).
    Other,
    /// Could not be checked.
    Unreadable(String),
}

/// One file that uses an SDK, has findings or could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub status: FileStatus,
    /// The migration unit the file belongs to.
    pub unit: Option<String>,
    pub findings: Vec<FindingEntry>,
}

impl FileEntry {
    fn from_report(report: &FileReport, side: Option<Side>) -> FileEntry {
        let path = report.path.display().to_string();
        let findings: Vec<FindingEntry> = match &report.source {
            None => Vec::new(),
            Some(source) => report
                .diagnostics
                .iter()
                .map(|d| {
                    let at = source.locate(d.range.start);
                    FindingEntry {
                        line: at.line,
                        column: at.column,
                        rule: d.rule,
                        severity: d.severity,
                        message: d.message.clone(),
                        help: d.help.clone(),
                        fix: match &d.fix {
                            Some(fix) if fix.applicability == Applicability::Safe => FixState::Safe,
                            Some(fix) if fix.applicability == Applicability::Unsafe => {
                                FixState::Unsafe(fix.title.clone())
                            }
                            _ => FixState::Manual,
                        },
                    }
                })
                .collect(),
        };
        let status = match &report.error {
            Some(error) => FileStatus::Unreadable(error.clone()),
            None if findings.iter().any(|f| f.severity == Severity::Error) => FileStatus::Left,
            None => status_of_member(side),
        };
        FileEntry {
            path,
            status,
            unit: report.unit.clone(),
            findings,
        }
    }

    pub fn blockers(&self) -> impl Iterator<Item = &FindingEntry> {
        self.findings.iter().filter(|f| f.blocks())
    }
}

/// A file without reported legacy use, by the SDK its unit membership says it uses.
fn status_of_member(side: Option<Side>) -> FileStatus {
    match side {
        Some(Side::Wecom) => FileStatus::Migrated,
        Some(Side::Legacy | Side::Both) => FileStatus::Kept,
        None => FileStatus::Other,
    }
}

/// Where one migration unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnitState {
    /// Every legacy finding has a safe fix: `fix` moves the unit.
    Fixable,
    /// Every legacy finding has a fix, some only an unsafe one.
    NeedsUnsafeFixes,
    /// Some legacy use has no fix that may be applied: `fix` leaves the unit as it is.
    Blocked,
    /// Legacy use that is not reported (suppressed or turned off): it stays on purpose.
    Kept,
    /// On `@wecom/jssdk`, nothing left.
    Migrated,
}

/// One reason a unit stays on jweixin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockerEntry {
    /// `file`, or `file:line:column`.
    pub at: String,
    pub rule: Option<RuleId>,
    pub why: String,
}

/// One migration unit: a page with the scripts and modules it loads, which moves whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitEntry {
    pub id: String,
    /// Each member, the SDK it uses, and whether it is outside the paths checked.
    pub members: Vec<(String, Side, bool)>,
    pub state: UnitState,
    pub blockers: Vec<BlockerEntry>,
}

impl UnitEntry {
    fn new(unit: &UnitReport, reported_legacy: &dyn Fn(&str) -> bool) -> UnitEntry {
        let members: Vec<(String, Side, bool)> = unit
            .members
            .iter()
            .map(|m| (m.path.display().to_string(), m.side, m.outside_run))
            .collect();
        let state = match unit.status {
            // No legacy use that must change, yet a member on jweixin: suppressed on purpose.
            UnitStatus::Clean if members.iter().any(|(_, side, _)| *side != Side::Wecom) => UnitState::Kept,
            UnitStatus::Clean | UnitStatus::Migrated => UnitState::Migrated,
            _ if unit.blockers.is_empty() && !members.iter().any(|(path, _, _)| reported_legacy(path)) => {
                UnitState::Kept
            }
            UnitStatus::Fixable => UnitState::Fixable,
            UnitStatus::NeedsUnsafeFixes => UnitState::NeedsUnsafeFixes,
            UnitStatus::Blocked => UnitState::Blocked,
        };
        let blockers = unit
            .blockers
            .iter()
            .map(|b| BlockerEntry {
                at: match (b.line, b.column) {
                    (Some(line), Some(column)) => format!("{}:{line}:{column}", b.file.display()),
                    _ => b.file.display().to_string(),
                },
                rule: b.rule,
                why: b.why.clone(),
            })
            .collect();
        UnitEntry {
            id: unit.id.clone(),
            members,
            state,
            blockers,
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// The paths checked, as given.
    pub paths: Vec<String>,
    pub files_scanned: usize,
    /// Files with findings or errors and the unit members without, in path order.
    pub files: Vec<FileEntry>,
    /// The units that use an SDK, in the run's order.
    pub units: Vec<UnitEntry>,
    pub skipped: BTreeMap<SkipReason, usize>,
    /// Folders that could not be walked.
    pub walk_errors: Vec<(String, String)>,
}

/// Counts of findings by what their fix can do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixCounts {
    pub safe: usize,
    pub unsafe_only: usize,
    pub manual: usize,
}

impl FixCounts {
    fn add(&mut self, finding: &FindingEntry) {
        match finding.fix {
            FixState::Safe => self.safe += 1,
            FixState::Unsafe(_) => self.unsafe_only += 1,
            FixState::Manual => self.manual += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.safe + self.unsafe_only + self.manual
    }
}

impl MigrationReport {
    /// The report of a `check` run.
    pub fn new(paths: &[PathBuf], run: &CheckRun) -> MigrationReport {
        let sides: BTreeMap<String, Side> = run
            .units
            .iter()
            .flat_map(|u| &u.members)
            .filter(|m| !m.outside_run)
            .map(|m| (m.path.display().to_string(), m.side))
            .collect();
        let mut files: BTreeMap<String, FileEntry> = run
            .reports
            .iter()
            .map(|r| {
                let path = r.path.display().to_string();
                let entry = FileEntry::from_report(r, sides.get(&path).copied());
                (path, entry)
            })
            .collect();
        for unit in &run.units {
            for member in unit.members.iter().filter(|m| !m.outside_run) {
                let path = member.path.display().to_string();
                files.entry(path.clone()).or_insert_with(|| FileEntry {
                    path,
                    status: status_of_member(Some(member.side)),
                    unit: Some(unit.id.clone()),
                    findings: Vec::new(),
                });
            }
        }
        let reported_legacy = |path: &str| {
            files
                .get(path)
                .is_some_and(|f| matches!(f.status, FileStatus::Left | FileStatus::Unreadable(_)))
        };
        let units = run.units.iter().map(|u| UnitEntry::new(u, &reported_legacy)).collect();
        let mut files: Vec<FileEntry> = files.into_values().collect();
        files.sort_by(|a, b| std::path::Path::new(&a.path).cmp(std::path::Path::new(&b.path)));
        MigrationReport {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
            files_scanned: run.totals.files_scanned,
            files,
            units,
            skipped: run.totals.skipped.clone(),
            walk_errors: run
                .totals
                .walk_errors
                .iter()
                .map(|(p, m)| (p.display().to_string(), m.clone()))
                .collect(),
        }
    }

    pub fn with_status<'a>(&'a self, wanted: &'a FileStatus) -> impl Iterator<Item = &'a FileEntry> + 'a {
        self.files.iter().filter(move |f| f.status == *wanted)
    }

    pub fn units_in(&self, state: UnitState) -> impl Iterator<Item = &UnitEntry> + '_ {
        self.units.iter().filter(move |u| u.state == state)
    }

    /// Files on `@wecom/jssdk` and files still on jweixin (reported or kept).
    pub fn progress(&self) -> (usize, usize) {
        let migrated = self.with_status(&FileStatus::Migrated).count();
        let left = self
            .files
            .iter()
            .filter(|f| matches!(f.status, FileStatus::Left | FileStatus::Kept))
            .count();
        (migrated, left)
    }

    /// Legacy findings (errors) by what their fix can do, in total and per rule.
    pub fn fix_counts(&self) -> (FixCounts, BTreeMap<RuleId, FixCounts>) {
        let mut total = FixCounts::default();
        let mut per_rule: BTreeMap<RuleId, FixCounts> = BTreeMap::new();
        for finding in self.files.iter().flat_map(|f| &f.findings) {
            if finding.severity == Severity::Error {
                total.add(finding);
                per_rule.entry(finding.rule).or_default().add(finding);
            }
        }
        (total, per_rule)
    }

    /// Warnings: they do not fail `check` and block nothing.
    pub fn warnings(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }

    /// The state of a file's unit.
    pub fn unit_state(&self, file: &FileEntry) -> Option<UnitState> {
        let id = file.unit.as_ref()?;
        self.units.iter().find(|u| &u.id == id).map(|u| u.state)
    }

    /// Files with a finding that blocks (no safe fix), in path order.
    pub fn files_with_blockers(&self) -> impl Iterator<Item = &FileEntry> {
        self.files.iter().filter(|f| f.blockers().next().is_some())
    }
}
