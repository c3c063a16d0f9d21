//! The walk over one parsed block for the `security-*` rules. It hands each rule what it
//! weighs: every string the code builds (a literal, a template literal or a `+` chain, as one
//! piece of text per literal part), every named value (a variable, an assignment target, an
//! object key) with its value, the names declared side by side (one object literal, one list
//! of statements), and every use of `getSignature` on `ww`. Findings are kept only when the
//! file is front-end code (`file_role.rs`), which is decided once, and only if there is
//! something to report. Every text a rule matches is read from the file as written (not
//! from the parser's cooked values), so what the rules see is what the byte prefilter sees.

use std::ops::Range;

use rustc_hash::FxHashSet as HashSet;
use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{file_role, security_client_signature, security_secret_in_browser, security_ticket_literal};
use crate::credentials;
use crate::diagnostic::Diagnostic;
use crate::parse::{range, range_of};
use crate::source::SourceFile;

/// A string the code builds: the literal parts as written, and the whole expression.
pub(crate) struct BuiltString<'a> {
    /// The whole literal, template literal or `+` chain.
    pub range: Range<usize>,
    /// Each literal part as written (quotes included for string literals).
    pub pieces: Vec<&'a str>,
    /// The hash function it is passed to directly (`hex_sha1`, `CryptoJS.SHA1`, `new jsSHA`).
    pub hashed_by: Option<&'a str>,
}

/// A named value: `name = value`, `var name = value`, `{ name: value }`.
pub(crate) struct NamedValue<'a> {
    /// The name as written (an object key keeps its quotes).
    pub name: &'a str,
    pub name_range: Range<usize>,
    /// The value when it is a string literal without substitutions: its range and its text
    /// between the quotes, as written.
    pub literal: Option<(Range<usize>, &'a str)>,
}

impl NamedValue<'_> {
    /// The name without quotes, case or separators (`JSAPI_TICKET` -> `jsapiticket`).
    pub fn normalized(&self) -> String {
        credentials::normalized_name(self.name.trim_matches(['\'', '"']))
    }
}

/// Runs the security rules on one parsed block of `file`; `uses_legacy_sdk` when the SDK
/// resolver found the legacy SDK in it (which makes it front-end code).
pub(crate) fn check_block(file: &SourceFile, program: &Program, uses_legacy_sdk: bool) -> Vec<Diagnostic> {
    let mut walker = Walker {
        text: &file.text,
        wecom: WecomBindings::of(program, &file.text),
        hashed_by: None,
        found: Vec::new(),
    };
    program.visit_with(&mut walker);
    if walker.found.is_empty() || !file_role::runs_in_browser(file, program, uses_legacy_sdk) {
        return Vec::new();
    }
    walker.found
}

/// Names bound to `@wecom/jssdk`: namespaces (`import * as sdk`, `const sdk = require(...)`)
/// and local names of its `getSignature` (`import { getSignature as sign }`).
#[derive(Default)]
struct WecomBindings {
    namespaces: HashSet<Atom>,
    get_signature: HashSet<Atom>,
}

impl WecomBindings {
    fn of(program: &Program, text: &str) -> WecomBindings {
        let mut bindings = WecomBindings::default();
        if !text.contains(credentials::WECOM_PACKAGE) {
            return bindings;
        }
        let mut collect = BindingCollector {
            bindings: &mut bindings,
            text,
        };
        program.visit_with(&mut collect);
        bindings
    }
}

struct BindingCollector<'b> {
    bindings: &'b mut WecomBindings,
    text: &'b str,
}

impl BindingCollector<'_> {
    /// A module name written as `@wecom/jssdk`.
    fn is_wecom(&self, s: &Str) -> bool {
        self.text[range(s.span)].contains(credentials::WECOM_PACKAGE)
    }

    /// A name written as `getSignature` (not through escapes).
    fn spells_get_signature(&self, span: swc_common::Span) -> bool {
        self.text[range(span)].trim_matches(['\'', '"']) == credentials::GET_SIGNATURE
    }
}

