//! JUnit XML output, which Jenkins (`junit` step) and GitLab (`artifacts: reports: junit`)
//! both display: one test suite, one test case per file checked, one `<failure>` per finding
//! that fails the check (warnings go to the case's `<system-out>`), an `<error>` for a file
//! that could not be checked. The suite's counts lead the document, so the writer keeps the
//! cases until the run ends.

use std::fmt::Write as _;

use super::xml::escape;
use super::{located, Problem};
use crate::diagnostic::Severity;
use crate::pipeline::FileReport;

/// The test case of a file without findings.
pub(super) fn passed(path: &std::path::Path) -> String {
    format!(
        "    <testcase name=\"{}\" classname=\"jweixin-migrate\"/>\n",
        escape(&path.display().to_string())
    )
}

/// One file's test case.
pub(super) fn render(report: &FileReport) -> String {
    let name = escape(&report.path.display().to_string());
    let mut body = String::new();
    let mut warnings = String::new();
    for item in located(report) {
        let d = item.diagnostic;
        let at = format!("{}:{}:{}", report.path.display(), item.start.line, item.start.column);
        match d.severity {
            Severity::Error => {
                let _ = writeln!(
                    body,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    d.rule,
                    escape(&format!("{at}: {}", d.message)),
                    escape(&format!("{at}: {} [{}]\nhelp: {}", d.message, d.rule, d.help))
                );
            }
            Severity::Warning => {
                let _ = writeln!(warnings, "warning: {at}: {} [{}]", d.message, d.rule);
            }
        }
    }
    if let Some(error) = &report.error {
        let _ = writeln!(body, "      <error type=\"unreadable\" message=\"{}\"/>", escape(error));
    }
    if !warnings.is_empty() {
        let _ = writeln!(body, "      <system-out>{}</system-out>", escape(&warnings));
    }
    if body.is_empty() {
        format!("    <testcase name=\"{name}\" classname=\"jweixin-migrate\"/>\n")
    } else {
        format!("    <testcase name=\"{name}\" classname=\"jweixin-migrate\">\n{body}    </testcase>\n")
    }
}

/// The whole document: the suite with its counts, the cases, and a case with an `<error>`
/// for each folder that could not be walked.
pub(super) fn document(
    cases: &str,
    tests: usize,
    failures: usize,
    files_failed: usize,
    walk_errors: &[Problem],
) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites>\n  <testsuite name=\"jweixin-migrate\" tests=\"{}\" failures=\"{failures}\" errors=\"{}\">",
        tests + walk_errors.len(),
        files_failed + walk_errors.len()
    );
    out.push_str(cases);
    for (path, message) in walk_errors {
        let _ = writeln!(
            out,
            "    <testcase name=\"{}\" classname=\"jweixin-migrate\">\n      <error type=\"unreadable\" message=\"{}\"/>\n    </testcase>",
            escape(path),
            escape(message)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
