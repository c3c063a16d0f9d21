//! Whether a share card's options, handed over as a variable (`wx.onMenuShareAppMessage(shareData)`),
//! are all in sight: `ww`'s share methods never call a `trigger`, so the named fix is safe only
//! where the options cannot hold one.
//!
//! They are in sight when the file binds the name once, with `var`/`let`/`const` and an object
//! literal whose keys are all written out and none is `trigger`, inside a function or a module
//! (a classic script's top-level variable is a page global that another script may extend) whose
//! scope holds the share call, and when every other mention of the name reads or writes a member
//! named in the code other than `trigger` (`shareData.title = title`) or hands it to a share
//! method. Anything else may add a `trigger`, and the fix stays unsafe: passed to another
//! function, `Object.assign(shareData, ...)`, `shareData[key] = ...`, reassigned, a method of it
//! called (`this.trigger = f` inside), its prototype reached (`__proto__`, `constructor`,
//! `prototype`), `this` anywhere in the literal, `with` or `eval` in the file (helper-27).

use std::ops::Range;

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::parse::range_of;
use crate::rules::options::prop_name;
use crate::sdk::unwrap;

/// Where share calls see `name`'s options in sight in `program` (see the module's doc): the
/// scope of its one declaration, or `None` where they are not in sight anywhere. A share call
/// reading the name inside that scope reads that declaration.
pub(crate) fn sight_scope(program: &Program, name: &Atom) -> Option<Range<usize>> {
    let mut finder = Mentions {
        name,
        bindings: 0,
        literal_without_trigger: false,
        other_use: false,
        script: matches!(program, Program::Script(_)),
        scopes: vec![range_of(program)],
        blocks: vec![range_of(program)],
        declared_in: None,
    };
    program.visit_with(&mut finder);
    let in_sight = finder.bindings == 1 && finder.literal_without_trigger && !finder.other_use;
    finder.declared_in.filter(|_| in_sight)
}

struct Mentions<'a> {
    name: &'a Atom,
    /// How many times the file binds the name (declarations, parameters, functions, imports).
    bindings: usize,
    /// Its one declaration is an object literal without `trigger`, inside a function or module.
    literal_without_trigger: bool,
    /// A mention that may add a key.
    other_use: bool,
    script: bool,
    /// The program and the functions (a `var`'s scope), and the blocks (a `let`'s), around the
    /// code being visited, innermost last.
    scopes: Vec<Range<usize>>,
    blocks: Vec<Range<usize>>,
    /// The scope of the one declaration.
    declared_in: Option<Range<usize>>,
}

/// A function that does nothing: `function () {}`, `() => {}`. A `trigger` written so is one
/// `ww` loses nothing by never calling (mark2016goog/jxxz).
pub(crate) fn is_noop_function(expr: &Expr) -> bool {
    match unwrap(expr) {
        Expr::Fn(f) => f.function.body.as_ref().is_some_and(|b| b.stmts.is_empty()),
        Expr::Arrow(a) => matches!(&*a.body, ArrowFunctionBody::FunctionBody(b) if b.stmts.is_empty()),
        _ => false,
    }
}

/// The options of an object literal have a `trigger` that does something (a key `trigger`
/// whose value is not a function that does nothing, or a method of that name).
pub(crate) fn live_trigger(object: &ObjectLit) -> bool {
    object.props.iter().any(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) => prop_name(&kv.key).is_some_and(|k| k == "trigger") && !is_noop_function(&kv.value),
            Prop::Method(m) => {
                prop_name(&m.key).is_some_and(|k| k == "trigger")
                    && !m.function.body.as_ref().is_some_and(|b| b.stmts.is_empty())
            }
            Prop::Shorthand(i) => i.sym == "trigger",
            Prop::Getter(g) => prop_name(&g.key).is_some_and(|k| k == "trigger"),
            _ => false,
        },
        PropOrSpread::Spread(_) => false,
    })
}

