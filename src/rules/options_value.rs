//! Options built at run time (issue 10, item 1): `wx.config(res.data)`, `wx.config({ ...sig,
//! jsApiList })`, `wx.config(Object.assign({}, sig, extra))`, a variable set in another
//! function, and the same for `wx.agentConfig`. jweixin stored the value and read its keys
//! (`appId`, `jsApiList`, `timestamp`, `nonceStr`, `signature`; `corpid`, `agentid`, the hooks).
//! The fix evaluates the expression once, where and when the call evaluated it, into a fresh
//! variable, and `ww.register` reads the same keys from that value:
//!
//! ```js
//! const wxConfig = res.data;
//! ww.register({
//!   corpId: wxConfig.appId,
//!   jsApiList: wxConfig.jsApiList || [],
//!   getConfigSignature: () => ({ timestamp: wxConfig.timestamp, nonceStr: wxConfig.nonceStr, signature: wxConfig.signature }),
//! });
//! ```
//!
//! A missing or misspelled key reads `undefined`, which is what jweixin sent to the client;
//! `|| []` keeps a missing `jsApiList` an empty list (`ww` would otherwise authorise its
//! default `['config']`). The agent's `nonceStr` and `signature` are made strings as jweixin
//! made them (`'undefined'` when missing), and its hooks are called only when the value has
//! them, as methods of the value, as jweixin called them. A missing `appId` is the one case
//! `ww` cannot follow: `ww.register` throws `Missing corpId` (semantics.md section 5, item 6),
//! which the fix's title names.

use std::ops::Range;

use swc_ecma_ast::*;

use super::options::{check_keys, object_properties, Property};
use super::RuleContext;
use crate::parse::range_of;
use crate::sdk::unwrap;
use crate::source::layout;

/// An options value the fix evaluates once into a fresh variable.
pub(crate) struct Value<'a> {
    /// The argument as written.
    pub expr: Range<usize>,
    /// The fresh variable's name.
    pub name: String,
    /// The keys written out after the last spread (`{ ...sig, jsApiList: [...] }`), or in the
    /// trailing literal arguments of `Object.assign`.
    pub visible: Vec<Property<'a>>,
}

impl<'a> Value<'a> {
    /// The value `expr` of `what`'s call, to be held in a variable named after `base`; `taken`
    /// are names this fix already introduces. Keys written beside spreads are checked as a
    /// literal's are (a misspelled key is the author's to fix).
    pub fn new(
        cx: &RuleContext,
        expr: &'a Expr,
        base: &str,
        taken: &[&str],
        what: &str,
        known: &[&str],
    ) -> Result<Value<'a>, String> {
        let literals: Vec<&ObjectLit> = match unwrap(expr) {
            Expr::Object(object) => vec![object],
            Expr::Call(call) if is_object_assign(call) => call
                .args
                .iter()
                .map(|a| match (&a.spread, unwrap(&a.expr)) {
                    (None, Expr::Object(o)) => Some(o),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .map_while(|o| o)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            _ => Vec::new(),
        };
        let mut visible = Vec::new();
        for object in literals {
            let props = object_properties(object, what)?;
            check_keys(&props, known, what)?;
            // a key written before a spread may be overridden by it: only the keys after the
            // last spread are known
            let last_spread = object
                .props
                .iter()
                .filter_map(|p| match p {
                    PropOrSpread::Spread(s) => Some(range_of(&*s.expr).end),
                    PropOrSpread::Prop(_) => None,
                })
                .max()
                .unwrap_or(0);
            visible.extend(props.into_iter().filter(|p| p.range.start >= last_spread));
        }
        Ok(Value {
            expr: range_of(expr),
            name: fresh_name(&cx.file.text, base, taken),
            visible,
        })
    }

    /// `value.key`.
    pub fn read(&self, key: &str) -> String {
        format!("{}.{key}", self.name)
    }

    /// A visible key, if written beside the spreads.
    pub fn visible(&self, key: &str) -> Option<&Property<'a>> {
        self.visible.iter().rfind(|p| p.name == key)
    }

