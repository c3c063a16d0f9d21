//! Which expressions are the legacy SDK object (DESIGN.md promise 4): the unbound global `wx` /
//! `jWeixin`, the same through `window.`/`self.`/`globalThis.`, bindings imported or required
//! from a legacy package, and plain aliases of those. A local or parameter named `wx` is not.

pub mod configurators;
pub mod handlers;
pub mod params;
mod resolve;
pub(crate) use resolve::GLOBAL_NAMES;
pub mod stores;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use swc_ecma_ast::{ArrowFunctionBody, Expr, ExprOrSpread, Program};

use crate::parse;

/// npm packages (and webpack externals) that are the legacy SDK.
pub const LEGACY_PACKAGES: &[&str] = &[
    "weixin-js-sdk",
    "jweixin-module",
    "jweixin",
    "weixin-jsapi",
    "wecomjsdk",
];

/// Whether an import specifier names the legacy SDK: a legacy package (`weixin-js-sdk`,
/// `weixin-js-sdk-ts`), or a path to a vendored copy (`./lib/jweixin-1.2.0.js`,
/// `@/utils/jweixin`, `./components/jweixin-module/index.js`, `./weixin-1.6.0`).
pub fn is_legacy_specifier(spec: &str) -> bool {
    if LEGACY_PACKAGES.contains(&spec) || spec.starts_with("weixin-js-sdk") {
        return true;
    }
    let segments: Vec<&str> = spec.split('/').collect();
    let Some((last, folders)) = segments.split_last() else {
        return false;
    };
    let stem = last.strip_suffix(".js").unwrap_or(last);
    let stem = stem.strip_suffix(".min").unwrap_or(stem);
    let versioned = |name: &str, base: &str| {
        name.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty() || rest.starts_with('-') && rest[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
        })
    };
    let sdk_file = |name: &str| {
        name.starts_with("jweixin") || name.starts_with("jwxwork") || (name != "weixin" && versioned(name, "weixin"))
    };
    // The package's own folder inside a project (`components/jweixin-module/index.js`).
    let sdk_folder = folders
        .iter()
        .any(|f| f.starts_with("jweixin") || f.starts_with("weixin-js-sdk"));
    sdk_file(stem) || (sdk_folder && matches!(stem, "index" | "lib" | "dist"))
}

/// How an expression reaches the legacy SDK object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The unbound global `wx` or `jWeixin`.
    Global,
    /// `window.wx`, `self.jWeixin`, `globalThis['wx']`; `name` is the property name's range.
    WindowProperty { name: Range<usize> },
    /// A binding imported or required from a legacy package; `decl` is the binding's name.
    Imported { decl: Range<usize> },
    /// A local alias such as `var sdk = window.wx`; `decl` is the alias's name.
    Alias { decl: Range<usize> },
    /// A property that holds the SDK object somewhere else (`this.$wx`, `state.wx`).
    StoredProperty,
}

/// One expression that evaluates to the legacy SDK object.
#[derive(Debug, Clone)]
pub struct SdkRef {
    pub range: Range<usize>,
    pub origin: Origin,
}

/// How a legacy package is brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportForm {
    /// `import wx from '...'` or `import * as wx from '...'`.
    Binding,
    /// `import { config, ready } from '...'`.
    Named,
    /// `import '...'`.
    SideEffect,
    /// `require('...')`, bound or not.
    Require,
    /// `import('...')`.
    Dynamic,
    /// A dependency of an AMD loader call (`define(['jweixin'], function (wx) {...})`,
    /// `require([...], ...)`), its factory's parameter bound to the SDK.
    Amd,
    /// A UI library's plugin that is jweixin under another name: vux's `WechatPlugin`
    /// (`import { WechatPlugin } from 'vux'`), which `Vue.use(WechatPlugin)` installs on every
    /// component as `this.$wechat` (and `Vue.wechat`).
    Plugin,
    /// The package handed on to the modules that import this one: `export { default } from
    /// 'weixin-js-sdk'`, `export * from 'weixin-js-sdk'`, `export * as wx from ...`.
    ReExport,
}

