//! When a function runs relative to the page's first script run and its handshake, as far as
//! the block shows. A call that reaches the client at once (`wx.invoke`, `wx.on`, a direct
//! method) keeps its timing after migration only where it runs after the handshake: inside a
//! `wx.ready` callback (*gated*), or at least later than the page's load and its configuration
//! (*deferred*: an event handler, a timer or request callback that configures nothing itself).
//! While the page loads, jweixin dropped calls the client bridge could not take yet and sent the
//! rest after the configuration's handshake; `ww` queues them for the bridge and sends them
//! before its own handshake.
//!
//! A function is gated when it is the callback of a `ready` call on the SDK or a hook of
//! `wx.agentConfig` (`success`, `fail`, `complete`), or declared by name and only ever handed to
//! a `ready` call; deferred when it is handed to any other call or assigned to an
//! `on...` property or a JSX `on...` attribute, or is a function in an options object handed
//! to a call (and calls no lifecycle method itself), a Vue component's method that the script
//! calls only from such code (`this.pick()` in `mounted` runs while the page loads) or, in a
//! `.vue` script, a function the script never uses (the template's handler), or declared by
//! name and only handed to calls, or called only from gated or deferred code. Calls of a
//! function from inside itself (an upload helper that calls itself from its own `success`)
//! run only once it does, so the other places decide.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::parse::range;
use crate::sdk::{unwrap, SdkModel};

type Key = (usize, usize);

fn key(r: Range<usize>) -> Key {
    (r.start, r.end)
}

fn function_key(expr: &Expr) -> Option<Key> {
    match unwrap(expr) {
        Expr::Fn(f) => Some(key(range(f.function.span))),
        Expr::Arrow(a) => Some(key(range(a.span))),
        _ => None,
    }
}

/// How a declared function's name is used.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Handed to a `ready` call on the SDK.
    Ready,
    /// Handed to another call, or assigned to an `on...` property.
    Callback,
    /// Called, from this offset.
    CalledAt(usize),
    /// Anything else (exported, stored, returned).
    Other,
}

#[derive(Default)]
struct Collector<'a> {
    sdk: Option<&'a SdkModel>,
    gated: HashSet<Key>,
    deferred: HashSet<Key>,
    /// Functions declared by name: name -> ranges (a name declared twice is not trusted).
    declared: HashMap<Atom, Vec<Key>>,
    uses: HashMap<Atom, Vec<Use>>,
    /// Every function, for placing call sites.
    functions: Vec<Key>,
    /// The functions enclosing the code being visited, outermost first.
    stack: Vec<Key>,
    /// The functions enclosing each recorded call site (by its start), outermost first.
    enclosing: HashMap<usize, Vec<Key>>,
    /// Functions whose returned promise resolves in a ready callback (see `ReadyPromises`).
    ready_promises: HashSet<Atom>,
    /// The functions handed to `.then` of such a promise.
    continuations: HashSet<Key>,
    /// A Vue component's methods (`methods: { pick() {...} }`): name -> ranges.
    methods: HashMap<Atom, Vec<Key>>,
    /// How a method name is reached through the component instance (`this.pick()`,
    /// `_this.pick()`, `setTimeout(this.pick)`): name -> uses. Any `this.<name>` counts, so a
    /// property that only shares the name makes the method less trusted, never more; a call
    /// through another object (`this.$refs.panel.pick()`) is not seen.
    member_uses: HashMap<Atom, Vec<Use>>,
    /// A classic script's global objects (`var WeiXin = { ChoseImg: function () {...} }`), whose
    /// methods are reached as `WeiXin.ChoseImg` (and counted in `member_uses`).
    global_objects: HashSet<Atom>,
    /// Their methods: name -> ranges.
    object_methods: HashMap<Atom, Vec<Key>>,
}

/// Functions that wrap the configuration in a promise resolved by `wx.ready` (realworld
/// section 4): `function initWx(sig) { return new Promise(function (resolve, reject) {
/// wx.config(...); wx.ready(resolve); wx.error(reject); }); }`. A continuation of such a call,
/// `initWx(sig).then(function () { ... })`, runs after the handshake, like a ready callback.
struct ReadyPromises<'a> {
    sdk: &'a SdkModel,
    found: HashSet<Atom>,
}

