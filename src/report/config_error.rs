//! A config file's problems as miette code frames: the file, line and column, the span
//! underlined, and a suggestion where there is one.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use crate::config::ConfigError;

/// Writes every problem of a config file, without colour (it goes to stderr, often a CI log).
pub fn config_error(error: &ConfigError, err: &mut dyn Write) -> io::Result<()> {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let name = error.file.display().to_string();
    for problem in &error.problems {
        let (Some(text), Some(span)) = (&error.text, &problem.span) else {
            writeln!(err, "error: {name}: {}", problem.message)?;
            continue;
        };
        let mut diagnostic = MietteDiagnostic::new(problem.message.clone())
            .with_label(LabeledSpan::at(span.clone(), problem.label.clone()));
        if let Some(help) = &problem.help {
            diagnostic = diagnostic.with_help(help.clone());
        }
        let report = Report::new(diagnostic).with_source_code(NamedSource::new(name.clone(), text.clone()));
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, report.as_ref()).is_err() {
            rendered = format!("{name}: {}\n", problem.message);
        }
        writeln!(err, "{rendered}")?;
    }
    if error.text.is_none() {
        return Ok(());
    }
    writeln!(
        err,
        "error: {name}: the config file has {} {}; nothing was checked",
        error.problems.len(),
        if error.problems.len() == 1 {
            "problem"
        } else {
            "problems"
        }
    )
}
