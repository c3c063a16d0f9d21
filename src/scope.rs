//! Lexical scopes: which names a function, block or module declares, collected up front so
//! that hoisted `var` and function declarations are seen before use. The SDK resolver and the
//! register planner both track scopes with them.

use swc_atoms::Atom;
use swc_common::Span;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

/// A name declared in a scope, identified by the span of its declaring identifier.
pub(crate) struct Declared {
    pub name: Atom,
    pub span: Span,
}

/// Names bound by a binding pattern (`a`, `{ a, b: c }`, `[a, ...d]`, `a = 1`).
pub(crate) fn pattern_names(pat: &Pat, out: &mut Vec<Declared>) {
    match pat {
        Pat::Ident(b) => out.push(Declared {
            name: b.id.sym.clone(),
            span: b.id.span,
        }),
        Pat::Array(a) => a.elems.iter().flatten().for_each(|p| pattern_names(p, out)),
        Pat::Rest(r) => pattern_names(&r.arg, out),
        Pat::Assign(a) => pattern_names(&a.left, out),
        Pat::Object(o) => {
            for prop in &o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => pattern_names(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(Declared {
                        name: a.key.id.sym.clone(),
                        span: a.key.id.span,
                    }),
                    ObjectPatProp::Rest(r) => pattern_names(&r.arg, out),
                }
            }
        }
        Pat::Expr(_) | Pat::Invalid(_) => {}
    }
}

/// `var` declarations anywhere in a function body (not inside nested functions).
struct VarNames<'a> {
    out: &'a mut Vec<Declared>,
}

impl Visit for VarNames<'_> {
    fn visit_var_decl(&mut self, decl: &VarDecl) {
        if decl.kind == VarDeclKind::Var && !decl.declare {
            for d in &decl.decls {
                pattern_names(&d.name, self.out);
            }
        }
    }
    fn visit_expr(&mut self, _: &Expr) {}
    fn visit_function(&mut self, _: &Function) {}
    fn visit_class(&mut self, _: &Class) {}
    fn visit_ts_module_decl(&mut self, _: &TsModuleDecl) {}
}

/// Names a declaration binds in its own block (`let`, `const`, `class`, `function`, `enum`).
fn lexical_decl_names(decl: &Decl, out: &mut Vec<Declared>) {
    match decl {
        Decl::Var(v) if v.kind != VarDeclKind::Var && !v.declare => {
            v.decls.iter().for_each(|d| pattern_names(&d.name, out))
        }
        Decl::Using(u) => u.decls.iter().for_each(|d| pattern_names(&d.name, out)),
        Decl::Fn(f) if !f.declare => out.push(Declared {
            name: f.ident.sym.clone(),
            span: f.ident.span,
        }),
        Decl::Class(c) if !c.declare => out.push(Declared {
            name: c.ident.sym.clone(),
            span: c.ident.span,
        }),
        Decl::TsEnum(e) if !e.declare => out.push(Declared {
            name: e.id.sym.clone(),
            span: e.id.span,
        }),
        _ => {}
    }
}

/// Names declared directly in a statement list, plus hoisted `var`s when it is a function body.
pub(crate) fn statements(stmts: &[Stmt], function_body: bool, out: &mut Vec<Declared>) {
    for stmt in stmts {
        if let Stmt::Decl(decl) = stmt {
            lexical_decl_names(decl, out);
        }
    }
    if function_body {
        let mut vars = VarNames { out };
        stmts.iter().for_each(|s| s.visit_with(&mut vars));
    }
}

