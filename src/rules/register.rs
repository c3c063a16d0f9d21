//! `ww.register` planning (semantics.md R2-R4). In one statement list, a `wx.config` and the
//! `wx.ready`, `wx.error` and `wx.agentConfig` that go with it become one `ww.register({...})`:
//! this module finds them (also a ready callback's leading `wx.error` and its `wx.agentConfig`,
//! and the `wx.ready`/`wx.error` of enclosing functions the planner hands in), and decides
//! whether they may merge at all (the configuration runs once, merged statements read what they
//! read where they were). `merge` writes the fix. The four rules share one fix, so the applier
//! makes it once.

use std::ops::Range;

use swc_ecma_ast::*;

use super::alias_roots::AliasRoots;
use super::merge::agent_only;
use super::moves::{why_not_liftable, why_not_movable_over};
use super::planner::LocalObjects;
use super::runs::LazyRuns;
use super::RuleContext;
use crate::fix::Fix;
use crate::parse::{range, range_of};
use crate::sdk::{unwrap, SdkModel, SdkRef};

/// The fix for a group of lifecycle calls, or why there is none.
#[derive(Debug)]
pub(crate) struct RegisterPlan {
    pub fix: Result<Fix, String>,
}

/// A lifecycle call (`config`, `ready`, `error`, `agentConfig`) that is a whole statement.
#[derive(Clone)]
pub(crate) struct Lifecycle<'a> {
    pub method: &'a str,
    pub statement: Range<usize>,
    pub call: &'a CallExpr,
    pub callee: Range<usize>,
    pub object: &'a SdkRef,
}

/// The lifecycle call a statement is, if it is one.
pub(crate) fn lifecycle_of<'a>(stmt: &'a Stmt, sdk: &'a SdkModel) -> Option<Lifecycle<'a>> {
    let Stmt::Expr(expr_stmt) = stmt else { return None };
    let Expr::Call(call) = unwrap(&expr_stmt.expr) else {
        return None;
    };
    let Callee::Expr(callee) = &call.callee else {
        return None;
    };
    let Expr::Member(member) = unwrap(callee) else {
        return None;
    };
    let object = sdk.object(&member.obj)?;
    let method = match &member.prop {
        MemberProp::Ident(i) => i.sym.as_str(),
        _ => return None,
    };
    crate::api_table::is_lifecycle(method).then(|| Lifecycle {
        method,
        statement: range_of(stmt),
        call,
        callee: range_of(&**callee),
        object,
    })
}

