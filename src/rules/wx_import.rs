//! `wx-import`: an `import` or `require` of a legacy SDK package (`weixin-js-sdk`,
//! `jweixin-module`, `jweixin`, `weixin-jsapi`, a vendored `jweixin-1.x.js`), or a
//! `package.json` dependency on one.
//!
//! What it finds: `import wx from 'weixin-js-sdk'`, `import * as jweixin from 'jweixin-module'`,
//! `import { config } from 'weixin-js-sdk'`, `const wx = require('jweixin-module')`,
//! `import('weixin-js-sdk')`, an AMD dependency (`define(['jweixin'], function (wx) {...})`,
//! `requirejs([...], ...)`, also on a name the loader's `paths` in the same file give jweixin,
//! whose entry is reported too: `require.config({ paths: { wx:
//! '//res.wx.qq.com/open/js/jweixin-1.0.0' } })`), an import of a copy of jweixin in the
//! project under any name (`import wxsdk from './vendor/wxsdk.js'`, found by the copy's content),
//! vux's `WechatPlugin` (`import { WechatPlugin } from 'vux'`: `Vue.use(WechatPlugin)` installs
//! `weixin-js-sdk` on every component as `this.$wechat`), a re-export of a package (`export {
//! default } from 'weixin-js-sdk'`, `export * from 'jweixin-module'`), and `"weixin-js-sdk":
//! "^1.6.0"` under a `package.json` dependencies key.
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
//!
//! Fix (R1): the import becomes `import * as ww from '@wecom/jssdk'` (a require,
//! `const ww = require('@wecom/jssdk')`), and every use of the binding, whatever its name, is
//! renamed to `ww` by the other rules' fixes, which all carry this edit so that each one alone
//! leaves consistent code. Named imports switch package when every name exists on `ww` with
//! the same behaviour (`invoke`, `on`, identical methods). A `package.json` entry becomes
//! `"@wecom/jssdk": "^2.4.4"` (or is removed when `@wecom/jssdk` is already listed). **Safe**.
//! No fix for a side-effect import (`import 'jweixin-module'`, which sets the global `wx`), a
//! dynamic `import()`, an AMD dependency (what it loads is the loader configuration's
//! business), vux's `WechatPlugin` (`@wecom/jssdk` has no Vue plugin: store `ww` on the components
//! yourself and move the `$wechat` uses), a module that hands the SDK on (a re-export,
//! `module.exports = require('weixin-js-sdk')`, a `require(...)` returned or passed; an
//! exported binding, `export { wx }`, `export const sdk = wx`, is a `wx-object` finding): the
//! modules that receive it call jweixin's API, or a default import mixed with named ones. An import of
//! a copy of jweixin in the project says that the package must then depend on `@wecom/jssdk`
//! (no dependency is switched for a copy).

use crate::api_table::{self, ApiKind, Compat};
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::rules::list_edit::ListEdit;
use crate::rules::{RuleContext, RuleId};
use crate::sdk::ImportForm;
use crate::source::SourceFile;

/// The `@wecom/jssdk` version a `package.json` entry is set to.
const WECOM_VERSION: &str = "^2.4.4";

