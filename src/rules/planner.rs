//! The planning pass, run over a block before the rules: it plans the `ww.register` of every
//! statement list that calls `wx.config` (see `register`), knowing the options literals held
//! in variables, and the `wx.ready`/`wx.error` calls registered in an enclosing function
//! while `wx.config` waits in a one-shot callback (`$.ajax({ success })`, `.then(...)`):
//!
//! ```js
//! $.get('/sign', function (sig) { wx.config({...}); });
//! wx.ready(function () { ... });   // jweixin queued it until the config replied
//! ```
//!
//! Such a call runs before the config's reply can arrive, so jweixin ran it after the reply;
//! moved next to the config it does the same with `ww`. It moves only when the callbacks on
//! the way run at most once (`runs`), no loop is on the way, no name it uses is declared on the
//! way, and its `this` cannot change; otherwise the rules report it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::rc::Rc;

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::moves::reads;
use super::register::{lifecycle_of, plan_statements, Lifecycle, RegisterPlan};
use super::runs::{LazyRuns, Repeats};
use super::RuleContext;
use crate::parse::{range, range_of};
use crate::scope::{self, Declared};
use crate::sdk::{unwrap, SdkRef};
use crate::source::layout;

/// A variable initialised with an options object literal (`var conf = { appId: ... }`), so
/// that `wx.config(conf)` can be edited in the literal.
#[derive(Debug)]
pub(crate) struct LocalObject {
    pub name: Atom,
    pub object: ObjectLit,
    /// The declaration statement.
    pub statement: Range<usize>,
    /// From the declaration to the end of its statement list.
    pub scope: Range<usize>,
}

/// The options literals of the enclosing statement lists, innermost last.
#[derive(Debug, Default)]
pub(crate) struct LocalObjects(Vec<LocalObject>);

impl LocalObjects {
    /// The literal a variable `name`, used at `at`, holds, when it is used nowhere else.
    pub fn find(&self, text: &str, name: &Atom, at: Range<usize>) -> Option<&LocalObject> {
        let local = self
            .0
            .iter()
            .rev()
            .find(|l| &l.name == name && l.statement.end <= at.start && at.end <= l.scope.end)?;
        // Declared and used once: any other mention (a mutation, a second use, a shadowing
        // name, even a comment) makes the tool leave it alone.
        let scope = &text[local.statement.start..local.scope.end];
        let mentions = layout::word_mentions(scope, name.as_str()).count();
        (mentions == 2).then_some(local)
    }
}

/// A `wx.ready`/`wx.error` statement of an enclosing list that may move next to the config.
pub(crate) struct Candidate {
    /// How many scope frames were open in its list.
    depth: usize,
    method: String,
    statement: Range<usize>,
    call: CallExpr,
    callee: Range<usize>,
    object: SdkRef,
    /// Every name its code reads (a superset of its free names).
    names: HashSet<Atom>,
    /// It uses `this` or `arguments`.
    uses_this: bool,
}

/// What a scope frame is, for moving calls across it.
enum FrameKind {
    Block,
    /// A function: is it an arrow, and where is it (to ask whether it runs at most once each
    /// time its surroundings do)? `None` for one that may run more often (a constructor).
    Function {
        arrow: bool,
        span: Option<Range<usize>>,
    },
    /// A loop body: what moves into it runs once per iteration.
    Loop,
}

struct Frame {
    names: HashSet<Atom>,
    kind: FrameKind,
}

struct Planner<'c, 'a, 'p> {
    cx: &'c RuleContext<'a>,
    plans: HashMap<usize, Rc<RegisterPlan>>,
    locals: LocalObjects,
    frames: Vec<Frame>,
    candidates: Vec<Candidate>,
    /// How often each function and loop body runs.
    runs: LazyRuns<'p>,
    /// Where the block's only `config` call starts, if it has exactly one.
    config_at: Option<usize>,
    /// The next statement list is the top level of a classic script.
    script_top: bool,
}

/// Plans the `ww.register` fixes of one block, by the start offset of each call they cover.
pub(crate) fn plan_block(
    program: &Program,
    cx: &RuleContext,
    config_at: Option<usize>,
) -> HashMap<usize, Rc<RegisterPlan>> {
    let mut planner = Planner {
        cx,
        plans: HashMap::default(),
        locals: LocalObjects::default(),
        frames: Vec::new(),
        candidates: Vec::new(),
        runs: LazyRuns::new(program, &cx.options.unit.repeated_configurators),
        config_at,
        script_top: false,
    };
    program.visit_with(&mut planner);
    planner.plans
}

