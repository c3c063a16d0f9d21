//! `wx-object`: the legacy SDK object itself used as a value: aliased, stored, passed on or
//! tested (`var sdk = window.wx`, `Vue.prototype.$wx = wx`, `if (typeof wx !== 'undefined')`).
//!
//! What it finds: every reference to the SDK object that is not the object of a member call
//! or read (those belong to the other rules), and not an import (that is `wx-import`).
//! An alias that is only tested (`sdk && sdk.ready(...)`) is not reported: its name stays.
//! Nor is any mention of `wx` in a mini-program probe, an expression that reads a member no
//! jweixin build has (`typeof wx === 'object' && typeof wx.getSystemInfoSync === 'function'`,
//! in every echarts build): that `wx` is WeChat's mini-program object, and renaming one of its
//! mentions would leave the next one to throw a `ReferenceError` on a page that loads `ww`.
//!
//! Also found: the global `wx` in code of an event attribute (`onclick="wx.closeWindow()"`,
//! `href="javascript:wx.closeWindow()"`, or such markup in a string a script inserts), which no
//! other rule parses (`event_attributes.rs`); no fix, so its page's unit stays on jweixin until
//! it is changed by hand (`fixtures/wx-object/sdk-called-from-event-attributes`).
//!
//! Also found: a member no jweixin build has, read, written or called on the global `wx` of a
//! unit whose page loads jweixin (`wx.localId = res.localId`, then `wx.playVoice({ localId:
//! wx.localId })`): the code keeps a value of its own on jweixin's object. No fix: `ww` is
//! another object and the migrated page has no `wx`, so the unit stays on jweixin until the
//! value moves to a variable of the code's own (`fixtures/units/page-keeps-its-own-value-on-the-sdk-object`).
//! Where no page of the unit loads jweixin, such a member is WeChat's mini-program object,
//! and nothing is reported.
//!
//! A TypeScript declaration of the global (`declare const wx: any`, typed `any` or not at all)
//! is not a use: every fix of its block renames it to `ww` with the code that calls it, or
//! the type check would find no `ww` (helper-23; `fixtures/wx-config/typescript-declares-the-global`).
//!
//! Why: `@wecom/jssdk` defines no `wx` or `jWeixin` global. A feature test keeps looking for
//! the old SDK, an alias keeps pointing at it, and an object stored elsewhere (`this.$wx`, a
//! store) is called by code this rule cannot see.
//!
//! Before:
//!
//! ```js
//! if (typeof wx !== 'undefined') { init(); }
//! var sdk = window.wx;
//! ```
//!
//! After:
//!
//! ```js
//! if (typeof ww !== 'undefined') { init(); }
//! var sdk = window.ww;
//! ```
//!
//! Fix: where the object is only tested or taken as an alias (`typeof`, `!`, conditions,
//! `&&`/`||`, a variable's initial value), it is renamed to its `ww` form. **Safe**. Where it
//! is handed to the console (`console.log('wx', wx)`, debugging code that pages keep), it is
//! renamed too: the console then shows `@wecom/jssdk`'s object, the one difference, which the
//! title names (`fixtures/wx-object/logged-to-the-console`). **Safe**. Where it
//! is stored in a shared property (`Vue.prototype.$wx = wx`, `globalProperties.wx = wx`)
//! whose every use in the migration unit calls the SDK (`this.$wx.scanQRCode(...)`), the
//! store becomes `Vue.prototype.$ww = ww` and the reads `this.$ww...`, together. **Safe**.
//! No fix where it is passed on (`init(wx)`, `return wx`), or stored where another use of the
//! property escapes (`const sdk = this.$wx`, a template's `$wx.closeWindow()`, a type
//! declaration): the code that receives it calls the legacy API and must be migrated with it,
//! by hand.

use swc_ecma_ast::*;

use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit};
use crate::rules::{RuleContext, RuleId};
use crate::sdk::{unwrap, Origin, SdkRef};

/// The console methods whose arguments are only shown.
const CONSOLE_METHODS: &[&str] = &["log", "info", "warn", "error", "debug", "dir", "trace", "table"];

/// Whether `call` hands its arguments to the browser's console (`console.log(...)`), the global
/// `console`: `program` declares no binding of that name anywhere.
pub(crate) fn is_console_call(call: &CallExpr, program: &Program) -> bool {
    let Callee::Expr(callee) = &call.callee else {
        return false;
    };
    let Expr::Member(m) = unwrap(callee) else {
        return false;
    };
    let method = m.prop.as_ident().is_some_and(|p| CONSOLE_METHODS.contains(&&*p.sym));
    let on_console = matches!(unwrap(&m.obj), Expr::Ident(o) if o.sym == "console");
    method && on_console && !crate::scope::declared_anywhere(program).iter().any(|n| n == "console")
}

/// `tested`: the reference is only tested or used to initialise an alias (or stored in a
/// property the unit proves, whose `store_rename` is the property's name and its `ww` name);
/// `logged`: it is handed to the console, and renamed as a tested one is.
pub(crate) fn check(
    sdk_ref: &SdkRef,
    tested: bool,
    logged: bool,
    store_rename: Option<(std::ops::Range<usize>, String)>,
    cx: &mut RuleContext,
) {
    let text = cx.text(sdk_ref.range.clone());
    let help = match &sdk_ref.origin {
        Origin::Global => {
            "the `@wecom/jssdk` global is `ww` (`import * as ww from '@wecom/jssdk'` in modules)".to_string()
        }
        Origin::WindowProperty { .. } => "the `@wecom/jssdk` global is `window.ww`".to_string(),
        Origin::Imported { .. } | Origin::Alias { .. } => {
            "code that receives this object calls the legacy API: migrate it to `ww` too".to_string()
        }
        Origin::StoredProperty => "migrate the code that stores the SDK object here".to_string(),
    };
    let diagnostic = Diagnostic::new(
        RuleId::WxObject,
        sdk_ref.range.clone(),
        format!("`{text}` is the legacy JS-SDK object"),
        help,
    );
    if !(tested || logged) {
        cx.report_unfixed(
            diagnostic,
            "the SDK object is stored or passed on here, and the code that receives it calls the legacy API",
        );
        return;
    }
    let fix = match (cx.ww_object(sdk_ref), store_rename) {
        (Some(mut edits), Some((property, renamed))) => {
            let title = format!(
                "Store `ww` as `{renamed}` instead of `{text}` as `{}`: every read of it in this migration unit calls the SDK and moves with it",
                cx.text(property.clone())
            );
            edits.push(Edit::replace(property, renamed));
            cx.fix(title, Applicability::Safe, edits)
        }
        (Some(edits), None) if !edits.is_empty() && logged => cx.fix(
            format!("Log `ww` instead of `{text}`: the console now shows `@wecom/jssdk`'s object instead of jweixin's"),
            Applicability::Safe,
            edits,
        ),
        (Some(edits), None) if !edits.is_empty() => {
            cx.fix(format!("Refer to `ww` instead of `{text}`"), Applicability::Safe, edits)
        }
        (_, _) => Err("the tool cannot tell what this refers to after migration".to_string()),
    };
    cx.report_with(diagnostic, fix);
}
