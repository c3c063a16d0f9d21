//! `wx-object`: the legacy SDK object itself used as a value: aliased, stored, passed on or
//! tested (`var sdk = window.wx`, `Vue.prototype.$wx = wx`, `if (typeof wx !== 'undefined')`).
//!
//! What it finds: every reference to the SDK object that is not the object of a member call
//! or read (those belong to the other rules), and not an import (that is `wx-import`).
//!
//! Why: `@wecom/jssdk` defines no `wx` or `jWeixin` global. A feature test keeps looking for
//! the old SDK, an alias keeps pointing at it, and an object stored elsewhere (`this.$wx`, a
//! store) is called by code this rule cannot see.
//!
//! Before:
//!
//! ```js
//! if (typeof wx !== 'undefined') { init(); }
//! ```
//!
//! After:
//!
//! ```js
//! if (typeof ww !== 'undefined') { init(); }
//! ```

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId};
use crate::sdk::{Origin, SdkRef};

pub(crate) fn check(sdk_ref: &SdkRef, cx: &mut RuleContext) {
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
    cx.report(Diagnostic::new(
        RuleId::WxObject,
        sdk_ref.range.clone(),
        format!("`{text}` is the legacy JS-SDK object"),
        help,
    ));
}