impl ReadyPromises<'_> {
    /// Whether a function body returns `new Promise(executor)` whose `resolve` is only handed
    /// to (or called in) a `ready` call on the SDK.
    fn resolves_on_ready(&self, body: &[Stmt]) -> bool {
        body.iter().any(|stmt| {
            let Stmt::Return(ReturnStmt { arg: Some(arg), .. }) = stmt else {
                return false;
            };
            let Expr::New(new) = unwrap(arg) else { return false };
            if !matches!(unwrap(&new.callee), Expr::Ident(i) if i.sym == "Promise") {
                return false;
            }
            let Some(executor) = new.args.as_ref().and_then(|a| a.first()) else {
                return false;
            };
            let (params, stmts): (Vec<&Pat>, &[Stmt]) = match unwrap(&executor.expr) {
                Expr::Fn(f) => (
                    f.function.params.iter().map(|p| &p.pat).collect(),
                    f.function.body.as_ref().map(|b| b.stmts.as_slice()).unwrap_or_default(),
                ),
                Expr::Arrow(a) => match &*a.body {
                    ArrowFunctionBody::FunctionBody(b) => (a.params.iter().collect(), b.stmts.as_slice()),
                    ArrowFunctionBody::Expr(_) => return false,
                },
                _ => return false,
            };
            let Some(Pat::Ident(resolve)) = params.first() else {
                return false;
            };
            let resolve = &resolve.id.sym;
            let mut inside_ready = 0;
            for s in stmts {
                let Stmt::Expr(e) = s else { continue };
                let Expr::Call(call) = unwrap(&e.expr) else { continue };
                let Callee::Expr(c) = &call.callee else { continue };
                // `wx.ready(resolve)`, or the form the `wx-ready` fix writes (a later round of
                // `fix` sees `ww.ensureConfigReady().catch(...).then(resolve)`)
                let ready = matches!(unwrap(c), Expr::Member(m)
                    if m.prop.as_ident().is_some_and(|p| p.sym == "ready") && self.sdk.object(&m.obj).is_some())
                    || is_ensure_config_ready_then(&call.callee);
                if ready {
                    inside_ready += count_name(&call.args, resolve);
                }
            }
            inside_ready > 0 && inside_ready == count_name(stmts, resolve)
        })
    }
}

/// How often `name` is read in a piece of code.
fn count_name<N: VisitWith<NameCount> + ?Sized>(node: &N, name: &Atom) -> usize {
    let mut v = NameCount {
        name: name.clone(),
        count: 0,
    };
    node.visit_with(&mut v);
    v.count
}

struct NameCount {
    name: Atom,
    count: usize,
}

impl Visit for NameCount {
    fn visit_ident(&mut self, i: &Ident) {
        if i.sym == self.name {
            self.count += 1;
        }
    }
}

impl Visit for ReadyPromises<'_> {
    fn visit_fn_decl(&mut self, f: &FnDecl) {
        if let Some(body) = &f.function.body {
            if self.resolves_on_ready(&body.stmts) {
                self.found.insert(f.ident.sym.clone());
            }
        }
        f.visit_children_with(self);
    }
}

