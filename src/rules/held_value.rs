//! Whether a name handed to jweixin as a callback (`wx.ready(onReady)`, `wx.error(onError)`)
//! still holds the same function when `ww` calls it. jweixin stored the function the name held
//! at the call; the `ww` form calls the name when the handshake replies, so a name assigned in
//! between (`onReady = other`, `cb = null`) calls another function, or throws (helper-30).

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::parse::range;

/// Why `name`, read at byte `at` of `program`, may not hold the same value later, or `None`
/// when it does as far as this code shows: it never assigns the name but where it declares
/// it, by a function declaration, a parameter or a declaration whose value comes before `at`.
/// A name this code does not declare is another script's global (`function init() {...}` in
/// a later script block of the page): taken to keep its function, as code rarely swaps a
/// page's handler while the handshake runs.
pub(crate) fn why_it_may_change(program: &Program, name: &Atom, at: usize) -> Option<String> {
    let mut writes = Writes {
        name,
        at,
        changed: None,
    };
    program.visit_with(&mut writes);
    writes.changed
}

struct Writes<'n> {
    name: &'n Atom,
    at: usize,
    changed: Option<String>,
}

impl Writes<'_> {
    fn assigned(&mut self) {
        self.changed.get_or_insert_with(|| {
            format!(
                "`{}` is assigned elsewhere in this code: jweixin kept the function it held at the call, the `ww` form calls what it holds when the handshake replies",
                self.name
            )
        });
    }

    /// `for (onReady of list)`, `for (onReady in o)`: each turn assigns the name.
    fn loop_head(&mut self, head: &ForHead) {
        let binds = match head {
            ForHead::Pat(p) => self.pattern_binds(p),
            ForHead::VarDecl(v) => v.decls.iter().any(|d| self.pattern_binds(&d.name)),
            ForHead::UsingDecl(_) => false,
        };
        if binds {
            self.assigned();
        }
    }

    fn pattern_binds(&self, pat: &Pat) -> bool {
        let mut declared = Vec::new();
        crate::scope::pattern_names(pat, &mut declared);
        declared.iter().any(|d| d.name == *self.name)
    }
}

impl Visit for Writes<'_> {
    fn visit_assign_target(&mut self, target: &AssignTarget) {
        match target {
            AssignTarget::Simple(SimpleAssignTarget::Ident(i)) if i.id.sym == *self.name => self.assigned(),
            AssignTarget::Pat(AssignTargetPat::Array(a)) if self.pattern_binds(&Pat::Array(a.clone())) => {
                self.assigned()
            }
            AssignTarget::Pat(AssignTargetPat::Object(o)) if self.pattern_binds(&Pat::Object(o.clone())) => {
                self.assigned()
            }
            _ => {}
        }
        target.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        // (`window.onReady = other`: the global the name reads)
        if let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left {
            let on_global = matches!(&*m.obj, Expr::Ident(o) if matches!(&*o.sym, "window" | "self" | "globalThis"));
            if on_global && m.prop.as_ident().is_some_and(|p| p.sym == *self.name) {
                self.assigned();
            }
        }
        a.visit_children_with(self);
    }

    fn visit_for_in_stmt(&mut self, f: &ForInStmt) {
        self.loop_head(&f.left);
        f.visit_children_with(self);
    }

    fn visit_for_of_stmt(&mut self, f: &ForOfStmt) {
        self.loop_head(&f.left);
        f.visit_children_with(self);
    }

    fn visit_block_stmt(&mut self, b: &BlockStmt) {
        // (a function declared in a block assigns the name when the block runs)
        let declares = b
            .stmts
            .iter()
            .any(|s| matches!(s, Stmt::Decl(Decl::Fn(f)) if f.ident.sym == *self.name));
        if declares {
            self.assigned();
        }
        b.visit_children_with(self);
    }

    fn visit_update_expr(&mut self, u: &UpdateExpr) {
        if matches!(&*u.arg, Expr::Ident(i) if i.sym == *self.name) {
            self.assigned();
        }
        u.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if self.pattern_binds(&d.name) {
            // (`wx.ready(onReady); var onReady = function () {...}`: undefined at the call)
            if d.init.is_some() && range(d.span).start >= self.at {
                self.changed.get_or_insert_with(|| {
                    format!(
                        "`{}` gets its value after the call: jweixin kept `undefined`, the `ww` form calls the later function",
                        self.name
                    )
                });
            }
        }
        d.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::parse::parse_block;
    use crate::source::{FileKind, SourceFile};

    fn check(source: &str, name: &str) -> Option<String> {
        let file = SourceFile::new(
            "t.js".into(),
            FileKind::from_path(std::path::Path::new("t.js")).unwrap(),
            source.to_string(),
        );
        let extracted = file.extract();
        let parsed = parse_block(&file.text, &extracted.blocks[0], false).unwrap();
        let at = source.find("wx.ready").expect("the test calls wx.ready");
        why_it_may_change(&parsed.program, &Atom::from(name), at)
    }

    #[test]
    fn a_name_that_keeps_its_function_is_fine() {
        assert_eq!(check("function onReady() {}\nwx.ready(onReady);", "onReady"), None);
        assert_eq!(
            check("var onReady = function () {};\nwx.ready(onReady);", "onReady"),
            None
        );
        assert_eq!(check("function f(cb) { wx.ready(cb); }", "cb"), None);
        assert_eq!(check("const f = (cb) => { wx.ready(cb); };", "cb"), None);
    }

    #[test]
    fn a_name_assigned_again_or_given_its_value_later_may_change() {
        assert!(check(
            "var onReady = function () {};\nwx.ready(onReady);\nonReady = null;",
            "onReady"
        )
        .is_some());
        assert!(check("wx.ready(onReady);\nvar onReady = function () {};", "onReady").is_some());
        assert_eq!(check("wx.ready(onReady);", "onReady"), None, "another script's global");
        assert!(check("let onReady;\n[onReady] = [f];\nwx.ready(onReady);", "onReady").is_some());
        assert!(check(
            "var onReady = f;\nwx.ready(onReady);\nfor (onReady of list) {}",
            "onReady"
        )
        .is_some());
        assert!(check("var onReady = f;\nwx.ready(onReady);\nfor (onReady in o) {}", "onReady").is_some());
        assert!(check("var onReady = f;\nwx.ready(onReady);\nwindow.onReady = g;", "onReady").is_some());
        assert!(check(
            "function onReady() {}\nwx.ready(onReady);\nif (x) { function onReady() {} }",
            "onReady"
        )
        .is_some());
    }
}
