//! The fix loop for one file: apply the applicable fixes, check the result again, and repeat
//! until no legacy use is left (a few rounds at most). A file is migrated whole or not at
//! all: if one finding has no fix that may be applied, none is, because a page that mixes
//! jweixin and `@wecom/jssdk` works with neither. Every round's output must parse.

use std::collections::BTreeMap;

use crate::apply::apply_fixes;
use crate::diagnostic::Diagnostic;
use crate::fix::Applicability;
use crate::pipeline::{check_fixed, check_source};
use crate::rules::{RuleId, RuleOptions};
use crate::source::SourceFile;

/// Rounds of apply-and-check before giving up on a file.
pub const MAX_ROUNDS: usize = 5;

/// What fixing one file produced.
#[derive(Debug)]
pub struct FixOutcome {
    /// The fixed text, when it differs from the original.
    pub fixed: Option<String>,
    /// Findings fixed, per rule.
    pub fixed_per_rule: BTreeMap<RuleId, usize>,
    /// What is left: on the fixed text, or on the original when nothing was applied.
    pub remaining: Vec<Diagnostic>,
    /// The file the remaining findings point into.
    pub source: SourceFile,
    /// Why the file was left as it was although it has findings.
    pub unchanged: Option<String>,
}

/// Which fixes may be applied.
fn allowed(diagnostic: &Diagnostic, unsafe_fixes: bool) -> bool {
    match diagnostic.fix.as_ref().map(|f| f.applicability) {
        Some(Applicability::Safe) => true,
        Some(Applicability::Unsafe) => unsafe_fixes,
        _ => false,
    }
}

/// Fixes one file in memory.
pub fn fix_source(original: SourceFile, options: &RuleOptions, unsafe_fixes: bool) -> FixOutcome {
    let first = check_source(&original, options);
    fix_checked(original, first, options, unsafe_fixes)
}

