//! The signature getter of a `ww.register` fix, built from the `timestamp`, `nonceStr` and
//! `signature` properties of a literal `wx.config`/`wx.agentConfig`: `getConfigSignature: () =>
//! ({ timestamp, nonceStr, signature })`. jweixin evaluated the values once, at the call; the
//! getter runs when `ww` asks (at `register`, again on each retry and after an in-app URL
//! change). A plain read gives the same value each time; a computed one is evaluated once into
//! a variable declared before `ww.register` (`Hoist`) where the order of evaluation allows it
//! (`hoisting_keeps_order`), and otherwise makes the fix unsafe.

use super::options::{evaluation_free, is_plain_read, Property};
use super::options_value::fresh_name;
use super::RuleContext;
use crate::source::layout;

/// Computed signature values that the fix evaluates once, into fresh variables declared just
/// before `ww.register`, where and when jweixin evaluated them (its options object was built at
/// the call); the getter then returns those variables.
pub(super) struct Hoist {
    pub keyword: &'static str,
    /// The indentation of the statement the declarations go before.
    pub indent: String,
    pub declarations: Vec<String>,
    names: Vec<String>,
}

impl Hoist {
    pub fn new(keyword: &'static str, indent: &str) -> Self {
        Hoist {
            keyword,
            indent: indent.to_string(),
            declarations: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Declares `value` (the text of `prop`'s value) in a fresh variable; returns its name.
    fn declare(&mut self, cx: &RuleContext, prop: &Property) -> String {
        let base = match prop.name.as_str() {
            "timestamp" => "wxTimestamp",
            "nonceStr" => "wxNonceStr",
            _ => "wxSignature",
        };
        let taken: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let name = fresh_name(&cx.file.text, base, &taken);
        let from = layout::indentation(&cx.file.text, prop.range.start);
        let value = layout::reindent(cx.text(prop.value.clone()), from, &self.indent);
        self.declarations.push(format!("{} {name} = {value};", self.keyword));
        self.names.push(name.clone());
        name
    }
}

/// The signature getter built from `timestamp`, `nonceStr` and `signature` properties. A
/// computed value is evaluated once into a variable when `hoist` is given; otherwise the getter
/// computes it again, and the fix is unsafe.
pub(super) fn signature_getter(
    cx: &RuleContext,
    props: &[Property],
    unsafe_because: &mut Vec<String>,
    what: &str,
    hoist: Option<&mut Hoist>,
) -> Option<String> {
    signature_object(cx, props, unsafe_because, what, hoist).map(|object| cx.style.object_getter(&object))
}

/// The object literal a signature getter returns (`{ timestamp, nonceStr, signature }`), as
/// [`signature_getter`] builds it.
pub(super) fn signature_object(
    cx: &RuleContext,
    props: &[Property],
    unsafe_because: &mut Vec<String>,
    what: &str,
    mut hoist: Option<&mut Hoist>,
) -> Option<String> {
    let parts: Vec<String> = ["timestamp", "nonceStr", "signature"]
        .iter()
        .filter_map(|name| props.iter().find(|p| p.name == *name))
        .map(|p| {
            if p.value_expr.is_some_and(|e| !is_plain_read(e)) {
                match hoist.as_deref_mut() {
                    Some(hoist) => return format!("{}: {}", p.name, hoist.declare(cx, p)),
                    None => unsafe_because.push(format!(
                        "`{what}`'s `{}` is computed, and the getter computes it again each time `ww` asks",
                        p.name
                    )),
                }
            }
            if p.shorthand {
                p.name.clone()
            } else {
                format!("{}: {}", p.name, cx.text(p.value.clone()))
            }
        })
        .collect();
    (!parts.is_empty()).then(|| format!("{{ {} }}", parts.join(", ")))
}

/// Whether the computed signature values of `props` can be evaluated before the rest of the
/// object without changing what runs first: every other property written before the last of
/// them has a value whose evaluation does nothing (a plain read, a literal, a function).
pub(super) fn hoisting_keeps_order(props: &[Property]) -> bool {
    let computed = |p: &Property| {
        matches!(p.name.as_str(), "timestamp" | "nonceStr" | "signature")
            && p.value_expr.is_some_and(|e| !is_plain_read(e))
    };
    let Some(last) = props.iter().rposition(computed) else {
        return true;
    };
    props[..last]
        .iter()
        .all(|p| computed(p) || p.value_expr.is_none_or(evaluation_free))
}
