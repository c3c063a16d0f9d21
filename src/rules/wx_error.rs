//! `wx-error`: a `wx.error(fn)` call, the legacy configuration-failure handler.
//!
//! What it finds: `wx.error(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` takes the handler as `onConfigFail` in `ww.register({...})`. It then
//! receives the client's reply (`errMsg` prefixed `preVerifyJSAPI:` instead of `config:`, the
//! raw `err_msg`, `errCode`) or an `Error`, and fires once per retry. With an agent signature on
//! WeCom 3.0.24+ it never fires (only `onAgentConfigFail` does), unless the agent getter waits
//! for the corp configuration, as the fix writes it when `wx.agentConfig` sat in the `wx.ready`
//! callback (`wx_agent_config.rs`). A handler that compares the
//! text (`res.errMsg === 'config:invalid signature'` to refresh the ticket) or shows it would
//! take another branch or show another text.
//!
//! Before:
//!
//! ```js
//! wx.error(function (res) { console.error('config failed', res.errMsg); });
//! ```
//!
//! After (inside the page's `ww.register({...})`):
//!
//! ```js
//! onConfigFail: function (error) {
//!   var wxKeyword = (function (keyword) { keyword = keyword.substring(keyword.indexOf(':') + 1); ...; return keyword || 'fail'; })(String(error.err_msg || error.errMsg || error.message));
//!   if (wxKeyword !== 'ok') (function (res) { console.error('config failed', res.errMsg); })({ errMsg: 'config:' + wxKeyword });
//! },
//! ```
//!
//! The keyword is jweixin's formatter written out (semantics.md 1.6): `access_denied` becomes
//! `permission denied`, `failed` becomes `fail`, and a `function not exist` reply, which
//! jweixin took for a success, calls no handler.
//!
//! Fix: the handler moves into the page's `ww.register` as `onConfigFail` (the `wx-config`
//! fix) when `wx.error` is a statement in the function that calls `wx.config`, or the first
//! statement of its `wx.ready` callback (jweixin then called it at once after a failed
//! config, before the rest of the callback, which is what `onConfigFail` does), and reads no
//! name that callback declares. A handler that never looks at its argument (nor `this`) moves
//! as it is; any other is wrapped so that it gets jweixin's `{ errMsg: 'config:...' }`, rebuilt
//! from the client's raw reply, and is called as a plain function. **Safe**, naming the
//! once-per-retry firing.
//!
//! An empty handler (`wx.error(function (res) { /* a comment */ })`) registered in a `wx.ready`
//! callback, where the configuration lives elsewhere, is removed. jweixin ran the callback once
//! the configuration had replied; then `wx.error` either called the handler at once (the
//! configuration had failed), or kept it for a later reply, replacing the handler kept before;
//! a later reply needs a second configuration, which the `wx-config` rule does not merge. An
//! empty handler does nothing when called, so removing it keeps behaviour. **Safe**.
//!
//! Elsewhere (another function, another file of the page), an empty handler is removed when
//! every `wx.error` call of its migration unit passes an empty function
//! (`UnitFacts::error_handlers_all_empty`, as in apps whose pages each copy the official
//! sample): jweixin kept the last handler registered and called it after a failed
//! configuration, or called one at once when the configuration had already failed with none
//! kept; any of them did nothing. What a handler changed besides (which one was kept, whether
//! the failure was recorded) was read only by other `wx.error` calls, all empty, and by
//! `wx.ready`, which ran its callback at once after any reply. **Safe**. Where the unit also
//! has a handler that does something, the finding stays: jweixin may have kept the empty one
//! in its place.
//!
//! Several handlers, or one registered outside the configuration's statements (in another
//! function, late in a `wx.ready` callback, once a promise the ready callback resolves has
//! settled), stay where they are and go to a relay the fix declares at the top of the script
//! (`error_relay.rs`): `wx.error(fn)` becomes `wwConfigErrors.add(fn)`, and `ww.register`'s
//! `onConfigFail` hands the failure to it; the relay keeps the handlers as jweixin did (the
//! last one registered is called after a failed configuration, one registered after a failure
//! no handler took is called at once). **Safe**, naming the once-per-retry firing, where the
//! script holds every `wx.error` of its migration unit, configures once and no agent, and no
//! handler throws; or where the handlers are in later classic scripts of pages whose one
//! configuring script (configuring once, no agent in the unit) runs first and declares the
//! relay for them. Anywhere else, no fix.

