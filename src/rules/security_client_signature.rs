//! `security-client-signature`: front-end code signs with the jsapi_ticket: it builds the
//! string `jsapi_ticket=...&noncestr=...&timestamp=...&url=...` that is hashed into the
//! signature, holds the signature's parameters in an object, or calls `ww.getSignature`.
//!
//! What it finds, in front-end code only (see "Where the security rules look" below):
//!
//! - a string literal, template literal or `+` chain with a literal part that contains
//!   `jsapi_ticket=` (or `JSAPI_TICKET=`), whatever the order of the other keys and whether or
//!   not it is passed straight to a hash (`sha1`, `hex_sha1`, `CryptoJS.SHA1`, `new jsSHA`,
//!   `sha1.hex`, `crypto.createHash('sha1').update`); the finding names the hash when it is;
//! - an object literal with a `jsapi_ticket` key (or `JSAPI_TICKET`) and a `noncestr` key (any
//!   case, `nonceStr` too): the parameters the official `sign.js` sample sorts and hashes;
//! - `ww.getSignature(...)` (also `window.ww.getSignature`, and `getSignature` or a namespace
//!   imported or required from `@wecom/jssdk` under any name), in legacy or migrated code.
//!
//! What leaks: the jsapi_ticket. A page that signs needs the ticket, so the server hands it
//! to every visitor (in a response, a cookie, or the code itself). With it anyone can sign
//! any URL of the corp's trusted domains, for as long as the ticket lives (two hours, and
//! it is renewed), and the page's signature proves nothing. WeCom's JS-SDK guide says so
//! twice: the ticket is sensitive and signing must happen on the server;
//! `ww.getSignature(ticket)` exists for quick local debugging and must not ship.
//!
//! Before:
//!
//! ```js
//! $.get('/wx/ticket', function (data) {
//!   var raw = 'jsapi_ticket=' + data.ticket + '&noncestr=' + nonce +
//!     '&timestamp=' + ts + '&url=' + location.href.split('#')[0];
//!   wx.config({ appId: CORP_ID, timestamp: ts, nonceStr: nonce, signature: hex_sha1(raw), jsApiList: ['scanQRCode'] });
//! });
//! ```
//!
//! After: the server keeps the ticket (fetched with the corp secret, cached) and signs;
//! the page asks for the finished signature, through `getConfigSignature` (and, with an agent
//! configuration, `getAgentConfigSignature`, signed with the agent's ticket):
//!
//! ```js
//! import * as ww from '@wecom/jssdk';
//!
//! ww.register({
//!   corpId: CORP_ID,
//!   agentId: AGENT_ID,
//!   jsApiList: ['scanQRCode'],
//!   getConfigSignature: (url) => fetch('/api/wecom/signature?url=' + encodeURIComponent(url)).then((r) => r.json()),
//!   getAgentConfigSignature: (url) => fetch('/api/wecom/agent-signature?url=' + encodeURIComponent(url)).then((r) => r.json()),
//! });
//! ```
//!
//! where each endpoint returns `{ timestamp, nonceStr, signature }`, the signature being the
//! hex sha1 of `jsapi_ticket=<ticket>&noncestr=<nonceStr>&timestamp=<timestamp>&url=<url>`
//! computed on the server.
//!
//! Fix: none. The endpoint is server code the tool cannot write; the help shows the shape of
//! the `ww.register` call that replaces the page's signing.

use std::ops::Range;

use super::security_walk::{BuiltString, NamedValue};
use super::RuleId;
use crate::credentials;
use crate::diagnostic::Diagnostic;

const HELP: &str = "sign on the server, which keeps the ticket: `ww.register({ corpId, jsApiList, getConfigSignature: (url) => fetch('/api/wecom/signature?url=' + encodeURIComponent(url)).then((r) => r.json()) })`, the endpoint returning `{ timestamp, nonceStr, signature }` (`getAgentConfigSignature` likewise for an agent signature). Not fixed automatically: the endpoint is server code";

/// The signature string's key as written.
const KEYS: &[&str] = &["jsapi_ticket=", "JSAPI_TICKET="];

/// A string the code builds that holds the signature's `jsapi_ticket=` key.
pub(crate) fn check_string(built: &BuiltString) -> Option<Diagnostic> {
    if !built.pieces.iter().any(|p| KEYS.iter().any(|k| p.contains(k))) {
        return None;
    }
    let message = match built.hashed_by {
        Some(hash) => format!(
            "front-end code hashes the jsapi_ticket signature string with `{hash}`: the ticket is sent to every visitor"
        ),
        None => "front-end code builds the string signed with the jsapi_ticket: the ticket is sent to every visitor"
            .to_string(),
    };
    Some(Diagnostic::new(
        RuleId::SecurityClientSignature,
        built.range.clone(),
        message,
        HELP,
    ))
}

/// An object literal with the signature's parameters: `jsapi_ticket` and `noncestr` keys.
pub(crate) fn check_parameters(names: &[NamedValue]) -> Option<Diagnostic> {
    let ticket = names.iter().find(|n| {
        n.normalized() == "jsapiticket" && credentials::spelled(n.name, credentials::JSAPI_TICKET_SPELLINGS)
    })?;
    names.iter().find(|n| n.normalized() == "noncestr")?;
    Some(Diagnostic::new(
        RuleId::SecurityClientSignature,
        ticket.name_range.clone(),
        "front-end code holds the jsapi_ticket with the other signature parameters: the ticket is sent to every visitor",
        HELP,
    ))
}

/// `ww.getSignature` (or `getSignature` of `@wecom/jssdk`), called at `callee`.
pub(crate) fn get_signature_call(callee: Range<usize>, callee_text: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::SecurityClientSignature,
        callee,
        format!("`{callee_text}(...)` signs in the page with the jsapi_ticket, which WeCom allows only for local debugging: the ticket is sent to every visitor"),
        HELP,
    )
}
