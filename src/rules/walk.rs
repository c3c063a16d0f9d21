//! The walk over one parsed block: every call of an SDK member goes to the rule for that
//! member, every other use of the SDK object to `wx-api` or `wx-object`. Along the way it
//! notes what the fixes need: which values are unused (so `.catch(() => {})` can be added),
//! which references are only tested (so they can be renamed), the `ww.register` plan of each
//! statement list, and which function each converted call is in.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::context::CodeStyle;
use super::planner::plan_block;
use super::probes;
use super::timing::Timing;
use super::{
    wx_agent_config, wx_api, wx_config, wx_error, wx_import, wx_invoke, wx_object, wx_on, wx_ready, wx_script_tag,
};
use super::{GateSite, RuleContext, RuleOptions, SdkCall};
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit};
use crate::parse::{self, range, range_of};
use crate::sdk::{unwrap, Origin, SdkModel, SdkRef};
use crate::source::{ScriptLang, SourceFile};
use std::cell::OnceCell;
use std::ops::Range;

/// Runs every rule on one parsed block and returns its findings. `file_switch` holds the
/// file-level edits every fix shares (an HTML page's script tag); `ready_gate` is where the
/// block can declare the registration gate (`ready_gate::site`).
pub(crate) fn check_block(
    file: &SourceFile,
    lang: ScriptLang,
    program: &Program,
    sdk: &SdkModel,
    options: &RuleOptions,
    file_switch: &[Edit],
    ready_gate: Option<GateSite>,
) -> Vec<Diagnostic> {
    let style = CodeStyle {
        arrows: sdk.arrows,
        newline: file.line_ending(),
        quote: sdk.quote.unwrap_or('\''),
        typescript: matches!(lang, ScriptLang::Ts | ScriptLang::Tsx),
    };
    let mut cx = RuleContext {
        file,
        program,
        sdk,
        options,
        style,
        switch: file_switch.to_vec(),
        blocked: None,
        plans: HashMap::default(),
        config_calls: sdk.config_calls,
        ready_gate,
        gate_declared_at: options
            .unit
            .gate_declared_here
            .as_ref()
            .and_then(|_| super::ready_gate::top_of_block(program)),
        error_relay: None,
        constant_lists: Vec::new(),
        diagnostics: Vec::new(),
    };
    match wx_import::switch_edits(&cx) {
        Ok(edits) => cx.switch.extend(edits),
        Err(reason) => cx.blocked = Some(reason),
    }
    // (`declare const wx: any` declares the global the code then calls as `ww`; a second
    // declaration, of `jWeixin`, goes, as `ww` may be declared once)
    if sdk.reads_global() {
        for (n, (name, statement)) in sdk.ambient_declarations.iter().enumerate() {
            match (n, statement) {
                (0, _) => cx.switch.push(crate::fix::Edit::replace(name.clone(), "ww")),
                (_, Some(statement)) => {
                    use crate::source::layout::{line_end, line_start, next_line_start};
                    let text = &file.text;
                    let (start, end) = (line_start(text, statement.start), line_end(text, statement.end));
                    let own_line =
                        text[start..statement.start].trim().is_empty() && text[statement.end..end].trim().is_empty();
                    cx.switch.push(crate::fix::Edit::delete(match own_line {
                        true => start..next_line_start(text, statement.end),
                        false => statement.clone(),
                    }));
                }
                // (`declare const wx: any, jWeixin: any`: not told apart)
                (_, None) => {
                    cx.blocked = Some(
                        "it declares the global SDK twice in one `declare` statement; keep one declaration".to_string(),
                    )
                }
            }
        }
    }
    if let Some(clash) = &sdk.ww_clash {
        let line = file.locate(clash.start).line;
        cx.blocked = Some(format!(
            "this code already declares a `ww` (line {line}), which the migrated code would collide with; rename it, then run the fix again"
        ));
    }
    if !sdk.lifecycle_at.is_empty() {
        cx.constant_lists = super::repeated_config::constant_lists(program, &file.text);
        if !options.unit.error_handlers_all_empty {
            // (a configuring page's later blocks hand their handlers to its configuring block's relay)
            cx.error_relay = match options.unit.relay_before {
                Some(_) if sdk.config_calls == 0 => super::error_relay::later_site(program, sdk, &file.text),
                _ => super::error_relay::site(
                    program,
                    sdk,
                    &file.text,
                    options.unit.error_handlers_in_unit,
                    options.unit.relay_for_others,
                ),
            };
        }
        let single_config = (sdk.config_calls == 1).then_some(sdk.config_at).flatten();
        cx.plans = plan_block(program, &cx, single_config);
    }
    let mut walker = Walker {
        probes: probes::find(program, sdk, options.unit.page_loads_sdk),
        cx,
        used: HashSet::default(),
        unused_values: HashSet::default(),
        statements: HashMap::default(),
        share_options: HashMap::default(),
        tested: HashSet::default(),
        logged: HashSet::default(),
        program,
        functions: Vec::new(),
        next_function: 1,
        converted: Vec::new(),
        timing: OnceCell::new(),
        store_renames: HashMap::default(),
        skip_strings: 0,
    };
    program.visit_with(&mut walker);
    wx_import::check(&mut walker.cx);
    for range in &sdk.destructured_globals {
        let text = walker.cx.text(range.clone());
        let diagnostic = Diagnostic::new(
            super::RuleId::WxObject,
            range.clone(),
            format!("`{text}` takes the legacy JS-SDK object from a global object"),
            "the `@wecom/jssdk` global is `ww`: take `ww` instead, and move the code that uses this binding with it",
        );
        walker.cx.report_unfixed(
            diagnostic,
            "the SDK object is taken by destructuring, which the tool does not rewrite",
        );
    }
    for sdk_ref in sdk.objects() {
        let key = (sdk_ref.range.start, sdk_ref.range.end);
        let is_import = sdk.imports.iter().any(|i| i.range == sdk_ref.range);
        if walker.used.contains(&key)
            || is_import
            || sdk_ref.origin == Origin::StoredProperty
            || walker.in_probe(&sdk_ref.range)
        {
            continue;
        }
        let tested = walker.tested.contains(&key);
        let logged = walker.logged.contains(&key);
        if matches!(sdk_ref.origin, Origin::Alias { .. }) && (tested || logged) {
            continue;
        }
        let rename = walker.store_renames.get(&key).cloned();
        wx_object::check(sdk_ref, tested, logged, rename, &mut walker.cx);
    }
    walker.keep_call_order();
    walker.cx.diagnostics
}

