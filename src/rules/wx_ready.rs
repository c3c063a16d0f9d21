//! `wx-ready`: a `wx.ready(fn)` call, the legacy queue that runs once configuration replied.
//!
//! What it finds: `wx.ready(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` has no `ready`. Legacy `wx.ready` ran its callback once, with no
//! argument, after the configuration replied, *whether it succeeded or failed*.
//! `ww.ensureConfigReady().catch(() => {}).then(fn)` keeps that, but only when `ww.register`
//! has already run; `ww.ensureConfigReady().then(fn)` skips `fn` when configuration fails, and
//! `onConfigSuccess` may never fire (WeCom 3.0.24+ with an agent signature) or fire repeatedly.
//! Dropping the gate is wrong too: `ww.invoke` and `ww.on` do not wait for configuration.
//!
//! Before:
//!
//! ```js
//! wx.config({...});
//! wx.ready(function () { wx.invoke('getContext', {}, onContext); });
//! ```
//!
//! After:
//!
//! ```js
//! ww.register({...});
//! ww.ensureConfigReady().catch(() => {}).then(function () { ww.invoke('getContext', {}, onContext).catch(() => {}); });
//! ```

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    cx.report(Diagnostic::new(
        RuleId::WxReady,
        call.callee.clone(),
        format!("`{callee}(...)` waits on the legacy JS-SDK's configuration"),
        "after `ww.register(...)`, use `ww.ensureConfigReady().catch(() => {}).then(() => ...)`: it runs the callback once configuration replied, even when it failed, as `wx.ready` did",
    ));
}
