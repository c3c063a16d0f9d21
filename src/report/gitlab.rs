//! GitLab Code Quality output: a JSON array of issues in the Code Climate format that GitLab
//! shows in merge requests (`artifacts: reports: codequality`). Each issue's fingerprint is
//! stable across runs: the file, the rule and the finding's code (`fingerprint.rs`), so an
//! issue is the same one after lines are added above it and GitLab can tell new from fixed.

use serde_json::json;

use super::json::nested;
use super::located;
use crate::diagnostic::Severity;
use crate::fingerprint;
use crate::pipeline::FileReport;

pub(super) const BEGIN: &str = "[";

/// One file's issues as list items, indented, separated by commas.
pub(super) fn render(report: &FileReport) -> String {
    let Some(source) = &report.source else {
        return String::new();
    };
    let codes = fingerprint::codes(source, &report.diagnostics);
    let path = report.path.display().to_string().replace('\\', "/");
    let mut seen: Vec<(String, usize)> = Vec::new();
    let items: Vec<String> = located(report)
        .zip(codes)
        .map(|(item, code)| {
            let d = item.diagnostic;
            let identity = format!("{}\u{0}{}", d.rule, code.tokens);
            // Identical code in one file: the first, second, ... of them.
            let occurrence = match seen.iter_mut().find(|(id, _)| *id == identity) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((identity, 0));
                    0
                }
            };
            let issue = json!({
                "type": "issue",
                "check_name": d.rule.as_str(),
                "description": d.message,
                "content": { "body": d.help },
                "categories": ["Compatibility"],
                "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "fingerprint": fingerprint::digest(&[&path, d.rule.as_str(), &code.tokens, &occurrence.to_string()]),
                "location": {
                    "path": path,
                    "lines": { "begin": item.start.line, "end": item.end.line },
                },
            });
            nested(&issue, 1, true)
        })
        .collect();
    items.join(",\n")
}

/// The end of the array.
pub(super) fn end(any_issues: bool) -> String {
    if any_issues { "\n]\n" } else { "]\n" }.to_string()
}
