//! `invalid-suppression`: a `jweixin-migrate-ignore-next-line` or `jweixin-migrate-ignore-file`
//! comment the tool cannot use: it names no rule, gives no reason, names a rule that does not
//! exist, or is written in the wrong comment syntax for where it stands.
//!
//! What it finds: the comment; it suppresses nothing, so the findings it meant to hide are
//! still reported. A warning: it does not fail `check` by itself.
//!
//! Why: a suppression is a decision that one legacy use stays, and the reason is what a
//! reviewer needs to agree with it. The rule ids keep it from hiding more than was meant.
//!
//! Before:
//!
//! ```js
//! // jweixin-migrate-ignore-next-line
//! wx.miniProgram.navigateTo({ url: '/pages/index' });
//! ```
//!
//! After:
//!
//! ```js
//! // jweixin-migrate-ignore-next-line wx-api -- the web-view bridge needs wx until the mini-program moves
//! wx.miniProgram.navigateTo({ url: '/pages/index' });
//! ```
//!
//! The syntax: `jweixin-migrate-ignore-next-line rule-id[, rule-id] -- reason` (the finding's
//! line must be the next one) or `jweixin-migrate-ignore-file rule-id[, rule-id] -- reason`,
//! in a `//` or `/* */` comment in JavaScript and TypeScript, and in an `<!-- -->` comment in
//! the markup of pages, Vue components and server templates. `syntax-error` cannot be
//! suppressed.
//!
//! Fix: none; write the rule ids and the reason.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleId;

pub(crate) fn diagnostic(comment: Range<usize>, problem: String, help: String) -> Diagnostic {
    Diagnostic::new(RuleId::InvalidSuppression, comment, problem, help).with_severity(Severity::Warning)
}
