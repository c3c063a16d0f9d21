//! The `wx.error` relay (issue 10 item 2): where a block's `wx.error` handlers cannot all
//! become the one `onConfigFail` of its `ww.register` (several handlers, one registered in
//! another function, late in a `wx.ready` callback, after a request), the fix keeps each
//! `wx.error` call where it is and hands its handler to a small relay declared at the top of
//! the block, which keeps handlers as jweixin kept them:
//!
//! ```js
//! // wx.error handlers, kept as jweixin kept them: a failed configuration calls the last one
//! // registered, and one registered after a failure that no handler took is called at once
//! var wwConfigErrors = {
//!   handler: null,
//!   failure: null,
//!   add: function (handler) { if (this.failure) { handler(this.failure); } else { this.handler = handler; } },
//!   fail: function (res) { var handler = this.handler; if (handler) { handler(res); } else { this.failure = res; } }
//! };
//! ...
//! ww.register({ ..., onConfigFail: function (error) { wwConfigErrors.fail({ errMsg: 'config:' + ... }); } });
//! ...
//! wwConfigErrors.add(function (res) { ... });
//! ```
//!
//! jweixin's `wx.error(fn)` called `fn` at once when the configuration had already failed with
//! no handler kept, and otherwise kept `fn` in place of the handler kept before; a failed reply
//! called the kept handler (plainly, with `{ errMsg: 'config:...' }`) or, with none, recorded
//! the failure. The relay does the same at the same moments, with the failure rebuilt from the
//! client's reply as the `onConfigFail` wrapper does (`error_handler.rs`). What stays different
//! is inherent to `@wecom/jssdk`: `onConfigFail` fires once per retry of the handshake, so the
//! kept handler may be called again.
//!
//! Only in a block that holds every `wx.error` call of its migration unit
//! (`UnitFacts::error_handlers_in_unit`), configures once and configures no agent (`ww` then
//! skips the corp configuration on current clients), and whose handlers throw nothing: a throw
//! from jweixin's handler skipped the `wx.ready` callbacks, `ww` catches it and runs them.
//! Or across the scripts of a page: where the unit's one configuring file configures once and
//! no agent, and the other files that call `wx.error` are classic scripts that every page
//! loading them runs after its `ww.register` (`Project::error_relay`), the configuring block
//! (a classic script, whose `var` is a page global) declares the relay for them
//! (`UnitFacts::relay_for_others`, also with no `wx.error` of its own), and their calls
//! become `wwConfigErrors.add(...)` (`later_site`, `UnitFacts::relay_before`). The same within
//! one page: its one configuring block, a classic script with no `wx.error` of its own,
//! declares the relay for the page's later blocks, which the page runs after it.

use std::ops::Range;

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::context::CodeStyle;
use super::error_handler::{legacy_failure_call, throws};
use crate::fix::Edit;
use crate::parse::{range, range_of};
use crate::sdk::{unwrap, SdkModel};
use crate::source::layout;

/// The relay's name.
const RELAY: &str = "wwConfigErrors";

/// Where the relay goes in one block, and the `wx.error` calls it takes.
#[derive(Debug, Clone)]
pub(crate) struct RelaySite {
    /// The start of the block's first statement after its imports and directives; `None` in a
    /// later script of the page, whose handlers go to the relay an earlier script declared.
    declare_at: Option<usize>,
    /// Each `wx.error` call: where it starts, and its callee (`wx.error`).
    calls: Vec<(usize, Range<usize>)>,
}

/// The relay's site in a block that configures once, no agent, and holds all the
/// `handlers_in_unit` `wx.error` calls of its unit but the `for_later_scripts` that later
/// scripts of its pages hand to it (`UnitFacts::relay_for_others`), each given one handler
/// that throws nothing; unless the file (`text`) already uses the relay's name.
pub(crate) fn site(
    program: &Program,
    sdk: &SdkModel,
    text: &str,
    handlers_in_unit: usize,
    for_later_scripts: usize,
) -> Option<RelaySite> {
    // (for later scripts, a classic script's: a module's declarations are its own)
    let later_scripts_see_it = for_later_scripts == 0 || matches!(program, Program::Script(_));
    if sdk.config_calls != 1
        || sdk.agent_config_calls > 0
        || !later_scripts_see_it
        || (sdk.error_calls == 0 && for_later_scripts == 0)
        || sdk.error_calls + for_later_scripts != handlers_in_unit
        || text.contains(RELAY)
    {
        return None;
    }
    let calls = relayed_calls(program, sdk)?;
    Some(RelaySite {
        declare_at: Some(super::ready_gate::top_of_block(program)?),
        calls,
    })
}

/// The relay's site in a later script of a page whose earlier script declares the relay
/// (`UnitFacts::relay_before`): a block that configures nothing, each of whose `wx.error`
/// calls is given one handler that throws nothing.
pub(crate) fn later_site(program: &Program, sdk: &SdkModel, text: &str) -> Option<RelaySite> {
    if sdk.config_calls != 0 || sdk.agent_config_calls > 0 || sdk.error_calls == 0 || text.contains(RELAY) {
        return None;
    }
    Some(RelaySite {
        declare_at: None,
        calls: relayed_calls(program, sdk)?,
    })
}