    /// `const wxConfig = <expr as written>;` (`var` in a block without arrow functions), moved
    /// to a line indented by `indent`.
    pub fn declaration(&self, cx: &RuleContext, indent: &str) -> String {
        let keyword = cx.style.const_keyword();
        let from = layout::indentation(&cx.file.text, self.expr.start);
        let expr = layout::reindent(cx.text(self.expr.clone()), from, indent);
        format!("{keyword} {} = {expr};", self.name)
    }

    /// The getter of the signature read from the value; `stringify` makes the nonce and the
    /// signature strings, as jweixin's `agentConfig` did.
    pub fn signature_getter(&self, cx: &RuleContext, stringify: bool) -> String {
        cx.style.object_getter(&self.signature_object(stringify))
    }

    /// The object [`Value::signature_getter`] returns.
    pub fn signature_object(&self, stringify: bool) -> String {
        let string = |key: &str| {
            if stringify {
                format!("{} + ''", self.read(key))
            } else {
                self.read(key)
            }
        };
        format!(
            "{{ timestamp: {}, nonceStr: {}, signature: {} }}",
            self.read("timestamp"),
            string("nonceStr"),
            string("signature")
        )
    }

    /// An agent hook read from the value: called, when the value has it, as its method with
    /// jweixin's `{ errMsg: 'agentConfig:...' }`, rebuilt from what `ww` passes.
    pub fn hook(&self, cx: &RuleContext, hook: &str, key: &str) -> String {
        let param = "result";
        let legacy = super::error_handler::legacy_result("agentConfig", param, cx.style.typescript);
        let typed = if cx.style.typescript {
            format!("{param}: any")
        } else {
            param.to_string()
        };
        let f = self.read(hook);
        let body = format!("if ({f}) {f}({legacy});");
        if cx.style.arrows {
            format!("{key}: ({typed}) => {{ {body} }}")
        } else {
            format!("{key}: function ({typed}) {{ {body} }}")
        }
    }
}

/// `Object.assign(...)`: its trailing object literal arguments are read as written (a key of
/// the last one that sets it wins, as no value after them can override it).
fn is_object_assign(call: &CallExpr) -> bool {
    let Callee::Expr(callee) = &call.callee else {
        return false;
    };
    matches!(unwrap(callee), Expr::Member(m)
        if matches!(unwrap(&m.obj), Expr::Ident(o) if o.sym == "Object")
            && matches!(&m.prop, MemberProp::Ident(p) if p.sym == "assign"))
}

/// `base`, or `base2`, `base3`...: the first that no identifier of the file spells, and that
/// is not in `taken`.
pub(crate) fn fresh_name(text: &str, base: &str, taken: &[&str]) -> String {
    let used = |name: &str| taken.contains(&name) || layout::word_mentions(text, name).next().is_some();
    let mut n = 1;
    loop {
        let name = if n == 1 { base.to_string() } else { format!("{base}{n}") };
        if !used(&name) {
            return name;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::fresh_name;

    #[test]
    fn a_fresh_name_is_one_no_identifier_of_the_file_spells() {
        assert_eq!(fresh_name("wx.config(res.data);", "wxConfig", &[]), "wxConfig");
        // a longer name that contains it, or a property, is another identifier
        assert_eq!(
            fresh_name("var wxConfigData = 1; a.wxConfigs;", "wxConfig", &[]),
            "wxConfig"
        );
        assert_eq!(fresh_name("var wxConfig = {};", "wxConfig", &[]), "wxConfig2");
        assert_eq!(fresh_name("wxConfig; wxConfig2;", "wxConfig", &[]), "wxConfig3");
        assert_eq!(fresh_name("", "wxAgentConfig", &["wxAgentConfig"]), "wxAgentConfig2");
    }
}
