//! The registration gate: a `wx.ready` in another function than its file's `wx.config`
//! (issue 10 item 2). jweixin queued a ready callback until `wx.config` had run and replied,
//! whenever and wherever each was called; `ww.ensureConfigReady()` called before
//! `ww.register` fails at once. So where the block's one configuration is a statement that
//! runs at most once (its `ww.register` fix is safe), the file gets a small, named gate:
//!
//! ```js
//! // wx.ready callbacks wait for ww.register, as jweixin queued them until wx.config
//! let wwMarkRegistered;
//! const wwRegistered = new Promise((resolve) => { wwMarkRegistered = resolve; });
//! ...
//! ww.register({ ... });
//! wwMarkRegistered();
//! ...
//! wwRegistered.then(() => ww.ensureConfigReady()).catch(() => {}).then(function () { ... });
//! ```
//!
//! The gate is declared at the top of the script (after its imports), resolved right after
//! the `ww.register` statement, and each ready callback waits for it, then for the handshake's
//! reply (also a failed one, as jweixin ran ready callbacks after a failed configuration). If
//! the configuration never runs, neither does the callback, as with jweixin.
//!
//! Across the classic scripts of a page the gate is a page global: when the unit proves that
//! the one script that can declare it runs its top level before another script's `wx.ready`
//! (`UnitFacts::gate_before`, `declares_gate`), that script's `ww.register` fix declares and
//! resolves it (`declared_for_others`) and the other script's callback waits on it. The other
//! way round, a script that waits and runs before the one that configures on every page
//! (`UnitFacts::gate_declared_here`) declares the gate itself at its top, and the configuring
//! script's fix only resolves it (`gate_declared_earlier`).

use std::ops::Range;

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::context::CodeStyle;
use super::RuleContext;
use crate::fix::{Edit, Fix};
use crate::parse::{range, range_of};
use crate::sdk::{unwrap, SdkModel};
use crate::source::layout;

/// The gate's promise, resolved once `ww.register` has run.
pub(crate) const GATE: &str = "wwRegistered";
/// The function that resolves it.
const MARK: &str = "wwMarkRegistered";

/// Where the gate goes in one block.
#[derive(Debug, Clone)]
pub(crate) struct GateSite {
    /// The start of the block's first statement after its imports and directives.
    declare_at: usize,
    /// The end of the `wx.config(...)` statement.
    mark_at: usize,
    /// The start of the `wx.config(...)` statement (for its indentation).
    config_statement: Range<usize>,
}

/// The gate's site in a block whose one `wx.config` call is an expression statement, unless
/// the block already uses the gate's names.
pub(crate) fn site(program: &Program, sdk: &SdkModel, block_text: &str) -> Option<GateSite> {
    let config_at = (sdk.config_calls == 1).then_some(sdk.config_at).flatten()?;
    if block_text.contains(GATE) || block_text.contains(MARK) {
        return None;
    }
    let mut finder = ConfigStatement { config_at, found: None };
    program.visit_with(&mut finder);
    let config_statement = finder.found?;
    let declare_at = top_of_block(program)?;
    Some(GateSite {
        declare_at,
        mark_at: config_statement.end,
        config_statement,
    })
}

/// Where a declaration the fix adds goes: the start of the block's first statement after its
/// imports and directives.
pub(crate) fn top_of_block(program: &Program) -> Option<usize> {
    let items: Vec<(Range<usize>, bool)> = match program {
        Program::Module(m) => m
            .body
            .iter()
            .map(|item| match item {
                ModuleItem::ModuleDecl(ModuleDecl::Import(i)) => (range(i.span), true),
                ModuleItem::ModuleDecl(d) => (range_of(d), false),
                ModuleItem::Stmt(s) => (range_of(s), is_directive(s)),
            })
            .collect(),
        Program::Script(s) => s.body.iter().map(|stmt| (range_of(stmt), is_directive(stmt))).collect(),
    };
    Some(items.iter().find(|(_, skip)| !skip)?.0.start)
}

/// `'use strict';`
fn is_directive(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if matches!(&*e.expr, Expr::Lit(Lit::Str(_))))
}

struct ConfigStatement {
    config_at: usize,
    found: Option<Range<usize>>,
}

impl Visit for ConfigStatement {
    fn visit_expr_stmt(&mut self, s: &ExprStmt) {
        if let Expr::Call(call) = unwrap(&s.expr) {
            if range(call.span).start == self.config_at {
                self.found = Some(range(s.span));
                return;
            }
        }
        s.visit_children_with(self);
    }
}