impl Collector<'_> {
    /// `wx.ready(...)`, or the form the `wx-ready` fix writes,
    /// `ww.ensureConfigReady().catch(...).then(...)` (a later round of `fix` checks it again).
    fn is_ready(&self, callee: &Callee) -> bool {
        self.is_sdk_member(callee, "ready") || is_ensure_config_ready_then(callee)
    }

    /// `initWx(...).then`, where `initWx` resolves its promise in a ready callback.
    fn is_ready_promise_then(&self, callee: &Callee) -> bool {
        let Callee::Expr(c) = callee else { return false };
        let Expr::Member(then) = unwrap(c) else { return false };
        if then.prop.as_ident().is_none_or(|p| p.sym != "then") {
            return false;
        }
        let Expr::Call(inner) = unwrap(&then.obj) else {
            return false;
        };
        let Callee::Expr(f) = &inner.callee else { return false };
        matches!(unwrap(f), Expr::Ident(i) if self.ready_promises.contains(&i.sym))
    }

    /// Whether a callee is member `name` of the SDK object (`wx.ready`, a destructured `ready`).
    fn is_sdk_member(&self, callee: &Callee, name: &str) -> bool {
        let Some(sdk) = self.sdk else { return false };
        let Callee::Expr(c) = callee else { return false };
        match unwrap(c) {
            Expr::Member(m) => m.prop.as_ident().is_some_and(|p| p.sym == name) && sdk.object(&m.obj).is_some(),
            e @ Expr::Ident(_) => sdk.member(e) == Some(name),
            _ => false,
        }
    }

    /// Visits a call's arguments; a name handed to the call is recorded by `handed`, not as
    /// another use.
    fn visit_args(&mut self, args: &[ExprOrSpread]) {
        for a in args {
            if a.spread.is_none()
                && (matches!(unwrap(&a.expr), Expr::Ident(_))
                    || method_reference(&a.expr, &self.global_objects).is_some())
            {
                continue;
            }
            a.visit_with(self);
        }
    }

    fn handed(&mut self, expr: &Expr, ready: bool) {
        if let Some(k) = function_key(expr) {
            let configures = self.sdk.is_some_and(|s| s.lifecycle_within(&(k.0..k.1)));
            if ready {
                self.gated.insert(k);
            } else if !configures {
                self.deferred.insert(k);
            }
        }
        let how = if ready { Use::Ready } else { Use::Callback };
        if let Expr::Ident(i) = unwrap(expr) {
            self.uses.entry(i.sym.clone()).or_default().push(how);
        } else if let Some(name) = method_reference(expr, &self.global_objects) {
            self.member_uses.entry(name.clone()).or_default().push(how);
        }
    }
}

/// The names code gives a component instance (`const _this = this`).
const THIS_ALIASES: &[&str] = &["_this", "that", "self", "vm", "me", "_self", "_that"];

/// `this.pick` or `_this.pick` (`that`, `self`, `vm`, ...), or `WeiXin.pick` on a global
/// object of the block: the method name it reaches.
fn method_reference<'e>(expr: &'e Expr, global_objects: &HashSet<Atom>) -> Option<&'e Atom> {
    let Expr::Member(m) = unwrap(expr) else { return None };
    let instance = match unwrap(&m.obj) {
        Expr::This(_) => true,
        Expr::Ident(i) => THIS_ALIASES.contains(&i.sym.as_str()) || global_objects.contains(&i.sym),
        _ => false,
    };
    if !instance {
        return None;
    }
    m.prop.as_ident().map(|p| &p.sym)
}

/// `<x>.register(...)`: the form the `wx-config` fix writes (its `on...` hooks run after a
/// handshake replied).
fn is_register(callee: &Callee) -> bool {
    let Callee::Expr(c) = callee else { return false };
    matches!(unwrap(c), Expr::Member(m) if m.prop.as_ident().is_some_and(|p| p.sym == "register"))
}

/// `<x>.ensureConfigReady()[.catch(...)].then` (or `ensureCorpConfigReady`), or the same behind the registration gate
/// (`wwRegistered.then(...).catch(...).then`).
fn is_ensure_config_ready_then(callee: &Callee) -> bool {
    let Callee::Expr(c) = callee else { return false };
    let Expr::Member(then) = unwrap(c) else { return false };
    if then.prop.as_ident().is_none_or(|p| p.sym != "then") {
        return false;
    }
    let mut object = unwrap(&then.obj);
    loop {
        let Expr::Call(call) = object else { return false };
        let Callee::Expr(inner) = &call.callee else {
            return false;
        };
        let Expr::Member(m) = unwrap(inner) else { return false };
        match m.prop.as_ident().map(|p| p.sym.as_str()) {
            Some("ensureConfigReady" | "ensureCorpConfigReady") => return true,
            Some("catch") => object = unwrap(&m.obj),
            // `wwRegistered.then(() => ww.ensureConfigReady())`: the registration gate
            Some("then") if super::ready_gate::is_gate(&m.obj) => return true,
            _ => return false,
        }
    }
}

