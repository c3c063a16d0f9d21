//! How often a piece of code runs per page load, as far as the block's text shows. jweixin sent
//! one handshake per `wx.config` call, `@wecom/jssdk` one per page however often `register`
//! runs, so a configuration becomes `ww.register` only where it runs at most once (issue 9,
//! class 4: a loop, a function called from two places, a click handler). The planner also
//! moves `wx.ready`/`wx.error` statements into a callback only when that callback runs once.
//!
//! A function runs at most once each time the code around it runs when it is a promise
//! continuation, a request's `success`/`complete`, a DOM-ready, load or timer callback, a
//! promise executor, an immediately called function, a root component's `mounted`/`created`
//! hook (`new Vue({...})`, `createApp({...})`; a component's hooks run once per instance),
//! or a function declared by name and called from exactly one place (then it runs as often as
//! that place). Loop bodies, event listeners, element callbacks (`forEach`) and functions
//! handed to code the tool cannot see may run more often.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::parse::{range, range_of};
use crate::sdk::unwrap;

/// How a function or loop body runs each time the code around it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Repeats {
    /// At most once.
    Once,
    /// As often as the call starting at this offset (a function called from one place).
    AsCallAt(usize),
    /// Perhaps more than once, and why (for messages).
    Maybe(Why),
}

/// Why code may run more than once, kept as the facts and put into words only when a message
/// needs them: a block classifies every function it has, and most reasons are never shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    Said(&'static str),
    ListensTo(Atom),
    PerElement(&'static str),
    PassedTo(Atom),
    CalledFrom(Atom, usize),
    UsedAsValue(Atom),
    HookPerInstance(Atom),
    MethodNotCalled(Atom),
    MethodCalledFrom(Atom, usize),
    NewWrittenIn(Atom, usize),
    EventHandler(Atom),
    StoredIn(Atom),
    /// A component's watcher (`watch: { $route() {...} }`).
    Watches(Atom),
    /// A reason the migration unit gives (sdk/configurators.rs).
    Unit(std::rc::Rc<str>),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Said(text) => f.write_str(text),
            Why::ListensTo(event) => write!(f, "it listens to `{event}`, which may fire more than once"),
            Why::PerElement(name) => write!(f, "`{name}` calls it once per element"),
            Why::PassedTo(name) => write!(
                f,
                "it is passed to `{name}(...)`, which the tool cannot see call it only once"
            ),
            Why::CalledFrom(name, places) => write!(f, "`{name}` is called from {places} places"),
            Why::UsedAsValue(name) => write!(f, "`{name}` is used as a value, so it may be called again"),
            Why::HookPerInstance(name) => write!(
                f,
                "`{name}` runs once per component instance, and a page may have several"
            ),
            Why::MethodNotCalled(name) => write!(f, "the method `{name}` is not called by name in this code"),
            Why::MethodCalledFrom(name, places) => write!(f, "`.{name}(...)` is called from {places} places"),
            Why::NewWrittenIn(class, places) => write!(f, "`new {class}` is written in {places} places"),
            Why::EventHandler(name) => write!(f, "it is the `{name}` handler, which runs on every event"),
            Why::StoredIn(name) => write!(f, "it is stored in `.{name}` and may be called again"),
            Why::Watches(name) => write!(f, "it watches `{name}`, which may change more than once"),
            Why::Unit(text) => f.write_str(text),
        }
    }
}

struct Region {
    range: Range<usize>,
    repeats: Repeats,
}

/// The functions and loop bodies of a block with how often each runs.
pub(crate) struct Runs {
    regions: Vec<Region>,
    by_range: HashMap<(usize, usize), usize>,
}