/// An object literal whose keys are all written out, with no `trigger` that does something.
fn literal_without_trigger(expr: &Expr) -> bool {
    let Expr::Object(object) = unwrap(expr) else {
        return false;
    };
    let mut this = FindsThis(false);
    object.visit_with(&mut this);
    !this.0
        && !has_proto_key(object)
        && !live_trigger(object)
        // (every key written out; a `trigger` left is one that does nothing, but a setter of
        // that name is not in sight)
        && object.props.iter().all(|p| match p {
            PropOrSpread::Spread(_) => false,
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv) => prop_name(&kv.key).is_some(),
                Prop::Method(m) => prop_name(&m.key).is_some(),
                Prop::Getter(g) => prop_name(&g.key).is_some(),
                Prop::Setter(s) => prop_name(&s.key).is_some_and(|k| k != "trigger"),
                Prop::Shorthand(_) => true,
                Prop::Assign(_) => false,
            },
        })
}

/// Whether an object literal sets its prototype (`__proto__: base`), whose keys are not in sight.
pub(crate) fn has_proto_key(object: &ObjectLit) -> bool {
    object.props.iter().any(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) => prop_name(&kv.key).is_some_and(|k| k == "__proto__"),
            _ => false,
        },
        PropOrSpread::Spread(_) => false,
    })
}

/// Finds `this` (a literal's function may set `this.trigger` when called).
struct FindsThis(bool);

impl Visit for FindsThis {
    fn visit_this_expr(&mut self, _: &ThisExpr) {
        self.0 = true;
    }
}

impl Mentions<'_> {
    fn is_name(&self, expr: &Expr) -> bool {
        matches!(unwrap(expr), Expr::Ident(i) if &i.sym == self.name)
    }
}

