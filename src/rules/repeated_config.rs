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

use super::options::{string_elements, Options, Property};

/// Whether the options' `jsApiList` is the same on every run: no list, or a literal list of
/// strings.
fn constant_list(props: &[Property]) -> bool {
    match props.iter().find(|p| p.name == "jsApiList") {
        None => true,
        Some(p) => !p.method && p.value_expr.is_some_and(|e| string_elements(e).is_some()),
    }
}

/// Whether options authorise the same APIs on every run.
pub(super) fn same_list_each_run(options: &Options) -> bool {
    matches!(options, Options::Literal(_, props, _) if constant_list(props))
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
        "`{what}` may run more than once ({why}), and its `jsApiList` is not a literal list, so it may differ between calls: jweixin sent a handshake for each call and authorised each list, `ww.register` sends one per page address, so a later call's APIs would not be authorised; configure once by hand"
    )
}
