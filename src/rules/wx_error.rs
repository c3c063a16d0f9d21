//! `wx-error`: a `wx.error(fn)` call, the legacy configuration-failure handler.
//!
//! What it finds: `wx.error(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` takes the handler as `onConfigFail` in `ww.register({...})`. It then
//! receives `errMsg` prefixed `preVerifyJSAPI:` instead of `config:`, may receive an `Error`
//! without `errMsg`, and fires once per retry. With an agent signature on WeCom 3.0.24+ it
//! never fires (only `onAgentConfigFail` does).
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
//! onConfigFail: function (res) { console.error('config failed', res.errMsg); },
//! ```
//!
//! Fix: the handler moves into the page's `ww.register` as `onConfigFail` (the `wx-config`
//! fix) when `wx.error` is a statement in the function that calls `wx.config`, or the first
//! statement of its `wx.ready` callback (jweixin then called it at once after a failed
//! config, before the rest of the callback, which is what `onConfigFail` does). **Safe**,
//! naming the `preVerifyJSAPI:` prefix and the once-per-retry firing. No fix elsewhere.

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    let diagnostic = Diagnostic::new(
        RuleId::WxError,
        call.callee.clone(),
        format!("`{callee}(...)` handles a failed legacy JS-SDK configuration"),
        "pass the handler to `ww.register({ onConfigFail })`; its `errMsg` then starts with `preVerifyJSAPI:` instead of `config:`",
    );
    match cx.plans.get(&call.call.start).map(|p| p.fix.clone()) {
        Some(fix) => cx.report_with(diagnostic, fix),
        None => cx.report_unfixed(
            diagnostic,
            "it is not a statement of the function that calls `wx.config` (nor the first statement of its `wx.ready` callback), so the tool cannot tell when jweixin would have called it",
        ),
    }
}
