//! The options object of `wx.config` and `wx.agentConfig`: where it is written (inline, or in
//! a variable used once), its properties with their ranges, which keys jweixin reads, and
//! which values a getter can read again later with the same result.

use std::ops::Range;

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::planner::LocalObjects;
use super::RuleContext;
use crate::parse::{range, range_of};
use crate::sdk::{unwrap, SdkModel};

/// One property of a config object literal.
pub(crate) struct Property<'a> {
    pub name: String,
    /// The whole property.
    pub range: Range<usize>,
    pub key: Range<usize>,
    /// The value's text range; for a method (`success() {}`) everything after the key.
    pub value: Range<usize>,
    pub value_expr: Option<&'a Expr>,
    /// The function of a method property (`success(res) {...}`).
    pub function: Option<&'a Function>,
    pub shorthand: bool,
    pub method: bool,
}

/// Where a call's options object is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OptionsAt {
    /// Inline: `wx.config({ ... })`.
    Inline,
    /// In a variable declared in the same statement list: `var conf = {...}; wx.config(conf)`.
    Variable,
    /// In a variable of an enclosing function; new keys are added at the call (`arg`), so that
    /// moved handlers keep their scope.
    OuterVariable { arg: Range<usize> },
}

/// What a call is given as options.
pub(crate) enum Options<'a> {
    /// An object literal whose keys the tool sees, and where it is written.
    Literal(&'a ObjectLit, Vec<Property<'a>>, OptionsAt),
    /// A value built at run time (`res.data`, `{ ...sig, jsApiList }`, `Object.assign(...)`, a
    /// variable set elsewhere): `options_value` evaluates it once and reads its keys.
    Value(&'a Expr),
}

/// The options of a call: an object literal argument, or a local variable initialised with one
/// and used nowhere else (`var info = {...}; wx.config(info)`); otherwise the argument as a
/// value built at run time.
pub(crate) fn options_object<'a>(
    call: &'a CallExpr,
    what: &str,
    cx: &RuleContext,
    list: &[Range<usize>],
    locals: &'a LocalObjects,
) -> Result<Options<'a>, String> {
    let arg = match call.args.as_slice() {
        [arg] if arg.spread.is_none() => arg,
        _ => return Err(format!("`{what}` is not called with one object")),
    };
    let (object, at) = match unwrap(&arg.expr) {
        Expr::Object(object) => (object, OptionsAt::Inline),
        Expr::Ident(id) => {
            let Some(local) = locals.find(&cx.file.text, &id.sym, range(id.span)) else {
                return Ok(Options::Value(&arg.expr));
            };
            let at = if list.contains(&local.statement) {
                OptionsAt::Variable
            } else {
                OptionsAt::OuterVariable { arg: range(id.span) }
            };
            (&local.object, at)
        }
        _ => return Ok(Options::Value(&arg.expr)),
    };
    if object.props.iter().any(|p| matches!(p, PropOrSpread::Spread(_))) {
        return Ok(Options::Value(&arg.expr));
    }
    let props = object_properties(object, what)?;
    Ok(Options::Literal(object, props, at))
}

/// The properties of an options object literal.
pub(crate) fn object_properties<'a>(object: &'a ObjectLit, what: &str) -> Result<Vec<Property<'a>>, String> {
    let mut props = Vec::new();
    for prop in &object.props {
        // a spread's keys are read at run time (`options_value`)
        let PropOrSpread::Prop(prop) = prop else { continue };
        let property = match &**prop {
            Prop::KeyValue(kv) => {
                let Some(name) = prop_name(&kv.key) else {
                    return Err(format!("`{what}` has a computed key"));
                };
                Property {
                    name,
                    range: range_of(&**prop),
                    key: range_of(&kv.key),
                    value: range_of(&*kv.value),
                    value_expr: Some(&kv.value),
                    function: None,
                    shorthand: false,
                    method: false,
                }
            }
            Prop::Shorthand(id) => Property {
                name: id.sym.to_string(),
                range: range(id.span),
                key: range(id.span),
                value: range(id.span),
                value_expr: None,
                function: None,
                shorthand: true,
                method: false,
            },
            Prop::Method(m) => {
                let Some(name) = prop_name(&m.key) else {
                    return Err(format!("`{what}` has a computed key"));
                };
                let whole = range_of(&**prop);
                let key = range_of(&m.key);
                Property {
                    name,
                    value: key.end..whole.end,
                    range: whole,
                    key,
                    value_expr: None,
                    function: Some(&m.function),
                    shorthand: false,
                    method: true,
                }
            }
            _ => {
                return Err(format!(
                    "`{what}` has a getter, setter or default value the tool does not move"
                ))
            }
        };
        props.push(property);
    }
    Ok(props)
}

/// The name of a key written as an identifier or a string (`appId`, `'appId'`).
pub(crate) fn prop_name(key: &PropName) -> Option<String> {
    match key {
        PropName::Ident(i) => Some(i.sym.to_string()),
        PropName::Str(s) => s.value.as_atom().map(|a| a.to_string()),
        _ => None,
    }
}