/// Names declared at the top level of a module (imports included; the caller handles imports'
/// meaning), plus its hoisted `var`s.
pub(crate) fn module_items(items: &[ModuleItem], out: &mut Vec<Declared>) {
    for item in items {
        match item {
            ModuleItem::Stmt(Stmt::Decl(decl)) => lexical_decl_names(decl, out),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(e)) => lexical_decl_names(&e.decl, out),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(e)) => match &e.decl {
                DefaultDecl::Fn(FnExpr { ident: Some(id), .. })
                | DefaultDecl::Class(ClassExpr { ident: Some(id), .. }) => out.push(Declared {
                    name: id.sym.clone(),
                    span: id.span,
                }),
                _ => {}
            },
            ModuleItem::ModuleDecl(ModuleDecl::Import(import)) if !import.type_only => {
                for spec in &import.specifiers {
                    let local = match spec {
                        ImportSpecifier::Named(n) if !n.is_type_only => &n.local,
                        ImportSpecifier::Named(_) => continue,
                        ImportSpecifier::Default(d) => &d.local,
                        ImportSpecifier::Namespace(n) => &n.local,
                    };
                    out.push(Declared {
                        name: local.sym.clone(),
                        span: local.span,
                    });
                }
            }
            _ => {}
        }
    }
    let mut vars = VarNames { out };
    items.iter().for_each(|i| i.visit_with(&mut vars));
}

/// Names bound by function parameters.
pub(crate) fn params<'a>(params: impl IntoIterator<Item = &'a Pat>, out: &mut Vec<Declared>) {
    params.into_iter().for_each(|p| pattern_names(p, out));
}

/// Every name the program declares, in any scope: variables and parameters (binding
/// patterns), function and class declarations, and imports. For questions that need no scope
/// (is `console` ever a local name?), where a name declared anywhere counts.
pub(crate) fn declared_anywhere(program: &Program) -> rustc_hash::FxHashSet<Atom> {
    struct Names(rustc_hash::FxHashSet<Atom>);
    impl Visit for Names {
        fn visit_binding_ident(&mut self, b: &BindingIdent) {
            self.0.insert(b.id.sym.clone());
            b.visit_children_with(self);
        }
        fn visit_fn_decl(&mut self, f: &FnDecl) {
            self.0.insert(f.ident.sym.clone());
            f.visit_children_with(self);
        }
        fn visit_class_decl(&mut self, c: &ClassDecl) {
            self.0.insert(c.ident.sym.clone());
            c.visit_children_with(self);
        }
        fn visit_import_named_specifier(&mut self, s: &ImportNamedSpecifier) {
            self.0.insert(s.local.sym.clone());
        }
        fn visit_import_default_specifier(&mut self, s: &ImportDefaultSpecifier) {
            self.0.insert(s.local.sym.clone());
        }
        fn visit_import_star_as_specifier(&mut self, s: &ImportStarAsSpecifier) {
            self.0.insert(s.local.sym.clone());
        }
    }
    let mut names = Names(Default::default());
    program.visit_with(&mut names);
    names.0
}

/// The top-level statements of a classic script, whose declarations are the page's globals: a
/// `Script`, or a `Module` with no `import` or `export` (a file with neither is a classic
/// script, whatever it was parsed as). `None` for a module, whose top-level names are its own.
pub(crate) fn classic_statements(program: &Program) -> Option<Vec<&Stmt>> {
    match program {
        Program::Script(script) => Some(script.body.iter().collect()),
        Program::Module(module) if module.body.iter().all(|i| i.as_stmt().is_some()) => {
            Some(module.body.iter().filter_map(|i| i.as_stmt()).collect())
        }
        Program::Module(_) => None,
    }
}

/// The object literals a classic script assigns to globals at its top level
/// (`var WeiXin = { ... }`), with their names.
pub(crate) fn global_objects(program: &Program) -> Vec<(&Ident, &ObjectLit)> {
    classic_statements(program)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|stmt| match stmt {
            Stmt::Decl(Decl::Var(v)) => Some(v),
            _ => None,
        })
        .flat_map(|v| &v.decls)
        .filter_map(|d| match (&d.name, d.init.as_deref()) {
            (Pat::Ident(name), Some(Expr::Object(object))) => Some((&name.id, object)),
            _ => None,
        })
        .collect()
}