/// Which style of `ww` call a fix produces, for the call-order check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallStyle {
    /// `ww.<api>(...)`: waits for the handshake, even when it is already settled.
    Named,
    /// `ww.invoke(...)` / `ww.on(...)`: reaches the client without waiting.
    Direct,
}

struct Walker<'a> {
    cx: RuleContext<'a>,
    /// Mini-program probes (`typeof wx.getSystemInfoSync`): no mention of `wx` in them is the SDK.
    probes: Vec<Range<usize>>,
    /// SDK references already reported as the object of a member call or access.
    used: HashSet<(usize, usize)>,
    /// Expressions whose value nothing reads.
    unused_values: HashSet<(usize, usize)>,
    /// Expressions that are a whole statement of a statement list (a block, a function body,
    /// the program, a `case`), by the expression, to the statement's start.
    statements: HashMap<(usize, usize), usize>,
    /// Where share calls see a variable's options in sight, by the variable (one walk of the
    /// program per name, share_options.rs).
    share_options: HashMap<swc_atoms::Atom, Option<Range<usize>>>,
    /// Expressions that are only tested (`typeof x`, `if (x)`, `x && ...`, an alias initializer).
    tested: HashSet<(usize, usize)>,
    /// SDK objects handed to the console (`console.log(wx)`): renamed like tested ones.
    logged: HashSet<(usize, usize)>,
    program: &'a Program,
    /// The functions around the code being walked, innermost last: an id and the span.
    functions: Vec<(usize, Range<usize>)>,
    next_function: usize,
    /// Which functions run inside a ready callback, or later than the page's load; built the
    /// first time an SDK call asks (most blocks of a bundle only probe `wx`).
    timing: OnceCell<Timing>,
    /// Converted calls: (function, start offset, style, index of the diagnostic).
    converted: Vec<Converted>,
    /// The SDK object stored in a property the unit proves (`Vue.prototype.$wx = wx`): the
    /// property's name and what it becomes, by the stored expression.
    store_renames: HashMap<(usize, usize), (Range<usize>, String)>,
    /// Inside a bundler's copy or match pattern, whose strings load nothing.
    skip_strings: usize,
}