impl Visit for BindingCollector<'_> {
    fn visit_import_decl(&mut self, import: &ImportDecl) {
        if !self.is_wecom(&import.src) {
            return;
        }
        for specifier in &import.specifiers {
            match specifier {
                ImportSpecifier::Namespace(s) => {
                    self.bindings.namespaces.insert(s.local.sym.clone());
                }
                ImportSpecifier::Default(s) => {
                    self.bindings.namespaces.insert(s.local.sym.clone());
                }
                ImportSpecifier::Named(s) => {
                    let imported = match &s.imported {
                        Some(ModuleExportName::Ident(i)) => self.spells_get_signature(i.span),
                        Some(ModuleExportName::Str(s)) => self.spells_get_signature(s.span),
                        None => self.spells_get_signature(s.local.span),
                    };
                    if imported {
                        self.bindings.get_signature.insert(s.local.sym.clone());
                    }
                }
            }
        }
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        let required = d.init.as_deref().is_some_and(|init| match init {
            Expr::Call(call) => {
                matches!(&call.callee, Callee::Expr(e) if matches!(&**e, Expr::Ident(i) if i.sym == "require"))
                    && matches!(call.args.first().map(|a| &*a.expr), Some(Expr::Lit(Lit::Str(s))) if self.is_wecom(s))
            }
            _ => false,
        });
        if required {
            match &d.name {
                Pat::Ident(b) => {
                    self.bindings.namespaces.insert(b.id.sym.clone());
                }
                Pat::Object(o) => {
                    for prop in &o.props {
                        match prop {
                            ObjectPatProp::Assign(a) if self.spells_get_signature(a.key.id.span) => {
                                self.bindings.get_signature.insert(a.key.id.sym.clone());
                            }
                            ObjectPatProp::KeyValue(kv) => {
                                let key = matches!(&kv.key, PropName::Ident(i) if self.spells_get_signature(i.span));
                                if let (true, Pat::Ident(b)) = (key, &*kv.value) {
                                    self.bindings.get_signature.insert(b.id.sym.clone());
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        d.visit_children_with(self);
    }
}

struct Walker<'a> {
    text: &'a str,
    wecom: WecomBindings,
    /// The hash function whose argument is being visited.
    hashed_by: Option<&'a str>,
    found: Vec<Diagnostic>,
}

/// The expression under parentheses and TypeScript assertions.
fn unwrap_expr(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => unwrap_expr(&p.expr),
        Expr::TsAs(t) => unwrap_expr(&t.expr),
        Expr::TsConstAssertion(t) => unwrap_expr(&t.expr),
        Expr::TsSatisfies(t) => unwrap_expr(&t.expr),
        Expr::TsTypeAssertion(t) => unwrap_expr(&t.expr),
        Expr::TsNonNull(t) => unwrap_expr(&t.expr),
        _ => expr,
    }
}

/// A callee that names a hash (`hex_sha1`, `CryptoJS.SHA1`, `sha1.hex`, `shaObj.update`,
/// `crypto.createHash('sha1').update`), short enough to show.
fn hash_name(callee: &str) -> Option<&str> {
    if callee.len() > 60 || callee.contains('\n') {
        return None;
    }
    let lower = callee.to_ascii_lowercase();
    ["sha", "md5", "hash", "digest"]
        .iter()
        .any(|w| lower.contains(w))
        .then_some(callee)
}

impl<'a> Walker<'a> {
    fn raw(&self, r: Range<usize>) -> &'a str {
        &self.text[r]
    }

    /// The literal parts and the other operands of a string the code builds.
    fn pieces<'e>(&self, expr: &'e Expr, pieces: &mut Vec<&'a str>, others: &mut Vec<&'e Expr>) {
        match expr {
            Expr::Bin(b) if b.op == BinaryOp::Add => {
                self.pieces(&b.left, pieces, others);
                self.pieces(&b.right, pieces, others);
            }
            Expr::Paren(p) => self.pieces(&p.expr, pieces, others),
            Expr::Lit(Lit::Str(s)) => pieces.push(self.raw(range(s.span))),
            Expr::Tpl(t) => {
                pieces.extend(t.quasis.iter().map(|q| self.raw(range(q.span))));
                others.extend(t.exprs.iter().map(|e| &**e));
            }
            _ => others.push(expr),
        }
    }

    /// A string literal without substitutions: its range and its text between the quotes.
    fn literal(&self, expr: &Expr) -> Option<(Range<usize>, &'a str)> {
        let r = match unwrap_expr(expr) {
            Expr::Lit(Lit::Str(s)) => range(s.span),
            Expr::Tpl(t) if t.exprs.is_empty() => range(t.span),
            _ => return None,
        };
        let raw = self.raw(r.clone());
        (raw.len() >= 2).then(|| (r, &raw[1..raw.len() - 1]))
    }

    fn named(&self, name_range: Range<usize>, value: Option<&Expr>) -> NamedValue<'a> {
        let literal = value.and_then(|v| self.literal(v));
        NamedValue {
            name: self.raw(name_range.clone()),
            name_range,
            literal,
        }
    }

    fn prop_name(&self, key: &PropName) -> Option<Range<usize>> {
        match key {
            PropName::Ident(i) => Some(range(i.span)),
            PropName::Str(s) => Some(range(s.span)),
            _ => None,
        }
    }

    /// The names declared directly in a list of statements, with their values.
    fn statement_names_of(&self, stmts: &[Stmt]) -> Vec<NamedValue<'a>> {
        let mut names = Vec::new();
        for stmt in stmts {
            match stmt {
                Stmt::Decl(Decl::Var(var)) => names.extend(self.declared(var)),
                Stmt::Expr(e) => {
                    if let Expr::Assign(a) = &*e.expr {
                        names.extend(self.assigned(a));
                    }
                }
                _ => {}
            }
        }
        names
    }

    fn declared(&self, var: &VarDecl) -> Vec<NamedValue<'a>> {
        var.decls
            .iter()
            .filter_map(|d| match &d.name {
                Pat::Ident(b) => Some(self.named(range(b.id.span), d.init.as_deref())),
                _ => None,
            })
            .collect()
    }

    fn assigned(&self, a: &AssignExpr) -> Option<NamedValue<'a>> {
        if a.op != AssignOp::Assign {
            return None;
        }
        let name = match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(b)) => range(b.id.span),
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => match &m.prop {
                MemberProp::Ident(i) => range(i.span),
                MemberProp::Computed(c) => match &*c.expr {
                    Expr::Lit(Lit::Str(s)) => range(s.span),
                    _ => return None,
                },
                MemberProp::PrivateName(_) => return None,
            },
            _ => return None,
        };
        Some(self.named(name, Some(&a.right)))
    }

    fn report(&mut self, diagnostic: Option<Diagnostic>) {
        self.found.extend(diagnostic);
    }

    fn named_value(&mut self, value: &NamedValue) {
        let d = security_ticket_literal::check_named(value);
        self.report(d);
    }

    fn side_by_side(&mut self, names: &[NamedValue]) {
        let found = security_secret_in_browser::check_names(names);
        self.found.extend(found);
    }

    /// `X.getSignature` where `X` is `ww` or bound to `@wecom/jssdk`.
    fn is_get_signature(&self, member: &MemberExpr) -> bool {
        let MemberProp::Ident(prop) = &member.prop else {
            return false;
        };
        let at = range(prop.span);
        if self.raw(at.clone()) != credentials::GET_SIGNATURE {
            return false;
        }
        credentials::on_ww(self.text.as_bytes(), at.start)
            || matches!(&*member.obj, Expr::Ident(i) if self.wecom.namespaces.contains(&i.sym))
    }

    /// A callee that is `getSignature` of `@wecom/jssdk`, with the range to report.
    fn get_signature_callee(&self, callee: &Expr) -> Option<Range<usize>> {
        match unwrap_expr(callee) {
            Expr::Member(m) if self.is_get_signature(m) => Some(range(m.span)),
            Expr::OptChain(OptChainExpr { base, .. }) => match &**base {
                OptChainBase::Member(m) if self.is_get_signature(m) => Some(range(m.span)),
                _ => None,
            },
            Expr::Ident(i) if self.wecom.get_signature.contains(&i.sym) => Some(range(i.span)),
            _ => None,
        }
    }

    fn signed_call(&mut self, callee: &Expr, args: &[ExprOrSpread]) {
        let Some(at) = self.get_signature_callee(callee) else {
            return;
        };
        let callee_text = self.raw(at.clone());
        self.report(Some(security_client_signature::get_signature_call(at, callee_text)));
        if let Some(literal) = args
            .first()
            .filter(|a| a.spread.is_none())
            .and_then(|a| self.literal(&a.expr))
        {
            let d = security_ticket_literal::check_signed(literal);
            self.report(d);
        }
    }

    fn hashed_args(&mut self, callee_text: &'a str, args: &[ExprOrSpread]) {
        let hashed_by = if args.is_empty() { None } else { hash_name(callee_text) };
        for arg in args {
            self.hashed_by = hashed_by;
            arg.visit_with(self);
        }
        self.hashed_by = None;
    }
}

