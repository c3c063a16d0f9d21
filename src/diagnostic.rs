//! A finding: which rule, where, what is legacy, what replaces it, and an optional fix.

use std::ops::Range;

use crate::fix::Fix;
use crate::rules::RuleId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Legacy use that must change; fails `check`.
    Error,
    /// Worth knowing, but nothing has to change; does not fail `check`.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding in one file. `range` is a byte range of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub range: Range<usize>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: RuleId, range: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: message.into(),
            help: help.into(),
            range,
            fix: None,
        }
    }

    /// Legacy use that must change before a file counts as migrated: an error of a migration
    /// rule. A `security-*` finding fails `check` too, but it is not legacy use: it does not
    /// keep a file, or its migration unit, from being migrated.
    pub fn must_change(&self) -> bool {
        self.severity == Severity::Error && !self.rule.is_security()
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Diagnostic {
        self.fix = fix;
        self
    }

    /// Takes the fix away, saying why in the help (`... Not fixed automatically: <reason>`),
    /// which is where the unit's blockers read it (project/fate.rs).
    pub fn drop_fix(&mut self, reason: &str) {
        self.fix = None;
        self.help = format!("{}. Not fixed automatically: {reason}", self.help.trim_end_matches('.'));
    }
}
