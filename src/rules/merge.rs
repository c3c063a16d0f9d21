//! Writes the `ww.register` fix of a group of lifecycle calls `register` planned: the config
//! object edited in place (its text and comments kept while keys are renamed, dropped or
//! added), the signature values in getters, the agent config's keys and list merged in, the
//! handlers added as their original text (wrapped when they read jweixin's argument,
//! `error_handler`), the `wx.ready` calls in their `ww.ensureConfigReady()` form
//! (`ready_form`), and a title that names every difference inherent to `@wecom/jssdk`.

use std::ops::Range;

use swc_ecma_ast::*;

use super::alias_roots::AliasRoots;
use super::error_handler::{legacy_result_property, on_config_fail, throws, Handler, Layout};
use super::list_edit::ListEdit;
use super::object_form::ww_text;
use super::options::{
    check_keys, is_true, options_object, string_elements, Options, OptionsAt, Property, AGENT_KEYS, CONFIG_KEYS,
};
use super::options_value::Value;
use super::planner::LocalObjects;
use super::ready_form::{moved_ready, ready_edits};
use super::register::{Group, Lifecycle};
use super::repeated_config;
use super::signature_getter::{
    getter_lines, hoisting_keeps_order, object_text, signature_getter, signature_object, signature_parts,
    trailing_comment, Hoist,
};
use super::RuleContext;
use crate::fix::{Applicability, Edit, Fix};
use crate::parse::{range, range_of};
use crate::sdk::unwrap;
use crate::source::layout;

/// Why a merge whose agent configuration waits for the corp configuration is unsafe when a
/// `wx.ready` callback that stays calls the SDK.
const READY_CALLS_BESIDE_AGENT: &str = "the `wx.ready` callback calls the SDK itself: jweixin sent those calls right after the corp configuration replied, beside `wx.agentConfig`, where `ww` sends the agent configuration a few microtasks after the callback ran and its named APIs wait for the agent configuration's reply, so the calls reach the client in another order";

/// Whether the page calls `wx.invoke` or `wx.on`: this block, another block of its page, or
/// another file of its unit (`UnitFacts::raw_calls_elsewhere`).
fn calls_raw(cx: &RuleContext) -> bool {
    let text = &cx.file.text;
    cx.options.unit.raw_calls_elsewhere
        || cx.sdk.members().iter().any(|(_, m)| *m == "invoke" || *m == "on")
        || cx.sdk.member_calls(text, "invoke") > 0
        || cx.sdk.member_calls(text, "on") > 0
}

/// A property moved under a new key: `agentid: x` -> `agentId: x`.
pub(super) fn renamed_property(cx: &RuleContext, prop: &Property, key: &str, indent: &str) -> String {
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
pub(super) fn agent_hook(
    cx: &RuleContext,
    prop: &Property,
    key: &str,
    indent: &str,
    one_line: bool,
    alias_roots: &AliasRoots,
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
        &alias_roots.apply(&cx.file.text, prop.value.clone(), &[]),
        layout,
        unsafe_because,
    )
}

/// How a jsApiList from the agent config joins the config's list.
pub(super) enum ListUnion {
    Nothing,
    /// Add these element texts to the config's array literal.
    Append(Vec<String>),
    /// The config has no list: add the agent's.
    Adopt(String),
    /// Neither list is a literal: concatenate at run time.
    Concat(String),
}