/// Plans every `ww.register` of one statement list; returns each plan with the start offsets
/// of the calls it covers. `ancestors` are `wx.ready`/`wx.error` statements of enclosing lists
/// that may move next to this list's config (see `planner`).
pub(crate) fn plan_statements<'a>(
    stmts: impl IntoIterator<Item = &'a Stmt>,
    cx: &RuleContext,
    runs: &LazyRuns,
    locals: &LocalObjects,
    ancestors: Vec<Lifecycle<'_>>,
    top_level_script: bool,
) -> Vec<(Vec<usize>, RegisterPlan)> {
    let stmts: Vec<&Stmt> = stmts.into_iter().collect();
    let list: Vec<Range<usize>> = stmts.iter().map(|s| range_of(*s)).collect();
    let found: Vec<(usize, Lifecycle)> = stmts
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, lifecycle_of(s, cx.sdk)?)))
        .collect();
    let configs: Vec<&(usize, Lifecycle)> = found.iter().filter(|(_, l)| l.method == "config").collect();
    if configs.is_empty() {
        if cx.config_calls > 0 {
            return Vec::new();
        }
        return found
            .iter()
            .filter(|(_, l)| l.method == "agentConfig")
            .map(|(_, l)| {
                let repeats = runs.get().why_repeated(l.call_start());
                let fix = agent_only(l, cx, &list, locals, top_level_script, repeats.as_deref());
                (vec![l.call_start()], RegisterPlan { fix })
            })
            .collect();
    }
    // the calls a plan of this list covers, also those in its ready callbacks (so that a
    // refusal says the same on all of them)
    let mut covered_here: Vec<usize> = found.iter().map(|(_, l)| l.call_start()).collect();
    for (_, l) in found.iter().filter(|(_, l)| l.method == "ready") {
        let body = l.call.args.first().and_then(|a| callback_body(unwrap(&a.expr)));
        for stmt in body.unwrap_or_default() {
            if let Some(nested) = lifecycle_of(stmt, cx.sdk) {
                covered_here.push(nested.call_start());
            }
        }
    }
    if configs.len() > 1 || cx.config_calls > 1 {
        let reason = format!(
            "this code calls `wx.config` {} times; jweixin sent a handshake for each, `ww.register` sends one per page: merge them by hand",
            configs.len().max(cx.config_calls)
        );
        return vec![(covered_here, RegisterPlan { fix: Err(reason) })];
    }
    if let Some(why) = &cx.options.unit.configured_again_on_page {
        let reason = format!(
            "{why}: jweixin sent a handshake for each `wx.config`, `ww.register` sends one per page (and a second registration changes nothing); configure once by hand"
        );
        return vec![(covered_here, RegisterPlan { fix: Err(reason) })];
    }
    let (config_index, config) = configs[0];
    let repeats = runs.get().why_repeated(config.call_start());
    // (each with whether it moves: registered before the config, or in an enclosing function)
    let ready_calls: Vec<(&Lifecycle, bool)> = found
        .iter()
        .filter(|(_, l)| l.method == "ready")
        .map(|(i, l)| (l, *i < *config_index))
        .chain(ancestors.iter().filter(|a| a.method == "ready").map(|a| (a, true)))
        .collect();
    let mut errors: Vec<Moved> = found
        .iter()
        .filter(|(_, l)| l.method == "error")
        .map(|(_, l)| Moved::top(l))
        .chain(ancestors.iter().filter(|a| a.method == "error").map(Moved::top))
        .collect();
    let relay = cx
        .error_relay
        .as_ref()
        .filter(|_| relay_takes_errors(cx, &stmts, &found, *config_index, &ready_calls, errors.len()));
    if relay.is_some() {
        errors.clear();
    }
    // A `wx.ready` registered before the config in this list moves to just after it: jweixin
    // ran its callback after the reply anyway. A callback given by name is read later then,
    // so nothing on the way may set that name.
    let mut moved_early: Option<String> = None;
    let mut readies: Vec<ReadyCall> = Vec::new();
    for (i, l) in found.iter().filter(|(_, l)| l.method == "ready") {
        let moves = *i < *config_index;
        if moves && !l.call.args.first().is_some_and(|a| is_function(&a.expr)) {
            moved_early = moved_early
                .or_else(|| why_not_movable_over(l.call, &stmts[*i + 1..*config_index], "`wx.ready`'s callback"));
        }
    }
    for (l, moves) in ready_calls {
        readies.push(ReadyCall::new(l, cx.sdk, moves, relay.is_none()));
    }
    // What merges into the register object from later in this list is read where the config
    // is: nothing it reads may be set on the way (an error handler written as a function only
    // reads its names when it runs).
    let mut blocked: Option<String> = moved_early;
    for (i, l) in found.iter().filter(|(i, _)| *i > *config_index) {
        let what = match l.method {
            "agentConfig" => "`wx.agentConfig`",
            "error" if relay.is_none() && !l.call.args.first().is_some_and(|a| is_function(&a.expr)) => {
                "`wx.error`'s handler"
            }
            _ => continue,
        };
        blocked = blocked.or_else(|| why_not_movable_over(l.call, &stmts[config_index + 1..*i], what));
    }
    let mut group = Group {
        list,
        locals,
        config,
        readies,
        errors,
        agents: found
            .iter()
            .filter(|(i, l)| l.method == "agentConfig" && i > config_index)
            .map(|(_, l)| Moved::top(l))
            .collect(),
        blocked,
        top_level_script,
        repeats,
        relay,
    };
    for ready in &group.readies {
        if group.blocked.is_none() {
            group.blocked = ready.blocked.clone();
        }
        for nested in &ready.nested {
            match nested.lifecycle.method {
                "agentConfig" => group.agents.push(nested.clone()),
                _ => group.errors.push(nested.clone()),
            }
        }
    }
    let mut covers: Vec<usize> = vec![config.call_start()];
    covers.extend(group.readies.iter().map(|r| r.lifecycle.call_start()));
    covers.extend(group.errors.iter().map(|e| e.lifecycle.call_start()));
    covers.extend(group.agents.iter().map(|a| a.lifecycle.call_start()));
    covers.extend(group.relay.iter().flat_map(|r| r.call_starts()));
    vec![(covers, RegisterPlan { fix: group.build(cx) })]
}

