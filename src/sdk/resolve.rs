//! The resolver: one walk over a block with a stack of scopes, recording every expression that
//! is the legacy SDK object. Aliases found late (`function f() { sdk.config() } var sdk = wx`)
//! are handled by walking again with what the previous walk learned.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use swc_atoms::Atom;
use swc_common::Span;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{is_legacy_specifier, unwrap, ImportForm, LegacyImport, Origin, SdkModel, SdkRef};
use crate::api_table;
use crate::parse;
use crate::scope::{self, Declared};

/// Global names under which the SDK lives.
pub(crate) const GLOBAL_NAMES: &[&str] = &["wx", "jWeixin"];
/// Objects whose `wx` property is the global SDK.
const GLOBAL_OBJECTS: &[&str] = &["window", "self", "globalThis", "top", "parent", "frames"];
const WECOM_PACKAGE: &str = "@wecom/jssdk";

/// What a binding is, as far as the SDK is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BindingKind {
    /// Imported or required from a legacy package.
    Imported,
    /// A plain alias of an SDK expression.
    Alias,
    /// A member of the SDK taken out of it (`const { invoke } = wx`).
    Member(String),
    /// `@wecom/jssdk` itself.
    Wecom,
}

struct Slot {
    decl: (usize, usize),
    kind: Option<BindingKind>,
    /// Referenced before it was known to be an SDK binding: another walk is needed.
    referenced: bool,
}

struct Resolver<'a> {
    scopes: Vec<HashMap<Atom, usize>>,
    slots: Vec<Slot>,
    known: &'a HashMap<(usize, usize), BindingKind>,
    learned: HashMap<(usize, usize), BindingKind>,
    /// Parameters of AMD factories that receive a legacy dependency (`define(['jweixin'],
    /// function (wx) {...})`), found at the call before its factory's scope opens.
    amd_params: HashMap<(usize, usize), BindingKind>,
    /// AMD module names the loader's configuration in this block maps to jweixin
    /// (`require.config({ paths: { wx: '//res.wx.qq.com/open/js/jweixin-1.0.0' } })`).
    amd_legacy_names: Vec<String>,
    /// Import specifiers the migration unit proves name a copy of jweixin under a name that
    /// does not say so (`@/assets/js/jssdk`): legacy, as a package's are.
    legacy_copies: &'a [String],
    walk_again: bool,
    ww_declarations: Vec<Range<usize>>,
    model: SdkModel,
}

pub(super) fn build(program: &Program, params: &[super::params::SdkParam], legacy_copies: &[String]) -> SdkModel {
    let mut known = HashMap::default();
    // Parameters the migration unit proves receive the SDK object (sdk/params.rs) are aliases
    // of it; one already named `ww` is a migrated one, and no clash.
    let seeds = super::params::seed_keys(program, params);
    let mut param_aliases = Vec::new();
    let mut migrated_params = Vec::new();
    for (decl, named_ww) in seeds {
        if named_ww {
            migrated_params.push(decl.0..decl.1);
        } else {
            known.insert(decl, BindingKind::Alias);
            param_aliases.push(decl.0..decl.1);
        }
    }
    for _ in 0..3 {
        let mut resolver = Resolver {
            scopes: Vec::new(),
            slots: Vec::new(),
            known: &known,
            learned: HashMap::default(),
            amd_params: HashMap::default(),
            amd_legacy_names: Vec::new(),
            legacy_copies,
            walk_again: false,
            ww_declarations: Vec::new(),
            model: SdkModel::default(),
        };
        program.visit_with(&mut resolver);
        let mut model = std::mem::take(&mut resolver.model);
        model.ww_clash = resolver
            .ww_declarations
            .iter()
            .find(|d| !migrated_params.contains(d))
            .cloned();
        model.param_aliases = param_aliases.clone();
        model.imports.sort_by_key(|i| i.range.start);
        model.lifecycle_at.sort_unstable();
        if !resolver.walk_again {
            model.leave_mini_program_wx();
            return model;
        }
        let learned = std::mem::take(&mut resolver.learned);
        known.extend(learned);
    }
    SdkModel::default()
}

