//! Human output: one miette code frame per finding, colour only when asked or on a terminal.

use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use super::Located;
use crate::diagnostic::Severity;

pub(super) fn write<'a>(items: impl Iterator<Item = Located<'a>>, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(120);
    let mut current: Option<(&std::path::Path, Arc<str>)> = None;
    for item in items {
        let text = match &current {
            Some((path, text)) if *path == item.report.path.as_path() => text.clone(),
            _ => {
                let text: Arc<str> = Arc::from(item.source.text.as_str());
                current = Some((item.report.path.as_path(), text.clone()));
                text
            }
        };
        let d = item.diagnostic;
        let name = item.report.path.display().to_string();
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let label = LabeledSpan::at(d.range.clone(), d.rule.as_str());
        let help = match &d.fix {
            Some(fix) => format!("{}\nfix ({}): {}", d.help, fix.applicability.as_str(), fix.title),
            None => d.help.clone(),
        };
        let diagnostic = MietteDiagnostic::new(d.message.clone())
            .with_code(d.rule.as_str())
            .with_severity(severity)
            .with_help(help)
            .with_label(label);
        let report = Report::new(diagnostic).with_source_code(NamedSource::new(name, text));
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, report.as_ref()).is_err() {
            rendered = format!("{}: {} [{}]\n", item.report.path.display(), d.message, d.rule);
        }
        writeln!(out, "{rendered}")?;
    }
    Ok(())
}

pub(super) fn write_errors(errors: &[(String, &str)], err: &mut dyn Write) -> io::Result<()> {
    for (path, message) in errors {
        writeln!(err, "error: {path}: {message}")?;
    }
    Ok(())
}