/// Fixes one file in memory whose findings `first` are already known (from `check_source`
/// with the same options), so the file is not checked twice.
pub fn fix_checked(
    original: SourceFile,
    first: Vec<Diagnostic>,
    options: &RuleOptions,
    unsafe_fixes: bool,
) -> FixOutcome {
    let blockers: Vec<&Diagnostic> = first
        .iter()
        .filter(|d| d.must_change() && !allowed(d, unsafe_fixes))
        .collect();
    if !blockers.is_empty() {
        let need_unsafe = blockers.iter().filter(|d| d.fix.is_some()).count();
        let manual = blockers.len() - need_unsafe;
        let mut why = Vec::new();
        if manual > 0 {
            why.push(format!(
                "{manual} {} a change by hand",
                if manual == 1 { "finding needs" } else { "findings need" }
            ));
        }
        if need_unsafe > 0 {
            why.push(format!(
                "{need_unsafe} only {} an unsafe fix (--unsafe-fixes)",
                if need_unsafe == 1 { "has" } else { "have" }
            ));
        }
        return FixOutcome {
            fixed: None,
            fixed_per_rule: BTreeMap::new(),
            remaining: first,
            source: original,
            unchanged: Some(why.join(", ")),
        };
    }
    // Every rule with findings that must change gets a fix applied: one whose findings vanish
    // unfixed has been hidden by another fix (an alias pointed at `ww` while the fix through
    // it waited for the next round), not migrated.
    let rules_to_fix: std::collections::BTreeSet<RuleId> =
        first.iter().filter(|d| d.must_change()).map(|d| d.rule).collect();
    let mut diagnostics = first;
    let mut current = SourceFile::new(original.path.clone(), original.kind, original.text.clone());
    let mut fixed_per_rule: BTreeMap<RuleId, usize> = BTreeMap::new();
    for round in 0..MAX_ROUNDS {
        // Warnings do not have to change, but their fixes are applied when allowed.
        let pending: Vec<&Diagnostic> = diagnostics.iter().filter(|d| allowed(d, unsafe_fixes)).collect();
        if pending.is_empty() {
            if diagnostics.iter().any(Diagnostic::must_change) {
                return gave_up(original, format!("after round {round}, the fixed code still has legacy use the tool cannot fix; the file was left unchanged (please report this)"), options);
            }
            if let Some(rule) = rules_to_fix.iter().find(|r| !fixed_per_rule.contains_key(r)) {
                return gave_up(original, format!("the `{}` findings were left unfixed by the other fixes rather than fixed; the file was left unchanged (please report this)", rule.as_str()), options);
            }
            let changed = current.text != original.text;
            return FixOutcome {
                fixed: changed.then(|| current.text.clone()),
                fixed_per_rule,
                remaining: diagnostics,
                source: current,
                unchanged: None,
            };
        }
        if diagnostics.iter().any(|d| d.must_change() && !allowed(d, unsafe_fixes)) {
            return gave_up(original, format!("after round {round}, the fixed code still has legacy use the tool cannot fix; the file was left unchanged (please report this)"), options);
        }
        let fixes: Vec<&crate::fix::Fix> = pending.iter().filter_map(|d| d.fix.as_ref()).collect();
        let applied = apply_fixes(&current.text, &fixes);
        if applied.applied.is_empty() {
            return gave_up(
                original,
                "no fix could be applied (they overlap); the file was left unchanged (please report this)".to_string(),
                options,
            );
        }
        for &i in &applied.applied {
            *fixed_per_rule.entry(pending[i].rule).or_default() += 1;
        }
        current = SourceFile::new(original.path.clone(), original.kind, applied.text);
        diagnostics = check_fixed(&current, options);
        if let Some(error) = diagnostics.iter().find(|d| d.rule.is_parse_failure()) {
            let at = current.locate(error.range.start);
            return gave_up(
                original,
                format!(
                    "the fixed code would not parse ({}:{}: {}); the file was left unchanged (please report this)",
                    at.line, at.column, error.message
                ),
                options,
            );
        }
    }
    gave_up(original, format!("legacy use was still left after {MAX_ROUNDS} rounds of fixes; the file was left unchanged (please report this)"), options)
}

/// The outcome for a file the loop could not finish: unchanged, with the reason.
fn gave_up(original: SourceFile, reason: String, options: &RuleOptions) -> FixOutcome {
    FixOutcome {
        fixed: None,
        fixed_per_rule: BTreeMap::new(),
        remaining: check_source(&original, options),
        source: original,
        unchanged: Some(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Applicability, Edit, Fix};
    use crate::source::FileKind;

    fn finding(rule: RuleId, edit: Edit) -> Diagnostic {
        let mut d = Diagnostic::new(rule, 0..2, "legacy", "help");
        d.fix = Some(Fix::new("fix", Applicability::Safe, vec![edit]));
        d
    }

    /// A fix that hides another rule's findings (here by renaming what they point at) while
    /// that rule's own fix waits for a later round leaves the file unchanged, not half done.
    #[test]
    fn findings_hidden_by_another_fix_leave_the_file_unchanged() {
        let path = std::path::PathBuf::from("page.js");
        let kind = FileKind::from_path(&path).unwrap();
        let text = "wx.foo(1);\n".to_string();
        let original = SourceFile::new(path.clone(), kind, text.clone());
        let first = vec![
            finding(RuleId::WxApi, Edit::replace(0..2, "ww")),
            finding(RuleId::WxConfig, Edit::replace(1..3, "w")),
        ];
        let outcome = fix_checked(original, first, &RuleOptions::default(), false);
        assert_eq!(outcome.fixed, None);
        assert_eq!(outcome.source.text, text);
        assert!(
            outcome
                .unchanged
                .as_deref()
                .is_some_and(|why| why.contains("`wx-config` findings were left unfixed")),
            "{:?}",
            outcome.unchanged
        );
    }
}