/// The plugin an import brings in that is jweixin under another name: vux's `WechatPlugin`
/// (`import { WechatPlugin } from 'vux'`, or the default export of `vux/src/plugins/wechat`),
/// which installs `weixin-js-sdk` on every Vue component as `$wechat`.
fn legacy_plugin(spec: &str, specifiers: &[ImportSpecifier]) -> Option<String> {
    if spec == "vux" {
        specifiers.iter().find_map(|s| match s {
            ImportSpecifier::Named(n) => {
                let imported = match &n.imported {
                    Some(ModuleExportName::Ident(i)) => i.sym.to_string(),
                    _ => n.local.sym.to_string(),
                };
                (imported == "WechatPlugin").then_some(imported)
            }
            _ => None,
        })
    } else if spec.starts_with("vux/") && spec.trim_end_matches(".js").ends_with("/wechat") {
        Some("WechatPlugin".to_string())
    } else {
        None
    }
}

fn key(span: Span) -> (usize, usize) {
    let r = parse::range(span);
    (r.start, r.end)
}

/// The string of a `require('x')` call with one string literal argument.
fn require_specifier(expr: &Expr) -> Option<(&str, &Str)> {
    let Expr::Call(call) = unwrap(expr) else { return None };
    require_call_specifier(call)
}

fn require_call_specifier(call: &CallExpr) -> Option<(&str, &Str)> {
    let Callee::Expr(callee) = &call.callee else {
        return None;
    };
    let Expr::Ident(id) = &**callee else { return None };
    if id.sym != "require" || call.args.len() != 1 {
        return None;
    }
    let Expr::Lit(Lit::Str(s)) = &*call.args[0].expr else {
        return None;
    };
    Some((s.value.as_atom()?.as_str(), s))
}

/// The keys an object pattern takes (`{ wx, config: configure }` gives `wx`, `config`), with
/// `...` for a rest element or a key that is not a plain name.
fn destructured_names(pattern: &ObjectPat) -> Vec<String> {
    pattern
        .props
        .iter()
        .map(|prop| pattern_key(prop).unwrap_or_else(|| "...".to_string()))
        .collect()
}

/// The key a property of an object pattern takes, written as a name or a string (`wx`,
/// `'config': configure`, `wx = fallback`); `None` for a rest element or a computed key.
pub(super) fn pattern_key(prop: &ObjectPatProp) -> Option<String> {
    match prop {
        ObjectPatProp::KeyValue(kv) => crate::rules::prop_name(&kv.key),
        ObjectPatProp::Assign(a) => Some(a.key.id.sym.to_string()),
        ObjectPatProp::Rest(_) => None,
    }
}

/// The name a property of an object pattern binds (`{ wx }`, `{ wx: sdk }`, `{ wx = x }`),
/// when it binds a plain name.
fn pattern_binding(prop: &ObjectPatProp) -> Option<&Ident> {
    match prop {
        ObjectPatProp::KeyValue(kv) => match &*kv.value {
            Pat::Ident(b) => Some(&b.id),
            _ => None,
        },
        ObjectPatProp::Assign(a) => Some(&a.key.id),
        ObjectPatProp::Rest(_) => None,
    }
}

fn prop_name(prop: &MemberProp) -> Option<&str> {
    match prop {
        MemberProp::Ident(i) => Some(i.sym.as_str()),
        MemberProp::Computed(c) => match &*c.expr {
            Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.as_str()),
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    }
}

