//! `syntax-error`: a file, or a script block in it, that does not parse.
//!
//! What it finds: the first parse error of each block, at the parser's position.
//!
//! Why: the tool only reports and rewrites code it can read. A file that does not parse is
//! neither checked nor changed; the rest of the run goes on. Common causes in legacy code: a
//! `<script src>` line pasted into a `.js` file, server-template tags (`<?= ?>`, `<% %>`)
//! outside quotes in an inline script, or a file that is not JavaScript at all.
//!
//! Before:
//!
//! ```js
//! wx.config({ appId: <%= appId %> })    // in a .js file
//! ```
//!
//! After: nothing changes; fix the file so that it parses, or exclude it with `--exclude`.

use crate::diagnostic::Diagnostic;
use crate::parse::SyntaxError;
use crate::rules::RuleId;

pub(crate) fn diagnostic(error: &SyntaxError) -> Diagnostic {
    Diagnostic::new(
        RuleId::SyntaxError,
        error.range.clone(),
        format!("this does not parse: {}", error.message),
        "the tool neither checks nor changes a file it cannot parse",
    )
}
