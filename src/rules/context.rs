//! What a rule sees: the file, the SDK model of the block, the options, the call being
//! checked, the edits every fix of the block shares, and where its findings go.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::rc::Rc;

use swc_ecma_ast::{Expr, ExprOrSpread, Lit};

use super::object_form;
use super::register::RegisterPlan;
use super::RuleOptions;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::sdk::{SdkModel, SdkRef};
use crate::source::SourceFile;

/// How new code should look in this block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeStyle {
    /// The block already uses arrow functions; otherwise new code uses `function () {}`.
    pub arrows: bool,
    /// The file's line ending.
    pub newline: &'static str,
    /// The quote the block's string literals mostly use.
    pub quote: char,
    /// A TypeScript block.
    pub typescript: bool,
}

impl CodeStyle {
    /// A function with no parameters that runs `statement` (no trailing semicolon needed).
    pub fn thunk(&self, call: &str) -> String {
        if self.arrows {
            format!("() => {call}")
        } else {
            format!("function () {{ {call}; }}")
        }
    }

    /// A function with no parameters returning an object literal `{ ... }`.
    pub fn object_getter(&self, object: &str) -> String {
        if self.arrows {
            format!("() => ({object})")
        } else {
            format!("function () {{ return {object}; }}")
        }
    }

    /// A signature getter that returns `object` once `ww`'s corp configuration has replied
    /// (also when it failed): `() => ww.ensureCorpConfigReady().catch(() => {}).then(() => ({...}))`.
    /// jweixin sent `wx.agentConfig` after `wx.config` had replied; `ww` skips the corp
    /// configuration on WeCom 3.0.24+ when an agent signature is registered, unless something
    /// asks for it, as this getter does (semantics.md 1.2, 1.3).
    pub fn after_corp_config(&self, ww: &str, object: &str) -> String {
        if self.arrows {
            format!("() => {ww}.ensureCorpConfigReady().catch(() => {{}}).then(() => ({object}))")
        } else {
            format!(
                "function () {{ return {ww}.ensureCorpConfigReady().catch(function () {{}}).then(function () {{ return {object}; }}); }}"
            )
        }
    }

    /// `.catch(() => {})`, or its ES5 spelling.
    pub fn catch_all(&self) -> &'static str {
        if self.arrows {
            ".catch(() => {})"
        } else {
            ".catch(function () {})"
        }
    }

    /// The keyword of a declaration that is never reassigned: `const`, or `var` in a block
    /// written without ES2015 (no arrow functions).
    pub fn const_keyword(&self) -> &'static str {
        if self.arrows {
            "const"
        } else {
            "var"
        }
    }

    /// The keyword of a declaration that is reassigned: `let`, or `var` without ES2015.
    pub fn let_keyword(&self) -> &'static str {
        if self.arrows {
            "let"
        } else {
            "var"
        }
    }

    /// A string literal in the block's quote style.
    pub fn string(&self, value: &str) -> String {
        let q = self.quote;
        let escaped: String = value
            .chars()
            .flat_map(|c| match c {
                '\\' => vec!['\\', '\\'],
                c if c == q => vec!['\\', c],
                '\n' => vec!['\\', 'n'],
                c => vec![c],
            })
            .collect();
        format!("{q}{escaped}{q}")
    }
}

