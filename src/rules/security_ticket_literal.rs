//! `security-ticket-literal`: a jsapi_ticket or an access token written into front-end code
//! as a string literal (`const JSAPI_TICKET = 'sM4AOVdW...'`, `ww.getSignature('sM4AOVdW...')`).
//!
//! What it finds, in front-end code only (see "Where the security rules look" below): a
//! string literal (or a template literal without `${}`) that looks like a ticket or a token,
//! where it is
//!
//! - the value of a name that says ticket: a variable, an assignment target, an object key or
//!   a class field whose name contains `ticket` written `ticket`, `Ticket` or `TICKET`
//!   (`ticket`, `jsapiTicket`, `JSAPI_TICKET`, `agent_ticket`), the literal opening within
//!   160 characters after that word (`name = '...'`, `name: string =` and a line break);
//! - the argument of `ww.getSignature(...)`.
//!
//! Looks like a ticket or a token: 64 to 1024 characters of `A-Z a-z 0-9 _ -`, with upper-
//! and lower-case letters and digits (the sample ticket in WeCom's signature guide has 86;
//! access tokens are longer), without the words `your`, `xxx`, `example`, `placeholder`,
//! `replace`, `secret`, `ticket`, `token` or `dummy`; spaces around it do not count (a ticket
//! pasted with a trailing space is still one). Shorter strings, other alphabets
//! (base64 with `+/=`, JWTs with dots), hex digests in one case, and placeholders are not
//! reported. A literal in a comment is not code and is not reported.
//!
//! What leaks: a ticket or a token in the code is served to every visitor and stays in
//! every copy of the bundle and in the repository's history. With the ticket anyone can
//! sign pages of the corp's trusted domains; with an access token anyone can call the corp's
//! server API (contacts, messages, customer data) as the app, until it expires. A literal
//! ticket also means the page signs for itself, which is `security-client-signature`.
//!
//! Before:
//!
//! ```js
//! const JSAPI_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
//! ww.register({ corpId: CORP_ID, jsApiList, getConfigSignature: () => ww.getSignature(JSAPI_TICKET) });
//! ```
//!
//! After: no ticket in the page; the server fetches and caches it and returns signatures:
//!
//! ```js
//! ww.register({
//!   corpId: CORP_ID,
//!   jsApiList,
//!   getConfigSignature: (url) => fetch('/api/wecom/signature?url=' + encodeURIComponent(url)).then((r) => r.json()),
//! });
//! ```
//!
//! Then treat the ticket or token as exposed: it expires within two hours, but one that is
//! still served somewhere keeps working, so remove it from every deployed copy.
//!
//! Fix: none. Removing the literal breaks the page until the signing endpoint exists.

use std::ops::Range;

use super::security_walk::NamedValue;
use super::RuleId;
use crate::credentials::{self, NAME_TO_LITERAL, TICKET_SPELLINGS};
use crate::diagnostic::Diagnostic;

const HELP: &str = "keep tickets and tokens on the server, which fetches and caches them, and have `getConfigSignature` fetch the finished signature: `getConfigSignature: (url) => fetch('/api/wecom/signature?url=' + encodeURIComponent(url)).then((r) => r.json())`. Not fixed automatically: the endpoint is server code";

/// A ticket-shaped literal held by a name that says ticket, close after the word.
pub(crate) fn check_named(value: &NamedValue) -> Option<Diagnostic> {
    let (range, text) = value.literal.clone()?;
    let close = credentials::spelled_at(value.name, TICKET_SPELLINGS)
        .any(|at| range.start <= value.name_range.start + at + NAME_TO_LITERAL);
    if !value.normalized().contains("ticket") || !close || !credentials::ticket_shaped(text) {
        return None;
    }
    Some(Diagnostic::new(
        RuleId::SecurityTicketLiteral,
        range,
        format!(
            "`{}` holds what looks like a jsapi_ticket, written into front-end code",
            value.name.trim_matches(['\'', '"'])
        ),
        HELP,
    ))
}

/// A ticket-shaped literal passed to `ww.getSignature`.
pub(crate) fn check_signed((range, text): (Range<usize>, &str)) -> Option<Diagnostic> {
    credentials::ticket_shaped(text).then(|| {
        Diagnostic::new(
            RuleId::SecurityTicketLiteral,
            range,
            "a jsapi_ticket is written into front-end code and passed to `getSignature`",
            HELP,
        )
    })
}
