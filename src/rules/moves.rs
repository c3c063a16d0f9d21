//! Whether a statement keeps its meaning when the `ww.register` fix moves it (semantics.md
//! 6.9). A `wx.agentConfig` or `wx.error` lifted out of a `wx.ready` callback, or an agent
//! config written after `wx.config` and merged into it, is evaluated where the config was:
//! every name it reads must resolve to the same binding there and already hold its value.
//! A name the callback declares, a name set between the two places, or an `await` between
//! them means the moved code would read something else (issue 9, class 1).

use rustc_hash::FxHashSet as HashSet;

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::scope::{self, Declared};

/// The names a piece of code reads, and whether it uses `this` or `arguments`.
#[derive(Default)]
pub(crate) struct Reads {
    pub names: HashSet<Atom>,
    pub uses_this: bool,
}

impl Visit for Reads {
    fn visit_expr(&mut self, e: &Expr) {
        match e {
            Expr::Ident(i) => {
                if i.sym == "arguments" {
                    self.uses_this = true;
                }
                self.names.insert(i.sym.clone());
            }
            Expr::This(_) => self.uses_this = true,
            _ => e.visit_children_with(self),
        }
    }

    fn visit_prop(&mut self, p: &Prop) {
        if let Prop::Shorthand(i) = p {
            self.names.insert(i.sym.clone());
        }
        p.visit_children_with(self);
    }
}

/// Every name `node` reads (a superset of its free names).
pub(crate) fn reads<N: VisitWith<Reads> + ?Sized>(node: &N) -> Reads {
    let mut reads = Reads::default();
    node.visit_with(&mut reads);
    reads
}

/// The names some statements declare or assign, and whether they `await` or `yield` (outside
/// the functions they define).
#[derive(Default)]
struct Writes {
    names: HashSet<Atom>,
    awaits: bool,
    function_depth: usize,
}

impl Writes {
    fn pattern(&mut self, pat: &Pat) {
        let mut declared = Vec::new();
        scope::pattern_names(pat, &mut declared);
        self.names.extend(declared.into_iter().map(|d| d.name));
    }
}

impl Visit for Writes {
    fn visit_assign_target(&mut self, target: &AssignTarget) {
        match target {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i)) => {
                self.names.insert(i.id.sym.clone());
            }
            AssignTarget::Pat(p) => match p {
                AssignTargetPat::Array(a) => self.pattern(&Pat::Array(a.clone())),
                AssignTargetPat::Object(o) => self.pattern(&Pat::Object(o.clone())),
                AssignTargetPat::Invalid(_) => {}
            },
            _ => {}
        }
        target.visit_children_with(self);
    }

    fn visit_update_expr(&mut self, u: &UpdateExpr) {
        if let Expr::Ident(i) = &*u.arg {
            self.names.insert(i.sym.clone());
        }
        u.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        self.pattern(&d.name);
        d.visit_children_with(self);
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        self.names.insert(f.ident.sym.clone());
        f.visit_children_with(self);
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        self.names.insert(c.ident.sym.clone());
        c.visit_children_with(self);
    }

    fn visit_await_expr(&mut self, a: &AwaitExpr) {
        if self.function_depth == 0 {
            self.awaits = true;
        }
        a.visit_children_with(self);
    }

    fn visit_yield_expr(&mut self, y: &YieldExpr) {
        if self.function_depth == 0 {
            self.awaits = true;
        }
        y.visit_children_with(self);
    }

    fn visit_function(&mut self, f: &Function) {
        self.function_depth += 1;
        f.visit_children_with(self);
        self.function_depth -= 1;
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        self.function_depth += 1;
        a.visit_children_with(self);
        self.function_depth -= 1;
    }
}

/// Why `moved` (a lifecycle call statement) would not keep its meaning if it ran before
/// `between` instead of after it, as `what` (`wx.agentConfig`); `None` when it would.
pub(crate) fn why_not_movable_over(moved: &CallExpr, between: &[&Stmt], what: &str) -> Option<String> {
    let read = reads(&moved.args);
    let mut writes = Writes::default();
    between.iter().for_each(|s| s.visit_with(&mut writes));
    if let Some(name) = sorted(read.names.intersection(&writes.names)).first() {
        return Some(format!(
            "{what} reads `{name}`, which is set after the configuration and before {what}: merged into `ww.register` it would be read too early"
        ));
    }
    writes.awaits.then(|| {
        format!("{what} runs after an `await`: merged into `ww.register` its values would be read before that")
    })
}

/// Why `moved`, a statement of the callback `callback` of `wx.ready` at `index` of its body,
/// would not keep its meaning if it ran where the configuration is; `None` when it would.
pub(crate) fn why_not_liftable(
    callback: &Expr,
    body: &[Stmt],
    index: usize,
    moved: &CallExpr,
    what: &str,
) -> Option<String> {
    let read = reads(&moved.args);
    let mut declared: Vec<Declared> = Vec::new();
    let arrow = match callback {
        Expr::Fn(f) => {
            scope::params(f.function.params.iter().map(|p| &p.pat), &mut declared);
            false
        }
        Expr::Arrow(a) => {
            scope::params(a.params.iter(), &mut declared);
            true
        }
        _ => false,
    };
    scope::statements(body, true, &mut declared);
    let declared: HashSet<Atom> = declared.into_iter().map(|d| d.name).collect();
    if let Some(name) = sorted(read.names.intersection(&declared)).first() {
        return Some(format!(
            "{what} in the `wx.ready` callback reads `{name}`, which that callback declares: merged into `ww.register` it would read another `{name}`, or none"
        ));
    }
    if read.uses_this && !arrow {
        return Some(format!(
            "{what} in the `wx.ready` callback uses `this` or `arguments`, which mean something else where `ww.register` is"
        ));
    }
    let before: Vec<&Stmt> = body[..index].iter().collect();
    why_not_movable_over(moved, &before, &format!("{what} in the `wx.ready` callback"))
}

fn sorted<'a>(names: impl Iterator<Item = &'a Atom>) -> Vec<&'a Atom> {
    let mut v: Vec<&Atom> = names.collect();
    v.sort();
    v
}
