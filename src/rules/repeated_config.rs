//! A configuration that may run more than once per page load: in a click listener, a
//! component's `mounted`, a function called from two places. jweixin sent a handshake for
//! each `wx.config` and `wx.agentConfig`; `ww.register` starts one only when the page's address
//! (without its `#` part) changed since the last handshake, so a second registration on the
//! same address sends none (read from `ensureCorpConfigReady`, which reuses a valid task, and
//! shown by the oracle: "handshake: config: legacy sent 2, migrated sent 1"). jweixin also ran
//! the ready callbacks waiting at a reply again at every later reply: two calls before the
//! first reply ran each waiting callback twice, where `ww` runs it once.
//!
//! No `ww` code can send that second handshake, so the fix cannot be safe. When every run
//! authorises the same APIs (the `jsApiList` of the configuration, and of the agent
//! configuration merged with it, is a literal list of strings), the handshake `ww` skips would
//! have authorised nothing new, and the fix is offered as unsafe, naming the difference. When a
//! run may authorise another list (a list from a parameter or a variable), `ww` would never
//! authorise a later run's APIs: no fix, the configuration is merged into one by hand.
//!
//! A list is the same on every run when it is written as a literal list of strings, or names a
//! module's own constant (`const APILIST = ['getContext', 'sendChatMessage']` at the top level
//! of an ES module, not exported) that the module mentions nowhere else than as a `jsApiList:`
//! value: nothing can change it (jweixin and `ww` copy the list, they do not change it).

use swc_ecma_ast::*;

use super::options::{string_elements, Options, Property};
use crate::parse::range;
use crate::sdk::unwrap;
use crate::source::layout;

/// Whether the options' `jsApiList` is the same on every run: no list, a literal list of
/// strings, or one of the block's `constant_lists`.
fn constant_list(props: &[Property], constant_lists: &[String]) -> bool {
    match props.iter().find(|p| p.name == "jsApiList") {
        None => true,
        Some(p) => {
            !p.method
                && p.value_expr.is_some_and(|e| {
                    string_elements(e).is_some()
                        || matches!(unwrap(e), Expr::Ident(i) if constant_lists.iter().any(|c| *c == *i.sym))
                })
        }
    }
}

/// Whether options authorise the same APIs on every run.
pub(super) fn same_list_each_run(options: &Options, constant_lists: &[String]) -> bool {
    matches!(options, Options::Literal(_, props, _) if constant_list(props, constant_lists))
}

/// The names an ES module declares at its top level as `const NAME = ['a', 'b']`, without
/// exporting them, and mentions nowhere else (comments included) than as a `jsApiList:` value.
pub(crate) fn constant_lists(program: &Program, text: &str) -> Vec<String> {
    let Program::Module(module) = program else {
        return Vec::new();
    };
    let scope = range(module.span);
    let mut names = Vec::new();
    for item in &module.body {
        let ModuleItem::Stmt(Stmt::Decl(Decl::Var(var))) = item else {
            continue;
        };
        if var.kind != VarDeclKind::Const {
            continue;
        }
        for declarator in &var.decls {
            let (Pat::Ident(id), Some(init)) = (&declarator.name, &declarator.init) else {
                continue;
            };
            if string_elements(init).is_none() {
                continue;
            }
            let declared_at = range(id.id.span).start;
            let name = id.id.sym.as_str();
            let mut mentions = layout::word_mentions(&text[scope.clone()], name).map(|at| scope.start + at);
            if mentions.all(|at| at == declared_at || is_list_value(text, at)) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Whether the word at `at` is the value of a `jsApiList:` property.
fn is_list_value(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before
        .strip_suffix(':')
        .is_some_and(|key| key.trim_end().ends_with("jsApiList"))
}

/// Why the fix of a configuration that may run more than once is unsafe. `what` is the call
/// (`wx.config`, `wx.agentConfig`), `why` what makes it run again.
pub(super) fn unsafe_because(what: &str, why: &str) -> String {
    format!(
        "`{what}` may run more than once ({why}): jweixin sent a handshake for each call and ran the `wx.ready` callbacks waiting at a reply again at each later reply; `ww.register` sends a handshake only when the page's address changed since the last one (a call on the same address sends none) and runs each callback once. Every call authorises the same `jsApiList`, so no API loses its authorisation"
    )
}

/// Why there is no fix for a configuration that may run more than once with a list that may
/// change between runs.
pub(super) fn by_hand(what: &str, why: &str) -> String {
    format!(
        "`{what}` may run more than once ({why}), and its `jsApiList` is neither a literal list nor a constant of its module, so it may differ between calls: jweixin sent a handshake for each call and authorised each list, `ww.register` sends one per page address, so a later call's APIs would not be authorised; configure once by hand"
    )
}

#[cfg(test)]
mod tests {
    use super::constant_lists;
    use crate::parse::parse_block;
    use crate::source::{FileKind, SourceFile};

    fn lists(code: &str) -> Vec<String> {
        let file = SourceFile::new(
            "t.js".into(),
            FileKind::from_path(std::path::Path::new("t.js")).unwrap(),
            code.to_string(),
        );
        let extracted = file.extract();
        let parsed = parse_block(&file.text, &extracted.blocks[0], false).unwrap();
        constant_lists(&parsed.program, &file.text)
    }

    #[test]
    fn a_module_constant_named_only_as_a_list_is_constant() {
        let list = "const L = ['getContext'];\nexport function f() { wx.config({ jsApiList: L }); wx.agentConfig({ jsApiList : L }); }";
        assert_eq!(lists(list), ["L"]);
    }

    #[test]
    fn lists_that_may_change_are_not() {
        // exported: another module may change it
        assert!(lists("export const L = ['a'];\nwx.config({ jsApiList: L });").is_empty());
        // changed, or handed on, in the module
        assert!(
            lists("const L = ['a'];\nL.push('b');\nexport function f() { wx.config({ jsApiList: L }); }").is_empty()
        );
        assert!(lists("const L = ['a'];\nexport function f() { init(L); wx.config({ jsApiList: L }); }").is_empty());
        // not a list of strings, or not a constant
        assert!(lists("const L = ['a', name];\nexport function f() { wx.config({ jsApiList: L }); }").is_empty());
        assert!(lists("let L = ['a'];\nexport function f() { wx.config({ jsApiList: L }); }").is_empty());
        // a classic script's top-level constant is shared with the page's other scripts
        assert!(lists("const L = ['a'];\nfunction f() { wx.config({ jsApiList: L }); }").is_empty());
    }
}