impl Visit for Collector<'_> {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        let continuation = self.is_ready_promise_then(&call.callee);
        if continuation {
            self.continuations
                .extend(call.args.iter().filter_map(|a| function_key(&a.expr)));
        }
        let ready = self.is_ready(&call.callee) || continuation;
        // `wx.agentConfig({ success })`: its hooks run after the agent handshake replied; so do
        // the hooks `ww.register` takes (a later round of `fix` sees them there)
        let agent = self.is_sdk_member(&call.callee, "agentConfig") || is_register(&call.callee);
        for arg in &call.args {
            self.handed(&arg.expr, ready);
            // `{ success: function () {...} }`: options' callbacks run later too
            if let Expr::Object(options) = unwrap(&arg.expr) {
                for p in &options.props {
                    let PropOrSpread::Prop(p) = p else { continue };
                    match &**p {
                        Prop::KeyValue(kv) => self.handed(&kv.value, agent),
                        Prop::Method(m) => {
                            let k = key(range(m.function.span));
                            if agent {
                                self.gated.insert(k);
                            } else if !self.sdk.is_some_and(|s| s.lifecycle_within(&(k.0..k.1))) {
                                self.deferred.insert(k);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Callee::Expr(c) = &call.callee {
            if let Some(name) = method_reference(c, &self.global_objects) {
                self.member_uses
                    .entry(name.clone())
                    .or_default()
                    .push(Use::CalledAt(range(call.span).start));
                self.enclosing.insert(range(call.span).start, self.stack.clone());
                if let Expr::Member(m) = unwrap(c) {
                    m.obj.visit_with(self);
                }
                self.visit_args(&call.args);
                return;
            }
            if let Expr::Ident(i) = unwrap(c) {
                self.uses
                    .entry(i.sym.clone())
                    .or_default()
                    .push(Use::CalledAt(range(call.span).start));
                self.enclosing.insert(range(call.span).start, self.stack.clone());
                // the callee itself is accounted for; its arguments are visited below
                self.visit_args(&call.args);
                return;
            }
        }
        call.callee.visit_with(self);
        self.visit_args(&call.args);
    }

    fn visit_expr(&mut self, e: &Expr) {
        if let Expr::Ident(i) = e {
            self.uses.entry(i.sym.clone()).or_default().push(Use::Other);
            return;
        }
        if let Some(name) = method_reference(e, &self.global_objects) {
            self.member_uses.entry(name.clone()).or_default().push(Use::Other);
        }
        e.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        if let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left {
            if m.prop.as_ident().is_some_and(|p| p.sym.starts_with("on")) {
                self.handed(&a.right, false);
                if matches!(unwrap(&a.right), Expr::Ident(_)) {
                    a.left.visit_with(self);
                    return;
                }
            }
        }
        a.visit_children_with(self);
    }

    fn visit_prop(&mut self, p: &Prop) {
        // Vue's `methods: { pick() {...} }`: called from the template, on user events
        if let Prop::KeyValue(kv) = p {
            if kv.key.as_ident().is_some_and(|k| k.sym == "methods") {
                if let Expr::Object(methods) = unwrap(&kv.value) {
                    for m in &methods.props {
                        let PropOrSpread::Prop(m) = m else { continue };
                        let k = match &**m {
                            Prop::Method(m) => Some(key(range(m.function.span))),
                            Prop::KeyValue(kv) => function_key(&kv.value),
                            _ => None,
                        };
                        let name = match &**m {
                            Prop::Method(m) => m.key.as_ident().map(|i| i.sym.clone()),
                            Prop::KeyValue(kv) => kv.key.as_ident().map(|i| i.sym.clone()),
                            _ => None,
                        };
                        if let (Some(k), Some(name)) = (k, name) {
                            self.methods.entry(name).or_default().push(k);
                        }
                    }
                }
            }
        }
        p.visit_children_with(self);
    }

    fn visit_jsx_attr(&mut self, a: &JSXAttr) {
        // `<button onClick={share}>`: a React event handler
        let handler = matches!(&a.name, JSXAttrName::Ident(n) if n.sym.starts_with("on"));
        if let (true, Some(JSXAttrValue::JSXExprContainer(c))) = (handler, &a.value) {
            if let JSXExpr::Expr(e) = &c.expr {
                self.handed(e, false);
                if matches!(unwrap(e), Expr::Ident(_)) {
                    return;
                }
            }
        }
        a.visit_children_with(self);
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        self.declared
            .entry(f.ident.sym.clone())
            .or_default()
            .push(key(range(f.function.span)));
        f.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if let (Pat::Ident(name), Some(init)) = (&d.name, &d.init) {
            if let Some(k) = function_key(init) {
                self.declared.entry(name.id.sym.clone()).or_default().push(k);
            }
        }
        d.visit_children_with(self);
    }

    fn visit_export_decl(&mut self, e: &ExportDecl) {
        // an exported function is called by code the tool cannot see
        if let Decl::Fn(f) = &e.decl {
            self.uses.entry(f.ident.sym.clone()).or_default().push(Use::Other);
        }
        e.visit_children_with(self);
    }

    fn visit_function(&mut self, f: &Function) {
        let k = key(range(f.span));
        self.functions.push(k);
        self.stack.push(k);
        f.visit_children_with(self);
        self.stack.pop();
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        let k = key(range(a.span));
        self.functions.push(k);
        self.stack.push(k);
        a.visit_children_with(self);
        self.stack.pop();
    }
}

/// A classic script's global objects (`var NAME = { m: function () {...} }` at its top level):
/// their names, and their methods' ranges by name.
fn global_objects(program: &Program) -> (HashSet<Atom>, HashMap<Atom, Vec<Key>>) {
    let mut names = HashSet::default();
    let mut methods: HashMap<Atom, Vec<Key>> = HashMap::default();
    for (name, object) in crate::scope::global_objects(program) {
        names.insert(name.sym.clone());
        for method in crate::sdk::handlers::object_methods(object) {
            let k = key(method.function);
            methods.entry(Atom::from(method.name)).or_default().push(k);
        }
    }
    (names, methods)
}

/// The gated and deferred functions of a block, by range.
pub(crate) struct Timing {
    gated: HashSet<Key>,
    deferred: HashSet<Key>,
    /// Continuations of a promise a ready callback resolves (`initWx(sig).then(function ...)`):
    /// they run a few microtasks after the ready callbacks, whatever their place in the source.
    continuations: HashSet<Key>,
}

impl Timing {
    /// `component`: the block is a `.vue` component's script, whose functions that the script
    /// never uses are the template's event handlers.
    /// `gated_functions`: functions declared here that the migration unit shows are called
    /// only from `wx.ready` callbacks (of other files, too). `event_handlers`: functions (or
    /// methods of a global object) declared here that the unit shows only event attributes
    /// call (sdk/handlers.rs).
    pub(crate) fn build(
        program: &Program,
        sdk: &SdkModel,
        component: bool,
        gated_functions: &[String],
        event_handlers: &[String],
    ) -> Timing {
        let mut promises = ReadyPromises {
            sdk,
            found: HashSet::default(),
        };
        program.visit_with(&mut promises);
        let (global_objects, object_methods) = global_objects(program);
        let mut c = Collector {
            sdk: Some(sdk),
            ready_promises: promises.found,
            global_objects,
            object_methods,
            ..Collector::default()
        };
        program.visit_with(&mut c);
        for name in gated_functions {
            if let Some([k]) = c.declared.get(&Atom::from(name.as_str())).map(Vec::as_slice) {
                c.gated.insert(*k);
            }
        }
        // Functions declared by name take the timing of every place that uses the name; a
        // place inside a gated or deferred function is known only once that one is, so settle
        // a few rounds.
        for _ in 0..4 {
            let mut changed = false;
            for (name, ranges) in &c.declared {
                let [k] = ranges.as_slice() else { continue };
                let Some(uses) = c.uses.get(name) else {
                    let handler = component || event_handlers.iter().any(|h| h == name.as_str());
                    if handler && !sdk.lifecycle_within(&(k.0..k.1)) && c.deferred.insert(*k) {
                        changed = true;
                    }
                    continue;
                };
                if c.gated.contains(k) || c.deferred.contains(k) {
                    continue;
                }
                // A call from inside the function itself (recursion, a retry in its own
                // callback) runs only once the function does: the other uses decide.
                let uses: Vec<&Use> = uses
                    .iter()
                    .filter(|u| !matches!(u, Use::CalledAt(at) if k.0 <= *at && *at < k.1))
                    .collect();
                if uses.is_empty() {
                    continue;
                }
                let inside = |set: &HashSet<Key>, at: usize| {
                    c.enclosing
                        .get(&at)
                        .is_some_and(|fs| fs.iter().any(|f| set.contains(f)))
                };
                let gated = uses.iter().all(|u| match u {
                    Use::Ready => true,
                    Use::CalledAt(at) => inside(&c.gated, *at),
                    _ => false,
                });
                let configures = sdk.lifecycle_within(&(k.0..k.1));
                let deferred = !configures
                    && uses.iter().all(|u| match u {
                        Use::Ready | Use::Callback => true,
                        Use::CalledAt(at) => inside(&c.gated, *at) || inside(&c.deferred, *at),
                        Use::Other => false,
                    });
                if gated {
                    c.gated.insert(*k);
                    changed = true;
                } else if deferred {
                    c.deferred.insert(*k);
                    changed = true;
                }
            }
            // A component's method runs on the template's events unless the script calls it
            // from code that runs at another time (`mounted() { this.scan() }`). A global
            // object's method runs as the places that reach it (`WeiXin.upload()`,
            // `this.upload()`); one no code reaches runs later only where the unit shows that
            // event attributes call it.
            let component_methods = c.methods.iter().map(|(name, ranges)| (name, ranges, true));
            let object_methods = c
                .object_methods
                .iter()
                .map(|(name, ranges)| (name, ranges, event_handlers.iter().any(|h| h == name.as_str())));
            for (name, ranges, unreached_runs_later) in component_methods.chain(object_methods) {
                let [k] = ranges.as_slice() else { continue };
                if c.gated.contains(k) || c.deferred.contains(k) || sdk.lifecycle_within(&(k.0..k.1)) {
                    continue;
                }
                // a call from inside the method itself runs only once the method does
                let inside = |at: usize| {
                    (k.0 <= at && at < k.1)
                        || c.enclosing
                            .get(&at)
                            .is_some_and(|fs| fs.iter().any(|f| c.gated.contains(f) || c.deferred.contains(f)))
                };
                let later = match c.member_uses.get(name) {
                    None => unreached_runs_later,
                    Some(uses) => uses.iter().all(|u| match u {
                        Use::Ready | Use::Callback => true,
                        Use::CalledAt(at) => inside(*at),
                        Use::Other => false,
                    }),
                };
                if later {
                    c.deferred.insert(*k);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Timing {
            gated: c.gated,
            deferred: c.deferred,
            continuations: c.continuations,
        }
    }

    /// The function spanning `function` runs inside a `wx.ready` callback.
    pub(crate) fn gated(&self, function: &Range<usize>) -> bool {
        self.gated.contains(&key(function.clone()))
    }

    /// The function spanning `function` is the continuation of a promise a ready callback
    /// resolves.
    pub(crate) fn continuation(&self, function: &Range<usize>) -> bool {
        self.continuations.contains(&key(function.clone()))
    }

    /// The function spanning `function` runs later than the page's load and configuration.
    pub(crate) fn deferred(&self, function: &Range<usize>) -> bool {
        self.deferred.contains(&key(function.clone()))
    }
}
