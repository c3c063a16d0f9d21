//! GitHub Actions workflow annotations: `::error file=...,line=...::message`.

use std::io::{self, Write};

use super::{errors, located};
use crate::diagnostic::Severity;
use crate::CheckRun;

/// Escapes an annotation message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes an annotation property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn write(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    for item in located(run) {
        let d = item.diagnostic;
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&item.report.path.display().to_string()),
            item.start.line,
            item.start.column,
            item.end.line,
            item.end.column,
            property(&format!("jweixin-migrate {}", d.rule)),
            data(&format!("{} (help: {})", d.message, d.help)),
        )?;
    }
    for (file, message) in errors(run) {
        writeln!(
            out,
            "::error file={},title=jweixin-migrate::{}",
            property(&file),
            data(message)
        )?;
    }
    Ok(())
}
