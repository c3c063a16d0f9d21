//! Checkstyle XML output, which Jenkins (Warnings Next Generation), SonarQube importers and
//! many editors read: one `<file>` per file with findings, one `<error>` per finding.

use std::fmt::Write as _;

use super::xml::escape;
use super::{located, Problem};
use crate::pipeline::FileReport;

pub(super) const BEGIN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";

/// One file's `<file>` element.
pub(super) fn render(report: &FileReport) -> String {
    let mut out = format!("  <file name=\"{}\">\n", escape(&report.path.display().to_string()));
    for item in located(report) {
        let d = item.diagnostic;
        let _ = writeln!(
            out,
            "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"jweixin-migrate.{}\"/>",
            item.start.line,
            item.start.column,
            d.severity.as_str(),
            escape(&format!("{} (help: {})", d.message, d.help)),
            d.rule
        );
    }
    out.push_str("  </file>\n");
    out
}

/// The files that could not be checked, each as an error of its own, and the end.
pub(super) fn end(problems: &[Problem]) -> String {
    let mut out = String::new();
    for (file, message) in problems {
        let _ = writeln!(
            out,
            "  <file name=\"{}\">\n    <error line=\"1\" severity=\"error\" message=\"{}\" source=\"jweixin-migrate\"/>\n  </file>",
            escape(file),
            escape(message)
        );
    }
    out.push_str("</checkstyle>\n");
    out
}
