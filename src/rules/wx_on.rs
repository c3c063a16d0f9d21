//! `wx-on`: a `wx.on(event, callback)` call that listens to a client event.
//!
//! What it finds: `wx.on(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` has `ww.on(event, callback)` with the same event name and the raw
//! payload. It waits for the client bridge instead of dropping the listener when the bridge is
//! missing, and, like `wx.on`, does not wait for configuration.
//!
//! Before:
//!
//! ```js
//! wx.on('menu:share:appmessage', function (ev) { track(ev); });
//! ```
//!
//! After:
//!
//! ```js
//! ww.on('menu:share:appmessage', function (ev) { track(ev); });
//! ```
//!
//! Fix (R7): `ww.on(...)`, nothing else (`ww.on` never rejects, so no `.catch`). **Safe**,
//! noting that the listener waits for the client bridge instead of being dropped. **Unsafe**
//! when the call's value is used (`ww.on` returns a promise, jweixin nothing), and when it runs
//! while the page loads or right after a configuration outside a `wx.ready` callback, where
//! jweixin dropped it without the client bridge and `ww.on` waits for the bridge.

use crate::api_table::{self, ApiKind};
use crate::diagnostic::Diagnostic;
use crate::rules::wx_invoke::value_used;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    let name = call.string_arg(0);
    let message = match name {
        Some(name) => format!("`{callee}('{name}', ...)` listens to a client event through the legacy JS-SDK"),
        None => format!("`{callee}(...)` listens to a client event through the legacy JS-SDK"),
    };
    let help = match name {
        Some(name) if api_table::lookup(ApiKind::Event, name).is_none() => {
            format!("use `ww.on('{name}', callback)`: same event name and raw payload (`{name}` is not in the WeCom event table, check the name)")
        }
        Some(name) => format!("use `ww.on('{name}', callback)`: same event name and raw payload"),
        None => "use `ww.on(event, callback)`: same event name and raw payload".to_string(),
    };
    let diagnostic = Diagnostic::new(RuleId::WxOn, call.callee.clone(), message, help);
    let fix = call.ww_callee(cx, "on").and_then(|edits| {
        let title = "Listen with `ww.on`. Difference inherent to @wecom/jssdk: the listener waits for the client bridge instead of being dropped when it is missing";
        let mut unsafe_because = value_used(call, "ww.on");
        unsafe_because.extend(call.why_timing_changes());
        cx.fix_unless(title.to_string(), &unsafe_because, edits)
    });
    cx.report_with(diagnostic, fix);
}