impl Visit for Mentions<'_> {
    fn visit_function(&mut self, f: &Function) {
        self.scopes.push(range_of(f));
        self.blocks.push(range_of(f));
        f.visit_children_with(self);
        self.blocks.pop();
        self.scopes.pop();
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        self.scopes.push(range_of(a));
        self.blocks.push(range_of(a));
        a.visit_children_with(self);
        self.blocks.pop();
        self.scopes.pop();
    }

    fn visit_block_stmt(&mut self, b: &BlockStmt) {
        self.blocks.push(range_of(b));
        b.visit_children_with(self);
        self.blocks.pop();
    }

    fn visit_var_decl(&mut self, d: &VarDecl) {
        let scope = match d.kind {
            VarDeclKind::Var => self.scopes.last(),
            VarDeclKind::Let | VarDeclKind::Const => self.blocks.last(),
        }
        .cloned();
        for declarator in &d.decls {
            if matches!(&declarator.name, Pat::Ident(b) if &b.id.sym == self.name) {
                self.declared_in = scope.clone();
            }
            declarator.visit_with(self);
        }
    }

    fn visit_export_decl(&mut self, e: &ExportDecl) {
        // (an exported variable is another module's to extend)
        if let Decl::Var(v) = &e.decl {
            if v.decls
                .iter()
                .any(|d| matches!(&d.name, Pat::Ident(b) if &b.id.sym == self.name))
            {
                self.other_use = true;
            }
        }
        e.visit_children_with(self);
    }

    fn visit_with_stmt(&mut self, w: &WithStmt) {
        self.other_use = true;
        w.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if let Pat::Ident(binding) = &d.name {
            if &binding.id.sym == self.name {
                self.bindings += 1;
                // (only the program's own scope: a classic script's top level is the page's)
                let global = self.script && self.scopes.len() == 1;
                self.literal_without_trigger = !global && d.init.as_deref().is_some_and(literal_without_trigger);
                d.init.visit_with(self);
                return;
            }
        }
        d.visit_children_with(self);
    }

    fn visit_binding_ident(&mut self, b: &BindingIdent) {
        // (parameters, destructuring, catch clauses: any other binding of the name)
        if &b.id.sym == self.name {
            self.bindings += 1;
        }
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        if &f.ident.sym == self.name {
            self.bindings += 1;
        }
        f.function.visit_with(self);
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        if &c.ident.sym == self.name {
            self.bindings += 1;
        }
        c.class.visit_with(self);
    }

    fn visit_import_decl(&mut self, i: &ImportDecl) {
        for s in &i.specifiers {
            let local = match s {
                ImportSpecifier::Named(n) => &n.local,
                ImportSpecifier::Default(d) => &d.local,
                ImportSpecifier::Namespace(n) => &n.local,
            };
            if &local.sym == self.name {
                self.bindings += 1;
            }
        }
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        if self.is_name(&m.obj) {
            let plain = |name: &str| !matches!(name, "trigger" | "__proto__" | "constructor" | "prototype");
            match &m.prop {
                MemberProp::Ident(i) if plain(&i.sym) => {}
                MemberProp::Computed(c) => match unwrap(&c.expr) {
                    Expr::Lit(Lit::Str(s)) if s.value.as_str().is_some_and(plain) => {}
                    _ => self.other_use = true,
                },
                _ => self.other_use = true,
            }
            return;
        }
        m.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Expr(callee) = &call.callee {
            match unwrap(callee) {
                // (a method of the options may set `this.trigger`)
                Expr::Member(m) if self.is_name(&m.obj) => self.other_use = true,
                // (a direct `eval` may reach the name)
                Expr::Ident(i) if i.sym == "eval" => self.other_use = true,
                _ => {}
            }
        }
        let share = match &call.callee {
            Callee::Expr(callee) => match unwrap(callee) {
                Expr::Member(m) => matches!(&m.prop, MemberProp::Ident(i) if i.sym.starts_with("onMenuShare")),
                _ => false,
            },
            _ => false,
        };
        call.callee.visit_with(self);
        for arg in &call.args {
            if share && arg.spread.is_none() && self.is_name(&arg.expr) {
                continue;
            }
            arg.visit_with(self);
        }
    }

    fn visit_ident(&mut self, i: &Ident) {
        if &i.sym == self.name {
            self.other_use = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::parse::parse_block;
    use crate::source::{FileKind, SourceFile};

    fn check(code: &str) -> bool {
        let file = SourceFile::new(
            "t.js".into(),
            FileKind::from_path(std::path::Path::new("t.js")).unwrap(),
            code.to_string(),
        );
        let extracted = file.extract();
        let parsed = parse_block(&file.text, &extracted.blocks[0], false).unwrap();
        let call_at = code.rfind("wx.onMenuShare").unwrap();
        sight_scope(&parsed.program, &Atom::from("shareData")).is_some_and(|scope| scope.contains(&call_at))
    }

    #[test]
    fn a_literal_in_a_function_with_members_set_by_name_is_in_sight() {
        assert!(check(
            "$(function () { var shareData = { title: 't', link: location.href, success: function () {} };\n shareData.title = document.title;\n wx.onMenuShareAppMessage(shareData); wx.onMenuShareTimeline(shareData); });"
        ));
    }

    #[test]
    fn a_trigger_that_does_nothing_is_in_sight() {
        assert!(check(
            "$(function () { var shareData = { title: t, trigger: function () {}, success: function () {} }; wx.onMenuShareAppMessage(shareData); });"
        ));
    }

    #[test]
    fn a_trigger_or_a_way_to_add_one_is_not() {
        for code in [
            "$(function () { var shareData = { title: 't', trigger: function () { track(); } }; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't' }; shareData.trigger = f; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't' }; shareData[key] = f; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't' }; Object.assign(shareData, more); wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't', ...more }; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = build(); wx.onMenuShareAppMessage(shareData); });",
            "function share(shareData) { wx.onMenuShareAppMessage(shareData); }",
            "var shareData = { title: 't' }; wx.onMenuShareAppMessage(shareData);",
            "$(function () { var shareData = { title: 't' }; shareData = other; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't' }; function f() { var shareData = { trigger: g }; } wx.onMenuShareAppMessage(shareData); });",
            // helper-27: another scope's variable, `this`, the prototype, eval and with
            "function other() { var shareData = { title: 't' }; } wx.onMenuShareAppMessage(shareData);",
            "$(function () { { let shareData = { title: 't' }; } wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't', init: function () { this.trigger = f; } }; shareData.init(); wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't', __proto__: base }; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't' }; shareData.__proto__ = base; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't' }; shareData.constructor.prototype.trigger = f; wx.onMenuShareAppMessage(shareData); });",
            "$(function () { var shareData = { title: 't' }; eval(code); wx.onMenuShareAppMessage(shareData); });",
            "export const shareData = { title: 't' }; wx.onMenuShareAppMessage(shareData);",
            "const shareData = { title: 't' }; export { shareData }; wx.onMenuShareAppMessage(shareData);",
        ] {
            assert!(!check(code), "{code}");
        }
    }
}
