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
    hoist: Option<&mut Hoist>,
) -> Option<String> {
    let parts = signature_parts(cx, props, unsafe_because, what, hoist);
    (!parts.is_empty()).then(|| object_text(&parts))
}

/// The getter's object on one line, from its parts.
pub(super) fn object_text(parts: &[(String, String)]) -> String {
    let parts: Vec<&str> = parts.iter().map(|(_, part)| part.as_str()).collect();
    format!("{{ {} }}", parts.join(", "))
}

/// The signature getter laid out one value per line (`parts`, from [`signature_parts`]), each
/// followed by the line comment its property had (`comments`, by property name), for options
/// written one property per line whose signature properties carry such comments
/// (`timestamp: ts, // 必填，生成签名的时间戳`): the comments stay with their values. `indent`
/// is the properties' indentation, `unit` one level of the file's indentation.
pub(super) fn getter_lines(
    cx: &RuleContext,
    parts: &[(String, String)],
    comments: &[(&str, &str)],
    indent: &str,
    unit: &str,
) -> String {
    let newline = cx.style.newline;
    let (inner, close) = match cx.style.arrows {
        true => (format!("{indent}{unit}"), format!("{indent}}})")),
        false => (
            format!("{indent}{unit}{unit}"),
            format!("{indent}{unit}}};{newline}{indent}}}"),
        ),
    };
    let mut out = match cx.style.arrows {
        true => format!("() => ({{{newline}"),
        false => format!("function () {{{newline}{indent}{unit}return {{{newline}"),
    };
    for (i, (name, part)) in parts.iter().enumerate() {
        out.push_str(&inner);
        out.push_str(part);
        if i + 1 < parts.len() {
            out.push(',');
        }
        if let Some((_, comment)) = comments.iter().find(|(n, _)| n == name) {
            out.push(' ');
            out.push_str(comment);
        }
        out.push_str(newline);
    }
    out.push_str(&close);
    out
}

/// Each signature property's part of the getter's object (`timestamp: ts`), by name, in the
/// order `timestamp`, `nonceStr`, `signature`. A computed value is evaluated once into a
/// variable when `hoist` is given; otherwise the getter computes it again, and the fix is unsafe.
pub(super) fn signature_parts(
    cx: &RuleContext,
    props: &[Property],
    unsafe_because: &mut Vec<String>,
    what: &str,
    mut hoist: Option<&mut Hoist>,
) -> Vec<(String, String)> {
    ["timestamp", "nonceStr", "signature"]
        .iter()
        .filter_map(|name| props.iter().find(|p| p.name == *name))
        .map(|p| {
            if p.value_expr.is_some_and(|e| !is_plain_read(e)) {
                match hoist.as_deref_mut() {
                    Some(hoist) => return (p.name.clone(), format!("{}: {}", p.name, hoist.declare(cx, p))),
                    None => unsafe_because.push(format!(
                        "`{what}`'s `{}` is computed, and the getter computes it again each time `ww` asks",
                        p.name
                    )),
                }
            }
            let part = if p.shorthand {
                p.name.clone()
            } else {
                format!("{}: {}", p.name, cx.text(p.value.clone()))
            };
            (p.name.clone(), part)
        })
        .collect()
}

/// The line comment after a property that ends its line (`timestamp: ts, // 时间戳`): the
/// text after the property and its comma up to the line's end, which holds the comment, and
/// the comment.
pub(super) fn trailing_comment(text: &str, property_end: usize) -> Option<(std::ops::Range<usize>, &str)> {
    let end = layout::line_end(text, property_end);
    let rest = &text[property_end..end];
    let trimmed = rest.trim_start();
    let (from, after_comma) = match trimmed.strip_prefix(',') {
        Some(after) => (end - after.len(), after),
        None => (property_end, trimmed),
    };
    let comment = after_comma.trim_start();
    comment.starts_with("//").then(|| (from..end, comment.trim_end()))
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