/// An import or require of a legacy package.
#[derive(Debug, Clone)]
pub struct LegacyImport {
    /// The whole import declaration, or the `require(...)` / `import(...)` call.
    pub range: Range<usize>,
    pub package: String,
    /// The string literal naming the package, quotes included.
    pub specifier: Range<usize>,
    pub form: ImportForm,
    /// The local name bound to the SDK object, when there is one.
    pub local: Option<Range<usize>>,
    /// For `const x = require(...)`: the whole declaration statement when it declares only this.
    pub declaration: Option<Range<usize>>,
    /// The names imported by `import { a, b } from '...'`, or taken by `const { a, b } = require(...)`.
    pub named: Vec<String>,
}

/// The name a computed member access with a string literal reads (`['foo']` gives `foo`).
fn bracketed_name(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('[')?.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

/// Whether `name` contains `needle` (ASCII), in any case: how names that may hold the SDK
/// object are recognised (`$wx`, `qyWx`, `wxSdk`).
fn contains_ignore_case(name: &str, needle: &str) -> bool {
    name.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Everything the rules need to know about the legacy SDK in one script block.
#[derive(Debug, Default)]
pub struct SdkModel {
    objects: HashMap<(usize, usize), SdkRef>,
    members: HashMap<(usize, usize), String>,
    pub imports: Vec<LegacyImport>,
    /// A binding named `ww` that is not `@wecom/jssdk`: renaming to `ww` would clash with it.
    pub ww_clash: Option<Range<usize>>,
    /// The block already imports or requires `@wecom/jssdk` as `ww`.
    pub has_wecom_import: bool,
    /// The global SDK taken from a global object by destructuring (`const { wx } = window`):
    /// the properties of the pattern.
    pub destructured_globals: Vec<Range<usize>>,
    /// TypeScript's ambient declarations of the global SDK, typed `any` or not at all
    /// (`declare const wx: any`): the names declared, which become `ww` with the code that
    /// uses them, or the type check finds no `ww`: each name, and the declaration statement
    /// when it declares that name alone.
    pub ambient_declarations: Vec<(Range<usize>, Option<Range<usize>>)>,
    /// Where calls of `config`, `ready`, `error` and `agentConfig` on the SDK object start,
    /// sorted.
    pub lifecycle_at: Vec<usize>,
    /// Calls of `config` on the SDK object, and where the first one starts.
    pub config_calls: usize,
    pub config_at: Option<usize>,
    /// Agent configurations on the SDK object: `agentConfig` calls and
    /// `invoke('agentConfig', ...)`.
    pub agent_config_calls: usize,
    /// Calls of `error` on the SDK object (configuration-failure handlers), and of those the
    /// ones whose one argument is an empty function ([`is_empty_function`]).
    pub error_calls: usize,
    pub empty_error_calls: usize,
    /// The block uses arrow functions (new code may too).
    pub arrows: bool,
    /// Declarations of parameters that receive the SDK object (sdk/params.rs): renamed to `ww`
    /// with their uses.
    pub param_aliases: Vec<Range<usize>>,
    /// The quote of the block's first string literal.
    pub quote: Option<char>,
    /// Calls of methods only the mini-program's `wx` has (`wx.request`) on the global `wx`.
    mini_program_calls: usize,
}

impl SdkModel {
    /// A block that calls methods only the mini-program's global `wx` has (`wx.request`,
    /// `wx.setStorage`) and configures nothing is mini-program code, such as a map vendor's
    /// mini-program SDK vendored into a uni-app project: its global `wx` is not the web SDK, so
    /// none of its references to it is kept (`wx.getLocation` there is the mini-program's).
    /// A block that also configures the SDK (uni-app `#ifdef` branches for both) keeps them,
    /// and `wx_api` leaves its mini-program-only calls alone.
    fn leave_mini_program_wx(&mut self) {
        if self.mini_program_calls == 0 || !self.lifecycle_at.is_empty() || !self.imports.is_empty() {
            return;
        }
        self.objects
            .retain(|_, r| !(r.origin == Origin::Global && r.range.len() == "wx".len()));
    }

    /// Whether a lifecycle call starts inside `range`.
    pub fn lifecycle_within(&self, range: &Range<usize>) -> bool {
        parse::any_within(&self.lifecycle_at, range)
    }

    /// Resolves the SDK object in one parsed block.
    pub fn build(program: &Program) -> SdkModel {
        resolve::build(program, &[], &[])
    }

    /// [`SdkModel::build`], with what the migration unit proves: the function parameters that
    /// receive the SDK object (sdk/params.rs), taken as aliases of it, and the import
    /// specifiers that name a copy of jweixin under another name, taken as legacy imports.
    pub fn build_with_unit(program: &Program, params: &[params::SdkParam], legacy_copies: &[String]) -> SdkModel {
        resolve::build(program, params, legacy_copies)
    }

    /// The SDK reference that `expr` is, looking through parentheses and TypeScript casts.
    pub fn object(&self, expr: &Expr) -> Option<&SdkRef> {
        self.object_at(&parse::range_of(unwrap(expr)))
    }

    /// The SDK reference spanning exactly `range`, if any.
    pub fn object_at(&self, range: &Range<usize>) -> Option<&SdkRef> {
        self.objects.get(&key(range))
    }

    /// The SDK member name an identifier is bound to (`const { invoke } = wx`, `import { config } from 'weixin-js-sdk'`).
    pub fn member(&self, expr: &Expr) -> Option<&str> {
        let expr = unwrap(expr);
        self.members.get(&key(&parse::range_of(expr))).map(String::as_str)
    }

    /// Every SDK object reference, in source order.
    pub fn objects(&self) -> Vec<&SdkRef> {
        let mut all: Vec<&SdkRef> = self.objects.values().collect();
        all.sort_by_key(|r| (r.range.start, r.range.end));
        all
    }

    /// Every identifier bound to an SDK member, in source order.
    pub fn members(&self) -> Vec<(Range<usize>, &str)> {
        let mut all: Vec<_> = self.members.iter().map(|(k, v)| (k.0..k.1, v.as_str())).collect();
        all.sort_by_key(|(r, _)| (r.start, r.end));
        all
    }

    /// Whether the block reads member `name` of the SDK (`wx.ready`, `wx?.ready`, a
    /// destructured `ready`); `text` is the file's text.
    pub fn reads_member(&self, text: &str, name: &str) -> bool {
        self.members.values().any(|m| m == name) || self.member_calls(text, name) > 0
    }

    /// How many times the block reads member `name` from an SDK object (`wx.ready`,
    /// `wx?.ready`); `text` is the file's text.
    pub fn member_calls(&self, text: &str, name: &str) -> usize {
        self.objects
            .values()
            .filter(|o| {
                text[o.range.end..]
                    .trim_start()
                    .trim_start_matches('?')
                    .strip_prefix('.')
                    .and_then(|rest| rest.trim_start().strip_prefix(name))
                    .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$'))
            })
            .count()
    }

    /// Whether the block reads, writes or calls a member that no jweixin build has on the
    /// global SDK (`wx.localId = res.localId`, `wx.showToast()`): on a page that loads jweixin,
    /// the code keeps its own value on jweixin's object; in a mini-program, it is WeChat's
    /// mini-program object. `text` is the file's text.
    pub fn reads_foreign_member(&self, text: &str) -> bool {
        self.objects
            .values()
            .filter(|o| matches!(o.origin, Origin::Global | Origin::WindowProperty { .. }))
            .any(|o| {
                let after = text[o.range.end..].trim_start().trim_start_matches('?');
                let name = match after.strip_prefix('.').map(str::trim_start) {
                    // `wx?.['foo']`
                    Some(rest) if rest.starts_with('[') => bracketed_name(rest),
                    Some(rest) => {
                        let end = rest
                            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                            .unwrap_or(rest.len());
                        Some(&rest[..end])
                    }
                    // `wx['foo']`
                    None => bracketed_name(after),
                };
                name.is_some_and(|name| !name.is_empty() && !crate::api_table::is_legacy_member(name))
            })
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty() && self.members.is_empty() && self.imports.is_empty()
    }

    /// Whether the block reads the global SDK (`wx`, `jWeixin`, `window.wx`), so the page must
    /// load it with a script tag.
    pub fn reads_global(&self) -> bool {
        self.objects
            .values()
            .any(|r| matches!(r.origin, Origin::Global | Origin::WindowProperty { .. }))
    }

    /// Whether every read of the global SDK in the block is the operand of `typeof` (a feature
    /// test such as echarts 4's `if (typeof wx !== 'undefined')`), and there is at least one.
    pub fn reads_global_only_in_typeof(&self, text: &str) -> bool {
        let mut globals = self
            .objects
            .values()
            .filter(|r| matches!(r.origin, Origin::Global | Origin::WindowProperty { .. }))
            .peekable();
        globals.peek().is_some()
            && globals.all(|r| {
                let before = text[..r.range.start].trim_end_matches(|c: char| c.is_whitespace() || c == '(');
                before.strip_suffix("typeof").is_some_and(|rest| {
                    !rest
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
                })
            })
    }

    /// Where the block's `wx.config(...)` statements at its top level start: not inside a
    /// function, a condition, a loop or a callback, so they run when the script does.
    pub fn top_level_configs(&self, program: &Program) -> Vec<usize> {
        let statements: Vec<&swc_ecma_ast::Stmt> = match program {
            Program::Script(script) => script.body.iter().collect(),
            Program::Module(module) => module.body.iter().filter_map(|item| item.as_stmt()).collect(),
        };
        statements
            .into_iter()
            .filter_map(|stmt| {
                let call = stmt.as_expr()?.expr.as_call()?;
                let callee = unwrap(call.callee.as_expr()?);
                let member = callee.as_member()?;
                let name = member.prop.as_ident()?;
                (name.sym == "config" && self.object(&member.obj).is_some()).then(|| parse::range_of(callee).start)
            })
            .collect()
    }
}

fn key(range: &Range<usize>) -> (usize, usize) {
    (range.start, range.end)
}

/// `function (res) {}` or `(res) => {}`, written in place: a function whose body has no
/// statement (comments only, as the official samples write a `wx.error` handler).
pub fn is_empty_function(arg: &ExprOrSpread) -> bool {
    arg.spread.is_none()
        && match unwrap(&arg.expr) {
            Expr::Fn(f) => f.function.body.as_ref().is_some_and(|b| b.stmts.is_empty()),
            Expr::Arrow(a) => matches!(&*a.body, ArrowFunctionBody::FunctionBody(b) if b.stmts.is_empty()),
            _ => false,
        }
}

/// Looks through parentheses and TypeScript-only wrappers (`(window as any)`, `wx!`).
pub fn unwrap(mut expr: &Expr) -> &Expr {
    loop {
        expr = match expr {
            Expr::Paren(p) => &p.expr,
            Expr::TsAs(e) => &e.expr,
            Expr::TsNonNull(e) => &e.expr,
            Expr::TsTypeAssertion(e) => &e.expr,
            Expr::TsSatisfies(e) => &e.expr,
            Expr::TsConstAssertion(e) => &e.expr,
            Expr::TsInstantiation(e) => &e.expr,
            _ => return expr,
        }
    }
}

#[cfg(test)]
mod tests;