/// Whether the block's `wx.error` handlers stay where they are and go through its relay
/// (error_relay.rs) instead of becoming the one `onConfigFail`: there are several, or one
/// that this configuration's statements (`errors_here`, and leading ones of the ready
/// callbacks) do not hold, or one that cannot move (it reads what its callback declares, or
/// what is set between it and the configuration). And every `wx.ready` of the block is in
/// this plan: a gated one elsewhere would declare the gate where the relay is declared.
fn relay_takes_errors(
    cx: &RuleContext,
    stmts: &[&Stmt],
    found: &[(usize, Lifecycle)],
    config_index: usize,
    ready_calls: &[(&Lifecycle, bool)],
    errors_here: usize,
) -> bool {
    let leading: Vec<Option<String>> = ready_calls
        .iter()
        .filter_map(|(l, _)| ReadyCall::leading_error(l, cx.sdk))
        .collect();
    let absorbed = errors_here + leading.len();
    let cannot_move = leading.iter().any(Option::is_some)
        || found.iter().any(|(i, l)| {
            l.method == "error"
                && *i > config_index
                && !l.call.args.first().is_some_and(|a| is_function(&a.expr))
                && why_not_movable_over(l.call, &stmts[config_index + 1..*i], "`wx.error`'s handler").is_some()
        });
    (cannot_move || !(absorbed == 1 && cx.sdk.error_calls == 1) || cx.options.unit.relay_for_others > 0)
        && cx.sdk.member_calls(&cx.file.text, "ready") == ready_calls.len()
}

impl Lifecycle<'_> {
    pub(super) fn call_start(&self) -> usize {
        range(self.call.span).start
    }
}

/// A lifecycle statement that moves into the register object, and whether it sits inside a
/// `wx.ready` callback (then it is deleted with the callback when nothing else is left).
#[derive(Clone)]
pub(super) struct Moved<'a> {
    pub(super) lifecycle: Lifecycle<'a>,
    pub(super) in_ready: bool,
}

impl<'a> Moved<'a> {
    pub(super) fn top(lifecycle: &Lifecycle<'a>) -> Moved<'a> {
        Moved {
            lifecycle: lifecycle.clone(),
            in_ready: false,
        }
    }
}

/// A `wx.ready(fn)` after the config, with what its callback holds.
pub(super) struct ReadyCall<'a> {
    pub(super) lifecycle: &'a Lifecycle<'a>,
    /// It comes before the config (or sits in an enclosing function) and moves to just after it.
    pub(super) moves: bool,
    /// `agentConfig` and leading `error` statements directly in the callback body.
    pub(super) nested: Vec<Moved<'a>>,
    /// The callback body has nothing left once the nested statements move out.
    pub(super) empties: bool,
    /// Why a nested statement cannot leave the callback (it reads the callback's own names).
    pub(super) blocked: Option<String>,
}

impl<'a> ReadyCall<'a> {
    /// `Some` when the callback's first statement is a `wx.error` call, which merges into the
    /// register with the configuration when no relay takes it: holding why it cannot leave the
    /// callback, if it cannot.
    pub(super) fn leading_error(lifecycle: &Lifecycle, sdk: &SdkModel) -> Option<Option<String>> {
        let callback = lifecycle.call.args.first().map(|a| unwrap(&a.expr))?;
        let body = callback_body(callback)?;
        let error = lifecycle_of(body.first()?, sdk).filter(|l| l.method == "error")?;
        Some(why_not_liftable(callback, body, 0, error.call, "`wx.error`"))
    }

