//! `wx-error`: a `wx.error(fn)` call, the legacy configuration-failure handler.
//!
//! What it finds: `wx.error(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` takes the handler as `onConfigFail` in `ww.register({...})`. It then
//! receives the client's reply (`errMsg` prefixed `preVerifyJSAPI:` instead of `config:`, the
//! raw `err_msg`, `errCode`) or an `Error`, and fires once per retry. With an agent signature on
//! WeCom 3.0.24+ it never fires (only `onAgentConfigFail` does). A handler that compares the
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
//!   (function (res) { console.error('config failed', res.errMsg); })({ errMsg: 'config:' + String(error.err_msg || error.errMsg || error.message).replace(/^[^:]*:(?:fail(?:ed)?_)?/, '').replace(/_/g, ' ').toLowerCase() });
//! },
//! ```
//!
//! Fix: the handler moves into the page's `ww.register` as `onConfigFail` (the `wx-config`
//! fix) when `wx.error` is a statement in the function that calls `wx.config`, or the first
//! statement of its `wx.ready` callback (jweixin then called it at once after a failed
//! config, before the rest of the callback, which is what `onConfigFail` does), and reads no
//! name that callback declares. A handler that never looks at its argument (nor `this`) moves
//! as it is; any other is wrapped so that it gets jweixin's `{ errMsg: 'config:...' }`, rebuilt
//! from the client's raw reply, and is called as a plain function. **Safe**, naming the
//! once-per-retry firing. No fix elsewhere.

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

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
        None => cx.report_unfixed(
            diagnostic,
            "it is not a statement of the function that calls `wx.config` (nor the first statement of its `wx.ready` callback), so the tool cannot tell when jweixin would have called it",
        ),
    }
}