/// The edits that declare the gate and resolve it after the configuration, and the callee a
/// `wx.ready(` becomes (`wwRegistered.then(() => ww.ensureConfigReady()).catch(() => {}).then`).
pub(crate) fn gate_edits(
    text: &str,
    style: &CodeStyle,
    site: &GateSite,
    ww: &str,
    declared_earlier: bool,
) -> (Vec<Edit>, String) {
    (
        declaration_edits(text, style, site, declared_earlier),
        gated_callee(style, ww),
    )
}

/// The `ww.register` fix of a block whose unit has later scripts waiting on the gate
/// (`UnitFacts::declares_gate`): it also declares the gate and resolves it.
pub(crate) fn declared_for_others(cx: &RuleContext, fix: Fix) -> Fix {
    let unit = &cx.options.unit;
    let site = match &cx.ready_gate {
        Some(site) if (unit.declares_gate || unit.gate_declared_earlier) && cx.sdk.agent_config_calls == 0 => site,
        _ => return fix,
    };
    let mut edits = fix.edits;
    edits.extend(declaration_edits(
        &cx.file.text,
        &cx.style,
        site,
        unit.gate_declared_earlier,
    ));
    let note = match unit.gate_declared_earlier {
        true => format!(
            "; resolves the registration gate `{GATE}`, which an earlier script of the page declares, right after `ww.register`, for the scripts whose `wx.ready` callbacks wait on it"
        ),
        false => format!(
            "; declares the registration gate `{GATE}` at the top of this script and resolves it right after `ww.register`, for the later scripts of the page whose `wx.ready` callbacks wait on it"
        ),
    };
    // the note goes with the others, before the reasons an unsafe fix gives
    let title = match fix.title.split_once(". Unsafe: ") {
        Some((notes, reasons)) => format!("{notes}{note}. Unsafe: {reasons}"),
        None => format!("{}{note}", fix.title),
    };
    Fix::new(title, fix.applicability, edits)
}

/// The gate's declaration at the top of the block (unless an earlier script of the page
/// declares it), and its resolution right after the configuration statement.
fn declaration_edits(text: &str, style: &CodeStyle, site: &GateSite, declared_earlier: bool) -> Vec<Edit> {
    let nl = style.newline;
    let config_indent = layout::indentation(text, site.config_statement.start);
    let mark = Edit::insert(site.mark_at, format!("{nl}{config_indent}{MARK}();"));
    if declared_earlier {
        return vec![mark];
    }
    vec![declaration(text, style, site.declare_at), mark]
}

/// The gate's declaration, inserted at `declare_at` (the top of a block).
pub(crate) fn declaration(text: &str, style: &CodeStyle, declare_at: usize) -> Edit {
    let nl = style.newline;
    let top_indent = layout::indentation(text, declare_at);
    let declaration = if style.typescript {
        format!(
            "// wx.ready callbacks wait for ww.register, as jweixin queued them until wx.config{nl}{top_indent}let {MARK}: () => void = () => {{}};{nl}{top_indent}const {GATE} = new Promise<void>((resolve) => {{ {MARK} = resolve; }});{nl}{nl}{top_indent}"
        )
    } else if style.arrows {
        format!(
            "// wx.ready callbacks wait for ww.register, as jweixin queued them until wx.config{nl}{top_indent}let {MARK};{nl}{top_indent}const {GATE} = new Promise((resolve) => {{ {MARK} = resolve; }});{nl}{nl}{top_indent}"
        )
    } else {
        format!(
            "// wx.ready callbacks wait for ww.register, as jweixin queued them until wx.config{nl}{top_indent}var {MARK};{nl}{top_indent}var {GATE} = new Promise(function (resolve) {{ {MARK} = resolve; }});{nl}{nl}{top_indent}"
        )
    };
    Edit::insert(declare_at, declaration)
}

/// The callee a `wx.ready(` becomes behind the gate:
/// `wwRegistered.then(() => ww.ensureConfigReady()).catch(() => {}).then`.
pub(crate) fn gated_callee(style: &CodeStyle, ww: &str) -> String {
    let wait = if style.arrows {
        format!("() => {ww}.ensureConfigReady()")
    } else {
        format!("function () {{ return {ww}.ensureConfigReady(); }}")
    };
    format!("{GATE}.then({wait}){}.then", style.catch_all())
}

/// `wwRegistered.then(...)`: the start of a gated chain the fix wrote (a later round sees it).
pub(crate) fn is_gate(expr: &Expr) -> bool {
    matches!(unwrap(expr), Expr::Ident(i) if i.sym == GATE)
}