/// The block's `wx.error` calls, when each is given one handler that throws nothing.
fn relayed_calls(program: &Program, sdk: &SdkModel) -> Option<Vec<(usize, Range<usize>)>> {
    let mut finder = Finder {
        sdk,
        calls: Vec::new(),
        refused: false,
    };
    program.visit_with(&mut finder);
    (!finder.refused && finder.calls.len() == sdk.error_calls).then_some(finder.calls)
}

struct Finder<'s> {
    sdk: &'s SdkModel,
    calls: Vec<(usize, Range<usize>)>,
    refused: bool,
}

impl Visit for Finder<'_> {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Expr(callee) = &call.callee {
            if let Expr::Member(m) = unwrap(callee) {
                if m.prop.as_ident().is_some_and(|p| p.sym == "error") && self.sdk.object(&m.obj).is_some() {
                    match call.args.as_slice() {
                        [handler] if handler.spread.is_none() && !throws(&handler.expr) => {
                            self.calls.push((range(call.span).start, range_of(&**callee)))
                        }
                        _ => self.refused = true,
                    }
                }
            }
        }
        call.visit_children_with(self);
    }
}

impl RelaySite {
    /// Where the `wx.error` calls it takes start.
    pub(crate) fn call_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.calls.iter().map(|(start, _)| *start)
    }

    /// Whether the relay is declared by an earlier script of the page, not here.
    pub(crate) fn declared_earlier(&self) -> bool {
        self.declare_at.is_none()
    }

    /// The edit that makes the `wx.error` call starting at `call_start` hand its handler to
    /// the relay (`wwConfigErrors.add(...)`).
    pub(crate) fn call_edit(&self, call_start: usize) -> Option<Edit> {
        let (_, callee) = self.calls.iter().find(|(start, _)| *start == call_start)?;
        Some(Edit::replace(callee.clone(), format!("{RELAY}.add")))
    }

    /// The relay's declaration at the top of the block, and each `wx.error` callee made
    /// `wwConfigErrors.add`.
    pub(crate) fn edits(&self, text: &str, style: &CodeStyle) -> Vec<Edit> {
        let mut edits: Vec<Edit> = self
            .calls
            .iter()
            .filter_map(|(start, _)| self.call_edit(*start))
            .collect();
        let Some(declare_at) = self.declare_at else {
            return edits;
        };
        let nl = style.newline;
        let top = layout::indentation(text, declare_at);
        let i1 = format!("{top}  ");
        let i2 = format!("{top}    ");
        let i3 = format!("{top}      ");
        let (declare, keep) = if style.typescript {
            (format!("const {RELAY}: any ="), "const")
        } else if style.arrows {
            (format!("const {RELAY} ="), "const")
        } else {
            (format!("var {RELAY} ="), "var")
        };
        let method = |name: &str, param: &str| {
            if style.arrows || style.typescript {
                let typed = if style.typescript {
                    format!("{param}: any")
                } else {
                    param.to_string()
                };
                format!("{name}({typed}) {{")
            } else {
                format!("{name}: function ({param}) {{")
            }
        };
        let declaration = [
            "// wx.error handlers, kept as jweixin kept them: a failed configuration calls the last one".to_string(),
            format!("{top}// registered, and one registered after a failure that no handler took is called at once"),
            format!("{top}{declare} {{"),
            format!("{i1}handler: null,"),
            format!("{i1}failure: null,"),
            format!("{i1}{}", method("add", "handler")),
            format!("{i2}if (this.failure) {{"),
            format!("{i3}handler(this.failure);"),
            format!("{i2}}} else {{"),
            format!("{i3}this.handler = handler;"),
            format!("{i2}}}"),
            format!("{i1}}},"),
            format!("{i1}{}", method("fail", "res")),
            format!("{i2}{keep} handler = this.handler;"),
            format!("{i2}if (handler) {{"),
            format!("{i3}handler(res);"),
            format!("{i2}}} else {{"),
            format!("{i3}this.failure = res;"),
            format!("{i2}}}"),
            format!("{i1}}}"),
            format!("{top}}};"),
        ]
        .join(nl);
        edits.insert(0, Edit::insert(declare_at, format!("{declaration}{nl}{nl}{top}")));
        edits
    }
}

/// The `onConfigFail` property that hands a failure to the relay as jweixin's
/// `{ errMsg: 'config:...' }`.
pub(crate) fn on_config_fail(style: &CodeStyle) -> String {
    let param = if style.typescript { "error: any" } else { "error" };
    let call = legacy_failure_call("config", "error", &format!("{RELAY}.fail"), "wxKeyword", " ", style);
    if style.arrows {
        format!("onConfigFail: ({param}) => {{ {call} }}")
    } else {
        format!("onConfigFail: function ({param}) {{ {call} }}")
    }
}