pub(super) fn union_lists(cx: &RuleContext, config: Option<&Property>, agent: Option<&AgentList>) -> ListUnion {
    let Some(agent) = agent else { return ListUnion::Nothing };
    let agent_text = agent.text.as_str();
    let Some(config) = config else {
        return ListUnion::Adopt(agent_text.to_string());
    };
    let config_text = cx.text(config.value.clone());
    if config_text.split_whitespace().eq(agent_text.split_whitespace()) {
        return ListUnion::Nothing;
    }
    match (config.value_expr.and_then(string_elements), agent.elements.clone()) {
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

/// The agent configuration's `jsApiList`, to join the config's: its text, and its string
/// elements when it is an array literal of strings.
pub(super) struct AgentList {
    text: String,
    elements: Option<Vec<(String, Range<usize>)>>,
}

/// The fix being written: its edits, what its title names, and why it may be unsafe.
#[derive(Default)]
struct Draft {
    edits: Vec<Edit>,
    titles: Vec<&'static str>,
    unsafe_because: Vec<String>,
    notes: Vec<String>,
    agent_wrapped: bool,
    error_wrapped: bool,
    /// The corp configuration's list may name APIs the agent configuration's does not: with
    /// one `jsApiList`, `ww`'s agent configuration authorises them too.
    corp_list_beyond_agent: bool,
    /// Calls through an alias in the code this fix copies, named by the SDK object instead.
    alias_roots: AliasRoots,
}

/// Whether the config's `jsApiList` may name an API the agent's does not (both literal lists
/// of strings are compared; anything else may).
fn corp_list_beyond_agent(cx: &RuleContext, config: Option<&Property>, agent: Option<&AgentList>) -> bool {
    let (Some(config), Some(agent)) = (config, agent) else {
        return false;
    };
    if cx
        .text(config.value.clone())
        .split_whitespace()
        .eq(agent.text.split_whitespace())
    {
        return false;
    }
    match (config.value_expr.and_then(string_elements), &agent.elements) {
        (Some(have), Some(agent)) => have.iter().any(|(name, _)| !agent.iter().any(|(a, _)| a == name)),
        _ => true,
    }
}

/// What the agent configuration and `wx.error` add to the register object.
#[derive(Default)]
struct Handlers {
    added: Vec<String>,
    /// Declarations that go before `ww.register` (the agent's options value).
    before: Vec<String>,
    /// The agent's list, to join the config's.
    agent_list: Option<AgentList>,
}

const HOOKS: [(&str, &str); 3] = [
    ("success", "onAgentConfigSuccess"),
    ("fail", "onAgentConfigFail"),
    ("complete", "onAgentConfigComplete"),
];

fn debug_note(p: &Property) -> Option<String> {
    // Dropped and reported (issue R2): debug output, not the page's behaviour.
    match p.value_expr.map(unwrap) {
        Some(Expr::Lit(Lit::Bool(b))) if !b.value => None,
        Some(Expr::Lit(Lit::Bool(_))) => {
            Some("drops `debug: true`: `ww` has no debug mode, so results are no longer shown in alerts".to_string())
        }
        _ => Some("drops `debug` (`ww` has no debug mode, so no debug alerts)".to_string()),
    }
}

fn check_reason(p: &Property) -> Option<String> {
    (!is_true(p.value_expr))
        .then(|| "`check: false` skipped the signature check; `ww.register` always signs".to_string())
}

impl Group<'_> {
    pub(super) fn build(&self, cx: &RuleContext) -> Result<Fix, String> {
        if let Some(why) = &self.blocked {
            return Err(why.clone());
        }
        if self.errors.len() > 1 {
            return Err("this code registers several `wx.error` handlers (jweixin keeps only the last one): keep one, then run the fix again".to_string());
        }
        let alias_roots = self.moves_alias_calls(cx)?;
        if self.agents.len() > 1 {
            return Err("this code calls `wx.agentConfig` more than once: merge them by hand".to_string());
        }
        let mut draft = Draft {
            titles: vec!["`wx.config`"],
            alias_roots,
            ..Draft::default()
        };
        let options = options_object(self.config.call, "wx.config", cx, &self.list, self.locals)?;
        if let Some(why) = &self.repeats {
            let agents_same = self.agents.iter().all(|a| {
                options_object(a.lifecycle.call, "wx.agentConfig", cx, &self.list, self.locals)
                    .is_ok_and(|o| repeated_config::same_list_each_run(&o, &cx.constant_lists))
            });
            if !(repeated_config::same_list_each_run(&options, &cx.constant_lists) && agents_same) {
                return Err(repeated_config::by_hand("wx.config", why));
            }
            draft
                .unsafe_because
                .push(repeated_config::unsafe_because("wx.config", why));
        }
        match options {
            Options::Literal(object, props, at) => self.literal_config(cx, object, &props, at, &mut draft)?,
            Options::Value(expr) => self.value_config(cx, expr, &mut draft)?,
        }
        self.finish(cx, draft)
    }

    /// The config's options as a literal the tool sees: edited in place.
    fn literal_config(
        &self,
        cx: &RuleContext,
        object: &ObjectLit,
        props: &[Property],
        at: OptionsAt,
        draft: &mut Draft,
    ) -> Result<(), String> {
        let text = &cx.file.text;
        check_keys(props, CONFIG_KEYS, "wx.config")?;
        let find = |name: &str| props.iter().position(|p| p.name == name);

        let app_id = find("appId").ok_or("`wx.config` has no `appId`, and `ww.register` needs a `corpId`")?;
        if matches!(props[app_id].value_expr.map(unwrap), Some(Expr::Lit(Lit::Str(s))) if s.value.is_empty()) {
            return Err("`appId` is an empty string: `ww.register` throws `Missing corpId` for it".to_string());
        }
        let mut list = ListEdit::new(
            text,
            range(object.span),
            props.iter().map(|p| p.range.clone()).collect(),
        );
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
            match p.name.as_str() {
                "beta" => list.delete(i),
                "debug" => {
                    list.delete(i);
                    draft.notes.extend(debug_note(p));
                }
                "check" => {
                    list.delete(i);
                    draft.unsafe_because.extend(check_reason(p));
                }
                _ => {}
            }
        }
        // jweixin created `wx.invoke`/`wx.on` only for `beta: true` (or once an agent
        // configuration ran); `ww.invoke` always exists.
        let beta = find("beta").is_some_and(|i| is_true(props[i].value_expr));
        if !beta && calls_raw(cx) && self.agents.is_empty() {
            draft.unsafe_because.push(
                "jweixin created `wx.invoke` and `wx.on` only when the options had `beta: true`, which this `wx.config` does not set: the legacy page's `wx.invoke` threw, where `ww.invoke` runs"
                    .to_string(),
            );
        }
        let signature_props: Vec<usize> = ["timestamp", "nonceStr", "signature"]
            .iter()
            .filter_map(|n| find(n))
            .collect();
        let Some(&first_signature) = signature_props.iter().min() else {
            return Err("`wx.config` has no `timestamp`, `nonceStr` or `signature` to sign with".to_string());
        };
        // Computed signature values are evaluated once, before `ww.register`, where they were
        // evaluated; a global of a classic script would be shared with the page's other scripts.
        // At the top level of a classic script the variables would be globals the page's other
        // scripts share: the declarations and `ww.register` then go in a scope of their own
        // (`TopLevelScope`).
        let statement_indent = layout::indentation(text, self.config.statement.start).to_string();
        let scope = self
            .top_level_script
            .then(|| TopLevelScope::around(cx, self.config.statement.clone()))
            .flatten();
        let mut hoist = (at == OptionsAt::Inline
            && (!self.top_level_script || scope.is_some())
            && range(self.config.call.span).start == self.config.statement.start
            && hoisting_keeps_order(props))
        .then(|| Hoist::new(cx.style.const_keyword(), &statement_indent));
        // Written one property per line with comments after the signature values (the
        // official sample's `// 必填，生成签名的时间戳`): the getter lists them one per line,
        // each comment after its value, and the first one's comment leaves its old line.
        let comments: Vec<(&str, &str)> = signature_props
            .iter()
            .filter_map(|&i| Some((props[i].name.as_str(), trailing_comment(text, props[i].range.end)?.1)))
            .collect();
        let own_lines = signature_props
            .iter()
            .all(|&i| layout::starts_line(text, props[i].range.start) && layout::ends_line(text, props[i].range.end));
        let parts = signature_parts(cx, props, &mut draft.unsafe_because, "wx.config", hoist.as_mut());
        let getter = if own_lines && !comments.is_empty() {
            let first = &props[first_signature];
            if let Some((after, _)) = trailing_comment(text, first.range.end) {
                list.edit_inside(Edit::delete(after));
            }
            let indent = layout::indentation(text, first.range.start);
            // one level: what the properties add to the statement's indentation
            let unit = indent
                .strip_prefix(statement_indent.as_str())
                .filter(|u| !u.is_empty())
                .unwrap_or_else(|| layout::indent_unit(indent));
            getter_lines(cx, &parts, &comments, indent, unit)
        } else {
            cx.style.object_getter(&object_text(&parts))
        };
        let hoisted = hoist.map(|h| h.declarations).unwrap_or_default();
        if !hoisted.is_empty() {
            draft.notes.push(
                "evaluates the computed signature values once, where `wx.config` evaluated them, into variables the getter returns"
                    .to_string(),
            );
        }
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
        let app_ids = [cx.text(props[app_id].value.clone()).to_string()];
        let handlers = self.merge_handlers(
            cx,
            &app_ids,
            false,
            &object_indent,
            one_line,
            at == OptionsAt::Inline,
            draft,
        )?;
        let mut added = handlers.added;
        let config_list = find("jsApiList").map(|i| &props[i]);
        draft.corp_list_beyond_agent = corp_list_beyond_agent(cx, config_list, handlers.agent_list.as_ref());
        match (union_lists(cx, config_list, handlers.agent_list.as_ref()), config_list) {
            (ListUnion::Nothing, _) => {}
            (ListUnion::Adopt(list_text), _) => added.push(format!("jsApiList: {list_text}")),
            (ListUnion::Append(missing), Some(config_list)) => {
                if let Some(Expr::Array(array)) = config_list.value_expr.map(unwrap) {
                    let elements = array.elems.iter().flatten().map(|e| range_of(&*e.expr)).collect();
                    let mut array_edit = ListEdit::new(text, range(array.span), elements);
                    for m in missing {
                        array_edit.add(m);
                    }
                    draft.edits.extend(array_edit.edits(cx.style.newline));
                }
            }
            (ListUnion::Concat(joined), Some(config_list)) => {
                draft.edits.push(Edit::replace(config_list.value.clone(), joined));
                draft.unsafe_because.push(
                    "the `jsApiList`s are built at run time and are joined with `concat`; check both are arrays"
                        .to_string(),
                );
            }
            (_, None) => {}
        }

        // The config call itself becomes `ww.register(...)`, after the agent's options value.
        let mut callee = String::new();
        if !handlers.before.is_empty() || !hoisted.is_empty() {
            if range(self.config.call.span).start != self.config.statement.start {
                return Err("`wx.config` does not start its statement, so the tool cannot put `wx.agentConfig`'s options before it".to_string());
            }
            let indent = layout::indentation(text, self.config.statement.start);
            if let Some(scope) = scope.as_ref().filter(|_| !hoisted.is_empty()) {
                callee.push_str(&scope.open_around(cx, &self.config.statement, "the variables", draft));
            }
            for declaration in hoisted.iter().chain(&handlers.before) {
                callee.push_str(declaration);
                callee.push_str(cx.style.newline);
                callee.push_str(indent);
            }
        }
        callee.push_str(&ww_text(cx, self.config.object)?);
        callee.push_str(".register");
        draft.edits.push(Edit::replace(self.config.callee.clone(), callee));
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
                draft.edits.push(Edit::replace(arg, merged));
            }
            _ => added.into_iter().for_each(|a| list.add(a)),
        }
        draft.edits.extend(list.edits(cx.style.newline));
        Ok(())
    }

    /// The config's options as a value built at run time (`options_value`): evaluated once
    /// into a variable where the call was, and read by a new register object.
    fn value_config(&self, cx: &RuleContext, expr: &Expr, draft: &mut Draft) -> Result<(), String> {
        let text = &cx.file.text;
        let value = Value::new(cx, expr, "wxConfig", &[], "wx.config", CONFIG_KEYS)?;
        if let Some(p) = value.visible("appId") {
            if matches!(p.value_expr.map(unwrap), Some(Expr::Lit(Lit::Str(s))) if s.value.is_empty()) {
                return Err("`appId` is an empty string: `ww.register` throws `Missing corpId` for it".to_string());
            }
        }
        if let Some(p) = value.visible("check") {
            draft.unsafe_because.extend(check_reason(p));
        }
        if let Some(p) = value.visible("debug") {
            draft.notes.extend(debug_note(p));
        }
        // jweixin created `wx.invoke`/`wx.on` only for `beta: true` (or once an agent
        // configuration ran); in a value the tool cannot see it, and `ww.invoke` always exists.
        let beta = value.visible("beta").is_some_and(|p| is_true(p.value_expr));
        if !beta && calls_raw(cx) && self.agents.is_empty() {
            draft.unsafe_because.push(
                "jweixin created `wx.invoke` and `wx.on` only when the options had `beta: true`, which the tool cannot see in options built at run time: without it the legacy page's `wx.invoke` threw, where `ww.invoke` runs"
                    .to_string(),
            );
        }
        let call = range(self.config.call.span);
        if call.start != self.config.statement.start {
            return Err("`wx.config` does not start its statement, so the tool cannot hold its options in a variable before `ww.register`".to_string());
        }
        // At the top level of a classic script the variable would be a global the page's
        // other scripts share: it and `ww.register` go in a scope of their own.
        let scope = match self.top_level_script {
            true => Some(TopLevelScope::around(cx, self.config.statement.clone()).ok_or_else(|| format!(
                "`wx.config`'s options are built at run time, and at the top level of a classic script the variable that would hold them (`{}`) would be a global the page's other scripts share, and the statement reads `this` or `arguments`, which a function around it would change: move the configuration into a function, or hold the options in a variable of your own",
                value.name
            ))?),
            false => None,
        };
        draft.notes.push(format!(
            "evaluates `wx.config`'s options once, into `{}`, where `wx.config` evaluated them, and reads `appId`, `jsApiList`, `timestamp`, `nonceStr` and `signature` from them (a key they lack is sent as `undefined`, as jweixin sent it; `beta`, `debug` and `check` in them are ignored)",
            value.name
        ));
        let indent = layout::indentation(text, self.config.statement.start).to_string();
        let unit = layout::indent_unit(&indent);
        let object_indent = format!("{indent}{unit}");
        let app_ids: Vec<String> = [
            Some(value.read("appId")),
            Some(format!("{}.appId", cx.text(value.expr.clone()))),
            value.visible("appId").map(|p| cx.text(p.value.clone()).to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let handlers = self.merge_handlers(cx, &app_ids, true, &object_indent, false, true, draft)?;
        let own_list = format!("{} || []", value.read("jsApiList"));
        draft.corp_list_beyond_agent = handlers.agent_list.is_some();
        let list = match &handlers.agent_list {
            None => own_list,
            Some(agent) => format!("[].concat({own_list}, {})", agent.text),
        };
        let mut properties = vec![
            format!("corpId: {}", value.read("appId")),
            format!("jsApiList: {list}"),
            format!("getConfigSignature: {}", value.signature_getter(cx, false)),
        ];
        properties.extend(handlers.added);
        let newline = cx.style.newline;
        let mut tail = format!(";{newline}{indent}");
        for declaration in &handlers.before {
            tail.push_str(declaration);
            tail.push_str(newline);
            tail.push_str(&indent);
        }
        tail.push_str(&ww_text(cx, self.config.object)?);
        tail.push_str(".register({");
        tail.push_str(newline);
        for p in properties {
            tail.push_str(&format!("{object_indent}{p},{newline}"));
        }
        tail.push_str(&format!("{indent}}})"));
        let keyword = cx.style.const_keyword();
        let head = match &scope {
            Some(scope) => scope.open_around(cx, &self.config.statement, &format!("`{}`", value.name), draft),
            None => String::new(),
        };
        draft.edits.push(Edit::replace(
            call.start..value.expr.start,
            format!("{head}{keyword} {} = ", value.name),
        ));
        draft.edits.push(Edit::replace(value.expr.end..call.end, tail));
        Ok(())
    }

    /// The agent configuration's and `wx.error`'s properties for the register object, laid out
    /// at `object_indent`. `app_ids` are the ways the config's `appId` is written (the agent's
    /// `corpid` must be one of them, or, when `config_value` says the config's options are a
    /// value the tool cannot see into, the fix is unsafe); an agent given a value is merged only
    /// when `agent_value_ok`.
    #[allow(clippy::too_many_arguments)]
    fn merge_handlers(
        &self,
        cx: &RuleContext,
        app_ids: &[String],
        config_value: bool,
        object_indent: &str,
        one_line: bool,
        agent_value_ok: bool,
        draft: &mut Draft,
    ) -> Result<Handlers, String> {
        let text = &cx.file.text;
        let mut handlers = Handlers::default();
        let ready_code = self.readies.iter().any(|r| !r.empties);
        // A `wx.agentConfig` in the ready callback: jweixin sent it once the corp configuration
        // had replied, so the agent getter waits for that reply and the ready callbacks wait for
        // the corp configuration alone. They then run when jweixin ran them, but `ww` sends the
        // agent configuration a few microtasks after they ran, and its named APIs wait for the
        // agent's reply: an SDK call they make would reach the client before the agent
        // configuration (generated page 23) or after its reply.
        let waits = self.agent_waits_for_config();
        let ready_calls_sdk = waits && self.ready_code_calls_sdk(cx);
        // Otherwise (`wx.agentConfig` beside `wx.config`, sent before its reply) the agent getter
        // answers at once, and `ww.ensureConfigReady()` waits for the agent configuration too
        // (on WeCom 3.0.24+ there is no other, semantics.md 6.5), where jweixin ran the ready
        // callbacks after the corp configuration, before the agent configuration replied.
        let ready_after_agent = !waits && ready_code;
        let same_corp = |corp: &str| app_ids.iter().any(|a| a.split_whitespace().eq(corp.split_whitespace()));
        // The agent config merges into the same object.
        if let Some(agent) = self.agents.first() {
            draft.titles.push("`wx.agentConfig`");
            match options_object(agent.lifecycle.call, "wx.agentConfig", cx, &self.list, self.locals)? {
                Options::Literal(_, agent_props, agent_at) => {
                    if agent_at != OptionsAt::Inline {
                        return Err(
                            "`wx.agentConfig` is given a variable; merge it into `ww.register` by hand".to_string(),
                        );
                    }
                    check_keys(&agent_props, AGENT_KEYS, "wx.agentConfig")?;
                    let get = |name: &str| agent_props.iter().find(|p| p.name == name);
                    let corp = get("corpid").ok_or("`wx.agentConfig` has no `corpid`")?;
                    // Two different string literals are two corps; anything else may be the same
                    // value, written twice (`this.configInfo.corpId`, `this.agentInfo.corpId`).
                    let quoted = |t: &str| t.starts_with(['\'', '"']);
                    let two_literals = quoted(cx.text(corp.value.clone())) && app_ids.iter().all(|a| quoted(a));
                    if !same_corp(cx.text(corp.value.clone())) && (config_value || !two_literals) {
                        draft.unsafe_because.push(format!(
                            "`ww.register` takes one `corpId`, `wx.config`'s `{}`, for both configurations; jweixin sent `wx.agentConfig` its own corpid `{}`, which the tool cannot see is the same",
                            app_ids[0],
                            cx.text(corp.value.clone())
                        ));
                    } else if !same_corp(cx.text(corp.value.clone())) {
                        return Err(format!(
                            "`wx.agentConfig`'s corpid `{}` is not `wx.config`'s appId `{}`, and `ww.register` takes one `corpId`",
                            cx.text(corp.value.clone()),
                            app_ids[0]
                        ));
                    }
                    if let Some(agent_id) = get("agentid") {
                        handlers
                            .added
                            .push(renamed_property(cx, agent_id, "agentId", object_indent));
                    }
                    let object = signature_object(cx, &agent_props, &mut draft.unsafe_because, "wx.agentConfig", None)
                        .ok_or("`wx.agentConfig` has no `timestamp`, `nonceStr` or `signature`")?;
                    handlers
                        .added
                        .push(format!("getAgentConfigSignature: {}", self.agent_getter(cx, &object)?));
                    if ready_calls_sdk {
                        draft.unsafe_because.push(READY_CALLS_BESIDE_AGENT.to_string());
                    }
                    let hooks: Vec<&str> = HOOKS.iter().map(|(h, _)| *h).filter(|h| get(h).is_some()).collect();
                    if ready_after_agent && !hooks.is_empty() {
                        draft.unsafe_because.push(format!(
                            "`ww` runs the `wx.ready` callbacks after the agent configuration, where jweixin ran them after the corp configuration, before the agent configuration replied: `wx.agentConfig`'s `{}` now runs before them",
                            hooks.join("`/`")
                        ));
                    }
                    handlers.agent_list = get("jsApiList").map(|p| AgentList {
                        text: cx.text(p.value.clone()).to_string(),
                        elements: p.value_expr.and_then(string_elements),
                    });
                    for (from, to) in HOOKS {
                        if let Some(p) = get(from) {
                            let (property, wrapped) = agent_hook(
                                cx,
                                p,
                                to,
                                object_indent,
                                one_line,
                                &draft.alias_roots,
                                &mut draft.unsafe_because,
                            );
                            draft.agent_wrapped |= wrapped;
                            handlers.added.push(property);
                        }
                    }
                }
                Options::Value(expr) => {
                    if !agent_value_ok {
                        return Err("`wx.agentConfig` is given options built at run time while `wx.config`'s are in a variable: merge them into `ww.register` by hand".to_string());
                    }
                    let value = Value::new(cx, expr, "wxAgentConfig", &["wxConfig"], "wx.agentConfig", AGENT_KEYS)?;
                    if range(self.config.call.span).start != self.config.statement.start {
                        return Err("`wx.config` does not start its statement, so the tool cannot put `wx.agentConfig`'s options before it".to_string());
                    }
                    if self.top_level_script {
                        return Err(format!(
                            "`wx.agentConfig`'s options are built at run time, and at the top level of a classic script the variable that would hold them (`{}`) is a global the page's other scripts share: move the configuration into a function",
                            value.name
                        ));
                    }
                    if !value
                        .visible("corpid")
                        .is_some_and(|p| same_corp(cx.text(p.value.clone())))
                    {
                        draft.unsafe_because.push(format!(
                            "`ww.register` takes one `corpId`, `wx.config`'s appId, for both configurations; jweixin sent `wx.agentConfig` the `corpid` of its own options (`{}.corpid`), which the tool cannot see is the same",
                            value.name
                        ));
                    }
                    handlers.added.push(format!("agentId: {}", value.read("agentid")));
                    handlers.added.push(format!(
                        "getAgentConfigSignature: {}",
                        self.agent_getter(cx, &value.signature_object(true))?
                    ));
                    handlers.agent_list = Some(AgentList {
                        text: format!("{} || []", value.read("jsApiList")),
                        elements: None,
                    });
                    if ready_calls_sdk {
                        draft.unsafe_because.push(READY_CALLS_BESIDE_AGENT.to_string());
                    }
                    if ready_after_agent {
                        draft.unsafe_because.push("`ww` runs the `wx.ready` callbacks after the agent configuration, where jweixin ran them after the corp configuration, before the agent configuration replied: hooks in `wx.agentConfig`'s options now run before them".to_string());
                    }
                    for (from, to) in HOOKS {
                        handlers.added.push(value.hook(cx, from, to));
                    }
                    draft.agent_wrapped = true;
                    draft.notes.push(format!(
                        "evaluates `wx.agentConfig`'s options once, into `{}`, and reads `agentid`, `jsApiList`, the signature and the hooks from them (a key they lack is sent as jweixin sent it)",
                        value.name
                    ));
                    handlers
                        .before
                        .push(value.declaration(cx, layout::indentation(text, self.config.statement.start)));
                }
            }
        }

        if let Some(error) = self.errors.first() {
            draft.titles.push("`wx.error`");
            let handler = match error.lifecycle.call.args.as_slice() {
                [arg] if arg.spread.is_none() => &arg.expr,
                _ => return Err("`wx.error` is not given one handler".to_string()),
            };
            let from = layout::indentation(text, error.lifecycle.statement.start);
            // Ready callbacks that wait on the registration gate, in another function of this
            // block or in a later script of the page, ran after the reply too.
            let gated_elsewhere = cx.ready_gate.is_some()
                && (cx.options.unit.declares_gate || cx.sdk.member_calls(text, "ready") > self.readies.len());
            if (ready_code || gated_elsewhere) && throws(handler) {
                draft.unsafe_because.push("`wx.error`'s handler throws: after a failed configuration jweixin then skipped the `wx.ready` callbacks, `ww` catches the error and runs them".to_string());
            } else if waits && throws(handler) {
                // The agent getter waits for the corp configuration as the ready callback that
                // held `wx.agentConfig` did (generated page 3357).
                draft.unsafe_because.push("`wx.error`'s handler throws: after a failed configuration jweixin then skipped the `wx.ready` callback that sent `wx.agentConfig`, `ww` catches the error and sends the agent configuration".to_string());
            }
            let handler_text = draft.alias_roots.apply(text, range_of(&**handler), &[]);
            let (property, wrapped) = on_config_fail(
                cx,
                handler,
                &handler_text,
                Layout {
                    from,
                    indent: object_indent,
                    one_line,
                },
                &mut draft.unsafe_because,
            );
            draft.error_wrapped = wrapped;
            handlers.added.push(property);
        } else if self.relay.is_some() {
            draft.titles.push("`wx.error`");
            handlers.added.push(super::error_relay::on_config_fail(&cx.style));
        }
        Ok(handlers)
    }

    /// Whether the agent configuration is a statement of the `wx.ready` callback, which
    /// jweixin ran once the corp configuration had replied.
    fn agent_waits_for_config(&self) -> bool {
        self.agents.first().is_some_and(|a| a.in_ready)
    }

    /// The agent signature getter returning `object`: once the corp configuration replied
    /// where jweixin sent `wx.agentConfig` from the ready callback, at once otherwise.
    fn agent_getter(&self, cx: &RuleContext, object: &str) -> Result<String, String> {
        Ok(if self.agent_waits_for_config() {
            cx.style.after_corp_config(&ww_text(cx, self.config.object)?, object)
        } else {
            cx.style.object_getter(object)
        })
    }

    /// Whether a `wx.ready` callback that stays calls the SDK, other than through the
    /// statements that move into `ww.register` (a callback that is not written inline, say a
    /// function's name, is taken to call it).
    fn ready_code_calls_sdk(&self, cx: &RuleContext) -> bool {
        let moved: Vec<&std::ops::Range<usize>> = self
            .agents
            .iter()
            .chain(&self.errors)
            .map(|m| &m.lifecycle.statement)
            .collect();
        // Every reference to the SDK: the objects (`wx` in `wx.invoke`) and destructured methods.
        let references: Vec<std::ops::Range<usize>> = cx
            .sdk
            .objects()
            .into_iter()
            .map(|o| o.range.clone())
            .chain(cx.sdk.members().into_iter().map(|(at, _)| at))
            .collect();
        self.readies.iter().filter(|r| !r.empties).any(|r| {
            let inline = r
                .lifecycle
                .call
                .args
                .first()
                .is_some_and(|a| matches!(unwrap(&a.expr), Expr::Fn(_) | Expr::Arrow(_)));
            if !inline {
                return true;
            }
            let call = range(r.lifecycle.call.span);
            references.iter().any(|at| {
                call.start <= at.start
                    && at.end <= call.end
                    && !(r.lifecycle.callee.start <= at.start && at.end <= r.lifecycle.callee.end)
                    && !moved.iter().any(|m| m.start <= at.start && at.end <= m.end)
            })
        })
    }

    /// The edits every form shares (the ready calls, the moved statements) and the title.
    fn finish(&self, cx: &RuleContext, draft: Draft) -> Result<Fix, String> {
        let text = &cx.file.text;
        let Draft {
            mut edits,
            mut titles,
            mut unsafe_because,
            mut notes,
            agent_wrapped,
            error_wrapped,
            corp_list_beyond_agent,
            alias_roots,
        } = draft;

        // With an agent configuration in the register, the ready callbacks wait for the corp
        // configuration alone, as jweixin's did (`ww.ensureConfigReady()` would wait for the
        // agent configuration too, whose getter waits for the corp configuration's reply).
        let corp_only = self.agent_waits_for_config();
        // `wx.ready` calls of enclosing functions move to just after the config, in order.
        let mut moved_here = String::new();
        let config_indent = layout::indentation(text, self.config.statement.start).to_string();
        for ready in &self.readies {
            titles.push("`wx.ready`");
            if ready.empties || ready.moves {
                edits.push(Edit::delete(layout::statement_removal(
                    text,
                    ready.lifecycle.statement.clone(),
                )));
            }
            if ready.empties {
                continue;
            }
            if ready.moves {
                // (its `wx.error`/`wx.agentConfig` statements go into the register, not along)
                let nested: Vec<Edit> = ready
                    .nested
                    .iter()
                    .map(|m| Edit::delete(layout::statement_deletion(text, m.lifecycle.statement.clone())))
                    .collect();
                let statement = moved_ready(
                    cx,
                    ready.lifecycle,
                    &config_indent,
                    corp_only,
                    (&alias_roots, &nested),
                    &mut unsafe_because,
                )?;
                moved_here.push_str(cx.style.newline);
                moved_here.push_str(&config_indent);
                moved_here.push_str(&statement);
                notes.push("moves the `wx.ready` registered before the configuration to just after it (jweixin ran it after the reply anyway)".to_string());
                continue;
            }
            edits.extend(ready_edits(cx, ready.lifecycle, corp_only, &mut unsafe_because)?);
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
            // (a ready callback deleted whole, or moved without it, takes it along)
            let in_deleted_ready = moved.in_ready
                && self.readies.iter().any(|r| {
                    (r.empties || r.moves)
                        && r.lifecycle.statement.start <= moved.lifecycle.statement.start
                        && moved.lifecycle.statement.end <= r.lifecycle.statement.end
                });
            if !in_deleted_ready {
                edits.push(Edit::delete(layout::statement_removal(
                    text,
                    moved.lifecycle.statement.clone(),
                )));
            }
        }

        if let Some(relay) = self.relay {
            edits.extend(relay.edits(text, &cx.style));
        }

        titles.dedup();
        let mut title = format!("Merge {} into one `ww.register` call", titles.join(", "));
        title.push_str(
            ". Differences inherent to @wecom/jssdk: `ww.register` throws `Missing corpId` when the appId value is empty, \
             and the signature comes from a getter that returns the captured values (stale if WeCom re-signs after an \
             in-app URL change)",
        );
        if self.relay.is_some() {
            title.push_str("; the `wx.error` handlers stay where they are and go to `wwConfigErrors`, declared at the top of the script, which keeps them as jweixin did (a failed configuration calls the last one registered with jweixin's `{ errMsg: 'config:...' }`, rebuilt from the client's reply; one registered after a failure no handler took is called at once), and `onConfigFail` fires once per retry");
        }
        if !self.errors.is_empty() {
            if error_wrapped {
                title.push_str("; `wx.error`'s handler gets jweixin's `{ errMsg: 'config:...' }`, rebuilt from the client's reply (`ww` says `preVerifyJSAPI:...`), and `onConfigFail` fires once per retry");
            } else {
                title.push_str("; `onConfigFail` fires once per retry");
            }
        }
        if self.agent_waits_for_config() {
            title.push_str(
                "; the agent configuration waits for the corp configuration's reply, as jweixin's did (`ww` alone would skip the corp configuration on WeCom 3.0.24+), and the ready callbacks wait for the corp configuration alone (`ww.ensureCorpConfigReady()`); on clients older than 3.0.24 a failed config also stops the agent config, and the agent hooks fire again after a URL change",
            );
            if corp_list_beyond_agent {
                title.push_str("; `ww.register` takes one `jsApiList`, so after a failed corp configuration the agent configuration authorises the corp configuration's APIs too");
            }
        } else if !self.agents.is_empty() {
            title.push_str(
                "; on WeCom 3.0.24+ only the agent config runs (`onConfigFail` never fires), on older clients a failed config also stops the agent config, and the agent hooks fire again after a URL change",
            );
        }
        if !self.agents.is_empty() && agent_wrapped {
            title.push_str(
                "; the agent hooks get jweixin's `{ errMsg: 'agentConfig:...' }`, rebuilt from the client's reply",
            );
        }
        if !self.readies.is_empty() {
            title.push_str("; ready callbacks always run asynchronously");
        }
        if let Some(alias) = alias_roots.unused() {
            return Err(super::register::alias_message(cx, alias));
        }
        if alias_roots.any() {
            notes.push("the moved code's calls through a local alias of the SDK name the SDK object the alias was set to, so that the next round converts them".to_string());
        }
        notes.dedup();
        for note in notes {
            title.push_str("; ");
            title.push_str(&note);
        }
        cx.fix_unless(title, &unsafe_because, edits)
    }
}

/// A `wx.agentConfig` in a file without `wx.config` (the jwxwork-only flow): it becomes a
/// `ww.register` of its own. Unsafe (R3): on WeCom older than 3.0.24 `ww` needs a corp
/// signature first.
pub(super) fn agent_only(
    agent: &Lifecycle,
    cx: &RuleContext,
    list: &[Range<usize>],
    locals: &LocalObjects,
    top_level_script: bool,
    repeats: Option<&str>,
) -> Result<Fix, String> {
    let text = &cx.file.text;
    let mut unsafe_because = vec![
        "without `wx.config` in this file, `ww` registers the agent identity alone, which fails on WeCom before 3.0.24 (`Missing getConfigSignature`), as the legacy page did".to_string(),
    ];
    let options = options_object(agent.call, "wx.agentConfig", cx, list, locals)?;
    if let Some(why) = repeats {
        if !repeated_config::same_list_each_run(&options, &cx.constant_lists) {
            return Err(repeated_config::by_hand("wx.agentConfig", why));
        }
        unsafe_because.push(repeated_config::unsafe_because("wx.agentConfig", why));
    }
    let (object, props) = match options {
        Options::Literal(object, props, _) => (object, props),
        Options::Value(expr) => return agent_only_value(agent, cx, expr, top_level_script, unsafe_because),
    };
    check_keys(&props, AGENT_KEYS, "wx.agentConfig")?;
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
    let getter = signature_getter(cx, &props, &mut unsafe_because, "wx.agentConfig", None).unwrap_or_default();
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
    let object_text = ww_text(cx, agent.object)?;
    let mut edits = vec![Edit::replace(agent.callee.clone(), format!("{object_text}.register"))];
    edits.extend(list.edits(cx.style.newline));
    let title = format!(
        "Replace `wx.agentConfig` with `ww.register` (agent identity only). Unsafe: {}",
        unsafe_because.join("; ")
    );
    cx.fix(title, Applicability::Unsafe, edits)
}

/// `agent_only` for options built at run time (`options_value`): held in a variable where the
/// call was, and read by a new register object.
fn agent_only_value(
    agent: &Lifecycle,
    cx: &RuleContext,
    expr: &Expr,
    top_level_script: bool,
    unsafe_because: Vec<String>,
) -> Result<Fix, String> {
    let text = &cx.file.text;
    let value = Value::new(cx, expr, "wxAgentConfig", &[], "wx.agentConfig", AGENT_KEYS)?;
    let call = range(agent.call.span);
    if call.start != agent.statement.start {
        return Err("`wx.agentConfig` does not start its statement, so the tool cannot hold its options in a variable before `ww.register`".to_string());
    }
    if top_level_script {
        return Err(format!(
            "`wx.agentConfig`'s options are built at run time, and at the top level of a classic script the variable that would hold them (`{}`) is a global the page's other scripts share: move the call into a function",
            value.name
        ));
    }
    let indent = layout::indentation(text, agent.statement.start).to_string();
    let unit = layout::indent_unit(&indent);
    let newline = cx.style.newline;
    let mut properties = vec![
        format!("corpId: {}", value.read("corpid")),
        format!("agentId: {}", value.read("agentid")),
        format!("jsApiList: {} || []", value.read("jsApiList")),
        format!("getAgentConfigSignature: {}", value.signature_getter(cx, true)),
    ];
    for (from, to) in HOOKS {
        properties.push(value.hook(cx, from, to));
    }
    let mut tail = format!(";{newline}{indent}{}.register({{{newline}", ww_text(cx, agent.object)?);
    for p in properties {
        tail.push_str(&format!("{indent}{unit}{p},{newline}"));
    }
    tail.push_str(&format!("{indent}}})"));
    let keyword = cx.style.const_keyword();
    let edits = vec![
        Edit::replace(call.start..value.expr.start, format!("{keyword} {} = ", value.name)),
        Edit::replace(value.expr.end..call.end, tail),
    ];
    let title = format!(
        "Replace `wx.agentConfig` with `ww.register` (agent identity only), evaluating its options once, into `{}`, and reading `corpid`, `agentid`, `jsApiList`, the signature and the hooks from them (a key they lack is sent as jweixin sent it, but `ww.register` throws `Missing corpId` without `corpid`). Unsafe: {}",
        value.name,
        unsafe_because.join("; ")
    );
    cx.fix(title, Applicability::Unsafe, edits)
}

/// A scope of its own around a statement at the top level of a classic script, for the
/// variables a fix declares before `ww.register` (evaluated once, where `wx.config` evaluated
/// them): a block where the file writes `const` (block-scoped), otherwise a function run at
/// once, `void function () { ... }();` (`void` keeps the line from continuing the statement
/// before it). `None` where the statement reads `this` or `arguments`, whose meaning a
/// function would change.
struct TopLevelScope {
    open: &'static str,
    close: &'static str,
    what: &'static str,
}

impl TopLevelScope {
    fn around(cx: &RuleContext, statement: std::ops::Range<usize>) -> Option<TopLevelScope> {
        if cx.style.arrows {
            return Some(TopLevelScope {
                open: "{",
                close: "}",
                what: "a block",
            });
        }
        let reads = |name: &str| crate::sdk::params::count_mentions(cx.text(statement.clone()), name) > 0;
        (!reads("this") && !reads("arguments")).then_some(TopLevelScope {
            open: "void function () {",
            close: "}();",
            what: "a function run at once",
        })
    }

    /// What opens the scope before the statement's new text (a line of its own, the
    /// statement's indentation after it); the edit that closes it after the statement and the
    /// note naming `contents` (what goes in it besides `ww.register`) go into `draft`.
    fn open_around(&self, cx: &RuleContext, statement: &Range<usize>, contents: &str, draft: &mut Draft) -> String {
        let newline = cx.style.newline;
        let indent = layout::indentation(&cx.file.text, statement.start);
        draft
            .edits
            .push(Edit::insert(statement.end, format!("{newline}{indent}{}", self.close)));
        draft.notes.push(format!(
            "{contents} and `ww.register` go in {}, so that no global is added to the page's scripts",
            self.what
        ));
        format!("{}{newline}{indent}", self.open)
    }
}