impl Planner<'_, '_, '_> {
    fn enter(&mut self, declared: Vec<Declared>, kind: FrameKind) {
        self.frames.push(Frame {
            names: declared.into_iter().map(|d| d.name).collect(),
            kind,
        });
    }

    fn enter_function(&mut self, declared: Vec<Declared>, span: Range<usize>, arrow: bool) {
        self.enter(
            declared,
            FrameKind::Function {
                arrow,
                span: Some(span),
            },
        );
    }

    /// Whether the function at `span` runs at most once each time its surroundings do (a
    /// function called from one place runs once if that place does).
    fn runs_once(&self, span: &Option<Range<usize>>) -> bool {
        let Some(span) = span else { return false };
        let runs = self.runs.get();
        match runs.of_function(span.clone()) {
            Some(Repeats::Once) => true,
            Some(Repeats::AsCallAt(call)) => runs.why_repeated(*call).is_none(),
            _ => false,
        }
    }

    fn leave(&mut self) {
        self.frames.pop();
    }

    /// Keeps the options literals a statement list declares.
    fn note_locals(&mut self, stmts: &[&Stmt]) {
        let end = stmts.last().map_or(0, |s| range_of(*s).end);
        for stmt in stmts {
            let Stmt::Decl(Decl::Var(var)) = stmt else { continue };
            for d in &var.decls {
                let (Pat::Ident(name), Some(init)) = (&d.name, &d.init) else {
                    continue;
                };
                let Expr::Object(object) = unwrap(init) else { continue };
                let is_options = object.props.iter().any(|p| match p {
                    PropOrSpread::Prop(p) => match &**p {
                        Prop::KeyValue(kv) => kv.key.as_ident().is_some_and(|k| k.sym == "appId" || k.sym == "corpid"),
                        Prop::Shorthand(i) => i.sym == "appId" || i.sym == "corpid",
                        _ => false,
                    },
                    PropOrSpread::Spread(_) => false,
                });
                if is_options {
                    let statement = range_of(*stmt);
                    self.locals.0.push(LocalObject {
                        name: name.id.sym.clone(),
                        object: object.clone(),
                        scope: statement.start..end,
                        statement,
                    });
                }
            }
        }
    }

    /// Notes the `wx.ready`/`wx.error` statements of a list whose other statement holds the
    /// block's only config call deeper down.
    fn note_candidates(&mut self, stmts: &[&Stmt]) {
        let Some(at) = self.config_at else { return };
        let Some(holder) = stmts.iter().position(|s| range_of(*s).contains(&at)) else {
            return;
        };
        if lifecycle_of(stmts[holder], self.cx.sdk).is_some_and(|l| l.method == "config") {
            return;
        }
        for (i, stmt) in stmts.iter().enumerate() {
            if i == holder {
                continue;
            }
            let Some(l) = lifecycle_of(stmt, self.cx.sdk) else {
                continue;
            };
            if l.method != "ready" && l.method != "error" {
                continue;
            }
            let reads = reads(&l.call.args);
            self.candidates.push(Candidate {
                depth: self.frames.len(),
                method: l.method.to_string(),
                statement: l.statement.clone(),
                call: l.call.clone(),
                callee: l.callee.clone(),
                object: l.object.clone(),
                names: reads.names,
                uses_this: reads.uses_this,
            });
        }
    }

    /// Whether a candidate can move to the current position (inside the config's list).
    fn can_move(&self, candidate: &Candidate) -> bool {
        let between = &self.frames[candidate.depth.min(self.frames.len())..];
        between.iter().all(|f| match f.kind {
            FrameKind::Function { arrow, ref span } => (arrow || !candidate.uses_this) && self.runs_once(span),
            FrameKind::Block => true,
            FrameKind::Loop => false,
        }) && between.iter().all(|f| f.names.is_disjoint(&candidate.names))
    }

    /// Plans one statement list, then visits inside it with its options literals and its
    /// movable calls known.
    fn list(&mut self, stmts: Vec<&Stmt>, visit_children: impl FnOnce(&mut Self)) {
        let locals = self.locals.0.len();
        let candidates = self.candidates.len();
        self.note_locals(&stmts);
        let ancestors: Vec<Lifecycle> = self
            .candidates
            .iter()
            .filter(|c| self.can_move(c))
            .map(|c| Lifecycle {
                method: &c.method,
                statement: c.statement.clone(),
                call: &c.call,
                callee: c.callee.clone(),
                object: &c.object,
            })
            .collect();
        let top_level_script = std::mem::take(&mut self.script_top);
        let plans = plan_statements(
            stmts.iter().copied(),
            self.cx,
            &self.runs,
            &self.locals,
            ancestors,
            top_level_script,
        );
        for (covers, plan) in plans {
            let plan = Rc::new(plan);
            for start in covers {
                self.plans.insert(start, plan.clone());
            }
        }
        self.note_candidates(&stmts);
        visit_children(self);
        self.locals.0.truncate(locals);
        self.candidates.truncate(candidates);
    }
}