/// The state shared by the rules while one block is checked.
pub(crate) struct RuleContext<'a> {
    pub file: &'a SourceFile,
    /// The block's parsed program.
    pub program: &'a swc_ecma_ast::Program,
    pub sdk: &'a SdkModel,
    pub options: &'a RuleOptions,
    pub style: CodeStyle,
    /// Edits every fix of this block carries: the import, require or script tag that switches
    /// the page from jweixin to `@wecom/jssdk`. Shared, so the applier makes them once.
    pub switch: Vec<Edit>,
    /// Why no fix can be offered anywhere in this block.
    pub blocked: Option<String>,
    /// `ww.register` plans, by the start offset of each call they cover.
    pub plans: HashMap<usize, Rc<RegisterPlan>>,
    /// How many `config` calls on the SDK the block makes.
    pub config_calls: usize,
    /// Where a registration gate would go, for a `wx.ready` away from the block's one
    /// `wx.config` (ready_gate.rs).
    pub ready_gate: Option<super::ready_gate::GateSite>,
    /// Where this block declares the registration gate for the script after it that
    /// configures (`UnitFacts::gate_declared_here`): the top of the block.
    pub gate_declared_at: Option<usize>,
    /// Where the block can relay its `wx.error` handlers (error_relay.rs), if it can.
    pub error_relay: Option<super::error_relay::RelaySite>,
    /// Names of lists the block holds the same on every run (repeated_config.rs).
    pub constant_lists: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> RuleContext<'a> {
    /// The original text of a whole-file byte range.
    pub fn text(&self, range: Range<usize>) -> &'a str {
        &self.file.text[range]
    }

    /// The length of the whole file's text.
    pub fn file_len(&self) -> usize {
        self.file.text.len()
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// A fix of this block: the rule's edits plus the block's shared switch edits, or why the
    /// block cannot be fixed at all.
    pub fn fix(
        &self,
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Result<Fix, String> {
        if let Some(reason) = &self.blocked {
            return Err(reason.clone());
        }
        edits.extend(self.switch.iter().cloned());
        Ok(Fix::new(title, applicability, edits))
    }

    /// The edits that turn an SDK object expression into its `ww` form, if it has one.
    pub fn ww_object(&self, sdk_ref: &SdkRef) -> Option<Vec<Edit>> {
        object_form::to_ww(self, sdk_ref)
    }

    /// A fix that is safe unless `unsafe_because` names something it may change; the reasons
    /// are added to the title.
    pub fn fix_unless(&self, mut title: String, unsafe_because: &[String], edits: Vec<Edit>) -> Result<Fix, String> {
        if unsafe_because.is_empty() {
            return self.fix(title, Applicability::Safe, edits);
        }
        title.push_str(". Unsafe: ");
        title.push_str(&unsafe_because.join("; "));
        self.fix(title, Applicability::Unsafe, edits)
    }

    /// Reports a finding that has no fix, saying why in its help.
    pub fn report_unfixed(&mut self, diagnostic: Diagnostic, reason: &str) {
        let reason = self.blocked.clone().unwrap_or_else(|| reason.to_string());
        let mut diagnostic = diagnostic;
        diagnostic.drop_fix(&reason);
        self.diagnostics.push(diagnostic);
    }

    /// Reports a finding with `fix`, or, without one, with the reason in its help.
    pub fn report_with(&mut self, diagnostic: Diagnostic, fix: Result<Fix, String>) {
        match fix {
            Ok(fix) => self.report(diagnostic.with_fix(Some(fix))),
            Err(reason) => self.report_unfixed(diagnostic, &reason),
        }
    }
}

/// What the title of a fix adds when `SdkCall::keep_load_timing` writes the test.
const BRIDGE_TEST_NOTE: &str = ". It may run while the page loads, so the fix tests `window.WeixinJSBridge` first, as jweixin did: it reached the client only where the client bridge was there when the code ran (the page's scripts may run before the bridge comes), where `ww` waits for the bridge; remove the test to make the call on every platform";

/// A call of a member of the legacy SDK object: `wx.config(...)`, `window.wx.invoke(...)`,
/// `sdk.ready(...)`, or `invoke(...)` after `const { invoke } = wx`.
pub(crate) struct SdkCall<'a> {
    /// The whole call expression.
    pub call: Range<usize>,
    /// The callee as written: `wx.config`, `invoke`.
    pub callee: Range<usize>,
    /// The member name as written: `config`, `'config'` in `wx['config']`, or the destructured name.
    pub member: Range<usize>,
    /// The SDK object the member is read from; `None` for a destructured member.
    pub object: Option<&'a SdkRef>,
    /// The member's name: `config`, `invoke`, `chooseImage`.
    pub method: &'a str,
    pub args: &'a [ExprOrSpread],
    /// The call has type arguments (`wx.invoke<Res>(...)`).
    pub type_args: bool,
    /// The call's value is used (assigned, awaited, returned, passed on).
    pub value_used: bool,
    /// A share card's options are a variable whose keys are all in sight, none `trigger`
    /// (share_options.rs).
    pub options_in_sight: bool,
    /// Where the statement starts that is this call and nothing else, when that statement sits
    /// in a statement list (a block, a function body, the program): `wx.onMenuShareQQ({...});`.
    pub statement: Option<usize>,
    /// The call is inside a `wx.ready` callback, so it runs after the handshake replied.
    pub gated: bool,
    /// The call is inside a function that runs later than the page's first script run (an event
    /// handler, a timer or request callback) and configures nothing itself.
    pub deferred: bool,
}