/// The edits that switch every legacy import of a block to `@wecom/jssdk`, or why they cannot.
pub(crate) fn switch_edits(cx: &RuleContext) -> Result<Vec<Edit>, String> {
    let mut edits = Vec::new();
    for import in &cx.sdk.imports {
        let spec_text = cx.text(import.specifier.clone());
        let quote = spec_text.chars().next().unwrap_or('\'');
        let specifier = Edit::replace(import.specifier.clone(), format!("{quote}@wecom/jssdk{quote}"));
        match import.form {
            ImportForm::Binding => {
                let Some(local) = import.local.clone() else { continue };
                let head = cx.text(import.range.start..local.start);
                let tail = cx.text(local.end..import.specifier.start);
                if tail.contains('{') || head.contains('{') {
                    return Err(format!(
                        "`{}` mixes a default import with named ones; split it by hand",
                        import.package
                    ));
                }
                if head.contains('*') {
                    if cx.text(local.clone()) != "ww" {
                        edits.push(Edit::replace(local, "ww"));
                    }
                } else {
                    edits.push(Edit::replace(local, "* as ww"));
                }
                edits.push(specifier);
            }
            ImportForm::Named => {
                if let Some(name) = import.named.iter().find(|n| !same_on_ww(n)) {
                    return Err(format!(
                        "`{name}` is imported from `{}`, and `@wecom/jssdk` has no `{name}` that works the same",
                        import.package
                    ));
                }
                edits.push(specifier);
            }
            ImportForm::Require => {
                // (`module.exports = require(...)`, `exports.wx = require(...)`, `return
                // require(...)`, `f(require(...))`: the object is handed on)
                if import.local.is_none() && import.named.is_empty() {
                    let text = cx.text(0..cx.file_len());
                    let before = text[..import.range.start].trim_end();
                    let after = text[import.range.end..].trim_start();
                    let handed_on = before.ends_with(['=', '(', ',', ':', '?', '['])
                        || before.ends_with("return")
                        || before.ends_with("default")
                        || before.ends_with("=>");
                    if handed_on && !after.starts_with('.') {
                        return Err(format!(
                            "`require('{}')` is handed on (exported, returned or passed), and the code that receives it calls jweixin's API: move that code to `ww` by hand",
                            import.package
                        ));
                    }
                }
                if let Some(name) = import.named.iter().find(|n| !same_on_ww(n)) {
                    return Err(format!(
                        "`{name}` is taken from `require('{}')`, and `@wecom/jssdk` has no `{name}` that works the same",
                        import.package
                    ));
                }
                if let Some(local) = import.local.clone() {
                    if cx.text(local.clone()) != "ww" {
                        edits.push(Edit::replace(local, "ww"));
                    }
                }
                edits.push(specifier);
            }
            ImportForm::SideEffect => {
                return Err(format!(
                "`import '{}'` only loads the SDK for its global `wx`; load `@wecom/jssdk` where the page is assembled",
                import.package
            ))
            }
            ImportForm::Dynamic => {
                return Err(format!(
                    "`import('{}')` loads the SDK at run time; rewrite the code that uses it by hand",
                    import.package
                ))
            }
            ImportForm::Amd => return Err(amd_blocker(&import.package)),
            ImportForm::Plugin => return Err(PLUGIN_BLOCKER.to_string()),
            ImportForm::ReExport => {
                return Err(format!(
                    "this module hands `{}` on to the modules that import it, which call jweixin's API on it: move them to `ww` by hand, then export `@wecom/jssdk`",
                    import.package
                ))
            }
        }
    }
    Ok(edits)
}

/// Why an AMD dependency on the legacy SDK (`define(['jweixin'], function (wx) {...})`) is left
/// to the user: what the dependency loads is the loader's business, and `@wecom/jssdk`'s
/// browser build defines no AMD module (it only sets the global `ww`).
fn amd_blocker(dependency: &str) -> String {
    let address = dependency.contains('/') || dependency.ends_with(".js");
    if address {
        format!(
            "RequireJS loads `'{dependency}'` from that address, and `@wecom/jssdk`'s browser build defines no AMD module (it sets the global `ww`): load it with a `<script>` tag, or name it in `require.config` `paths` with a `shim` that exports `ww`, then depend on that and rename the parameter by hand"
        )
    } else {
        format!(
            "the AMD loader's configuration (`require.config` `paths`) decides what `'{dependency}'` loads, and `@wecom/jssdk`'s browser build defines no AMD module (it sets the global `ww`): point a module name at it there with a `shim` that exports `ww`, then depend on it and rename the parameter by hand"
        )
    }
}

/// Why vux's `WechatPlugin` is left to the user: it installs jweixin on every component, and
/// `@wecom/jssdk` has no Vue plugin.
const PLUGIN_BLOCKER: &str = "`Vue.use(WechatPlugin)` installs jweixin (`weixin-js-sdk`) on every component as `this.$wechat` and on `Vue.wechat`, and `@wecom/jssdk` has no such plugin: store `ww` yourself (`Vue.prototype.$ww = ww`), move the `$wechat` uses to it by hand, then run the fix again";

/// Whether an import specifier names a copy of jweixin in the project (`./lib/jweixin-1.2.0`,
/// `@/assets/js/jssdk`), not an installed package.
fn vendored_copy(specifier: &str) -> bool {
    !crate::sdk::LEGACY_PACKAGES.contains(&specifier)
        && !specifier.starts_with("weixin-js-sdk")
        && (specifier.starts_with(['.', '/', '@', '~']) || specifier.contains('/'))
}

/// Whether `@wecom/jssdk` exports `name` with the same behaviour.
fn same_on_ww(name: &str) -> bool {
    matches!(name, "invoke" | "on")
        || api_table::lookup(ApiKind::Method, name).is_some_and(|row| row.compat == Compat::Identical)
}