/// Callees that call a function argument at most once.
const ONCE_CALLEES: &[&str] = &[
    "then",
    "catch",
    "finally",
    "done",
    "always",
    "fail",
    "ready",
    "error",
    "$",
    "jQuery",
    "get",
    "post",
    "getJSON",
    "ajax",
    "setTimeout",
    "requestAnimationFrame",
    "requestIdleCallback",
    "nextTick",
    "$nextTick",
    "queueMicrotask",
    "one",
    "onMounted",
    "onBeforeMount",
];
/// Callees that call a function argument once per element.
const EACH_CALLEES: &[&str] = &[
    "forEach",
    "map",
    "filter",
    "reduce",
    "reduceRight",
    "some",
    "every",
    "find",
    "findIndex",
    "flatMap",
    "sort",
];
/// Request options whose function runs once per request.
const ONCE_KEYS: &[&str] = &["success", "complete", "error", "fail"];
/// Component hooks that run once per component instance.
const ONCE_HOOKS: &[&str] = &[
    "created",
    "beforeMount",
    "mounted",
    "onLoad",
    "onReady",
    "componentDidMount",
    "componentWillMount",
    "setup",
];
/// DOM events that fire once per page.
const ONCE_EVENTS: &[&str] = &["DOMContentLoaded", "load", "WeixinJSBridgeReady"];

fn callee_name(callee: &Callee) -> Option<&Atom> {
    match callee {
        Callee::Expr(c) => match unwrap(c) {
            Expr::Ident(i) => Some(&i.sym),
            Expr::Member(m) => m.prop.as_ident().map(|i| &i.sym),
            _ => None,
        },
        _ => None,
    }
}

/// How a function passed as argument `index` of `call` runs.
fn as_argument(call: &CallExpr, index: usize) -> Repeats {
    let Some(callee) = callee_name(&call.callee) else {
        return Repeats::Maybe(Why::Said("it is passed to a computed callee"));
    };
    let name = callee.as_str();
    if name == "addEventListener" || name == "on" {
        let event = call.args.first().and_then(|a| match unwrap(&a.expr) {
            Expr::Lit(Lit::Str(s)) => s.value.as_atom().cloned(),
            _ => None,
        });
        return match event {
            Some(e) if index > 0 && ONCE_EVENTS.contains(&e.as_str()) => Repeats::Once,
            Some(e) => Repeats::Maybe(Why::ListensTo(e)),
            None => Repeats::Maybe(Why::Said("it is an event listener, which runs on every event")),
        };
    }
    if ONCE_CALLEES.contains(&name) {
        return Repeats::Once;
    }
    if let Some(each) = EACH_CALLEES.iter().find(|&&each| each == name) {
        return Repeats::Maybe(Why::PerElement(each));
    }
    if name == "setInterval" {
        return Repeats::Maybe(Why::Said("`setInterval` calls it again and again"));
    }
    Repeats::Maybe(Why::PassedTo(callee.clone()))
}

/// Where each name is used, collected before the regions are classified.
#[derive(Default)]
struct Uses {
    /// Identifier expressions by name: every read, call and argument.
    idents: HashMap<Atom, usize>,
    /// `f(...)`: call starts by callee name.
    calls: HashMap<Atom, Vec<usize>>,
    /// `x.name(...)`: call starts by member name.
    member_calls: HashMap<Atom, Vec<usize>>,
    /// `new C(...)`: starts by class name.
    news: HashMap<Atom, Vec<usize>>,
    /// `g(..., f, ...)`: how a function passed by name runs there.
    passed: HashMap<Atom, Vec<Repeats>>,
    /// Functions the migration unit shows may be called more than once, and why.
    repeated: HashMap<Atom, std::rc::Rc<str>>,
}

impl Visit for Uses {
    fn visit_ident(&mut self, _: &Ident) {}

    fn visit_expr(&mut self, e: &Expr) {
        if let Expr::Ident(i) = e {
            *self.idents.entry(i.sym.clone()).or_default() += 1;
        }
        e.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        let start = range(call.span).start;
        if let Callee::Expr(c) = &call.callee {
            match unwrap(c) {
                Expr::Ident(i) => self.calls.entry(i.sym.clone()).or_default().push(start),
                Expr::Member(m) => {
                    if let Some(p) = m.prop.as_ident() {
                        self.member_calls.entry(p.sym.clone()).or_default().push(start);
                    }
                }
                _ => {}
            }
        }
        for (index, arg) in call.args.iter().enumerate() {
            if let Expr::Ident(i) = unwrap(&arg.expr) {
                self.passed
                    .entry(i.sym.clone())
                    .or_default()
                    .push(as_argument(call, index));
            }
        }
        call.visit_children_with(self);
    }

    fn visit_new_expr(&mut self, n: &NewExpr) {
        if let Expr::Ident(i) = unwrap(&n.callee) {
            self.news.entry(i.sym.clone()).or_default().push(range(n.span).start);
        }
        n.visit_children_with(self);
    }
}