/// A call whose fix produces a `ww` call of a given style.
struct Converted {
    /// The functions around the call, outermost first (`READY_QUEUE` for a ready callback).
    functions: Vec<usize>,
    start: usize,
    style: CallStyle,
    /// Index of its diagnostic.
    diagnostic: usize,
    /// For a named call, a fix through `ww.invoke` or `ww.on` that keeps its place among the
    /// direct calls after it (`wx_api::invoke_form`, `wx_api::share_in_order`), where it has one.
    invoke_form: Option<crate::fix::Fix>,
    /// The continuation of a promise a ready callback resolves that the call sits in, by its
    /// start (`Timing::continuation`).
    continuation: Option<usize>,
    /// The call binds an event listener (`wx.on`, `wx.onVoiceRecordEnd`, `wx.onMenuShare*`)
    /// and sends the client nothing.
    binds: bool,
}

/// Whether a method binds an event listener: `on`, or `on` followed by the event's name.
fn binds_event(method: &str) -> bool {
    method == "on"
        || method
            .strip_prefix("on")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The function id shared by every `wx.ready` callback: jweixin ran them one after the other
/// in the same turn, so calls in different callbacks keep their order like calls in one.
const READY_QUEUE: usize = usize::MAX;

fn key_of(expr: &Expr) -> (usize, usize) {
    let r = range_of(unwrap(expr));
    (r.start, r.end)
}

impl Walker<'_> {
    fn in_probe(&self, range: &Range<usize>) -> bool {
        self.probes.iter().any(|p| p.start <= range.start && range.end <= p.end)
    }

    /// Dispatches a call if its callee is an SDK member; returns whether it was one.
    fn call(&mut self, span: swc_common::Span, callee: &Expr, args: &[ExprOrSpread], type_args: bool) -> bool {
        let sdk = self.cx.sdk;
        if self.in_probe(&range_of(callee)) {
            return false;
        }
        let callee_expr = unwrap(callee);
        fn member_of<'m>(sdk: &'m SdkModel, m: &'m MemberExpr) -> Option<(Option<&'m SdkRef>, &'m str, Range<usize>)> {
            match (sdk.object(&m.obj), static_name(&m.prop)) {
                (Some(object), Some((name, member))) => Some((Some(object), name, member)),
                _ => None,
            }
        }
        let found = match callee_expr {
            // `wx.miniProgram.navigateTo(...)`: a call into the mini-program namespace.
            Expr::Member(m) if mini_program_member(sdk, m).is_some() => mini_program_member(sdk, m),
            Expr::Member(m) => member_of(sdk, m),
            Expr::OptChain(OptChainExpr { base, .. }) => match &**base {
                OptChainBase::Member(m) => member_of(sdk, m),
                OptChainBase::Call(_) => None,
            },
            Expr::Ident(_) => sdk.member(callee_expr).map(|name| (None, name, range_of(callee_expr))),
            _ => None,
        };
        let Some((object, method, member)) = found else {
            return false;
        };
        if let Some(object) = object {
            self.used.insert((object.range.start, object.range.end));
        }
        let call_range = parse::range(span);
        let (gated, deferred) = self.call_timing();
        let call = SdkCall {
            gated,
            deferred,
            value_used: !self.unused_values.contains(&(call_range.start, call_range.end)),
            statement: self.statements.get(&(call_range.start, call_range.end)).copied(),
            options_in_sight: method.starts_with("onMenuShare")
                && match args.first().map(|a| (a.spread.is_some(), unwrap(&a.expr))) {
                    Some((false, Expr::Ident(name))) => {
                        let program = self.program;
                        self.share_options
                            .entry(name.sym.clone())
                            .or_insert_with(|| super::share_options::sight_scope(program, &name.sym))
                            .as_ref()
                            .is_some_and(|scope| scope.contains(&call_range.start))
                    }
                    _ => false,
                },
            call: call_range,
            callee: range_of(callee_expr),
            member,
            object,
            method,
            args,
            type_args,
        };
        let cx = &mut self.cx;
        let before = cx.diagnostics.len();
        let mut invoke_form = None;
        let style = match method {
            "config" => {
                wx_config::check(&call, cx);
                None
            }
            "agentConfig" => {
                wx_agent_config::check(&call, cx);
                None
            }
            "ready" => {
                wx_ready::check(&call, cx);
                None
            }
            "error" => {
                wx_error::check(&call, cx);
                None
            }
            "invoke" => wx_invoke::check(&call, cx),
            "on" => {
                wx_on::check(&call, cx);
                Some(CallStyle::Direct)
            }
            _ => {
                let style = wx_api::check_call(&call, cx);
                invoke_form = wx_api::invoke_form(&call, cx).or_else(|| wx_api::share_in_order(&call, cx));
                style
            }
        };
        if let Some(style) = style {
            if self.cx.diagnostics.len() > before {
                self.converted.push(Converted {
                    functions: self.function_ids(),
                    start: call.call.start,
                    style,
                    diagnostic: before,
                    invoke_form,
                    continuation: self.continuation(),
                    binds: binds_event(method),
                });
            }
        }
        if let Some(stored) = object.filter(|o| o.origin == Origin::StoredProperty) {
            let holder = self.cx.text(stored.range.clone());
            for d in &mut self.cx.diagnostics[before..] {
                d.help = format!("`{holder}` holds the SDK object, set elsewhere: {}", d.help);
            }
        }
        true
    }

    /// Marks an expression (and the parts of it that are its value) as unused.
    fn mark_unused(&mut self, expr: &Expr) {
        let expr = unwrap(expr);
        self.unused_values.insert(key_of(expr));
        match expr {
            Expr::Seq(s) => s.exprs.iter().for_each(|e| self.mark_unused(e)),
            Expr::Bin(b)
                if matches!(
                    b.op,
                    BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing
                ) =>
            {
                self.mark_unused(&b.right)
            }
            Expr::Cond(c) => {
                self.mark_unused(&c.cons);
                self.mark_unused(&c.alt);
            }
            Expr::Unary(u) if u.op == UnaryOp::Void => self.mark_unused(&u.arg),
            _ => {}
        }
    }

    /// Marks an expression whose value is only tested or aliased.
    fn mark_tested(&mut self, expr: &Expr) {
        let expr = unwrap(expr);
        self.tested.insert(key_of(expr));
        match expr {
            Expr::Bin(b)
                if matches!(
                    b.op,
                    BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing
                ) =>
            {
                self.mark_tested(&b.left);
                self.mark_tested(&b.right);
            }
            Expr::Cond(c) => {
                self.mark_tested(&c.cons);
                self.mark_tested(&c.alt);
            }
            _ => {}
        }
    }

    fn in_function(&mut self, span: Range<usize>, visit: impl FnOnce(&mut Self)) {
        self.functions.push((self.next_function, span));
        self.next_function += 1;
        visit(self);
        self.functions.pop();
    }

    fn timing(&self) -> &Timing {
        self.timing.get_or_init(|| {
            Timing::build(
                self.program,
                self.cx.sdk,
                matches!(self.cx.file.kind, crate::source::FileKind::Vue),
                &self.cx.options.unit.gated_functions,
                &self.cx.options.unit.event_handlers,
            )
        })
    }

    /// Whether the code being walked runs inside a `wx.ready` callback, and whether it runs
    /// later than the page's load.
    fn call_timing(&self) -> (bool, bool) {
        if self.functions.is_empty() {
            return (false, false);
        }
        let timing = self.timing();
        let gated = self.functions.iter().any(|(_, span)| timing.gated(span));
        let deferred = self.functions.iter().any(|(_, span)| timing.deferred(span));
        (gated, deferred)
    }

    /// The innermost continuation of a promise a ready callback resolves around the code being
    /// walked, by its start.
    fn continuation(&self) -> Option<usize> {
        if self.functions.is_empty() {
            return None;
        }
        let timing = self.timing();
        self.functions
            .iter()
            .rev()
            .find(|(_, span)| timing.continuation(span))
            .map(|(_, span)| span.start)
    }

    /// The functions around the code being walked, outermost first, as the call-order check
    /// compares them (the top level is 0, every ready callback `READY_QUEUE`).
    fn function_ids(&self) -> Vec<usize> {
        let mut ids = vec![0];
        if !self.functions.is_empty() {
            let timing = self.timing();
            ids.extend(
                self.functions
                    .iter()
                    .map(|(id, span)| if timing.gated(span) { READY_QUEUE } else { *id }),
            );
        }
        ids
    }

    /// semantics.md §6.3: a named `ww.<api>()` reaches the client a few microtasks later than
    /// a `ww.invoke()` written after it in the same function (or in a function that runs
    /// inside it, such as a promise executor, or in a later `wx.ready` callback, or in the
    /// continuation of a promise a ready callback resolves, `initWx(sig).then(...)`, which runs
    /// a few microtasks after every ready callback wherever it is written), so the two would
    /// swap. Such a named conversion takes its `ww.invoke` form where it has one (and
    /// then counts as a direct call for the calls before it), or is unsafe.
    fn keep_call_order(&mut self) {
        for at in (0..self.converted.len()).rev() {
            let named = &self.converted[at];
            if named.style != CallStyle::Named {
                continue;
            }
            let Some(&function) = named.functions.last() else {
                continue;
            };
            // A listener bound at once, where it was, behind a call that now waits: no client
            // action moves (the listener was in place before any event could come, as in
            // jweixin); it matters only behind another listener of the same events.
            let later_direct = self.converted.iter().find(|d| {
                d.style == CallStyle::Direct
                    && (named.binds || !d.binds)
                    && d.functions.contains(&function)
                    && (d.start > named.start
                        || (function == READY_QUEUE
                            && d.continuation.is_some()
                            && d.continuation != named.continuation))
            });
            let Some(direct_start) = later_direct.map(|d| d.start) else {
                continue;
            };
            let index = named.diagnostic;
            let line = self.cx.file.locate(direct_start).line;
            let Some(fix) = self.cx.diagnostics.get_mut(index).and_then(|d| d.fix.as_mut()) else {
                continue;
            };
            if fix.applicability != Applicability::Safe {
                continue;
            }
            match self.converted[at].invoke_form.take() {
                Some(invoke_form) => {
                    *fix = invoke_form;
                    self.converted[at].style = CallStyle::Direct;
                }
                None => {
                    fix.applicability = Applicability::Unsafe;
                    fix.title.push_str(&format!(
                        ". Unsafe: the `ww.invoke`/`ww.on` call on line {line} would now reach the client before this one"
                    ));
                }
            }
        }
    }
}