impl Resolver<'_> {
    /// Whether an import or require specifier brings in the legacy SDK.
    fn is_legacy(&self, spec: &str) -> bool {
        is_legacy_specifier(spec) || self.legacy_copies.iter().any(|c| c == spec)
    }

    /// `export ... from '<spec>'` of a legacy package.
    fn re_export(&mut self, span: Span, src: &Str) {
        let Some(spec) = src.value.as_atom().map(|a| a.to_string()) else {
            return;
        };
        if self.is_legacy(&spec) && !self.model.imports.iter().any(|i| i.range == parse::range(span)) {
            self.model.imports.push(LegacyImport {
                range: parse::range(span),
                package: spec,
                specifier: parse::range(src.span),
                form: ImportForm::ReExport,
                local: None,
                declaration: None,
                named: Vec::new(),
            });
        }
    }

    fn push(&mut self, declared: Vec<Declared>) {
        let mut scope = HashMap::default();
        for d in declared {
            if scope.contains_key(&d.name) {
                continue;
            }
            let decl = key(d.span);
            if d.name == "ww" {
                self.ww_declarations.push(decl.0..decl.1);
            }
            self.slots.push(Slot {
                decl,
                kind: self.known.get(&decl).or_else(|| self.amd_params.get(&decl)).cloned(),
                referenced: false,
            });
            scope.insert(d.name, self.slots.len() - 1);
        }
        self.scopes.push(scope);
    }

    fn pop(&mut self) {
        self.scopes.pop();
    }

    fn lookup(&self, name: &Atom) -> Option<usize> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    /// Records what the binding declared by `id` is.
    fn mark(&mut self, id: &Ident, kind: BindingKind) {
        let Some(slot) = self.lookup(&id.sym) else { return };
        let slot = &mut self.slots[slot];
        if slot.decl != key(id.span) || slot.kind.is_some() {
            return;
        }
        if kind == BindingKind::Wecom && id.sym == "ww" {
            self.ww_declarations.retain(|r| (r.start, r.end) != slot.decl);
            self.model.has_wecom_import = true;
        }
        if slot.referenced {
            self.walk_again = true;
        }
        self.learned.insert(slot.decl, kind.clone());
        slot.kind = Some(kind);
    }

    fn reference(&mut self, id: &Ident) {
        let range = parse::range(id.span);
        match self.lookup(&id.sym) {
            Some(slot) => {
                let slot = &mut self.slots[slot];
                let decl = slot.decl.0..slot.decl.1;
                let origin = match &slot.kind {
                    Some(BindingKind::Imported) => Origin::Imported { decl },
                    Some(BindingKind::Alias) => Origin::Alias { decl },
                    Some(BindingKind::Member(name)) => {
                        self.model.members.insert((range.start, range.end), name.clone());
                        return;
                    }
                    Some(BindingKind::Wecom) => return,
                    None => {
                        slot.referenced = true;
                        return;
                    }
                };
                self.record(range, origin);
            }
            None if GLOBAL_NAMES.contains(&id.sym.as_str()) => self.record(range, Origin::Global),
            None => {}
        }
    }

    fn record(&mut self, range: Range<usize>, origin: Origin) {
        self.model
            .objects
            .insert((range.start, range.end), SdkRef { range, origin });
    }

    fn is_object(&self, expr: &Expr) -> bool {
        self.model.object(expr).is_some()
    }

    /// What a binding initialised with `expr` becomes.
    fn kind_of(&self, expr: &Expr) -> Option<BindingKind> {
        let expr = unwrap(expr);
        if let Some((spec, _)) = require_specifier(expr) {
            return if self.is_legacy(spec) {
                Some(BindingKind::Imported)
            } else if spec == WECOM_PACKAGE {
                Some(BindingKind::Wecom)
            } else {
                None
            };
        }
        if self.is_object(expr) {
            return Some(BindingKind::Alias);
        }
        match expr {
            Expr::Bin(b)
                if matches!(
                    b.op,
                    BinaryOp::LogicalOr | BinaryOp::NullishCoalescing | BinaryOp::LogicalAnd
                ) =>
            {
                self.kind_of(&b.left)
                    .or_else(|| self.kind_of(&b.right))
                    .map(|_| BindingKind::Alias)
            }
            Expr::Cond(c) => self
                .kind_of(&c.cons)
                .or_else(|| self.kind_of(&c.alt))
                .map(|_| BindingKind::Alias),
            Expr::Seq(s) => s.exprs.last().and_then(|e| self.kind_of(e)),
            Expr::Assign(a) => self.kind_of(&a.right),
            _ => None,
        }
    }

    /// Marks the names a declaration pattern binds from an SDK value.
    fn mark_pattern(&mut self, pat: &Pat, kind: BindingKind) {
        match pat {
            Pat::Ident(b) => self.mark(&b.id, kind),
            Pat::Object(o) if kind != BindingKind::Wecom => {
                for prop in &o.props {
                    if let (Some(name), Some(local)) = (pattern_key(prop), pattern_binding(prop)) {
                        self.mark(local, BindingKind::Member(name));
                    }
                }
            }
            _ => {}
        }
    }

    fn import_decl(&mut self, import: &ImportDecl) {
        let Some(spec) = import.src.value.as_atom().map(|a| a.to_string()) else {
            return;
        };
        if import.type_only {
            return;
        }
        if spec == WECOM_PACKAGE {
            for s in &import.specifiers {
                if let ImportSpecifier::Namespace(n) = s {
                    self.mark(&n.local, BindingKind::Wecom);
                }
            }
            return;
        }
        if let Some(plugin) = legacy_plugin(&spec, &import.specifiers) {
            self.model.imports.push(LegacyImport {
                range: parse::range(import.span),
                package: spec,
                specifier: parse::range(import.src.span),
                form: ImportForm::Plugin,
                local: None,
                declaration: None,
                named: vec![plugin],
            });
            return;
        }
        if !self.is_legacy(&spec) {
            return;
        }
        let mut form = ImportForm::SideEffect;
        let mut local = None;
        let mut named = Vec::new();
        for s in &import.specifiers {
            match s {
                ImportSpecifier::Default(d) => {
                    self.mark(&d.local, BindingKind::Imported);
                    form = ImportForm::Binding;
                    local = Some(parse::range(d.local.span));
                }
                ImportSpecifier::Namespace(n) => {
                    self.mark(&n.local, BindingKind::Imported);
                    form = ImportForm::Binding;
                    local = Some(parse::range(n.local.span));
                }
                ImportSpecifier::Named(n) => {
                    let imported = match &n.imported {
                        Some(ModuleExportName::Ident(i)) => i.sym.to_string(),
                        Some(ModuleExportName::Str(s)) => s.value.as_atom().map(|a| a.to_string()).unwrap_or_default(),
                        None => n.local.sym.to_string(),
                    };
                    if imported == "default" {
                        self.mark(&n.local, BindingKind::Imported);
                        form = ImportForm::Binding;
                        local = Some(parse::range(n.local.span));
                    } else {
                        self.mark(&n.local, BindingKind::Member(imported.clone()));
                        named.push(imported);
                        if form == ImportForm::SideEffect {
                            form = ImportForm::Named;
                        }
                    }
                }
            }
        }
        self.model.imports.push(LegacyImport {
            range: parse::range(import.span),
            package: spec,
            specifier: parse::range(import.src.span),
            form,
            local,
            declaration: None,
            named,
        });
    }

    fn with_scope(&mut self, declared: Vec<Declared>, visit: impl FnOnce(&mut Self)) {
        self.push(declared);
        visit(self);
        self.pop();
    }
}

