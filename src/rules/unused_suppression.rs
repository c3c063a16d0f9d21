//! `unused-suppression`: a `jweixin-migrate-ignore-next-line` or `jweixin-migrate-ignore-file`
//! comment, or one rule id in it, that suppresses no finding.
//!
//! What it finds: a suppression whose rule has no finding where it points (the next line, or
//! the file), for example because the code was migrated or changed since it was written.
//! A warning: it does not fail `check`.
//!
//! Why: a suppression that no longer suppresses anything would silently hide the next legacy
//! use written on that line or in that file, and it tells readers something that is no
//! longer true.
//!
//! Before:
//!
//! ```js
//! // jweixin-migrate-ignore-next-line wx-api, wx-invoke -- the web-view bridge needs wx
//! wx.miniProgram.navigateTo({ url: '/pages/index' });
//! ```
//!
//! After (`wx-invoke` suppressed nothing there):
//!
//! ```js
//! // jweixin-migrate-ignore-next-line wx-api -- the web-view bridge needs wx
//! wx.miniProgram.navigateTo({ url: '/pages/index' });
//! ```
//!
//! Fix: removes the unused rule id, or the whole comment (its line, when it stands alone)
//! when none of its rules is used. **Safe**: comments do not run.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Applicability, Edit, Fix};
use crate::rules::RuleId;

/// The whole suppression suppresses nothing; `removal` deletes it.
pub(crate) fn whole(comment: Range<usize>, text: &str, removal: Range<usize>) -> Diagnostic {
    Diagnostic::new(
        RuleId::UnusedSuppression,
        comment,
        format!("`{text}` suppresses nothing"),
        "no finding of its rules is where it points; remove it so it cannot hide a new one",
    )
    .with_severity(Severity::Warning)
    .with_fix(Some(Fix::new(
        "Remove the unused suppression",
        Applicability::Safe,
        vec![Edit::delete(removal)],
    )))
}

/// One rule id of a suppression that also suppresses something else.
pub(crate) fn rule(id: &str, at: Range<usize>, removal: Range<usize>) -> Diagnostic {
    Diagnostic::new(
        RuleId::UnusedSuppression,
        at,
        format!("`{id}` in this suppression suppresses nothing"),
        "there is no finding of that rule where the suppression points; remove the rule id",
    )
    .with_severity(Severity::Warning)
    .with_fix(Some(Fix::new(
        format!("Remove `{id}` from the suppression"),
        Applicability::Safe,
        vec![Edit::delete(removal)],
    )))
}