impl Uses {
    /// How a function declared as `name` runs: from the places in this block that use the name,
    /// or, where those show nothing that repeats, from the unit's calls (sdk/configurators.rs).
    fn named(&self, name: &Atom) -> Repeats {
        let here = self.named_here(name);
        match self.repeated.get(name) {
            Some(why) if !matches!(here, Repeats::Maybe(_)) => Repeats::Maybe(Why::Unit(why.clone())),
            _ => here,
        }
    }

    /// How a function declared as `name` runs, from the places in this block that use it.
    fn named_here(&self, name: &Atom) -> Repeats {
        let uses = self.idents.get(name).copied().unwrap_or(0);
        let calls = self.calls.get(name).map(Vec::as_slice).unwrap_or_default();
        let passed = self.passed.get(name).map(Vec::as_slice).unwrap_or_default();
        match (uses, calls, passed) {
            (0, _, _) => Repeats::Once,
            (1, [call], _) => Repeats::AsCallAt(*call),
            (1, [], [how]) => how.clone(),
            _ if calls.len() > 1 => Repeats::Maybe(Why::CalledFrom(name.clone(), calls.len())),
            _ => Repeats::Maybe(Why::UsedAsValue(name.clone())),
        }
    }

    /// How a method `name` of a classic script's global object (`var WeiXin = { init:
    /// function () {...} }`) runs: as its one call site in this block, once where the block
    /// has none (other scripts and the page call it; the unit counts those calls, as for a
    /// global function, sdk/configurators.rs), or as the unit shows.
    fn global_method(&self, name: &Atom) -> Repeats {
        let here = match self.member_calls.get(name).map(Vec::as_slice).unwrap_or_default() {
            [call] => Repeats::AsCallAt(*call),
            [] => Repeats::Once,
            calls => Repeats::Maybe(Why::MethodCalledFrom(name.clone(), calls.len())),
        };
        match self.repeated.get(name) {
            Some(why) if !matches!(here, Repeats::Maybe(_)) => Repeats::Maybe(Why::Unit(why.clone())),
            _ => here,
        }
    }

    /// How a method `name` runs: as its one call site, if it has one. `root`: the method is
    /// an option of a root component (`new Vue({...})`, `createApp({...})`), whose hooks run
    /// once; a component's hooks run once per instance, and a page may have several.
    fn method(&self, name: &Atom, root: bool) -> Repeats {
        if ONCE_HOOKS.contains(&name.as_str()) {
            return match root {
                true => Repeats::Once,
                false => Repeats::Maybe(Why::HookPerInstance(name.clone())),
            };
        }
        match self.member_calls.get(name).map(Vec::as_slice).unwrap_or_default() {
            [call] => Repeats::AsCallAt(*call),
            [] => Repeats::Maybe(Why::MethodNotCalled(name.clone())),
            calls => Repeats::Maybe(Why::MethodCalledFrom(name.clone(), calls.len())),
        }
    }
}

struct Classifier<'u> {
    uses: &'u Uses,
    regions: Vec<Region>,
    /// Object literals that configure a root component (`new Vue({...})`, `createApp({...})`).
    roots: rustc_hash::FxHashSet<(usize, usize)>,
    /// A classic script's global objects (`var WeiXin = {...}` at its top level).
    globals: rustc_hash::FxHashSet<(usize, usize)>,
    /// The object literals around the code being walked: is each a root component's options,
    /// and is it a global object?
    objects: Vec<(bool, bool)>,
    /// Functions already classified by the construct around them (argument, IIFE, ...).
    decided: HashMap<(usize, usize), Repeats>,
}

fn function_key(expr: &Expr) -> Option<(usize, usize)> {
    match unwrap(expr) {
        Expr::Fn(f) => Some(key(range(f.function.span))),
        Expr::Arrow(a) => Some(key(range(a.span))),
        _ => None,
    }
}

fn key(r: Range<usize>) -> (usize, usize) {
    (r.start, r.end)
}

