//! `ww.register` planning (semantics.md R2-R4). In one statement list, a `wx.config` and the
//! `wx.ready`, `wx.error` and `wx.agentConfig` that go with it become one `ww.register({...})`,
//! edited in place: the config object keeps its text while keys are renamed, dropped or
//! added; handlers move as their original text; `wx.ready` becomes
//! `ww.ensureConfigReady().catch(() => {}).then(...)`, which also runs after a failed config.
//! The four rules share one fix, so the applier makes it once.

use std::ops::Range;

use swc_ecma_ast::*;

use super::error_handler::{legacy_result_property, on_config_fail, throws, Handler, Layout};
use super::list_edit::ListEdit;
use super::moves::{why_not_liftable, why_not_movable_over};
use super::options::{
    check_keys, is_plain_read, options_object, string_elements, OptionsAt, Property, AGENT_KEYS, CONFIG_KEYS,
};
use super::planner::LocalObjects;
use super::runs::Runs;
use super::{object_form, RuleContext};
use crate::fix::{Applicability, Edit, Fix};
use crate::parse::{range, range_of};
use crate::sdk::{unwrap, Origin, SdkModel, SdkRef};
use crate::source::layout;

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
    matches!(method, "config" | "ready" | "error" | "agentConfig").then(|| Lifecycle {
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
    runs: &Runs,
    locals: &LocalObjects,
    ancestors: Vec<Lifecycle<'_>>,
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
                let fix = match runs.why_repeated(l.call_start()) {
                    Some(why) => Err(format!(
                        "`wx.agentConfig` may run more than once ({why}): jweixin sent a handshake for each call, `ww.register` one per page; configure once by hand"
                    )),
                    None => agent_only(l, cx, &list, locals),
                };
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
    let (config_index, config) = configs[0];
    if let Some(why) = runs.why_repeated(config.call_start()) {
        let reason = format!(
            "`wx.config` may run more than once ({why}): jweixin sent a handshake for each call and authorised each `jsApiList`, `ww.register` sends one per page; configure once by hand"
        );
        return vec![(covered_here, RegisterPlan { fix: Err(reason) })];
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
        readies.push(ReadyCall::new(l, cx.sdk, moves));
    }
    readies.extend(
        ancestors
            .iter()
            .filter(|a| a.method == "ready")
            .map(|a| ReadyCall::new(a, cx.sdk, true)),
    );
    let mut errors: Vec<Moved> = found
        .iter()
        .filter(|(_, l)| l.method == "error")
        .map(|(_, l)| Moved::top(l))
        .collect();
    errors.extend(ancestors.iter().filter(|a| a.method == "error").map(Moved::top));
    // What merges into the register object from later in this list is read where the config
    // is: nothing it reads may be set on the way (an error handler written as a function only
    // reads its names when it runs).
    let mut blocked: Option<String> = moved_early;
    for (i, l) in found.iter().filter(|(i, _)| *i > *config_index) {
        let what = match l.method {
            "agentConfig" => "`wx.agentConfig`",
            "error" if !l.call.args.first().is_some_and(|a| is_function(&a.expr)) => "`wx.error`'s handler",
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
    vec![(covers, RegisterPlan { fix: group.build(cx) })]
}

impl Lifecycle<'_> {
    fn call_start(&self) -> usize {
        range(self.call.span).start
    }
}

/// A lifecycle statement that moves into the register object, and whether it sits inside a
/// `wx.ready` callback (then it is deleted with the callback when nothing else is left).
#[derive(Clone)]
struct Moved<'a> {
    lifecycle: Lifecycle<'a>,
    in_ready: bool,
}

impl<'a> Moved<'a> {
    fn top(lifecycle: &Lifecycle<'a>) -> Moved<'a> {
        Moved {
            lifecycle: lifecycle.clone(),
            in_ready: false,
        }
    }
}

/// A `wx.ready(fn)` after the config, with what its callback holds.
struct ReadyCall<'a> {
    lifecycle: &'a Lifecycle<'a>,
    /// It comes before the config (or sits in an enclosing function) and moves to just after it.
    moves: bool,
    /// `agentConfig` and leading `error` statements directly in the callback body.
    nested: Vec<Moved<'a>>,
    /// The callback body has nothing left once the nested statements move out.
    empties: bool,
    /// Why a nested statement cannot leave the callback (it reads the callback's own names).
    blocked: Option<String>,
}

impl<'a> ReadyCall<'a> {
    fn new(lifecycle: &'a Lifecycle<'a>, sdk: &'a SdkModel, moves: bool) -> ReadyCall<'a> {
        let callback = lifecycle.call.args.first().map(|a| unwrap(&a.expr));
        let body = callback.and_then(callback_body);
        let mut nested = Vec::new();
        let mut remaining = 0;
        let mut blocked = None;
        if let (Some(callback), Some(body)) = (callback, body) {
            for (i, stmt) in body.iter().enumerate() {
                match lifecycle_of(stmt, sdk) {
                    Some(l) if l.method == "agentConfig" || (l.method == "error" && i == 0) => {
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

fn is_function(expr: &Expr) -> bool {
    matches!(unwrap(expr), Expr::Fn(_) | Expr::Arrow(_))
}

/// The statements of a function or arrow with a block body.
fn callback_body(expr: &Expr) -> Option<&[Stmt]> {
    match unwrap(expr) {
        Expr::Fn(f) => f.function.body.as_ref().map(|b| b.stmts.as_slice()),
        Expr::Arrow(a) => match &*a.body {
            ArrowFunctionBody::FunctionBody(b) => Some(b.stmts.as_slice()),
            ArrowFunctionBody::Expr(_) => None,
        },
        _ => None,
    }
}

/// The `ww` form of the object a lifecycle call is made on, as text (`ww`, `window.ww`, `sdk`).
fn ww_object_text(cx: &RuleContext, object: &SdkRef) -> Result<String, String> {
    let edits = cx.ww_object(object).ok_or_else(|| object_form::why_not(cx, object))?;
    let base = object.range.start;
    let mut text = cx.text(object.range.clone()).to_string();
    let mut sorted = edits;
    sorted.sort();
    for edit in sorted.iter().rev() {
        text.replace_range(edit.range.start - base..edit.range.end - base, &edit.text);
    }
    Ok(text)
}

/// Everything that merges into one register call.
struct Group<'a> {
    /// The ranges of the statements of the list the config call is in.
    list: Vec<Range<usize>>,
    locals: &'a LocalObjects,
    config: &'a Lifecycle<'a>,
    readies: Vec<ReadyCall<'a>>,
    errors: Vec<Moved<'a>>,
    agents: Vec<Moved<'a>>,
    /// Why a statement cannot merge into the register object without changing what it reads.
    blocked: Option<String>,
}

/// The signature getter built from `timestamp`, `nonceStr` and `signature` properties.
fn signature_getter(
    cx: &RuleContext,
    props: &[Property],
    unsafe_because: &mut Vec<String>,
    what: &str,
) -> Option<String> {
    let parts: Vec<String> = ["timestamp", "nonceStr", "signature"]
        .iter()
        .filter_map(|name| props.iter().find(|p| p.name == *name))
        .map(|p| {
            if p.value_expr.is_some_and(|e| !is_plain_read(e)) {
                unsafe_because.push(format!(
                    "`{what}`'s `{}` is computed, and the getter computes it again each time `ww` asks",
                    p.name
                ));
            }
            if p.shorthand {
                p.name.clone()
            } else {
                format!("{}: {}", p.name, cx.text(p.value.clone()))
            }
        })
        .collect();
    (!parts.is_empty()).then(|| cx.style.object_getter(&format!("{{ {} }}", parts.join(", "))))
}

/// A property moved under a new key: `agentid: x` -> `agentId: x`.
fn renamed_property(cx: &RuleContext, prop: &Property, key: &str, indent: &str) -> String {
    let from = layout::indentation(&cx.file.text, prop.range.start);
    let value = if prop.shorthand {
        prop.name.clone()
    } else {
        layout::reindent(cx.text(prop.value.clone()), from, indent)
    };
    if prop.method {
        format!("{key}{value}")
    } else {
        format!("{key}: {value}")
    }
}

/// An agent hook moved under a new key: `success: f` -> `onAgentConfigSuccess: f`, keeping a
/// method's own form (`success() {}` -> `onAgentConfigSuccess() {}`). A hook that reads its
/// argument is wrapped to get jweixin's `{ errMsg: 'agentConfig:...' }` (see `error_handler`);
/// returns whether it was.
fn agent_hook(
    cx: &RuleContext,
    prop: &Property,
    key: &str,
    indent: &str,
    one_line: bool,
    unsafe_because: &mut Vec<String>,
) -> (String, bool) {
    let from = layout::indentation(&cx.file.text, prop.range.start);
    let layout = Layout { from, indent, one_line };
    let handler = match (prop.function, prop.value_expr) {
        (Some(f), _) => Handler::Method(f),
        (None, Some(e)) => Handler::Expr(e),
        // shorthand `fail`: a name, whose function the tool cannot see
        (None, None) => Handler::Name(&prop.name),
    };
    legacy_result_property(
        cx,
        key,
        "agentConfig",
        handler,
        cx.text(prop.value.clone()),
        layout,
        unsafe_because,
    )
}

/// How a jsApiList from the agent config joins the config's list.
enum ListUnion {
    Nothing,
    /// Add these element texts to the config's array literal.
    Append(Vec<String>),
    /// The config has no list: add the agent's.
    Adopt(String),
    /// Neither list is a literal: concatenate at run time.
    Concat(String),
}

fn union_lists(cx: &RuleContext, config: Option<&Property>, agent: Option<&Property>) -> ListUnion {
    let Some(agent) = agent else { return ListUnion::Nothing };
    let agent_text = cx.text(agent.value.clone());
    let Some(config) = config else {
        return ListUnion::Adopt(agent_text.to_string());
    };
    let config_text = cx.text(config.value.clone());
    if config_text.split_whitespace().eq(agent_text.split_whitespace()) {
        return ListUnion::Nothing;
    }
    match (
        config.value_expr.and_then(string_elements),
        agent.value_expr.and_then(string_elements),
    ) {
        (Some(have), Some(add)) => {
            let missing: Vec<String> = add
                .iter()
                .filter(|(name, _)| !have.iter().any(|(h, _)| h == name))
                .map(|(_, r)| cx.text(r.clone()).to_string())
                .collect();
            if missing.is_empty() {
                ListUnion::Nothing
            } else {
                ListUnion::Append(missing)
            }
        }
        _ => ListUnion::Concat(format!("[].concat({config_text}, {agent_text})")),
    }
}

impl Group<'_> {
    /// Code this fix moves is copied as written, so SDK calls inside it are converted by their
    /// own fixes in a later round of `fix`. Through an alias (`var sdk = window.wx`) that round
    /// cannot see them: this round already points the alias at `ww`.
    fn moves_alias_calls(&self, cx: &RuleContext) -> Option<String> {
        let mut moved: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        for ready in &self.readies {
            if ready.moves {
                moved.push((ready.lifecycle.statement.clone(), ready.lifecycle.object.range.clone()));
            }
        }
        for m in self.errors.iter().chain(&self.agents) {
            moved.push((m.lifecycle.statement.clone(), m.lifecycle.object.range.clone()));
        }
        let inside = cx.sdk.objects().into_iter().find(|o| {
            matches!(o.origin, Origin::Alias { .. })
                && moved
                    .iter()
                    .any(|(r, own)| r.start <= o.range.start && o.range.end <= r.end && *own != o.range)
        })?;
        Some(format!(
            "the code this fix moves calls the SDK through `{}`, an alias whose uses a later round of `fix` could no longer see: move it next to the configuration by hand, or call `wx` directly",
            cx.text(inside.range.clone())
        ))
    }

    fn build(&self, cx: &RuleContext) -> Result<Fix, String> {
        if let Some(why) = &self.blocked {
            return Err(why.clone());
        }
        if self.errors.len() > 1 {
            return Err("this code registers several `wx.error` handlers (jweixin keeps only the last one): keep one, then run the fix again".to_string());
        }
        if let Some(why) = self.moves_alias_calls(cx) {
            return Err(why);
        }
        if self.agents.len() > 1 {
            return Err("this code calls `wx.agentConfig` more than once: merge them by hand".to_string());
        }
        let text = &cx.file.text;
        let (object, props, at) = options_object(self.config.call, "wx.config", cx, &self.list, self.locals)?;
        let mut added: Vec<String> = Vec::new();
        check_keys(&props, CONFIG_KEYS, "wx.config")?;
        let mut unsafe_because = Vec::new();
        let mut notes = Vec::new();
        let find = |name: &str| props.iter().position(|p| p.name == name);

        let app_id = find("appId").ok_or("`wx.config` has no `appId`, and `ww.register` needs a `corpId`")?;
        if matches!(props[app_id].value_expr.map(unwrap), Some(Expr::Lit(Lit::Str(s))) if s.value.is_empty()) {
            return Err("`appId` is an empty string: `ww.register` throws `Missing corpId` for it".to_string());
        }
        let list = ListEdit::new(
            text,
            range(object.span),
            props.iter().map(|p| p.range.clone()).collect(),
        );
        let mut list = list;
        let key_text = |p: &Property, new: &str| {
            if cx.text(p.key.clone()).starts_with(['\'', '"']) {
                cx.style.string(new)
            } else {
                new.to_string()
            }
        };
        if props[app_id].shorthand {
            list.replace(app_id, format!("corpId: {}", props[app_id].name));
        } else {
            list.edit_inside(Edit::replace(
                props[app_id].key.clone(),
                key_text(&props[app_id], "corpId"),
            ));
        }
        for (i, p) in props.iter().enumerate() {
            let value = p.value_expr.map(unwrap);
            match p.name.as_str() {
                "beta" => list.delete(i),
                "debug" => {
                    list.delete(i);
                    // Dropped and reported (issue R2): debug output, not the page's behaviour.
                    match value {
                        Some(Expr::Lit(Lit::Bool(b))) if !b.value => {}
                        Some(Expr::Lit(Lit::Bool(_))) => notes.push(
                            "drops `debug: true`: `ww` has no debug mode, so results are no longer shown in alerts"
                                .to_string(),
                        ),
                        _ => notes.push("drops `debug` (`ww` has no debug mode, so no debug alerts)".to_string()),
                    }
                }
                "check" => {
                    list.delete(i);
                    if !matches!(value, Some(Expr::Lit(Lit::Bool(b))) if b.value) {
                        unsafe_because
                            .push("`check: false` skipped the signature check; `ww.register` always signs".to_string());
                    }
                }
                _ => {}
            }
        }
        let signature_props: Vec<usize> = ["timestamp", "nonceStr", "signature"]
            .iter()
            .filter_map(|n| find(n))
            .collect();
        let Some(&first_signature) = signature_props.iter().min() else {
            return Err("`wx.config` has no `timestamp`, `nonceStr` or `signature` to sign with".to_string());
        };
        let getter = signature_getter(cx, &props, &mut unsafe_because, "wx.config").unwrap_or_default();
        list.replace(first_signature, format!("getConfigSignature: {getter}"));
        for &i in &signature_props {
            if i != first_signature {
                list.delete(i);
            }
        }

        let one_line = !text[range(object.span)].contains('\n');
        let object_indent = if !one_line {
            props
                .first()
                .map(|p| layout::indentation(text, p.range.start).to_string())
                .unwrap_or_default()
        } else {
            layout::indentation(text, object.span.lo.0 as usize).to_string()
        };
        let mut edits = Vec::new();
        let mut titles = vec!["`wx.config`"];

        // The agent config merges into the same object.
        let mut agent_wrapped = false;
        if let Some(agent) = self.agents.first() {
            titles.push("`wx.agentConfig`");
            let (_, agent_props, agent_at) =
                options_object(agent.lifecycle.call, "wx.agentConfig", cx, &self.list, self.locals)?;
            if agent_at != OptionsAt::Inline {
                return Err("`wx.agentConfig` is given a variable; merge it into `ww.register` by hand".to_string());
            }
            check_keys(&agent_props, AGENT_KEYS, "wx.agentConfig")?;
            let get = |name: &str| agent_props.iter().find(|p| p.name == name);
            let corp = get("corpid").ok_or("`wx.agentConfig` has no `corpid`")?;
            let same_corp = cx
                .text(corp.value.clone())
                .split_whitespace()
                .eq(cx.text(props[app_id].value.clone()).split_whitespace());
            if !same_corp {
                return Err(format!(
                    "`wx.agentConfig`'s corpid `{}` is not `wx.config`'s appId `{}`, and `ww.register` takes one `corpId`",
                    cx.text(corp.value.clone()),
                    cx.text(props[app_id].value.clone())
                ));
            }
            if let Some(agent_id) = get("agentid") {
                added.push(renamed_property(cx, agent_id, "agentId", &object_indent));
            }
            let getter = signature_getter(cx, &agent_props, &mut unsafe_because, "wx.agentConfig")
                .ok_or("`wx.agentConfig` has no `timestamp`, `nonceStr` or `signature`")?;
            added.push(format!("getAgentConfigSignature: {getter}"));
            match union_lists(cx, find("jsApiList").map(|i| &props[i]), get("jsApiList")) {
                ListUnion::Nothing => {}
                ListUnion::Adopt(list_text) => added.push(format!("jsApiList: {list_text}")),
                ListUnion::Append(missing) => {
                    let config_list = &props[find("jsApiList").unwrap_or(0)];
                    if let Some(Expr::Array(array)) = config_list.value_expr.map(unwrap) {
                        let elements = array.elems.iter().flatten().map(|e| range_of(&*e.expr)).collect();
                        let mut array_edit = ListEdit::new(text, range(array.span), elements);
                        for m in missing {
                            array_edit.add(m);
                        }
                        edits.extend(array_edit.edits(cx.style.newline));
                    }
                }
                ListUnion::Concat(joined) => {
                    let config_list = &props[find("jsApiList").unwrap_or(0)];
                    edits.push(Edit::replace(config_list.value.clone(), joined));
                    unsafe_because.push(
                        "the `jsApiList`s are built at run time and are joined with `concat`; check both are arrays"
                            .to_string(),
                    );
                }
            }
            // semantics.md 6.5: with an agent signature the ready callbacks wait for the agent
            // configuration (on WeCom 3.0.24+ there is no other), where jweixin ran them after
            // the corp configuration, before the agent configuration replied.
            let hooks: Vec<&str> = ["success", "fail", "complete"]
                .into_iter()
                .filter(|h| get(h).is_some())
                .collect();
            if self.readies.iter().any(|r| !r.empties) && !hooks.is_empty() {
                unsafe_because.push(format!(
                    "`ww` runs the `wx.ready` callbacks after the agent configuration, where jweixin ran them after the corp configuration, before the agent configuration replied: `wx.agentConfig`'s `{}` now runs before them",
                    hooks.join("`/`")
                ));
            }
            for (from, to) in [
                ("success", "onAgentConfigSuccess"),
                ("fail", "onAgentConfigFail"),
                ("complete", "onAgentConfigComplete"),
            ] {
                if let Some(p) = get(from) {
                    let (property, wrapped) = agent_hook(cx, p, to, &object_indent, one_line, &mut unsafe_because);
                    agent_wrapped |= wrapped;
                    added.push(property);
                }
            }
        }

        let mut error_wrapped = false;
        if let Some(error) = self.errors.first() {
            titles.push("`wx.error`");
            let handler = match error.lifecycle.call.args.as_slice() {
                [arg] if arg.spread.is_none() => &arg.expr,
                _ => return Err("`wx.error` is not given one handler".to_string()),
            };
            let from = layout::indentation(text, error.lifecycle.statement.start);
            if self.readies.iter().any(|r| !r.empties) && throws(handler) {
                unsafe_because.push("`wx.error`'s handler throws: after a failed configuration jweixin then skipped the `wx.ready` callbacks, `ww` catches the error and runs them".to_string());
            }
            let (property, wrapped) = on_config_fail(
                cx,
                handler,
                Layout {
                    from,
                    indent: &object_indent,
                    one_line,
                },
                &mut unsafe_because,
            );
            error_wrapped = wrapped;
            added.push(property);
        }

        // The config call itself becomes `ww.register(...)`.
        let config_object = ww_object_text(cx, self.config.object)?;
        edits.push(Edit::replace(
            self.config.callee.clone(),
            format!("{config_object}.register"),
        ));
        match at {
            OptionsAt::OuterVariable { arg } if !added.is_empty() => {
                // The variable is declared in an enclosing function: the moved handlers stay in
                // this one's scope, added to a copy of the options at the call.
                let name = cx.text(arg.clone());
                let merged = if cx.style.arrows {
                    format!("{{ ...{name}, {} }}", added.join(", "))
                } else {
                    format!("Object.assign({{}}, {name}, {{ {} }})", added.join(", "))
                };
                edits.push(Edit::replace(arg, merged));
            }
            _ => added.into_iter().for_each(|a| list.add(a)),
        }
        edits.extend(list.edits(cx.style.newline));

        // `wx.ready` calls of enclosing functions move to just after the config, in order.
        let mut moved_here = String::new();
        let config_indent = layout::indentation(text, self.config.statement.start).to_string();
        for ready in &self.readies {
            titles.push("`wx.ready`");
            if ready.empties || ready.moves {
                edits.push(Edit::delete(layout::statement_deletion(
                    text,
                    ready.lifecycle.statement.clone(),
                )));
            }
            if ready.empties {
                continue;
            }
            if ready.moves {
                let statement = moved_ready(cx, ready.lifecycle, &config_indent, &mut unsafe_because)?;
                moved_here.push_str(cx.style.newline);
                moved_here.push_str(&config_indent);
                moved_here.push_str(&statement);
                notes.push("moves the `wx.ready` registered before the configuration to just after it (jweixin ran it after the reply anyway)".to_string());
                continue;
            }
            edits.extend(ready_edits(cx, ready.lifecycle, &mut unsafe_because)?);
        }
        if !moved_here.is_empty() {
            let end = self.config.statement.end;
            let at = if layout::ends_line(text, end) {
                layout::line_end(text, end)
            } else {
                end
            };
            edits.push(Edit::insert(at, moved_here));
        }
        for moved in self.errors.iter().chain(&self.agents) {
            let in_deleted_ready = moved.in_ready
                && self.readies.iter().any(|r| {
                    r.empties
                        && r.lifecycle.statement.start <= moved.lifecycle.statement.start
                        && moved.lifecycle.statement.end <= r.lifecycle.statement.end
                });
            if !in_deleted_ready {
                edits.push(Edit::delete(layout::statement_deletion(
                    text,
                    moved.lifecycle.statement.clone(),
                )));
            }
        }

        titles.dedup();
        let mut title = format!("Merge {} into one `ww.register` call", titles.join(", "));
        title.push_str(
            ". Differences inherent to @wecom/jssdk: `ww.register` throws `Missing corpId` when the appId value is empty, \
             and the signature comes from a getter that returns the captured values (stale if WeCom re-signs after an \
             in-app URL change)",
        );
        if !self.errors.is_empty() {
            if error_wrapped {
                title.push_str("; `wx.error`'s handler gets jweixin's `{ errMsg: 'config:...' }`, rebuilt from the client's reply (`ww` says `preVerifyJSAPI:...`), and `onConfigFail` fires once per retry");
            } else {
                title.push_str("; `onConfigFail` fires once per retry");
            }
        }
        if !self.agents.is_empty() {
            title.push_str(
                "; on WeCom 3.0.24+ only the agent config runs (`onConfigFail` never fires), on older clients a failed config also stops the agent config, and the agent hooks fire again after a URL change",
            );
            if agent_wrapped {
                title.push_str(
                    "; the agent hooks get jweixin's `{ errMsg: 'agentConfig:...' }`, rebuilt from the client's reply",
                );
            }
        }
        if !self.readies.is_empty() {
            title.push_str("; ready callbacks always run asynchronously");
        }
        notes.dedup();
        for note in notes {
            title.push_str("; ");
            title.push_str(&note);
        }
        cx.fix_unless(title, &unsafe_because, edits)
    }
}

/// `wx.ready(fn)` -> `ww.ensureConfigReady().catch(() => {}).then(fn)`, calling `fn` with no
/// argument as jweixin did.
pub(crate) fn ready_edits(
    cx: &RuleContext,
    ready: &Lifecycle,
    unsafe_because: &mut Vec<String>,
) -> Result<Vec<Edit>, String> {
    ready_call_edits(cx, ready.callee.clone(), ready.object, &ready.call.args, unsafe_because)
}

/// The edits for a `ready` call given its callee range, SDK object and arguments.
pub(crate) fn ready_call_edits(
    cx: &RuleContext,
    callee: Range<usize>,
    object: &SdkRef,
    args: &[ExprOrSpread],
    unsafe_because: &mut Vec<String>,
) -> Result<Vec<Edit>, String> {
    let object_text = ww_object_text(cx, object)?;
    let callback = match args {
        [arg] if arg.spread.is_none() => &arg.expr,
        _ => return Err("`wx.ready` is not given one callback".to_string()),
    };
    let mut edits = vec![Edit::replace(
        callee,
        format!("{object_text}.ensureConfigReady(){}.then", cx.style.catch_all()),
    )];
    let callback_range = range_of(&**callback);
    let callback_text = cx.text(callback_range.clone());
    match unwrap(callback) {
        Expr::Fn(f) if f.function.params.is_empty() => {}
        Expr::Arrow(a) if a.params.is_empty() => {}
        Expr::Fn(_) | Expr::Arrow(_) => {
            edits.push(Edit::replace(
                callback_range,
                cx.style.thunk(&format!("({callback_text})()")),
            ));
        }
        Expr::Ident(_) => edits.push(Edit::replace(
            callback_range,
            cx.style.thunk(&format!("{callback_text}()")),
        )),
        Expr::Member(_) => {
            unsafe_because.push(format!(
                "`{callback_text}` is now called as a method (`this` is its object; jweixin called it plainly)"
            ));
            edits.push(Edit::replace(
                callback_range,
                cx.style.thunk(&format!("{callback_text}()")),
            ));
        }
        _ => {
            return Err(format!(
                "`wx.ready` is given `{callback_text}`, which is computed when `wx.ready` runs"
            ))
        }
    }
    Ok(edits)
}

/// The statement a `wx.ready` of an enclosing function becomes next to the config.
fn moved_ready(
    cx: &RuleContext,
    ready: &Lifecycle,
    indent: &str,
    unsafe_because: &mut Vec<String>,
) -> Result<String, String> {
    let text = &cx.file.text;
    let callee_edits = ready_call_edits(cx, ready.callee.clone(), ready.object, &ready.call.args, unsafe_because)?;
    // Apply the edits to the call's own text, then shift it to its new indentation.
    let call = range(ready.call.span);
    let mut statement = text[call.clone()].to_string();
    let mut sorted = callee_edits;
    sorted.sort();
    for edit in sorted.iter().rev() {
        statement.replace_range(edit.range.start - call.start..edit.range.end - call.start, &edit.text);
    }
    let from = layout::indentation(text, ready.statement.start);
    Ok(format!("{};", layout::reindent(&statement, from, indent)))
}

/// A `wx.agentConfig` in a file without `wx.config` (the jwxwork-only flow): it becomes a
/// `ww.register` of its own. Unsafe (R3): on WeCom older than 3.0.24 `ww` needs a corp
/// signature first.
fn agent_only(
    agent: &Lifecycle,
    cx: &RuleContext,
    list: &[Range<usize>],
    locals: &LocalObjects,
) -> Result<Fix, String> {
    let text = &cx.file.text;
    let (object, props, _) = options_object(agent.call, "wx.agentConfig", cx, list, locals)?;
    check_keys(&props, AGENT_KEYS, "wx.agentConfig")?;
    let mut unsafe_because = vec![
        "without `wx.config` in this file, `ww` registers the agent identity alone, which fails on WeCom before 3.0.24 (`Missing getConfigSignature`), as the legacy page did".to_string(),
    ];
    let mut list = ListEdit::new(
        text,
        range(object.span),
        props.iter().map(|p| p.range.clone()).collect(),
    );
    let signature: Vec<usize> = props
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.name.as_str(), "timestamp" | "nonceStr" | "signature"))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = signature.first() else {
        return Err("`wx.agentConfig` has no `timestamp`, `nonceStr` or `signature`".to_string());
    };
    let getter = signature_getter(cx, &props, &mut unsafe_because, "wx.agentConfig").unwrap_or_default();
    for (i, p) in props.iter().enumerate() {
        let renamed = match p.name.as_str() {
            "corpid" => "corpId",
            "agentid" => "agentId",
            "success" => "onAgentConfigSuccess",
            "fail" => "onAgentConfigFail",
            "complete" => "onAgentConfigComplete",
            "beta" | "debug" => {
                list.delete(i);
                continue;
            }
            _ => continue,
        };
        if p.shorthand {
            list.replace(i, format!("{renamed}: {}", p.name));
        } else {
            list.edit_inside(Edit::replace(p.key.clone(), renamed));
        }
    }
    list.replace(first, format!("getAgentConfigSignature: {getter}"));
    for &i in &signature[1..] {
        list.delete(i);
    }
    let object_text = ww_object_text(cx, agent.object)?;
    let mut edits = vec![Edit::replace(agent.callee.clone(), format!("{object_text}.register"))];
    edits.extend(list.edits(cx.style.newline));
    let title = format!(
        "Replace `wx.agentConfig` with `ww.register` (agent identity only). Unsafe: {}",
        unsafe_because.join("; ")
    );
    cx.fix(title, Applicability::Unsafe, edits)
}
