//! The migration report (`jweixin-migrate report`): where a codebase stands on its way from
//! jweixin to `@wecom/jssdk`, as Markdown for a pull-request comment or a wiki page and as one
//! self-contained HTML page. Totals, progress, findings per rule, what `fix` migrates now,
//! per file what is left, each blocker with its rule, the manual step and the rule's `explain`
//! text. Built from per-file results ([`FileEntry`], made on the workers), rendered once;
//! the output depends only on the files, never on time or thread count.

mod html;
mod markdown;

pub use html::html_page;
pub use markdown::markdown;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::pipeline::FileReport;
use crate::rules::RuleId;
use crate::walk::SkipReason;
use crate::RunTotals;

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
    /// Could not be checked.
    Unreadable(String),
}

/// One file that uses an SDK, has findings or could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub status: FileStatus,
    pub findings: Vec<FindingEntry>,
}

impl FileEntry {
    /// The report's view of one file's check result, or `None` for a file with nothing to say
    /// (no SDK, no finding). Runs on the workers.
    pub fn from_report(report: &FileReport) -> Option<FileEntry> {
        let path = report.path.display().to_string();
        if let Some(error) = &report.error {
            return Some(FileEntry {
                path,
                status: FileStatus::Unreadable(error.clone()),
                findings: Vec::new(),
            });
        }
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
        let sdk = report.links.sdk;
        let legacy_reported = findings.iter().any(|f| f.severity == Severity::Error);
        let status = if legacy_reported {
            FileStatus::Left
        } else if sdk.legacy || sdk.legacy_tag {
            FileStatus::Kept
        } else if sdk.wecom || sdk.wecom_tag {
            FileStatus::Migrated
        } else if findings.is_empty() {
            return None;
        } else {
            // Warnings only, in a file that uses neither SDK's calls.
            FileStatus::Migrated
        };
        Some(FileEntry { path, status, findings })
    }

    pub fn blockers(&self) -> impl Iterator<Item = &FindingEntry> {
        self.findings.iter().filter(|f| f.blocks())
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// The paths checked, as given.
    pub paths: Vec<String>,
    pub files_scanned: usize,
    /// In path order.
    pub files: Vec<FileEntry>,
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
    pub fn new(paths: &[PathBuf], files: Vec<FileEntry>, totals: &RunTotals) -> MigrationReport {
        MigrationReport {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
            files_scanned: totals.files_scanned,
            files,
            skipped: totals.skipped.clone(),
            walk_errors: totals
                .walk_errors
                .iter()
                .map(|(p, m)| (p.display().to_string(), m.clone()))
                .collect(),
        }
    }

    pub fn with_status<'a>(&'a self, wanted: &'a FileStatus) -> impl Iterator<Item = &'a FileEntry> + 'a {
        self.files.iter().filter(move |f| f.status == *wanted)
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

    /// Files with legacy use that `fix` migrates now, and files it leaves (with blockers).
    pub fn fixable_and_blocked(&self) -> (Vec<&FileEntry>, Vec<&FileEntry>) {
        self.with_status(&FileStatus::Left)
            .partition(|f| f.blockers().next().is_none())
    }

    /// The rules that have a blocker, in rule order.
    pub fn blocking_rules(&self) -> Vec<RuleId> {
        let mut rules: Vec<RuleId> = self.files.iter().flat_map(|f| f.blockers()).map(|f| f.rule).collect();
        rules.sort();
        rules.dedup();
        rules
    }
}