/// Whether a value is a plain read that gives the same result later: literals, names,
/// member chains, and arithmetic, concatenation or `String`/`Number`/`parseInt` of those.
pub(crate) fn is_plain_read(expr: &Expr) -> bool {
    match unwrap(expr) {
        Expr::Lit(_) | Expr::Ident(_) | Expr::This(_) => true,
        Expr::Member(m) => {
            is_plain_read(&m.obj)
                && match &m.prop {
                    MemberProp::Ident(_) => true,
                    MemberProp::Computed(c) => matches!(&*c.expr, Expr::Lit(_)),
                    MemberProp::PrivateName(_) => false,
                }
        }
        Expr::Tpl(t) => t.exprs.iter().all(|e| is_plain_read(e)),
        Expr::Unary(u) => matches!(u.op, UnaryOp::Plus | UnaryOp::Minus) && is_plain_read(&u.arg),
        Expr::Bin(b) => is_plain_read(&b.left) && is_plain_read(&b.right),
        Expr::Call(c) => {
            let pure = match &c.callee {
                Callee::Expr(callee) => {
                    matches!(&**callee, Expr::Ident(i) if matches!(i.sym.as_str(), "String" | "Number" | "parseInt" | "parseFloat"))
                }
                _ => false,
            };
            pure && c.args.iter().all(|a| a.spread.is_none() && is_plain_read(&a.expr))
        }
        _ => false,
    }
}

/// Whether evaluating `expr` does nothing that another evaluation could observe or be
/// affected by: a plain read, or a literal, array, object or function built from them.
pub(crate) fn evaluation_free(expr: &Expr) -> bool {
    match unwrap(expr) {
        Expr::Fn(_) | Expr::Arrow(_) => true,
        Expr::Array(array) => array
            .elems
            .iter()
            .flatten()
            .all(|e| e.spread.is_none() && evaluation_free(&e.expr)),
        Expr::Object(object) => object.props.iter().all(|p| match p {
            PropOrSpread::Spread(_) => false,
            PropOrSpread::Prop(p) => match &**p {
                Prop::Shorthand(_) | Prop::Method(_) => true,
                Prop::KeyValue(kv) => !matches!(kv.key, PropName::Computed(_)) && evaluation_free(&kv.value),
                _ => false,
            },
        }),
        e => is_plain_read(e),
    }
}

pub(crate) const CONFIG_KEYS: &[&str] = &[
    "appId",
    "timestamp",
    "nonceStr",
    "signature",
    "jsApiList",
    "beta",
    "debug",
    "check",
    "openTagList",
];
pub(crate) const AGENT_KEYS: &[&str] = &[
    "corpid",
    "agentid",
    "timestamp",
    "nonceStr",
    "signature",
    "jsApiList",
    "success",
    "fail",
    "complete",
    "beta",
    "debug",
];

pub(crate) fn check_keys(props: &[Property], known: &[&str], what: &str) -> Result<(), String> {
    let Some(p) = props.iter().find(|p| !known.contains(&p.name.as_str())) else {
        return Ok(());
    };
    let meant = known.iter().find(|k| k.eq_ignore_ascii_case(&p.name));
    let hint = match meant {
        Some(k) => format!(" (did you mean `{k}`?)"),
        None => String::new(),
    };
    Err(format!(
        "`{what}` has the key `{}`, which jweixin does not read{hint}: fix it, then run the fix again",
        p.name
    ))
}

pub(crate) fn string_elements(expr: &Expr) -> Option<Vec<(String, Range<usize>)>> {
    let Expr::Array(array) = unwrap(expr) else { return None };
    array
        .elems
        .iter()
        .map(|e| match e {
            Some(ExprOrSpread { spread: None, expr }) => match &**expr {
                Expr::Lit(Lit::Str(s)) => Some((s.value.as_atom()?.to_string(), range(s.span))),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether a property value is the literal `true` (`beta: true`, `check: true`).
pub(crate) fn is_true(value: Option<&Expr>) -> bool {
    matches!(value.map(unwrap), Some(Expr::Lit(Lit::Bool(b))) if b.value)
}

/// Whether every `wx.config` of a block writes `beta: true` in an object literal argument, so
/// that jweixin created `wx.invoke` and `wx.on` whatever the rest of the page does (a fact about
/// other blocks' calls can then change none of its fixes). Options held elsewhere count as not.
pub(crate) fn every_config_says_beta(program: &Program, sdk: &SdkModel) -> bool {
    struct Finder<'a> {
        sdk: &'a SdkModel,
        all_beta: bool,
    }
    impl Visit for Finder<'_> {
        fn visit_call_expr(&mut self, call: &CallExpr) {
            call.visit_children_with(self);
            let Callee::Expr(callee) = &call.callee else { return };
            let Expr::Member(m) = unwrap(callee) else { return };
            let is_config = matches!(&m.prop, MemberProp::Ident(i) if &*i.sym == "config");
            if !is_config || self.sdk.object(&m.obj).is_none() {
                return;
            }
            let says_beta = match call.args.first().map(|a| unwrap(&a.expr)) {
                Some(Expr::Object(object)) => object.props.iter().any(|p| {
                    matches!(p, PropOrSpread::Prop(p) if matches!(&**p, Prop::KeyValue(kv)
                        if prop_name(&kv.key).as_deref() == Some("beta") && is_true(Some(&kv.value))))
                }),
                _ => false,
            };
            self.all_beta &= says_beta;
        }
    }
    let mut finder = Finder { sdk, all_beta: true };
    program.visit_with(&mut finder);
    finder.all_beta
}