impl Visit for Planner<'_, '_, '_> {
    /// A statement with no lifecycle call inside holds nothing to plan: everything noted
    /// inside it (options literals, movable calls, function frames) is dropped on the way
    /// out, so it is not visited at all.
    fn visit_stmt(&mut self, stmt: &Stmt) {
        if self.cx.sdk.lifecycle_within(&range_of(stmt)) {
            stmt.visit_children_with(self);
        }
    }

    fn visit_stmts(&mut self, stmts: &[Stmt]) {
        self.list(stmts.iter().collect(), |this| stmts.visit_children_with(this));
    }

    fn visit_module_items(&mut self, items: &[ModuleItem]) {
        let stmts = items
            .iter()
            .filter_map(|i| match i {
                ModuleItem::Stmt(s) => Some(s),
                ModuleItem::ModuleDecl(_) => None,
            })
            .collect();
        self.list(stmts, |this| items.visit_children_with(this));
    }

    fn visit_module(&mut self, module: &Module) {
        let mut declared = Vec::new();
        scope::module_items(&module.body, &mut declared);
        self.enter(declared, FrameKind::Block);
        module.visit_children_with(self);
        self.leave();
    }

    fn visit_script(&mut self, script: &Script) {
        let mut declared = Vec::new();
        scope::statements(&script.body, true, &mut declared);
        self.enter(declared, FrameKind::Block);
        self.script_top = true;
        script.visit_children_with(self);
        self.leave();
    }

    fn visit_function(&mut self, f: &Function) {
        let mut declared = Vec::new();
        scope::params(f.params.iter().map(|p| &p.pat), &mut declared);
        if let Some(body) = &f.body {
            scope::statements(&body.stmts, true, &mut declared);
        }
        self.enter_function(declared, range(f.span), false);
        f.visit_children_with(self);
        self.leave();
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        let mut declared = Vec::new();
        scope::params(a.params.iter(), &mut declared);
        if let ArrowFunctionBody::FunctionBody(body) = &*a.body {
            scope::statements(&body.stmts, true, &mut declared);
        }
        self.enter_function(declared, range(a.span), true);
        a.visit_children_with(self);
        self.leave();
    }

    fn visit_constructor(&mut self, c: &Constructor) {
        self.enter(
            Vec::new(),
            FrameKind::Function {
                arrow: false,
                span: None,
            },
        );
        c.visit_children_with(self);
        self.leave();
    }

    fn visit_block_stmt(&mut self, b: &BlockStmt) {
        let mut declared = Vec::new();
        scope::statements(&b.stmts, false, &mut declared);
        self.enter(declared, FrameKind::Block);
        b.visit_children_with(self);
        self.leave();
    }

    fn visit_catch_clause(&mut self, c: &CatchClause) {
        let mut declared = Vec::new();
        if let Some(p) = &c.param {
            scope::pattern_names(p, &mut declared);
        }
        self.enter(declared, FrameKind::Block);
        c.visit_children_with(self);
        self.leave();
    }

    fn visit_for_stmt(&mut self, s: &ForStmt) {
        self.in_loop(|this| s.visit_children_with(this));
    }

    fn visit_for_in_stmt(&mut self, s: &ForInStmt) {
        self.in_loop(|this| s.visit_children_with(this));
    }

    fn visit_for_of_stmt(&mut self, s: &ForOfStmt) {
        self.in_loop(|this| s.visit_children_with(this));
    }

    fn visit_while_stmt(&mut self, s: &WhileStmt) {
        self.in_loop(|this| s.visit_children_with(this));
    }

    fn visit_do_while_stmt(&mut self, s: &DoWhileStmt) {
        self.in_loop(|this| s.visit_children_with(this));
    }
}

impl Planner<'_, '_, '_> {
    fn in_loop(&mut self, visit: impl FnOnce(&mut Self)) {
        self.enter(Vec::new(), FrameKind::Loop);
        visit(self);
        self.leave();
    }
}
