//! `wx-invoke`: a `wx.invoke(name, params, callback)` call to a client API.
//!
//! What it finds: `wx.invoke(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` has `ww.invoke(name, params, callback)` with the same bridge name, the
//! same params and the raw reply (`res.err_msg` is still there). It queues the call until the
//! client bridge exists instead of dropping it, does not wait for configuration (keep the
//! `ready` gate), and returns a promise that rejects on cancel or failure, so a callback-style
//! call needs `.catch(() => {})`. Where the API table marks an API `identical`, the named
//! `ww.<api>({...params, complete: callback})` is the idiomatic form; it waits for the
//! configuration by itself, so it changes when the call reaches the client.
//!
//! Before:
//!
//! ```js
//! wx.invoke('sendChatMessage', { msgtype: 'text', text: { content: 'hi' } }, function (res) {
//!   if (res.err_msg == 'sendChatMessage:ok') done();
//! });
//! ```
//!
//! After:
//!
//! ```js
//! ww.invoke('sendChatMessage', { msgtype: 'text', text: { content: 'hi' } }, function (res) {
//!   if (res.err_msg == 'sendChatMessage:ok') done();
//! }).catch(() => {});
//! ```

use crate::api_table::{self, ApiKind, Compat};
use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    let name = call.string_arg(0);
    let message = match name {
        Some(name) => format!("`{callee}('{name}', ...)` calls the client through the legacy JS-SDK"),
        None => format!("`{callee}(...)` calls the client through the legacy JS-SDK"),
    };
    let help = match name {
        Some("agentConfig") => "keep it as `ww.invoke('agentConfig', ...).catch(() => {})`; turning it into `getAgentConfigSignature` changes when the identity is set".to_string(),
        Some(name) => match api_table::lookup(ApiKind::Invoke, name) {
            Some(row) if row.compat == Compat::Identical && row.ww_name().is_some() => format!(
                "use `ww.invoke('{name}', params, callback).catch(() => {{}})`, or the named `ww.{ww}({{ ...params, complete: callback }})`, which also waits for `ww.register`",
                ww = row.ww_name().unwrap_or(name)
            ),
            Some(row) => format!(
                "use `ww.invoke('{name}', params, callback).catch(() => {{}})`. {}",
                note_summary(row.notes)
            ),
            None => format!(
                "use `ww.invoke('{name}', params, callback).catch(() => {{}})`; `{name}` is not in the WeCom API table, check the name"
            ),
        },
        None => "use `ww.invoke(name, params, callback).catch(() => {})`: same bridge name, params and raw reply".to_string(),
    };
    cx.report(Diagnostic::new(RuleId::WxInvoke, call.callee.clone(), message, help));
}

/// The first sentences of a table note, about 200 characters, for a help line.
pub(crate) fn note_summary(notes: &str) -> String {
    let notes = notes.split(" [compat:").next().unwrap_or(notes).trim();
    let mut end = 0;
    for (i, _) in notes.match_indices(". ") {
        let next_is_sentence = notes[i + 2..].chars().next().is_some_and(|c| c.is_uppercase());
        if next_is_sentence {
            end = i + 1;
            if end >= 120 {
                break;
            }
        }
    }
    if end == 0 || notes.len() <= 200 {
        end = notes.len();
    }
    notes[..end].trim().to_string()
}