impl<'a> Visit for Walker<'a> {
    fn visit_expr(&mut self, expr: &Expr) {
        let hashed_by = self.hashed_by.take();
        match expr {
            Expr::Bin(BinExpr { op: BinaryOp::Add, .. }) | Expr::Tpl(_) | Expr::Lit(Lit::Str(_)) => {
                let mut pieces = Vec::new();
                let mut others = Vec::new();
                self.pieces(expr, &mut pieces, &mut others);
                if !pieces.is_empty() {
                    let built = BuiltString {
                        range: range_of(expr),
                        pieces,
                        hashed_by,
                    };
                    let signature = security_client_signature::check_string(&built);
                    let token_call = security_secret_in_browser::check_string(&built);
                    self.report(signature);
                    self.report(token_call);
                }
                for other in others {
                    other.visit_with(self);
                }
            }
            _ => expr.visit_children_with(self),
        }
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        let Callee::Expr(callee) = &call.callee else {
            call.visit_children_with(self);
            return;
        };
        self.signed_call(callee, &call.args);
        callee.visit_with(self);
        let callee_text = self.raw(range_of(&**callee));
        self.hashed_args(callee_text, &call.args);
    }

    fn visit_opt_call(&mut self, call: &OptCall) {
        self.signed_call(&call.callee, &call.args);
        call.callee.visit_with(self);
        let callee_text = self.raw(range_of(&*call.callee));
        self.hashed_args(callee_text, &call.args);
    }