use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::rules::{RuleContext, RuleId, SdkCall};
use crate::sdk::is_empty_function;
use crate::source::layout;

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    let diagnostic = Diagnostic::new(
        RuleId::WxError,
        call.callee.clone(),
        format!("`{callee}(...)` handles a failed legacy JS-SDK configuration"),
        "pass the handler to `ww.register({ onConfigFail })`, which gets the client's reply (`errMsg` `preVerifyJSAPI:...` instead of `config:...`) or an `Error`",
    );
    match cx.plans.get(&call.call.start).map(|p| p.fix.clone()) {
        Some(fix) => cx.report_with(diagnostic, fix),
        None if empty_handler_statement(call, cx) && call.gated => {
            let fix = Fix::new(
                "Remove the empty `wx.error` handler: registered in a `wx.ready` callback, after the configuration replied, it does nothing (its comments go with it)",
                Applicability::Safe,
                vec![Edit::delete(removal(call, cx))],
            );
            cx.report_with(diagnostic, Ok(fix))
        }
        None if empty_handler_statement(call, cx) && cx.options.unit.error_handlers_all_empty => {
            let fix = Fix::new(
                "Remove the empty `wx.error` handler: every `wx.error` handler of its migration unit is empty, so whichever one jweixin kept and called after a failed configuration did nothing (its comments go with it)",
                Applicability::Safe,
                vec![Edit::delete(removal(call, cx))],
            );
            cx.report_with(diagnostic, Ok(fix))
        }
        None => match later_relay_edit(call, cx) {
            Some(edit) => {
                let why = cx.options.unit.relay_before.clone().unwrap_or_default();
                let fix = Fix::new(
                    format!(
                        "Hand the handler to `wwConfigErrors`, the relay that configuring script declares before its `ww.register` ({why}): it keeps handlers as jweixin kept them, calling the last one registered after a failed configuration (with jweixin's `{{ errMsg: 'config:...' }}`, rebuilt from the client's reply) and one registered after a failure no handler took at once. Difference inherent to @wecom/jssdk: `onConfigFail` fires once per retry, so the handler may be called again"
                    ),
                    Applicability::Safe,
                    vec![edit],
                );
                cx.report_with(diagnostic, Ok(fix))
            }
            None => cx.report_unfixed(
                diagnostic,
                "it is not a statement of the function that calls `wx.config` (nor the first statement of its `wx.ready` callback), so the tool cannot tell when jweixin would have called it; it keeps such handlers where they are only in a script that holds every `wx.error` of its page, or in a later script of pages whose one configuring script runs first and holds no `wx.error` itself, where the unit configures once and no agent, and whose handlers throw nothing",
            ),
        },
    }
}

/// In a later script of pages whose one configuring script runs first and declares the relay
/// (`UnitFacts::relay_before`): the edit that hands this call's handler to it.
fn later_relay_edit(call: &SdkCall, cx: &RuleContext) -> Option<Edit> {
    let relay = cx.error_relay.as_ref().filter(|r| r.declared_earlier())?;
    relay.call_edit(call.call.start)
}

/// `wx.error(function () {})`, a statement of its own on its lines, whose handler is a
/// function written there with no statement in its body.
fn empty_handler_statement(call: &SdkCall, cx: &RuleContext) -> bool {
    let [arg] = call.args else { return false };
    let empty = is_empty_function(arg);
    let text = &cx.file.text;
    let statement = statement_of(call, cx);
    let ends = text[statement.end..]
        .trim_start_matches([' ', '\t'])
        .starts_with(['\n', '\r', '}'])
        || text[statement.end..].trim().is_empty();
    empty && !call.value_used && layout::starts_line(text, call.call.start) && ends
}

/// What removing the statement deletes: its lines, and the blank line above them when it was
/// the last statement of its block or file (so that no blank line is left before the `}` or
/// at the end).
fn removal(call: &SdkCall, cx: &RuleContext) -> std::ops::Range<usize> {
    let text = &cx.file.text;
    let mut deletion = layout::statement_removal(text, statement_of(call, cx));
    let rest = text[deletion.end..].trim_start();
    let last_in_block = rest.starts_with('}') || rest.is_empty();
    if last_in_block && layout::starts_line(text, deletion.start) && deletion.start > 0 {
        // the terminator of the line above (`\n` or `\r\n`), then that line's start
        let mut terminator = deletion.start - 1;
        if terminator > 0 && text[..terminator].ends_with('\r') {
            terminator -= 1;
        }
        let above = layout::line_start(text, terminator);
        if text[above..deletion.start].trim().is_empty() {
            deletion.start = above;
        }
    }
    deletion
}

/// The call and the semicolon after it.
fn statement_of(call: &SdkCall, cx: &RuleContext) -> std::ops::Range<usize> {
    let text = &cx.file.text;
    let after =
        call.call.end + (text[call.call.end..].len() - text[call.call.end..].trim_start_matches([' ', '\t']).len());
    if text[after..].starts_with(';') {
        call.call.start..after + 1
    } else {
        call.call.start..call.call.end
    }
}