/// Imports and requires found in one block.
pub(crate) fn check(cx: &mut RuleContext) {
    for import in cx.sdk.imports.clone() {
        let package = &import.package;
        let (message, help, title) = match import.form {
            ImportForm::Require => (
                format!("`require('{package}')` loads the legacy JS-SDK"),
                "use `const ww = require('@wecom/jssdk')`".to_string(),
                "Require `@wecom/jssdk` as `ww`",
            ),
            // (a `paths` entry of the loader's configuration spans `name: 'address'`; a
            // dependency is its string alone)
            ImportForm::Amd if import.range != import.specifier => (
                format!(
                    "the AMD loader's `paths` give the legacy JS-SDK ({}) the name `'{package}'`: the modules that depend on `'{package}'` use jweixin",
                    cx.text(import.specifier.clone())
                ),
                "point the name at `@wecom/jssdk`'s browser build with a `shim` that exports its global `ww`, and use the factories' parameters as `ww`".to_string(),
                "",
            ),
            ImportForm::Amd => (
                format!("the AMD dependency `'{package}'` loads the legacy JS-SDK"),
                "depend on `@wecom/jssdk`'s browser build instead (named in the loader's `paths`, with a `shim` that exports its global `ww`), and use the factory's parameter as `ww`".to_string(),
                "",
            ),
            ImportForm::Dynamic => (
                format!("`import('{package}')` loads the legacy JS-SDK"),
                "use `import('@wecom/jssdk')` (named exports only: the module itself is the `ww` object)".to_string(),
                "",
            ),
            ImportForm::ReExport => (
                format!("this module re-exports the legacy JS-SDK (`{package}`)"),
                "re-export `@wecom/jssdk` once the modules that import this one use `ww`".to_string(),
                "",
            ),
            ImportForm::Plugin => (
                format!("`WechatPlugin` from `{package}` is the legacy JS-SDK: `Vue.use(WechatPlugin)` gives every component jweixin as `this.$wechat`"),
                "store `ww` from `@wecom/jssdk` on the components yourself and move the `$wechat` uses to it".to_string(),
                "",
            ),
            ImportForm::Named => (
                format!("`{package}` is the legacy JS-SDK"),
                "import the same names from `@wecom/jssdk`, or `import * as ww from '@wecom/jssdk'`".to_string(),
                "Import the same names from `@wecom/jssdk`",
            ),
            _ => (
                format!("`{package}` is the legacy JS-SDK"),
                "use `import * as ww from '@wecom/jssdk'` (it has no default export)".to_string(),
                "Import `@wecom/jssdk` as `ww` (it has named exports only); uses of the binding become `ww`",
            ),
        };
        // (a copy of jweixin in the project is no dependency the package.json fix switches)
        let help = if vendored_copy(package) && !matches!(import.form, ImportForm::Amd | ImportForm::Plugin) {
            format!("{help}; the package must then depend on `@wecom/jssdk` (this names a copy of jweixin in the project, not a dependency that `package.json`'s fix switches)")
        } else {
            help
        };
        let diagnostic = Diagnostic::new(RuleId::WxImport, import.range.clone(), message, help);
        let fix = cx.fix(title, Applicability::Safe, Vec::new());
        cx.report_with(diagnostic, fix);
    }
}

/// A `package.json` dependency on a legacy package.
pub(crate) fn check_package_json(file: &SourceFile) -> Vec<Diagnostic> {
    crate::package_json::legacy_dependencies(&file.text)
        .into_iter()
        .map(|dep| {
            let edits = if dep.has_wecom {
                let mut list = ListEdit::new(&file.text, dep.section_object.clone(), dep.section_entries.clone());
                if let Some(index) = dep.section_entries.iter().position(|e| *e == dep.entry) {
                    list.delete(index);
                }
                list.edits(file.line_ending())
            } else {
                vec![
                    Edit::replace(dep.name.clone(), "\"@wecom/jssdk\""),
                    Edit::replace(dep.version.clone(), format!("\"{WECOM_VERSION}\"")),
                ]
            };
            let title = if dep.has_wecom {
                format!(
                    "Remove `{}` (`@wecom/jssdk` is already listed); run your package manager's install",
                    dep.package
                )
            } else {
                format!(
                    "Depend on `@wecom/jssdk` {WECOM_VERSION} instead of `{}`; run your package manager's install",
                    dep.package
                )
            };
            Diagnostic::new(
                RuleId::WxImport,
                dep.entry.clone(),
                format!("`{}` in `{}` is the legacy JS-SDK", dep.package, dep.section),
                "depend on `@wecom/jssdk` instead",
            )
            .with_fix(Some(Fix::new(title, Applicability::Safe, edits)))
        })
        .collect()
}
