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

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    cx.report(Diagnostic::new(
        RuleId::WxError,
        call.callee.clone(),
        format!("`{callee}(...)` handles a failed legacy JS-SDK configuration"),
        "pass the handler to `ww.register({ onConfigFail })`; its `errMsg` then starts with `preVerifyJSAPI:` instead of `config:`",
    ));
}
