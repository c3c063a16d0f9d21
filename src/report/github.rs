//! GitHub Actions workflow annotations: `::error file=...,line=...::message`.

use std::fmt::Write as _;

use super::{located, Problem};
use crate::diagnostic::Severity;
use crate::pipeline::FileReport;

/// Escapes an annotation message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes an annotation property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation per finding of one file.
pub(super) fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for item in located(report) {
        let d = item.diagnostic;
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&item.report.path.display().to_string()),
            item.start.line,
            item.start.column,
            item.end.line,
            item.end.column,
            property(&format!("jweixin-migrate {}", d.rule)),
            data(&format!("{} (help: {})", d.message, d.help)),
        );
    }
    out
}

/// One error annotation per file that could not be checked.
pub(super) fn problems(problems: &[Problem]) -> String {
    let mut out = String::new();
    for (file, message) in problems {
        let _ = writeln!(
            out,
            "::error file={},title=jweixin-migrate::{}",
            property(file),
            data(message)
        );
    }
    out
}