impl Classifier<'_> {
    fn decide(&mut self, expr: &Expr, repeats: Repeats) {
        if let Some(k) = function_key(expr) {
            self.decided.entry(k).or_insert(repeats);
        }
    }

    fn function(&mut self, r: Range<usize>) {
        let repeats = self.decided.remove(&key(r.clone())).unwrap_or(Repeats::Maybe(Why::Said(
            "the tool cannot tell how often this function is called",
        )));
        self.regions.push(Region { range: r, repeats });
    }

    fn repeated(&mut self, body: &Stmt, why: &'static str) {
        self.regions.push(Region {
            range: range_of(body),
            repeats: Repeats::Maybe(Why::Said(why)),
        });
    }
}

impl Visit for Classifier<'_> {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Expr(c) = &call.callee {
            // `(function () { ... })()`
            self.decide(c, Repeats::Once);
        }
        if callee_name(&call.callee).is_some_and(|n| n == "createApp") {
            if let Some(Expr::Object(o)) = call.args.first().map(|a| unwrap(&a.expr)) {
                self.roots.insert(key(range(o.span)));
            }
        }
        for (index, arg) in call.args.iter().enumerate() {
            self.decide(&arg.expr, as_argument(call, index));
            if let Expr::Object(options) = unwrap(&arg.expr) {
                for p in &options.props {
                    let PropOrSpread::Prop(p) = p else { continue };
                    match &**p {
                        Prop::KeyValue(kv)
                            if kv.key.as_ident().is_some_and(|k| ONCE_KEYS.contains(&k.sym.as_str())) =>
                        {
                            self.decide(&kv.value, Repeats::Once)
                        }
                        Prop::Method(m) if m.key.as_ident().is_some_and(|k| ONCE_KEYS.contains(&k.sym.as_str())) => {
                            self.decided.entry(key(range(m.function.span))).or_insert(Repeats::Once);
                        }
                        _ => {}
                    }
                }
            }
        }
        call.visit_children_with(self);
    }

    fn visit_new_expr(&mut self, n: &NewExpr) {
        let callee = match unwrap(&n.callee) {
            Expr::Ident(i) => Some(i.sym.as_str()),
            _ => None,
        };
        for arg in n.args.iter().flatten() {
            match callee {
                Some("Promise") => self.decide(&arg.expr, Repeats::Once),
                Some("Vue") => {
                    if let Expr::Object(o) = unwrap(&arg.expr) {
                        self.roots.insert(key(range(o.span)));
                    }
                }
                _ => {}
            }
        }
        n.visit_children_with(self);
    }

    fn visit_object_lit(&mut self, o: &ObjectLit) {
        let root = self.roots.contains(&key(range(o.span)));
        let global = self.globals.contains(&key(range(o.span)));
        self.objects.push((root, global));
        o.visit_children_with(self);
        self.objects.pop();
    }

    fn visit_prop(&mut self, p: &Prop) {
        // a component's watchers run at each change of what they watch
        if let Prop::KeyValue(kv) = p {
            if let (Some("watch"), Expr::Object(watchers)) =
                (kv.key.as_ident().map(|k| k.sym.as_str()), unwrap(&kv.value))
            {
                for watcher in &watchers.props {
                    let PropOrSpread::Prop(watcher) = watcher else { continue };
                    let (name, function) = match &**watcher {
                        Prop::Method(m) => (
                            crate::rules::options::prop_name(&m.key),
                            Some(key(range(m.function.span))),
                        ),
                        Prop::KeyValue(kv) => (crate::rules::options::prop_name(&kv.key), function_key(&kv.value)),
                        _ => continue,
                    };
                    if let (Some(name), Some(function)) = (name, function) {
                        self.decided
                            .entry(function)
                            .or_insert(Repeats::Maybe(Why::Watches(Atom::from(name))));
                    }
                }
            }
        }
        let (root, global) = self.objects.last().copied().unwrap_or((false, false));
        let how = |name: &Atom| match global {
            true => self.uses.global_method(name),
            false => self.uses.method(name, root),
        };
        match p {
            Prop::KeyValue(kv) => {
                if let Some(k) = kv.key.as_ident() {
                    let how = how(&k.sym);
                    self.decide(&kv.value, how);
                }
            }
            Prop::Method(m) => {
                if let Some(k) = m.key.as_ident() {
                    let how = how(&k.sym);
                    self.decided.entry(key(range(m.function.span))).or_insert(how);
                }
            }
            _ => {}
        }
        p.visit_children_with(self);
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        let news = self.uses.news.get(&c.ident.sym).map(Vec::as_slice).unwrap_or_default();
        for member in &c.class.body {
            if let ClassMember::Constructor(ctor) = member {
                let how = match news {
                    [one] => Repeats::AsCallAt(*one),
                    _ => Repeats::Maybe(Why::NewWrittenIn(c.ident.sym.clone(), news.len())),
                };
                self.regions.push(Region {
                    range: range(ctor.span),
                    repeats: how,
                });
            }
        }
        c.visit_children_with(self);
    }

    fn visit_class_method(&mut self, m: &ClassMethod) {
        if let Some(k) = m.key.as_ident() {
            let how = self.uses.method(&k.sym, false);
            self.decided.entry(key(range(m.function.span))).or_insert(how);
        }
        m.visit_children_with(self);
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        let how = self.uses.named(&f.ident.sym);
        self.decided.entry(key(range(f.function.span))).or_insert(how);
        f.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if let (Pat::Ident(name), Some(init)) = (&d.name, &d.init) {
            let how = self.uses.named(&name.id.sym);
            self.decide(init, how);
        }
        d.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        if let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left {
            if let Some(p) = m.prop.as_ident() {
                let how = match p.sym.as_str() {
                    "onload" => Repeats::Once,
                    name if name.starts_with("on") => Repeats::Maybe(Why::EventHandler(p.sym.clone())),
                    _ => Repeats::Maybe(Why::StoredIn(p.sym.clone())),
                };
                self.decide(&a.right, how);
            }
        }
        a.visit_children_with(self);
    }

    fn visit_function(&mut self, f: &Function) {
        self.function(range(f.span));
        f.visit_children_with(self);
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        self.function(range(a.span));
        a.visit_children_with(self);
    }

    fn visit_for_stmt(&mut self, s: &ForStmt) {
        self.repeated(&s.body, "it is in a loop");
        s.visit_children_with(self);
    }

    fn visit_for_in_stmt(&mut self, s: &ForInStmt) {
        self.repeated(&s.body, "it is in a loop");
        s.visit_children_with(self);
    }

    fn visit_for_of_stmt(&mut self, s: &ForOfStmt) {
        self.repeated(&s.body, "it is in a loop");
        s.visit_children_with(self);
    }

    fn visit_while_stmt(&mut self, s: &WhileStmt) {
        self.repeated(&s.body, "it is in a loop");
        s.visit_children_with(self);
    }

    fn visit_do_while_stmt(&mut self, s: &DoWhileStmt) {
        self.repeated(&s.body, "it is in a loop");
        s.visit_children_with(self);
    }
}

