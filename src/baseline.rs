//! The baseline: a file listing the findings a team accepts for now, so that `check` fails
//! only on new ones while a migration of months goes on. Entries match by rule, file and the
//! finding's code fingerprint (`fingerprint.rs`), not by line, with a count for identical
//! code in one file. Entries that no longer match are reported so the file can shrink;
//! `--write-baseline` rewrites it without them and, unless `--grow` is given, adds nothing.
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {"file": "src/pay.js", "rule": "wx-api", "fingerprint": "9f2c…", "count": 1, "code": "wx . chooseWXPay { …"}
//!   ]
//! }
//! ```
//!
//! `file` is relative to the baseline file's folder, so a baseline works from any current
//! folder; `code` only shows a reader what the entry stands for.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::absolute_path;
use crate::fingerprint;
use crate::pipeline::FileReport;

/// The baseline format this tool reads and writes.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    entries: Vec<EntryFile>,
}

#[derive(Serialize, Deserialize)]
struct EntryFile {
    file: String,
    rule: String,
    fingerprint: String,
    count: usize,
    code: String,
}

/// What a finding is matched by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// Relative to the baseline's folder, with `/`.
    pub file: String,
    pub rule: String,
    pub fingerprint: String,
}

/// How many findings an entry stands for, and their code.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    count: usize,
    code: String,
}

/// A baseline, read (or empty when a new one is written).
#[derive(Debug)]
pub struct Baseline {
    /// The absolute folder that entry paths are relative to.
    dir: PathBuf,
    entries: BTreeMap<Key, Entry>,
    /// Every finding counts as known: a new baseline is being written, or `--grow`.
    takes_all: bool,
}

