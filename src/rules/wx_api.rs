//! `wx-api`: a direct method of the legacy SDK object (`wx.chooseImage({...})`), or any other
//! member read from it (`typeof wx.invoke`, `wx.miniProgram`, `wx[name]`).
//!
//! What it finds: calls and reads of SDK members other than `config`, `agentConfig`, `ready`,
//! `error`, `invoke` and `on`, through any form of the SDK object.
//!
//! Why: most methods exist on `ww` with the same name and options (the API table marks them
//! `identical`); some take other arguments (`onVoiceRecordEnd` takes a function, share
//! methods never call `trigger`), return other results (`checkJsApi`, `chooseWXPay`), or have
//! no equivalent at all (`miniProgram.*`, `getBrandWCPayRequest`, WeChat `launchMiniProgram`).
//! Every `ww` method waits for `ww.register` and returns a promise that rejects on failure.
//!
//! Before:
//!
//! ```js
//! wx.scanQRCode({ needResult: 1, success: function (res) { show(res.resultStr); } });
//! ```
//!
//! After:
//!
//! ```js
//! ww.scanQRCode({ needResult: 1, success: function (res) { show(res.resultStr); } }).catch(() => {});
//! ```

use swc_ecma_ast::{MemberExpr, MemberProp};

use crate::api_table::{self, ApiKind, Compat};
use crate::diagnostic::Diagnostic;
use crate::parse;
use crate::rules::wx_invoke::note_summary;
use crate::rules::{RuleContext, RuleId, SdkCall};
use crate::sdk::{Origin, SdkRef};

/// A call of a direct method: `wx.chooseImage({...})`.
pub(crate) fn check_call(call: &SdkCall, cx: &mut RuleContext) {
    if !is_sdk_member(call.method, call.object) {
        return;
    }
    let callee = call.callee_text(cx);
    let (message, help) = describe(callee, call.method);
    cx.report(Diagnostic::new(RuleId::WxApi, call.callee.clone(), message, help));
}

/// A member read that is not a call: `typeof wx.invoke`, `wx.miniProgram`, `wx[name]`.
pub(crate) fn check_access(member: &MemberExpr, object: &SdkRef, cx: &mut RuleContext) {
    let range = parse::range(member.span);
    let text = cx.text(range.clone());
    let name = match &member.prop {
        MemberProp::Ident(i) => Some(i.sym.to_string()),
        MemberProp::Computed(c) => match &*c.expr {
            swc_ecma_ast::Expr::Lit(swc_ecma_ast::Lit::Str(s)) => s.value.as_atom().map(|a| a.to_string()),
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    };
    let (message, help) = match name {
        Some(name) if !is_sdk_member(&name, Some(object)) => return,
        Some(name) => {
            let (_, help) = describe(text, &name);
            (format!("`{text}` reads a member of the legacy JS-SDK"), help)
        }
        None => (
            format!("`{text}` picks a legacy JS-SDK member by a computed name"),
            "the tool cannot tell which API this is: write the `ww.<api>(...)` calls out by name".to_string(),
        ),
    };
    cx.report(Diagnostic::new(RuleId::WxApi, range, message, help));
}

/// Whether `name` is worth a finding. On the global `wx`, a name that no jweixin build has
/// (`wx.showToast`, `wx.request`) is mini-program code (uni-app `#ifdef MP-WEIXIN` blocks),
/// not the web SDK; on an imported legacy package every member is legacy.
fn is_sdk_member(name: &str, object: Option<&SdkRef>) -> bool {
    api_table::is_legacy_member(name)
        || matches!(
            object.map(|o| &o.origin),
            Some(Origin::Imported { .. } | Origin::Alias { .. }) | None
        )
}

/// The message and help for member `name` of the SDK, written as `text`.
fn describe(text: &str, name: &str) -> (String, String) {
    if name == "miniProgram" {
        return (
            format!("`{text}` uses the WeChat mini-program bridge of the legacy JS-SDK"),
            "`@wecom/jssdk` has no `miniProgram`: keep jweixin on pages that run inside a mini-program web-view"
                .to_string(),
        );
    }
    match api_table::lookup(ApiKind::Method, name) {
        Some(row) => match row.compat {
            Compat::Identical => (
                format!("`{text}` is a legacy JS-SDK method"),
                format!("use `ww.{name}(...)`: same options and callbacks; it waits for `ww.register` and returns a promise that rejects on failure"),
            ),
            Compat::NoEquivalent => (
                format!("`{text}` has no `@wecom/jssdk` equivalent"),
                note_summary(row.notes),
            ),
            Compat::ParamsDiffer | Compat::ResultDiffers => (
                format!("`{text}` is a legacy JS-SDK method that behaves differently in `@wecom/jssdk`"),
                format!("`ww.{name}` exists but differs: {}", note_summary(row.notes)),
            ),
        },
        None => (
            format!("`{text}` is not a method of the legacy JS-SDK"),
            format!("neither jweixin nor `@wecom/jssdk` has `{name}`: check the name"),
        ),
    }
}