/// Whether a `ww.invoke(...)`/`ww.on(...)` callee is `ww.on`.
fn ww_direct_binds(callee: &Callee) -> bool {
    let Callee::Expr(c) = callee else { return false };
    matches!(unwrap(c), Expr::Member(m) if m.prop.as_ident().is_some_and(|p| p.sym == "on"))
}

/// `ww.invoke(...)` / `ww.on(...)` (or through `window.ww`): a call an earlier round of `fix`
/// wrote.
fn is_ww_direct_call(callee: &Callee) -> bool {
    let Callee::Expr(c) = callee else { return false };
    let Expr::Member(m) = unwrap(c) else { return false };
    let direct = m.prop.as_ident().is_some_and(|p| p.sym == "invoke" || p.sym == "on");
    let ww = match unwrap(&m.obj) {
        Expr::Ident(i) => i.sym == "ww",
        Expr::Member(w) => {
            matches!(unwrap(&w.obj), Expr::Ident(o) if o.sym == "window")
                && w.prop.as_ident().is_some_and(|p| p.sym == "ww")
        }
        _ => false,
    };
    direct && ww
}

/// `wx.miniProgram.<name>`: the SDK object and the range of `miniProgram`.
fn mini_program_member<'m>(
    sdk: &'m SdkModel,
    m: &'m MemberExpr,
) -> Option<(Option<&'m SdkRef>, &'m str, Range<usize>)> {
    let Expr::Member(inner) = unwrap(&m.obj) else {
        return None;
    };
    let object = sdk.object(&inner.obj)?;
    let (name, member) = static_name(&inner.prop)?;
    (name == "miniProgram").then_some((Some(object), name, member))
}

