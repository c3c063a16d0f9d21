//! Inline suppressions: `jweixin-migrate-ignore-next-line rule-id[, rule-id] -- reason` and
//! `jweixin-migrate-ignore-file rule-id -- reason` comments that keep chosen legacy uses out of
//! the report (and out of what blocks `fix`), each with its reason. A suppression that is
//! malformed is reported (`invalid-suppression`), one that suppresses nothing too
//! (`unused-suppression`, with a fix that removes it). `fix --add-suppressions` writes them.
//!
//! Hooked into the per-file pipeline at the end of `pipeline::check_source` ([`apply`]), so
//! `check`, every round of `fix` and the editor command all see the same findings.

pub mod add;
mod directives;

use crate::diagnostic::Diagnostic;
use crate::rules::{invalid_suppression, unused_suppression, RuleId, RuleOptions};
use crate::source::layout::{line_start, next_line_start, starts_line};
use crate::source::SourceFile;

use directives::{Directive, Reach};

/// The findings of one file after its suppressions and the config file's rule levels: the
/// suppressed ones dropped, problems with the suppressions added, in position order.
pub fn apply(file: &SourceFile, options: &RuleOptions, diagnostics: &mut Vec<Diagnostic>) {
    let found = directives::find(file);
    if !found.is_empty() {
        let mut used: Vec<Vec<bool>> = found.iter().map(|d| vec![false; d.rules.len()]).collect();
        diagnostics.retain(|d| {
            let line = file.locate(d.range.start).line;
            let mut suppressed = false;
            for (directive, used) in found.iter().zip(used.iter_mut()) {
                if directive.problem.is_some() || !reaches(directive, line) {
                    continue;
                }
                for ((id, _), used) in directive.rules.iter().zip(used.iter_mut()) {
                    if RuleId::from_id(id) == Some(d.rule) {
                        *used = true;
                        suppressed = true;
                    }
                }
            }
            !suppressed
        });
        for (directive, used) in found.iter().zip(&used) {
            diagnostics.extend(problems_of(file, directive, used));
        }
        diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    }
    options.levels.apply(diagnostics);
}

fn reaches(directive: &Directive, line: usize) -> bool {
    match directive.reach {
        Reach::File => true,
        Reach::Line(target) => target == line,
    }
}

/// What is wrong with one directive: invalid, wholly unused, or some rule ids unused.
fn problems_of(file: &SourceFile, directive: &Directive, used: &[bool]) -> Vec<Diagnostic> {
    if let Some((problem, help)) = &directive.problem {
        return vec![invalid_suppression::diagnostic(
            directive.comment.clone(),
            problem.clone(),
            help.clone(),
        )];
    }
    if used.iter().all(|u| !u) {
        return vec![unused_suppression::whole(
            directive.comment.clone(),
            &directive.text,
            comment_removal(&file.text, directive.comment.clone()),
        )];
    }
    let rules = &directive.rules;
    rules
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .map(|(i, (id, at))| {
            // Remove the id with the separator before it (after it, for the first one).
            let removal = if i > 0 {
                rules[i - 1].1.end..at.end
            } else {
                at.start..rules[i + 1].1.start
            };
            unused_suppression::rule(id, at.clone(), removal)
        })
        .collect()
}

/// The text to delete to remove a comment: its whole lines when it stands alone on them, the
/// `{ }` around it in JSX, otherwise the comment and the spaces before it.
fn comment_removal(text: &str, comment: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut range = comment;
    let before = text[..range.start].trim_end_matches([' ', '\t']);
    let after_start = range.end + (text[range.end..].len() - text[range.end..].trim_start_matches([' ', '\t']).len());
    if before.ends_with('{') && text[after_start..].starts_with('}') {
        range = before.len() - 1..after_start + 1;
    }
    let rest_of_line = &text[range.end..crate::source::layout::line_end(text, range.end)];
    if starts_line(text, range.start) && rest_of_line.trim().is_empty() {
        return line_start(text, range.start)..next_line_start(text, range.end);
    }
    before_spaces(text, range.start)..range.end
}

/// `offset` moved back over the spaces before it.
fn before_spaces(text: &str, offset: usize) -> usize {
    text[..offset].trim_end_matches([' ', '\t']).len()
}