impl Visit for Resolver<'_> {
    // `export { wx }`, `export { sdk as default }`: the exported binding is a reference (a value
    // handed on, which `wx-object` reports); `export ... from 'weixin-js-sdk'` hands the package
    // on (`wx-import`).
    fn visit_named_export(&mut self, export: &NamedExport) {
        match &export.src {
            Some(src) => self.re_export(export.span, src),
            None => {
                for specifier in &export.specifiers {
                    if let ExportSpecifier::Named(ExportNamedSpecifier {
                        orig: ModuleExportName::Ident(orig),
                        ..
                    }) = specifier
                    {
                        self.reference(orig);
                    }
                }
            }
        }
    }

    fn visit_export_all(&mut self, export: &ExportAll) {
        self.re_export(export.span, &export.src);
    }

    fn visit_module(&mut self, module: &Module) {
        let mut declared = Vec::new();
        scope::module_items(&module.body, &mut declared);
        self.with_scope(declared, |this| {
            for item in &module.body {
                if let ModuleItem::ModuleDecl(ModuleDecl::Import(import)) = item {
                    this.import_decl(import);
                }
            }
            module.visit_children_with(this);
        });
    }

    fn visit_script(&mut self, script: &Script) {
        let mut declared = Vec::new();
        scope::statements(&script.body, true, &mut declared);
        self.with_scope(declared, |this| script.visit_children_with(this));
    }

    fn visit_function(&mut self, function: &Function) {
        let mut declared = Vec::new();
        scope::params(function.params.iter().map(|p| &p.pat), &mut declared);
        if let Some(body) = &function.body {
            scope::statements(&body.stmts, true, &mut declared);
        }
        self.with_scope(declared, |this| function.visit_children_with(this));
    }

    fn visit_constructor(&mut self, ctor: &Constructor) {
        let mut declared = Vec::new();
        for p in &ctor.params {
            match p {
                ParamOrTsParamProp::Param(p) => scope::pattern_names(&p.pat, &mut declared),
                ParamOrTsParamProp::TsParamProp(p) => match &p.param {
                    TsParamPropParam::Ident(b) => declared.push(Declared {
                        name: b.id.sym.clone(),
                        span: b.id.span,
                    }),
                    TsParamPropParam::Assign(a) => scope::pattern_names(&a.left, &mut declared),
                },
            }
        }
        if let Some(body) = &ctor.body {
            scope::statements(&body.stmts, true, &mut declared);
        }
        self.with_scope(declared, |this| ctor.visit_children_with(this));
    }

    fn visit_str(&mut self, s: &Str) {
        if self.model.quote.is_none() {
            self.model.quote = s
                .raw
                .as_ref()
                .and_then(|r| r.chars().next())
                .filter(|c| *c == '\'' || *c == '"');
        }
    }

    fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
        self.model.arrows = true;
        let mut declared = Vec::new();
        scope::params(arrow.params.iter(), &mut declared);
        if let ArrowFunctionBody::FunctionBody(body) = &*arrow.body {
            scope::statements(&body.stmts, true, &mut declared);
        }
        self.with_scope(declared, |this| arrow.visit_children_with(this));
    }

    fn visit_fn_expr(&mut self, f: &FnExpr) {
        self.with_scope(own_name(f.ident.as_ref()), |this| f.function.visit_with(this));
    }

    fn visit_class_expr(&mut self, c: &ClassExpr) {
        self.with_scope(own_name(c.ident.as_ref()), |this| c.class.visit_with(this));
    }

    fn visit_block_stmt(&mut self, block: &BlockStmt) {
        let mut declared = Vec::new();
        scope::statements(&block.stmts, false, &mut declared);
        self.with_scope(declared, |this| block.visit_children_with(this));
    }

    fn visit_for_stmt(&mut self, f: &ForStmt) {
        let mut declared = Vec::new();
        if let Some(VarDeclOrExpr::VarDecl(v)) = &f.init {
            if v.kind != VarDeclKind::Var {
                v.decls
                    .iter()
                    .for_each(|d| scope::pattern_names(&d.name, &mut declared));
            }
        }
        self.with_scope(declared, |this| f.visit_children_with(this));
    }

    fn visit_for_in_stmt(&mut self, f: &ForInStmt) {
        let declared = for_head_names(&f.left);
        self.with_scope(declared, |this| f.visit_children_with(this));
    }

    fn visit_for_of_stmt(&mut self, f: &ForOfStmt) {
        let declared = for_head_names(&f.left);
        self.with_scope(declared, |this| f.visit_children_with(this));
    }

    fn visit_catch_clause(&mut self, c: &CatchClause) {
        let mut declared = Vec::new();
        if let Some(p) = &c.param {
            scope::pattern_names(p, &mut declared);
        }
        self.with_scope(declared, |this| c.visit_children_with(this));
    }

    fn visit_switch_stmt(&mut self, s: &SwitchStmt) {
        s.discriminant.visit_with(self);
        let mut declared = Vec::new();
        for case in &s.cases {
            scope::statements(&case.cons, false, &mut declared);
        }
        self.with_scope(declared, |this| s.cases.visit_with(this));
    }

    fn visit_ts_module_decl(&mut self, m: &TsModuleDecl) {
        if !m.declare {
            m.visit_children_with(self);
        }
    }

    fn visit_var_decl(&mut self, decl: &VarDecl) {
        if decl.declare {
            for d in &decl.decls {
                if let Pat::Ident(b) = &d.name {
                    let any = b
                        .type_ann
                        .as_ref()
                        .is_none_or(|t| matches!(&*t.type_ann, TsType::TsKeywordType(k) if k.kind == TsKeywordTypeKind::TsAnyKeyword));
                    if any && GLOBAL_NAMES.contains(&&*b.id.sym) {
                        let alone = (decl.decls.len() == 1).then(|| parse::range(decl.span));
                        self.model.ambient_declarations.push((parse::range(b.id.span), alone));
                    }
                }
            }
            return;
        }
        for d in &decl.decls {
            d.visit_with(self);
            let Some(init) = &d.init else { continue };
            // `const { wx } = window`, `const { jWeixin: sdk } = globalThis`: the global SDK
            // taken by destructuring, which no member rename can follow
            if let (Pat::Object(o), Expr::Ident(object)) = (&d.name, unwrap(init)) {
                if GLOBAL_OBJECTS.contains(&&*object.sym) && self.lookup(&object.sym).is_none() {
                    for prop in &o.props {
                        if pattern_key(prop).is_some_and(|k| GLOBAL_NAMES.contains(&k.as_str())) {
                            if let Some(local) = pattern_binding(prop) {
                                self.mark(local, BindingKind::Alias);
                            }
                            let range = parse::range(swc_common::Spanned::span(prop));
                            if !self.model.destructured_globals.contains(&range) {
                                self.model.destructured_globals.push(range);
                            }
                        }
                    }
                }
            }
            if let Some(kind) = self.kind_of(init) {
                self.mark_pattern(&d.name, kind.clone());
                if kind == BindingKind::Imported && require_specifier(init).is_some() {
                    match (&d.name, self.model.imports.last_mut()) {
                        (Pat::Ident(b), Some(import)) => {
                            import.local = Some(parse::range(b.id.span));
                            if decl.decls.len() == 1 {
                                import.declaration = Some(parse::range(decl.span));
                            }
                        }
                        // `const { wx, config } = require('...')`: the names it takes, as
                        // from a named import (`...` for a rest or a computed key)
                        (Pat::Object(o), Some(import)) => import.named = destructured_names(o),
                        _ => {}
                    }
                }
            }
        }
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        a.visit_children_with(self);
        if a.op != AssignOp::Assign {
            return;
        }
        if let AssignTarget::Simple(SimpleAssignTarget::Ident(b)) = &a.left {
            if let Some(slot) = self.lookup(&b.id.sym) {
                let decl = self.slots[slot].decl;
                if let Some(kind) = self.kind_of(&a.right).filter(|k| *k != BindingKind::Wecom) {
                    let slot = &mut self.slots[slot];
                    if slot.kind.is_none() {
                        if slot.referenced {
                            self.walk_again = true;
                        }
                        let kind = if kind == BindingKind::Imported {
                            kind
                        } else {
                            BindingKind::Alias
                        };
                        slot.kind = Some(kind.clone());
                        self.learned.insert(decl, kind);
                    }
                }
            }
        }
    }

    fn visit_prop(&mut self, prop: &Prop) {
        if let Prop::Shorthand(id) = prop {
            self.reference(id);
        } else {
            prop.visit_children_with(self);
        }
    }

    fn visit_expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Ident(id) => self.reference(id),
            Expr::Member(m) => self.member(m),
            _ => expr.visit_children_with(self),
        }
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        self.amd_paths(call);
        self.amd_dependencies(call);
        call.visit_children_with(self);
        if let Callee::Expr(callee) = &call.callee {
            if let Expr::Member(m) = unwrap(callee) {
                let name = prop_name(&m.prop);
                let global_wx = matches!(unwrap(&m.obj), Expr::Ident(id) if &*id.sym == "wx")
                    && matches!(self.model.object(&m.obj), Some(r) if r.origin == Origin::Global);
                if global_wx && name.is_some_and(api_table::is_mini_program_only) {
                    self.model.mini_program_calls += 1;
                }
                if name.is_some_and(api_table::is_lifecycle) && self.is_object(&m.obj) {
                    let start = parse::range(call.span).start;
                    self.model.lifecycle_at.push(start);
                    if name == Some("config") {
                        self.model.config_calls += 1;
                        self.model.config_at.get_or_insert(start);
                    }
                    if name == Some("agentConfig") {
                        self.model.agent_config_calls += 1;
                    }
                    if name == Some("error") {
                        self.model.error_calls += 1;
                        if let [handler] = call.args.as_slice() {
                            self.model.empty_error_calls += usize::from(super::is_empty_function(handler));
                        }
                    }
                }
                let agent_invoke = matches!(
                    call.args.first().map(|a| unwrap(&a.expr)),
                    Some(Expr::Lit(Lit::Str(s))) if &*s.value == "agentConfig"
                );
                if name == Some("invoke") && agent_invoke && self.is_object(&m.obj) {
                    self.model.agent_config_calls += 1;
                }
            }
        }
        if let Some((spec, s)) = require_call_specifier(call) {
            if self.is_legacy(spec) {
                let range = parse::range(call.span);
                self.model.imports.push(LegacyImport {
                    range: range.clone(),
                    package: spec.to_string(),
                    specifier: parse::range(s.span),
                    form: ImportForm::Require,
                    local: None,
                    declaration: None,
                    named: Vec::new(),
                });
                self.record(range.clone(), Origin::Imported { decl: range });
            }
        }
        if let Callee::Import(_) = call.callee {
            if let Some(Expr::Lit(Lit::Str(s))) = call.args.first().map(|a| &*a.expr) {
                if let Some(spec) = s.value.as_atom().filter(|a| self.is_legacy(a)) {
                    self.model.imports.push(LegacyImport {
                        range: parse::range(call.span),
                        package: spec.to_string(),
                        specifier: parse::range(s.span),
                        form: ImportForm::Dynamic,
                        local: None,
                        declaration: None,
                        named: Vec::new(),
                    });
                }
            }
        }
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        self.member(m);
    }
}