/// A member's static name and the range of the name as written.
fn static_name(prop: &MemberProp) -> Option<(&str, std::ops::Range<usize>)> {
    match prop {
        MemberProp::Ident(i) => Some((i.sym.as_str(), range(i.span))),
        MemberProp::Computed(c) => match &*c.expr {
            Expr::Lit(Lit::Str(s)) => Some((s.value.as_atom()?.as_str(), range(s.span))),
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    }
}

impl Visit for Walker<'_> {
    fn visit_key_value_prop(&mut self, p: &KeyValueProp) {
        // (a bundler's copy or match patterns name the SDK's file without loading it:
        // `new CopyPlugin({ patterns: [{ from: 'static/jweixin-1.6.0.js' }] })`, `exclude`)
        let key = match &p.key {
            PropName::Ident(i) => Some(i.sym.as_str()),
            PropName::Str(s) => s.value.as_str(),
            _ => None,
        };
        if key.is_some_and(|k| matches!(k, "from" | "to" | "exclude" | "include" | "test" | "ignore" | "context")) {
            self.skip_strings += 1;
            p.visit_children_with(self);
            self.skip_strings -= 1;
        } else {
            p.visit_children_with(self);
        }
    }

    fn visit_str(&mut self, s: &Str) {
        if self.skip_strings > 0 {
            return;
        }
        let at = range(s.span);
        // (an import of a legacy package is `wx-import`'s)
        if !self.cx.sdk.imports.iter().any(|i| i.specifier == at) {
            if let Some(value) = s.value.as_str() {
                wx_script_tag::check_string(at, value, &mut self.cx);
            }
        }
    }

    fn visit_tpl_element(&mut self, t: &TplElement) {
        if self.skip_strings > 0 {
            return;
        }
        wx_script_tag::check_string(range(t.span), &t.raw, &mut self.cx);
    }

    fn visit_stmts(&mut self, stmts: &[Stmt]) {
        for stmt in stmts {
            if let Stmt::Expr(e) = stmt {
                self.statements.insert(key_of(&e.expr), range(e.span).start);
            }
        }
        stmts.visit_children_with(self);
    }

    fn visit_module_items(&mut self, items: &[ModuleItem]) {
        for item in items {
            if let ModuleItem::Stmt(Stmt::Expr(e)) = item {
                self.statements.insert(key_of(&e.expr), range(e.span).start);
            }
        }
        items.visit_children_with(self);
    }

    fn visit_expr_stmt(&mut self, s: &ExprStmt) {
        self.mark_unused(&s.expr);
        s.visit_children_with(self);
    }

    fn visit_function(&mut self, f: &Function) {
        self.in_function(range(f.span), |this| f.visit_children_with(this));
    }

    fn visit_constructor(&mut self, c: &Constructor) {
        self.in_function(range(c.span), |this| c.visit_children_with(this));
    }

    fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
        if let ArrowFunctionBody::Expr(body) = &*arrow.body {
            self.mark_unused(body);
        }
        self.in_function(range(arrow.span), |this| arrow.visit_children_with(this));
    }

    fn visit_unary_expr(&mut self, u: &UnaryExpr) {
        match u.op {
            UnaryOp::TypeOf | UnaryOp::Bang => self.mark_tested(&u.arg),
            UnaryOp::Void => self.mark_unused(&u.arg),
            _ => {}
        }
        u.visit_children_with(self);
    }

    fn visit_bin_expr(&mut self, b: &BinExpr) {
        use BinaryOp::*;
        if matches!(
            b.op,
            LogicalAnd | LogicalOr | NullishCoalescing | EqEq | EqEqEq | NotEq | NotEqEq
        ) {
            self.mark_tested(&b.left);
            self.mark_tested(&b.right);
        }
        b.visit_children_with(self);
    }

    fn visit_if_stmt(&mut self, s: &IfStmt) {
        self.mark_tested(&s.test);
        s.visit_children_with(self);
    }

    fn visit_while_stmt(&mut self, s: &WhileStmt) {
        self.mark_tested(&s.test);
        s.visit_children_with(self);
    }

    fn visit_cond_expr(&mut self, c: &CondExpr) {
        self.mark_tested(&c.test);
        c.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if let Some(init) = &d.init {
            self.mark_tested(init);
        }
        d.visit_children_with(self);
    }

    // `export const sdk = wx`: the alias is handed on to the modules that import it, which
    // call jweixin's API on it; not an alias only this module reads.
    fn visit_export_decl(&mut self, e: &ExportDecl) {
        e.visit_children_with(self);
        if let Decl::Var(v) = &e.decl {
            for init in v.decls.iter().filter_map(|d| d.init.as_deref()) {
                self.tested.remove(&key_of(unwrap(init)));
            }
        }
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        if matches!(&a.left, AssignTarget::Simple(SimpleAssignTarget::Ident(_))) {
            self.mark_tested(&a.right);
        }
        // `Vue.prototype.$wx = wx`, where the unit proves every read of `$wx` calls the SDK
        // (sdk/stores.rs): the store and its reads move together.
        if let AssignTarget::Simple(SimpleAssignTarget::Member(target)) = &a.left {
            let proven = &self.cx.options.unit.proven_stores;
            if let Some(p) = target.prop.as_ident().filter(|p| proven.iter().any(|s| *s == *p.sym)) {
                if self.cx.sdk.object(&a.right).is_some() {
                    self.mark_tested(&a.right);
                    let rename = (
                        parse::range(p.span),
                        crate::sdk::stores::ww_holder_name(&p.sym).to_string(),
                    );
                    self.store_renames.insert(key_of(&a.right), rename);
                }
            }
        }

        a.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        // `console.log('wx', wx)`: the console shows the object, nothing calls it.
        if call.args.iter().any(|a| self.cx.sdk.object(&a.expr).is_some())
            && wx_object::is_console_call(call, self.program)
        {
            for arg in call
                .args
                .iter()
                .filter(|a| a.spread.is_none() && self.cx.sdk.object(&a.expr).is_some())
            {
                self.logged.insert(key_of(&arg.expr));
            }
        }
        // `xiangce(wx)`, where the unit proves `xiangce`'s parameter receives the SDK object at
        // every call (sdk/params.rs): the argument becomes `ww` with the function.
        if let Callee::Expr(callee) = &call.callee {
            if let Expr::Ident(f) = unwrap(callee) {
                for p in self.cx.options.unit.sdk_params.iter().filter(|p| *p.function == *f.sym) {
                    if let Some(arg) = call.args.get(p.index).filter(|a| a.spread.is_none()) {
                        self.mark_tested(&arg.expr);
                    }
                }
            }
        }
        if let Callee::Expr(callee) = &call.callee {
            super::string_code::check_call(callee, &call.args, &mut self.cx);
        }
        let handled = match &call.callee {
            Callee::Expr(callee) => self.call(call.span, callee, &call.args, call.type_args.is_some()),
            _ => false,
        };
        if !handled && is_ww_direct_call(&call.callee) {
            // already migrated by an earlier round of `fix`: it still keeps its place in time
            self.converted.push(Converted {
                functions: self.function_ids(),
                start: range(call.span).start,
                style: CallStyle::Direct,
                diagnostic: usize::MAX,
                invoke_form: None,
                continuation: self.continuation(),
                binds: ww_direct_binds(&call.callee),
            });
        }
        if handled {
            call.args.visit_with(self);
        } else {
            call.visit_children_with(self);
        }
    }

    fn visit_new_expr(&mut self, new: &NewExpr) {
        // (`new Function('wx.closeWindow()')`)
        if let Some(args) = &new.args {
            super::string_code::check_call(&new.callee, args, &mut self.cx);
        }
        new.visit_children_with(self);
    }

    fn visit_opt_call(&mut self, call: &OptCall) {
        if self.call(call.span, &call.callee, &call.args, call.type_args.is_some()) {
            call.args.visit_with(self);
        } else {
            call.visit_children_with(self);
        }
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        if let Some(object) = self.cx.sdk.object(&m.obj).filter(|o| !self.in_probe(&o.range)) {
            self.used.insert((object.range.start, object.range.end));
            let tested = self.tested.contains(&(range(m.span).start, range(m.span).end));
            wx_api::check_access(m, object, tested, &mut self.cx);
        }
        m.visit_children_with(self);
    }
}