    /// `lift_errors`: the callback's leading `wx.error` moves into the register (no relay).
    pub(super) fn new(
        lifecycle: &'a Lifecycle<'a>,
        sdk: &'a SdkModel,
        moves: bool,
        lift_errors: bool,
    ) -> ReadyCall<'a> {
        let callback = lifecycle.call.args.first().map(|a| unwrap(&a.expr));
        let body = callback.and_then(callback_body);
        let mut nested = Vec::new();
        let mut remaining = 0;
        let mut blocked = None;
        if let (Some(callback), Some(body)) = (callback, body) {
            for (i, stmt) in body.iter().enumerate() {
                match lifecycle_of(stmt, sdk) {
                    Some(l) if l.method == "agentConfig" || (l.method == "error" && i == 0 && lift_errors) => {
                        let what = if l.method == "agentConfig" {
                            "`wx.agentConfig`"
                        } else {
                            "`wx.error`"
                        };
                        blocked = blocked.or_else(|| why_not_liftable(callback, body, i, l.call, what));
                        nested.push(Moved {
                            lifecycle: l,
                            in_ready: true,
                        })
                    }
                    _ => remaining += 1,
                }
            }
        }
        ReadyCall {
            lifecycle,
            moves,
            empties: body.is_some() && remaining == 0,
            nested,
            blocked,
        }
    }
}

pub(super) fn is_function(expr: &Expr) -> bool {
    matches!(unwrap(expr), Expr::Fn(_) | Expr::Arrow(_))
}

/// The statements of a function or arrow with a block body.
pub(super) fn callback_body(expr: &Expr) -> Option<&[Stmt]> {
    match unwrap(expr) {
        Expr::Fn(f) => f.function.body.as_ref().map(|b| b.stmts.as_slice()),
        Expr::Arrow(a) => match &*a.body {
            ArrowFunctionBody::FunctionBody(b) => Some(b.stmts.as_slice()),
            ArrowFunctionBody::Expr(_) => None,
        },
        _ => None,
    }
}

/// Everything that merges into one register call.
pub(super) struct Group<'a> {
    /// The ranges of the statements of the list the config call is in.
    pub(super) list: Vec<Range<usize>>,
    pub(super) locals: &'a LocalObjects,
    pub(super) config: &'a Lifecycle<'a>,
    pub(super) readies: Vec<ReadyCall<'a>>,
    pub(super) errors: Vec<Moved<'a>>,
    pub(super) agents: Vec<Moved<'a>>,
    /// Why a statement cannot merge into the register object without changing what it reads.
    pub(super) blocked: Option<String>,
    /// The list is the top level of a classic script, where a new variable is a global.
    pub(super) top_level_script: bool,
    /// Why the configuration may run more than once per page load (repeated_config.rs).
    pub(super) repeats: Option<String>,
    /// The relay that takes the block's `wx.error` handlers, where they do not merge.
    pub(super) relay: Option<&'a super::error_relay::RelaySite>,
}

impl Group<'_> {
    /// Code this fix moves is copied as written, so SDK calls inside it are converted by their
    /// own fixes in a later round of `fix`. Through an alias (`var sdk = window.wx`) that round
    /// cannot see them: this round already points the alias at `ww`. The copies name the SDK
    /// object the alias stands for instead (alias_roots.rs), where it is the global one.
    pub(super) fn moves_alias_calls(&self, cx: &RuleContext) -> Result<AliasRoots, String> {
        let mut moved: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        for ready in &self.readies {
            if ready.moves {
                moved.push((ready.lifecycle.statement.clone(), ready.lifecycle.object.range.clone()));
            }
        }
        for m in self.errors.iter().chain(&self.agents) {
            moved.push((m.lifecycle.statement.clone(), m.lifecycle.object.range.clone()));
        }
        AliasRoots::find(cx, &moved).map_err(|alias| alias_message(cx, alias.range.clone()))
    }
}

/// Why moved code that calls the SDK through an alias keeps the fix from being made.
pub(super) fn alias_message(cx: &RuleContext, alias: Range<usize>) -> String {
    format!(
        "the code this fix moves calls the SDK through `{}`, an alias whose uses a later round of `fix` could no longer see: move it next to the configuration by hand, or call `wx` directly",
        cx.text(alias)
    )
}