/// [`Runs`] built the first time it is asked for: most blocks have nothing to plan that
/// needs it (no configuration, no call that might move).
pub(crate) struct LazyRuns<'p> {
    program: &'p Program,
    repeated: &'p [(String, String)],
    built: std::cell::OnceCell<Runs>,
}

impl<'p> LazyRuns<'p> {
    pub(crate) fn new(program: &'p Program, repeated: &'p [(String, String)]) -> Self {
        LazyRuns {
            program,
            repeated,
            built: std::cell::OnceCell::new(),
        }
    }

    pub(crate) fn get(&self) -> &Runs {
        self.built.get_or_init(|| Runs::build(self.program, self.repeated))
    }
}

impl Runs {
    /// `repeated`: functions the migration unit shows may be called more than once, and why
    /// (configurators other files call, sdk/configurators.rs).
    pub(crate) fn build(program: &Program, repeated: &[(String, String)]) -> Runs {
        let mut uses = Uses {
            repeated: repeated
                .iter()
                .map(|(n, why)| (Atom::from(n.as_str()), std::rc::Rc::from(why.as_str())))
                .collect(),
            ..Uses::default()
        };
        program.visit_with(&mut uses);
        let mut classifier = Classifier {
            uses: &uses,
            regions: Vec::new(),
            roots: Default::default(),
            globals: crate::scope::global_objects(program)
                .into_iter()
                .map(|(_, object)| key(range(object.span)))
                .collect(),
            objects: Vec::new(),
            decided: HashMap::default(),
        };
        program.visit_with(&mut classifier);
        let mut regions = classifier.regions;
        regions.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
        let by_range = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (key(r.range.clone()), i))
            .collect();
        Runs { regions, by_range }
    }

    /// How the function spanning `function` runs each time the code around it runs.
    pub(crate) fn of_function(&self, function: Range<usize>) -> Option<&Repeats> {
        self.by_range.get(&key(function)).map(|&i| &self.regions[i].repeats)
    }

    /// Why the code at offset `at` may run more than once per page load; `None` when it runs
    /// at most once.
    pub(crate) fn why_repeated(&self, at: usize) -> Option<String> {
        let mut at = at;
        for _ in 0..32 {
            let mut around: Vec<&Region> = self
                .regions
                .iter()
                .filter(|r| r.range.start <= at && at < r.range.end)
                .collect();
            around.sort_by_key(|r| r.range.len());
            let mut next = None;
            for region in around {
                match &region.repeats {
                    Repeats::Once => {}
                    Repeats::Maybe(why) => return Some(why.to_string()),
                    Repeats::AsCallAt(call) => {
                        next = Some(*call);
                        break;
                    }
                }
            }
            match next {
                Some(call) if call != at => at = call,
                Some(_) => return Some("it calls itself".to_string()),
                None => return None,
            }
        }
        Some("it is reached through a long chain of calls".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_block;
    use crate::source::{FileKind, SourceFile};

    fn why(code: &str, marker: &str) -> Option<String> {
        let file = SourceFile::new(
            "t.js".into(),
            FileKind::from_path(std::path::Path::new("t.js")).unwrap(),
            code.to_string(),
        );
        let extracted = file.extract();
        let parsed = parse_block(&file.text, &extracted.blocks[0], false).unwrap();
        let runs = Runs::build(&parsed.program, &[]);
        runs.why_repeated(code.find(marker).unwrap())
    }

    #[test]
    fn a_watcher_runs_at_each_change() {
        let component =
            "export default { watch: { $route(to) { wx.config({}); }, 'form.id': function () { wx.config({}); } } };";
        assert_eq!(
            why(component, "wx.config").as_deref(),
            Some("it watches `$route`, which may change more than once")
        );
    }

    #[test]
    fn a_global_objects_method_runs_as_the_unit_calls_it() {
        // no call in its own block: the page calls it (the unit counts those calls)
        let object = "var WeiXin = { init: function () { wx.config({}); } };";
        assert_eq!(why(object, "wx.config"), None);
        let called_once = format!("{object}\nWeiXin.init();");
        assert_eq!(why(&called_once, "wx.config"), None);
        let on_click = format!("{object}\nbtn.onclick = function () {{ WeiXin.init(); }};");
        assert!(why(&on_click, "wx.config").is_some());
        // an object in a function is no global: its method may run with every call
        let local = "function make() { return { init: function () { wx.config({}); } }; }";
        assert!(why(local, "wx.config").is_some());
    }

    #[test]
    fn top_level_and_one_shot_callbacks_run_once() {
        assert_eq!(why("wx.config({});", "wx.config"), None);
        assert_eq!(why("fetch(u).then(function (s) { wx.config(s); });", "wx.config"), None);
        assert_eq!(
            why("$.ajax({ success: function (s) { wx.config(s); } });", "wx.config"),
            None
        );
        assert_eq!(why("new Promise(function (r) { wx.config({}); });", "wx.config"), None);
        assert_eq!(why("function init() { wx.config({}); } init();", "wx.config"), None);
        assert_eq!(
            why("class A { init() { wx.config({}); } } new A().init();", "wx.config"),
            None
        );
    }

    #[test]
    fn loops_handlers_and_second_calls_may_repeat() {
        assert_eq!(
            why("for (var i = 0; i < 2; i++) { wx.config({}); }", "wx.config").as_deref(),
            Some("it is in a loop")
        );
        assert_eq!(
            why("function init() { wx.config({}); } init(); init();", "wx.config").as_deref(),
            Some("`init` is called from 2 places")
        );
        assert_eq!(
            why(
                "btn.addEventListener('click', function () { wx.config({}); });",
                "wx.config"
            )
            .as_deref(),
            Some("it listens to `click`, which may fire more than once")
        );
        assert_eq!(
            why("[1, 2].forEach(function () { wx.config({}); });", "wx.config").as_deref(),
            Some("`forEach` calls it once per element")
        );
        assert_eq!(
            why("function init() { wx.config({}); } for (;;) { init(); }", "wx.config").as_deref(),
            Some("it is in a loop")
        );
    }
}
