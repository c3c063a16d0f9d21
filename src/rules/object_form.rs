//! How each form of the legacy SDK object is written after migration: the globals `wx` and
//! `jWeixin` become `ww`, `window.wx` becomes `window.ww`, an imported or required binding is
//! renamed to `ww` (its import is switched to `@wecom/jssdk`), and an alias keeps its name
//! (its initializer is rewritten instead). An object stored elsewhere (`this.$wx`) becomes
//! `this.$ww` when its migration unit proves the store and every read move together
//! (sdk/stores.rs), else has no form.

use super::RuleContext;
use crate::fix::Edit;
use crate::sdk::{stores, Origin, SdkRef};

/// The edits that make `sdk_ref` the `ww` object, or `None` when the tool cannot tell.
pub(crate) fn to_ww(cx: &RuleContext, sdk_ref: &SdkRef) -> Option<Vec<Edit>> {
    let text = cx.text(sdk_ref.range.clone());
    match &sdk_ref.origin {
        Origin::Global => Some(vec![Edit::replace(sdk_ref.range.clone(), "ww")]),
        Origin::WindowProperty { name } => {
            let written = cx.text(name.clone());
            let edit = if written.starts_with(['\'', '"']) {
                Edit::replace(name.start + 1..name.end - 1, "ww")
            } else {
                Edit::replace(name.clone(), "ww")
            };
            Some(vec![edit])
        }
        // `require('weixin-js-sdk').config(...)`: the switch edit rewrites the specifier.
        Origin::Imported { decl } if *decl == sdk_ref.range => Some(Vec::new()),
        Origin::Imported { .. } if text == "ww" => Some(Vec::new()),
        Origin::Imported { .. } => Some(vec![Edit::replace(sdk_ref.range.clone(), "ww")]),
        // a parameter that receives the SDK object at every call (sdk/params.rs): it and its
        // uses become `ww`, as the calls now pass `ww`
        Origin::Alias { decl } if cx.sdk.param_aliases.contains(decl) => Some(vec![
            Edit::replace(sdk_ref.range.clone(), "ww"),
            Edit::replace(decl.clone(), "ww"),
        ]),
        Origin::Alias { .. } => Some(Vec::new()),
        // `this.$wx`: kept as written when the unit proves the property holds `ww` once
        // migrated (sdk/stores.rs)
        Origin::StoredProperty => {
            let property = text.rsplit('.').next().unwrap_or(text);
            let proven = &cx.options.unit.proven_stores;
            proven.iter().any(|p| p == property).then(|| {
                let end = sdk_ref.range.end;
                vec![Edit::replace(
                    end - property.len()..end,
                    stores::ww_holder_name(property),
                )]
            })
        }
    }
}

/// Why an SDK object has no `ww` form.
pub(crate) fn why_not(cx: &RuleContext, sdk_ref: &SdkRef) -> String {
    let text = cx.text(sdk_ref.range.clone());
    let property = text.rsplit('.').next().unwrap_or(text);
    if cx.options.unit.escaped_stores.iter().any(|p| p == property) {
        return format!(
            "`{text}` holds the SDK object its unit stores as `{property}`, but not every use of `{property}` in the unit calls the SDK (one hands it on, is another store, or sits in a template or type declaration the tool does not migrate), so the store and its reads cannot move together; migrate them by hand"
        );
    }
    format!(
        "`{}` holds the SDK object, set somewhere this file does not show; migrate the code that stores it and these calls by hand",
        cx.text(sdk_ref.range.clone())
    )
}

/// The `ww` form of the object a lifecycle call is made on, as text (`ww`, `window.ww`, `sdk`).
pub(super) fn ww_text(cx: &RuleContext, object: &SdkRef) -> Result<String, String> {
    let edits = cx.ww_object(object).ok_or_else(|| why_not(cx, object))?;
    Ok(crate::apply::edited_slice(&cx.file.text, object.range.clone(), &edits))
}