/// One file's findings as the baseline sees them.
#[derive(Debug, Default)]
pub struct FileMatch {
    /// Every finding's key (before filtering), with its code.
    seen: Vec<(Key, String)>,
    /// Per finding: the baseline holds it.
    known: Vec<bool>,
    /// Findings the baseline holds.
    pub matched: usize,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a jweixin-migrate baseline: {e}", path.display()))?;
        if file.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not one this tool reads (it reads version {VERSION})",
                path.display(),
                file.version
            ));
        }
        let mut entries = BTreeMap::new();
        for entry in file.entries {
            let key = Key {
                file: entry.file,
                rule: entry.rule,
                fingerprint: entry.fingerprint,
            };
            entries.insert(
                key,
                Entry {
                    count: entry.count,
                    code: entry.code,
                },
            );
        }
        Ok(Baseline {
            dir: folder_of(path),
            entries,
            takes_all: false,
        })
    }

    /// A baseline with no entries that takes every finding: the one `--write-baseline` starts
    /// from when its file does not exist yet.
    pub fn new_at(path: &Path) -> Baseline {
        Baseline {
            dir: folder_of(path),
            entries: BTreeMap::new(),
            takes_all: true,
        }
    }

    /// Makes every finding count as known (`--write-baseline --grow`).
    pub fn take_all(&mut self) {
        self.takes_all = true;
    }

    pub fn len(&self) -> usize {
        self.entries.values().map(|e| e.count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Which of one file's findings the baseline holds (runs on the workers); [`FileMatch::apply`]
    /// then takes them out of the report.
    pub fn examine(&self, report: &FileReport) -> FileMatch {
        let (Some(source), false) = (&report.source, report.diagnostics.is_empty()) else {
            return FileMatch::default();
        };
        let file = relative_to(&self.dir, &absolute_path(&report.path));
        let codes = fingerprint::codes(source, &report.diagnostics);
        let seen: Vec<(Key, String)> = report
            .diagnostics
            .iter()
            .zip(codes)
            .map(|(d, code)| {
                let rule = d.rule.as_str();
                let key = Key {
                    file: file.clone(),
                    rule: rule.to_string(),
                    fingerprint: code.fingerprint(rule),
                };
                (key, code.shown())
            })
            .collect();
        let mut taken: BTreeMap<&Key, usize> = BTreeMap::new();
        let known: Vec<bool> = seen
            .iter()
            .map(|(key, _)| {
                if self.takes_all {
                    return true;
                }
                let budget = self.entries.get(key).map_or(0, |e| e.count);
                let used = taken.entry(key).or_default();
                *used += 1;
                *used <= budget
            })
            .collect();
        FileMatch {
            matched: known.iter().filter(|k| **k).count(),
            known,
            seen,
        }
    }
}

impl FileMatch {
    /// Removes the findings the baseline holds from the report they were examined in.
    pub fn apply(self, report: &mut FileReport) -> FileMatch {
        let mut known = self.known.iter();
        report.diagnostics.retain(|_| !known.next().copied().unwrap_or(false));
        self
    }
}

/// What a whole run did with the baseline, gathered file by file.
#[derive(Debug, Default)]
pub struct Ledger {
    seen: BTreeMap<Key, Entry>,
    matched: usize,
}

impl Ledger {
    pub fn add(&mut self, file: FileMatch) {
        self.matched += file.matched;
        for (key, code) in file.seen {
            self.seen.entry(key).or_insert(Entry { count: 0, code }).count += 1;
        }
    }
}

/// The baseline's part of a run's summary.
#[derive(Debug, PartialEq, Eq)]
pub struct BaselineSummary {
    /// Findings not reported because the baseline holds them.
    pub matched: usize,
    /// Entries (counted per finding) for checked files that matched nothing.
    pub stale: usize,
    /// With `--write-baseline`: the file written and how many findings it holds.
    pub written: Option<(PathBuf, usize)>,
}

impl Baseline {
    /// Ends a run: counts the stale entries for the files under `roots` and, when `write_to`
    /// is given, writes the new baseline there: the old entries outside `roots` as they were,
    /// and for the files checked, the findings still present (only those already in the
    /// baseline, unless it takes all).
    pub fn finish(
        &self,
        ledger: Ledger,
        roots: &[PathBuf],
        write_to: Option<&Path>,
    ) -> Result<BaselineSummary, String> {
        let roots: Vec<PathBuf> = roots.iter().map(|r| absolute_path(r)).collect();
        let checked = |key: &Key| {
            let full = absolute_path(&self.dir.join(&key.file));
            roots.iter().any(|root| full.starts_with(root))
        };
        let mut stale = 0;
        let mut kept: BTreeMap<Key, Entry> = BTreeMap::new();
        for (key, entry) in &self.entries {
            if !checked(key) {
                kept.insert(key.clone(), entry.clone());
                continue;
            }
            let present = ledger.seen.get(key).map_or(0, |e| e.count);
            stale += entry.count.saturating_sub(present);
            if present > 0 {
                let count = if self.takes_all {
                    present
                } else {
                    present.min(entry.count)
                };
                kept.insert(
                    key.clone(),
                    Entry {
                        count,
                        code: entry.code.clone(),
                    },
                );
            }
        }
        if self.takes_all {
            for (key, entry) in &ledger.seen {
                kept.entry(key.clone()).or_insert_with(|| entry.clone());
            }
        }
        let written = match write_to {
            None => None,
            Some(path) => {
                let file = BaselineFile {
                    version: VERSION,
                    entries: kept
                        .iter()
                        .map(|(key, entry)| EntryFile {
                            file: key.file.clone(),
                            rule: key.rule.clone(),
                            fingerprint: key.fingerprint.clone(),
                            count: entry.count,
                            code: entry.code.clone(),
                        })
                        .collect(),
                };
                let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
                text.push('\n');
                std::fs::write(path, text).map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))?;
                Some((path.to_path_buf(), kept.values().map(|e| e.count).sum()))
            }
        };
        Ok(BaselineSummary {
            matched: ledger.matched,
            stale,
            written,
        })
    }
}

fn folder_of(path: &Path) -> PathBuf {
    absolute_path(path).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `path` relative to `dir` (both absolute and normalised), with `..` where needed and `/`
/// between parts.
fn relative_to(dir: &Path, path: &Path) -> String {
    let dir: Vec<Component> = dir.components().collect();
    let path: Vec<Component> = path.components().collect();
    let common = dir.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); dir.len() - common];
    parts.extend(
        path[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_with_dot_dot() {
        assert_eq!(relative_to(Path::new("/p/ci"), Path::new("/p/src/a.js")), "../src/a.js");
        assert_eq!(relative_to(Path::new("/p"), Path::new("/p/src/a.js")), "src/a.js");
    }
}
