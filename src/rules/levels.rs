//! Per-rule levels from the config file's `[rules]` table: a rule's findings can be made
//! warnings (they no longer fail `check` or block `fix`) or turned off.

use std::collections::BTreeMap;

use super::RuleId;
use crate::diagnostic::{Diagnostic, Severity};

/// What a rule's findings become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Error,
    Warning,
    Off,
}

impl RuleLevel {
    pub const NAMES: [&'static str; 3] = ["error", "warning", "off"];

    pub fn from_name(name: &str) -> Option<RuleLevel> {
        match name {
            "error" => Some(RuleLevel::Error),
            "warning" => Some(RuleLevel::Warning),
            "off" => Some(RuleLevel::Off),
            _ => None,
        }
    }
}

/// The rules whose level the config file changes; the others keep their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleLevels(BTreeMap<RuleId, RuleLevel>);

impl RuleLevels {
    pub fn set(&mut self, rule: RuleId, level: RuleLevel) {
        self.0.insert(rule, level);
    }

    pub fn get(&self, rule: RuleId) -> Option<RuleLevel> {
        self.0.get(&rule).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Drops the findings of rules turned off and gives the others their configured severity.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.0.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.get(d.rule) {
            None => true,
            Some(RuleLevel::Off) => false,
            Some(RuleLevel::Error) => {
                d.severity = Severity::Error;
                true
            }
            Some(RuleLevel::Warning) => {
                d.severity = Severity::Warning;
                true
            }
        });
    }
}