    fn visit_new_expr(&mut self, new: &NewExpr) {
        new.callee.visit_with(self);
        let callee_text = self.raw(range_of(&*new.callee));
        if let Some(args) = &new.args {
            self.hashed_args(callee_text, args);
        }
    }

    fn visit_object_lit(&mut self, object: &ObjectLit) {
        let mut names = Vec::new();
        for prop in &object.props {
            let PropOrSpread::Prop(prop) = prop else { continue };
            match &**prop {
                Prop::KeyValue(kv) => {
                    if let Some(key) = self.prop_name(&kv.key) {
                        names.push(self.named(key, Some(&kv.value)));
                    }
                }
                Prop::Shorthand(i) => names.push(self.named(range(i.span), None)),
                _ => {}
            }
        }
        for name in &names {
            self.named_value(name);
        }
        let params = security_client_signature::check_parameters(&names);
        self.report(params);
        self.side_by_side(&names);
        object.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if let Pat::Ident(b) = &d.name {
            let value = self.named(range(b.id.span), d.init.as_deref());
            self.named_value(&value);
        }
        d.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        if let Some(value) = self.assigned(a) {
            self.named_value(&value);
        }
        a.visit_children_with(self);
    }

    fn visit_class_prop(&mut self, p: &ClassProp) {
        if let Some(key) = self.prop_name(&p.key) {
            let value = self.named(key, p.value.as_deref());
            self.named_value(&value);
        }
        p.visit_children_with(self);
    }

    fn visit_stmts(&mut self, stmts: &[Stmt]) {
        let names = self.statement_names_of(stmts);
        self.side_by_side(&names);
        stmts.iter().for_each(|s| s.visit_with(self));
    }

    fn visit_module_items(&mut self, items: &[ModuleItem]) {
        let mut names = Vec::new();
        for item in items {
            match item {
                ModuleItem::Stmt(stmt) => names.extend(self.statement_names_of(std::slice::from_ref(stmt))),
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl {
                    decl: Decl::Var(var), ..
                })) => names.extend(self.declared(var)),
                _ => {}
            }
        }
        self.side_by_side(&names);
        items.iter().for_each(|i| i.visit_with(self));
    }
}