impl Resolver<'_> {
    /// An AMD loader call (`define([...], factory)`, `require([...], callback)`,
    /// `requirejs([...], callback)`) whose dependencies name the legacy SDK (`'jweixin'`): the
    /// callback's parameter at that position is the SDK object, imported.
    fn amd_dependencies(&mut self, call: &CallExpr) {
        let Callee::Expr(callee) = &call.callee else { return };
        let Expr::Ident(loader) = unwrap(callee) else { return };
        if !matches!(&*loader.sym, "define" | "require" | "requirejs") || self.lookup(&loader.sym).is_some() {
            return;
        }
        let args: Vec<&Expr> = call.args.iter().map(|a| unwrap(&a.expr)).collect();
        let Some(at) = args.iter().position(|a| matches!(a, Expr::Array(_))) else {
            return;
        };
        let (Expr::Array(deps), Some(factory)) = (args[at], args.get(at + 1)) else {
            return;
        };
        let params: Vec<&Pat> = match factory {
            Expr::Fn(f) => f.function.params.iter().map(|p| &p.pat).collect(),
            Expr::Arrow(a) => a.params.iter().collect(),
            _ => return,
        };
        for (i, dep) in deps.elems.iter().enumerate() {
            let Some(Expr::Lit(Lit::Str(s))) = dep.as_ref().map(|d| unwrap(&d.expr)) else {
                continue;
            };
            let Some(package) = s
                .value
                .as_atom()
                .filter(|a| self.is_legacy(a) || self.amd_legacy_names.iter().any(|n| n == a.as_str()))
            else {
                continue;
            };
            let local = match params.get(i) {
                Some(Pat::Ident(b)) => {
                    self.amd_params.insert(key(b.id.span), BindingKind::Imported);
                    Some(parse::range(b.id.span))
                }
                _ => None,
            };
            self.model.imports.push(LegacyImport {
                range: parse::range(s.span),
                package: package.to_string(),
                specifier: parse::range(s.span),
                form: ImportForm::Amd,
                local,
                declaration: None,
                named: Vec::new(),
            });
        }
    }

    /// The AMD loader's configuration (`require.config({...})`, `requirejs.config({...})`):
    /// a `paths` entry that maps a module name to jweixin (`wx: '//res.wx.qq.com/open/js/
    /// jweixin-1.0.0'`, a copy of the site) is a legacy import of that name, and the
    /// dependencies on that name in this block are the SDK object.
    fn amd_paths(&mut self, call: &CallExpr) {
        let Callee::Expr(callee) = &call.callee else { return };
        let Expr::Member(member) = unwrap(callee) else { return };
        let is_config = prop_name(&member.prop) == Some("config")
            && matches!(unwrap(&member.obj), Expr::Ident(loader) if matches!(&*loader.sym, "require" | "requirejs") && self.lookup(&loader.sym).is_none());
        if !is_config {
            return;
        }
        let Some(Expr::Object(options)) = call.args.first().map(|a| unwrap(&a.expr)) else {
            return;
        };
        let paths = options.props.iter().find_map(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv) if crate::rules::prop_name(&kv.key).as_deref() == Some("paths") => {
                    match unwrap(&kv.value) {
                        Expr::Object(paths) => Some(paths),
                        _ => None,
                    }
                }
                _ => None,
            },
            PropOrSpread::Spread(_) => None,
        });
        for prop in paths.into_iter().flat_map(|paths| &paths.props) {
            let PropOrSpread::Prop(prop) = prop else { continue };
            let Prop::KeyValue(kv) = &**prop else { continue };
            let Some(name) = crate::rules::prop_name(&kv.key) else {
                continue;
            };
            // a path, or a list of fallbacks: the first is tried first
            let value = match unwrap(&kv.value) {
                Expr::Array(list) => list.elems.first().and_then(|e| e.as_ref()).map(|e| unwrap(&e.expr)),
                value => Some(value),
            };
            let Some(Expr::Lit(Lit::Str(path))) = value else {
                continue;
            };
            let Some(path_text) = path.value.as_atom() else {
                continue;
            };
            let file = path_text.rsplit('/').next().unwrap_or(path_text).to_ascii_lowercase();
            if !(file.starts_with("jweixin") || file.starts_with("jwxwork")) {
                continue;
            }
            self.amd_legacy_names.push(name.clone());
            self.model.imports.push(LegacyImport {
                range: parse::range(swc_common::Spanned::span(&**prop)),
                package: name,
                specifier: parse::range(path.span),
                form: ImportForm::Amd,
                local: None,
                declaration: None,
                named: Vec::new(),
            });
        }
    }

    fn member(&mut self, m: &MemberExpr) {
        m.visit_children_with(self);
        let Some(name) = prop_name(&m.prop) else { return };
        let range = parse::range(m.span);
        if GLOBAL_NAMES.contains(&name) && is_global_object(&m.obj) {
            let name_range = match &m.prop {
                MemberProp::Ident(i) => parse::range(i.span),
                MemberProp::Computed(c) => parse::range_of(&*c.expr),
                MemberProp::PrivateName(_) => return,
            };
            self.record(range, Origin::WindowProperty { name: name_range });
            return;
        }
        if name == "$wx" && !self.is_object(&m.obj) {
            self.record(range, Origin::StoredProperty);
            return;
        }
        // `state.wx.config(...)`: a `wx` property used like the SDK.
        if api_table::is_legacy_member(name) {
            if let Expr::Member(inner) = unwrap(&m.obj) {
                let inner_is_sdk_name = prop_name(&inner.prop).is_some_and(|n| GLOBAL_NAMES.contains(&n));
                if inner_is_sdk_name && !self.is_object(&m.obj) {
                    self.record(parse::range(inner.span), Origin::StoredProperty);
                }
            }
        }
    }
}

/// `window`, `self`, `globalThis`, `top`, `parent`, also `window.top` / `window.parent`.
fn is_global_object(expr: &Expr) -> bool {
    match unwrap(expr) {
        Expr::Ident(id) => GLOBAL_OBJECTS.contains(&id.sym.as_str()),
        Expr::Member(m) => prop_name(&m.prop).is_some_and(|n| GLOBAL_OBJECTS.contains(&n)) && is_global_object(&m.obj),
        _ => false,
    }
}

/// The name a function or class expression binds inside itself (`function f() {}`).
fn own_name(ident: Option<&Ident>) -> Vec<Declared> {
    ident
        .map(|id| Declared {
            name: id.sym.clone(),
            span: id.span,
        })
        .into_iter()
        .collect()
}

fn for_head_names(head: &ForHead) -> Vec<Declared> {
    let mut declared = Vec::new();
    match head {
        ForHead::VarDecl(v) if v.kind != VarDeclKind::Var => v
            .decls
            .iter()
            .for_each(|d| scope::pattern_names(&d.name, &mut declared)),
        ForHead::UsingDecl(u) => u
            .decls
            .iter()
            .for_each(|d| scope::pattern_names(&d.name, &mut declared)),
        _ => {}
    }
    declared
}