impl SdkCall<'_> {
    /// The text of the callee, for messages: `jWeixin.config`.
    pub fn callee_text<'t>(&self, cx: &RuleContext<'t>) -> &'t str {
        cx.text(self.callee.clone())
    }

    /// Argument `index` when it is a plain string literal: the API name of `wx.invoke('x')`.
    pub fn string_arg(&self, index: usize) -> Option<&str> {
        let arg = self.args.get(index)?;
        if arg.spread.is_some() {
            return None;
        }
        match &*arg.expr {
            Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.as_str()),
            Expr::Tpl(t) if t.exprs.is_empty() => t
                .quasis
                .first()
                .and_then(|q| q.cooked.as_ref())
                .and_then(|c| c.as_atom())
                .map(|a| a.as_str()),
            _ => None,
        }
    }

    /// The edits that make the callee `ww.<name>` (object in `ww` form, member renamed).
    pub fn ww_callee(&self, cx: &RuleContext, name: &str) -> Result<Vec<Edit>, String> {
        let Some(object) = self.object else {
            // `const { invoke } = wx`: the destructuring's source is renamed, the name stays.
            if name == self.method {
                return Ok(Vec::new());
            }
            return Err(format!(
                "`{}` was taken out of the SDK object; call `ww.{name}` instead",
                cx.text(self.callee.clone())
            ));
        };
        let mut edits = cx.ww_object(object).ok_or_else(|| object_form::why_not(cx, object))?;
        if name != self.method {
            let member = cx.text(self.member.clone());
            let text = if member.starts_with(['\'', '"']) {
                cx.style.string(name)
            } else {
                name.to_string()
            };
            edits.push(Edit::replace(self.member.clone(), text));
        }
        Ok(edits)
    }

    /// Why a call that reaches the client at once (`ww.invoke`, `ww.on`) may now reach it at
    /// another time: it runs while the page loads or right after a configuration, outside any
    /// ready callback. jweixin dropped it while the client bridge was missing (`wx.invoke` did
    /// not even exist before `wx.config({ beta: true })`) and sent it after the configuration's
    /// handshake; `ww` queues it for the bridge and sends it before `ww.register`'s handshake.
    pub fn why_timing_changes(&self) -> Option<String> {
        (!self.gated && !self.deferred).then(|| {
            "it runs while the page loads or right after the configuration, outside a `wx.ready` callback: jweixin dropped it while the client bridge was missing and sent it after the configuration's handshake, `ww` waits for the bridge and sends it before `ww.register`'s handshake".to_string()
        })
    }

    /// Keeps the time at which a call that reaches the client at once does so, where it may run
    /// while the page loads, by writing jweixin's test of the client bridge before it:
    /// `if (window.WeixinJSBridge) ww.invoke('hideOptionMenu', {})`. jweixin sent (or bound)
    /// such a call through `WeixinJSBridge` when the bridge was there at that moment and dropped
    /// it otherwise, on clients that inject the bridge after the page's scripts; `ww` queues it
    /// for the bridge. Tested, the two send and bind the same calls (the oracle: equivalent with
    /// the bridge there or not, after a successful or a failed handshake), except that a share
    /// card bound with the named `ww` method where the bridge is there keeps the difference its
    /// title names, as in a ready callback: bound only after a successful handshake (helper-26's
    /// s14b, a card bound in a request's callback). Only for calls whose
    /// reply nothing reads (a share card's binding, a menu method without callbacks): right after
    /// a `ww.register` a `ww.invoke` reaches the client before the handshake, where jweixin's call
    /// went after it, so the replies come back the other way round. The test goes before the
    /// statement that is the call, and the title says so. Returns why the fix is unsafe where the
    /// call may run while the page loads and the test cannot be written (the call is not a
    /// statement of its own); nothing in a ready callback or later code.
    pub fn keep_load_timing(&self, cx: &RuleContext, title: &mut String, edits: &mut Vec<Edit>) -> Option<String> {
        if self.gated || self.deferred {
            return None;
        }
        let (Some(statement), false) = (self.statement, self.value_used) else {
            return self.why_timing_changes();
        };
        let window = if cx.style.typescript {
            "(window as any)"
        } else {
            "window"
        };
        edits.push(Edit::insert(statement, format!("if ({window}.WeixinJSBridge) ")));
        title.push_str(BRIDGE_TEST_NOTE);
        None
    }

    /// Appends `.catch(() => {})` after the call.
    pub fn catch_edit(&self, cx: &RuleContext) -> Edit {
        Edit::insert(self.call.end, cx.style.catch_all())
    }
}
