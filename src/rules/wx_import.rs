//! `wx-import`: an `import` or `require` of a legacy SDK package (`weixin-js-sdk`,
//! `jweixin-module`, `jweixin`, `weixin-jsapi`, a vendored `jweixin-1.x.js`), or a
//! `package.json` dependency on one.
//!
//! What it finds: `import wx from 'weixin-js-sdk'`, `import * as jweixin from 'jweixin-module'`,
//! `import { config } from 'weixin-js-sdk'`, `const wx = require('jweixin-module')`,
//! `import('weixin-js-sdk')`, and `"weixin-js-sdk": "^1.6.0"` under a `package.json`
//! dependencies key.
//!
//! Why: `@wecom/jssdk` replaces these packages. It has named exports only, so the import must
//! be a namespace import: `import ww from '@wecom/jssdk'` does not work.
//!
//! Before:
//!
//! ```js
//! import wx from 'weixin-js-sdk';
//! ```
//!
//! After:
//!
//! ```js
//! import * as ww from '@wecom/jssdk';
//! ```

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId};
use crate::sdk::ImportForm;
use crate::source::SourceFile;

/// Imports and requires found in one block.
pub(crate) fn check(cx: &mut RuleContext) {
    for import in &cx.sdk.imports {
        let package = &import.package;
        let (message, help) = match import.form {
            ImportForm::Require => (
                format!("`require('{package}')` loads the legacy JS-SDK"),
                "use `const ww = require('@wecom/jssdk')`".to_string(),
            ),
            ImportForm::Dynamic => (
                format!("`import('{package}')` loads the legacy JS-SDK"),
                "use `import('@wecom/jssdk')` (named exports only: the module itself is the `ww` object)".to_string(),
            ),
            _ => (
                format!("`{package}` is the legacy JS-SDK"),
                "use `import * as ww from '@wecom/jssdk'` (it has no default export)".to_string(),
            ),
        };
        cx.report(Diagnostic::new(RuleId::WxImport, import.range.clone(), message, help));
    }
}

/// A `package.json` dependency on a legacy package.
pub(crate) fn check_package_json(file: &SourceFile) -> Vec<Diagnostic> {
    crate::package_json::legacy_dependencies(&file.text)
        .into_iter()
        .map(|dep| {
            Diagnostic::new(
                RuleId::WxImport,
                dep.entry.clone(),
                format!("`{}` in `{}` is the legacy JS-SDK", dep.package, dep.section),
                "depend on `@wecom/jssdk` instead",
            )
        })
        .collect()
}
