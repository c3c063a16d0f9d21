//! What a callback reads of the result an SDK call hands it. jweixin and `ww` hand different
//! objects: `wx.invoke` passed the client's raw reply, to which `ww.invoke` adds `errMsg` and
//! `errCode` (semantics.md 1.5); a named method's callbacks got jweixin's normalised result
//! (`errMsg`, no `err_msg`), where `ww` hands the raw reply with `errMsg` and `errCode` added
//! (1.4). A callback that reads only the keys both objects hold the same (`res.err_msg` of an
//! invoke, `res.localIds`) behaves the same; one that reads a key only one object has, or the
//! whole object (`JSON.stringify(res)`, `console.log(res)`, `done(res)`, `for (k in res)`), does
//! not (helper-35: `alert(JSON.stringify(res))` showed `errMsg` and `errCode` after the fix).

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::sdk::unwrap;

/// Why the callback `callback` may tell the two results apart, or `None` when every read of
/// its result is a key outside `differing` (or a truthiness test). `differing` names the keys
/// one side has and the other lacks; `what` says what `ww` hands, for the reason. A callback
/// passed by name is read where the program declares that function. One not in sight (a
/// promise's `resolve`, a parameter, `this.done`) is not followed: where its result goes is
/// left as before, a limit of this analysis (the generated pages' promisified invokes read
/// `res.err_msg`, the same on both sides).
pub(crate) fn difference(callback: &Expr, program: &Program, differing: &[&str], what: &str) -> Option<String> {
    match unwrap(callback) {
        Expr::Ident(name) => {
            let mut found = Vec::new();
            let declared_once = declared_function(program, &name.sym, &mut |function| {
                found.push(reads_of(function, differing, what));
            });
            // (a name the script does not declare as one function, such as a promise's
            // `resolve`, hands the result on where this analysis does not follow)
            match declared_once {
                true => found.pop().flatten(),
                false => None,
            }
        }
        other => Callback::of(other).and_then(|function| reads_of(function, differing, what)),
    }
}

/// [`difference`] for a method written in an options object (`success(res) { ... }`).
pub(crate) fn method_difference(function: &Function, differing: &[&str], what: &str) -> Option<String> {
    reads_of(Callback::Function(function), differing, what)
}

/// [`difference`] for a function in sight.
fn reads_of(function: Callback, differing: &[&str], what: &str) -> Option<String> {
    let Some(result) = function.result_name() else {
        // (no parameter, or a pattern: `function () {}` reads nothing, `({ localIds })`
        // reads keys, which `arguments` may still reach)
        return function
            .reads_arguments()
            .then(|| format!("its callback reads `arguments`, and {what}"));
    };
    let mut reads = Reads {
        name: result,
        differing,
        escape: None,
    };
    function.visit_body(&mut reads);
    if function.reads_arguments() {
        reads.escape.get_or_insert_with(|| "`arguments`".to_string());
    }
    reads
        .escape
        .map(|read| format!("its callback reads {read}, and {what}"))
}

/// A function literal or declaration that receives a result.
enum Callback<'a> {
    Function(&'a Function),
    Arrow(&'a ArrowExpr),
}

impl<'a> Callback<'a> {
    fn of(expr: &'a Expr) -> Option<Callback<'a>> {
        match expr {
            Expr::Fn(f) => Some(Callback::Function(&f.function)),
            Expr::Arrow(a) => Some(Callback::Arrow(a)),
            _ => None,
        }
    }

    /// The name of its first parameter, when that is a plain identifier.
    fn result_name(&self) -> Option<&'a str> {
        let first = match self {
            Callback::Function(f) => f.params.first().map(|p| &p.pat),
            Callback::Arrow(a) => a.params.first(),
        }?;
        match first {
            Pat::Ident(b) => Some(&b.id.sym),
            _ => None,
        }
    }

    fn reads_arguments(&self) -> bool {
        struct Arguments(bool);
        impl Visit for Arguments {
            fn visit_ident(&mut self, i: &Ident) {
                self.0 |= i.sym == "arguments";
            }
            // (a nested function's `arguments` are its own)
            fn visit_function(&mut self, _: &Function) {}
        }
        let mut found = Arguments(false);
        match self {
            Callback::Function(f) => f.body.visit_with(&mut found),
            Callback::Arrow(_) => return false,
        }
        found.0
    }

    fn visit_body(&self, reads: &mut Reads) {
        match self {
            Callback::Function(f) => {
                // (a later parameter of the same name hides the result)
                if f.params.iter().skip(1).any(|p| binds(&p.pat, reads.name)) {
                    return;
                }
                f.body.visit_with(reads)
            }
            Callback::Arrow(a) => {
                if a.params.iter().skip(1).any(|p| binds(p, reads.name)) {
                    return;
                }
                a.body.visit_with(reads)
            }
        }
    }
}

/// Hands `found` each function the program declares under `name` (`function done(res) {}`, or
/// `var done = function (res) {}`); whether it declares exactly one and assigns the name
/// nothing else.
fn declared_function(program: &Program, name: &str, found: &mut dyn FnMut(Callback)) -> bool {
    struct Find<'n, 'f> {
        name: &'n str,
        found: &'f mut dyn FnMut(Callback),
        count: usize,
        other: bool,
    }
    impl Visit for Find<'_, '_> {
        fn visit_fn_decl(&mut self, f: &FnDecl) {
            if f.ident.sym == self.name {
                self.count += 1;
                (self.found)(Callback::Function(&f.function));
            }
            f.visit_children_with(self);
        }
        fn visit_var_declarator(&mut self, d: &VarDeclarator) {
            if binds(&d.name, self.name) {
                match d.init.as_deref().map(unwrap).and_then(Callback::of) {
                    Some(function) => {
                        self.count += 1;
                        (self.found)(function);
                    }
                    None => self.other = true,
                }
            }
            d.visit_children_with(self);
        }
        fn visit_assign_expr(&mut self, a: &AssignExpr) {
            if matches!(&a.left, AssignTarget::Simple(SimpleAssignTarget::Ident(i)) if i.id.sym == self.name) {
                self.other = true;
            }
            a.visit_children_with(self);
        }
    }
    let mut find = Find {
        name,
        found,
        count: 0,
        other: false,
    };
    program.visit_with(&mut find);
    find.count == 1 && !find.other
}

/// Whether a pattern binds `name` (a parameter or a declared variable).
fn binds(pat: &Pat, name: &str) -> bool {
    let mut names = Vec::new();
    crate::scope::pattern_names(pat, &mut names);
    names.iter().any(|d| d.name == *name)
}

/// The reads of the result inside a callback's body: the first that may tell the two results
/// apart.
struct Reads<'n> {
    name: &'n str,
    differing: &'n [&'n str],
    escape: Option<String>,
}

impl Reads<'_> {
    fn is_result(&self, expr: &Expr) -> bool {
        matches!(unwrap(expr), Expr::Ident(i) if i.sym == self.name)
    }

    fn escapes(&mut self, what: String) {
        self.escape.get_or_insert(what);
    }
}

impl Visit for Reads<'_> {
    fn visit_member_expr(&mut self, m: &MemberExpr) {
        if self.is_result(&m.obj) {
            let key = match &m.prop {
                MemberProp::Ident(k) => Some(k.sym.to_string()),
                MemberProp::Computed(c) => match unwrap(&c.expr) {
                    Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.to_string()),
                    _ => None,
                },
                MemberProp::PrivateName(_) => None,
            };
            match key {
                Some(key) if self.differing.contains(&key.as_str()) => {
                    self.escapes(format!("`{}.{key}`", self.name));
                }
                Some(_) => {}
                None => self.escapes(format!("a computed key of `{}`", self.name)),
            }
            if let MemberProp::Computed(c) = &m.prop {
                c.visit_with(self);
            }
            return;
        }
        m.visit_children_with(self);
    }

    // A truthiness test reads no key: `if (res)`, `!res`, `res && res.x`, `typeof res`.
    fn visit_unary_expr(&mut self, u: &UnaryExpr) {
        if matches!(u.op, UnaryOp::Bang | UnaryOp::TypeOf) && self.is_result(&u.arg) {
            return;
        }
        u.visit_children_with(self);
    }

    fn visit_bin_expr(&mut self, b: &BinExpr) {
        if matches!(b.op, BinaryOp::LogicalAnd) && self.is_result(&b.left) {
            return b.right.visit_with(self);
        }
        b.visit_children_with(self);
    }

    fn visit_if_stmt(&mut self, s: &IfStmt) {
        if !self.is_result(&s.test) {
            s.test.visit_with(self);
        }
        s.cons.visit_with(self);
        s.alt.visit_with(self);
    }

    fn visit_ident(&mut self, i: &Ident) {
        if i.sym == self.name {
            self.escapes(format!("the whole result `{}`", self.name));
        }
    }

    // A nested function that takes a parameter of the same name reads its own.
    fn visit_function(&mut self, f: &Function) {
        if f.params.iter().any(|p| binds(&p.pat, self.name)) {
            return;
        }
        f.visit_children_with(self);
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        if a.params.iter().any(|p| binds(p, self.name)) {
            return;
        }
        a.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(js: &str) -> Option<String> {
        let file = crate::source::SourceFile::new(
            "t.js".into(),
            crate::source::FileKind::from_path(std::path::Path::new("t.js")).expect("a script"),
            js.to_string(),
        );
        let extracted = file.extract();
        let parsed = crate::parse::parse_block(&file.text, &extracted.blocks[0], false).expect("parses");
        let Program::Script(script) = &parsed.program else {
            panic!("a script")
        };
        let Some(Stmt::Expr(e)) = script.body.last() else {
            panic!("an expression last")
        };
        let Expr::Call(call) = &*e.expr else { panic!("a call") };
        difference(
            &call.args[2].expr,
            &parsed.program,
            &["errMsg", "errCode"],
            "`ww.invoke` adds them",
        )
    }

    #[test]
    fn keys_both_results_hold_read_the_same() {
        assert_eq!(
            reason("wx.invoke('a', {}, function (res) { if (res.err_msg == 'a:ok') f(res.entry); });"),
            None
        );
        assert_eq!(
            reason("wx.invoke('a', {}, (res) => { if (res && res['err_msg']) f(); });"),
            None
        );
        assert_eq!(reason("wx.invoke('a', {}, function () { f(); });"), None);
        assert_eq!(
            reason("function done(r) { g(r.err_msg); }\nwx.invoke('a', {}, done);"),
            None
        );
        // a nested callback's own `res`
        assert_eq!(
            reason("wx.invoke('a', {}, function (res) { $.get('/x', function (res) { show(res); }); });"),
            None
        );
    }

    #[test]
    fn the_whole_result_or_an_added_key_tells_them_apart() {
        let whole = reason("wx.invoke('a', {}, function (res) { alert(JSON.stringify(res)); });");
        assert!(
            whole.as_deref().is_some_and(|r| r.contains("the whole result `res`")),
            "{whole:?}"
        );
        let key = reason("wx.invoke('a', {}, function (res) { f(res.errMsg || res.err_msg); });");
        assert!(key.as_deref().is_some_and(|r| r.contains("`res.errMsg`")), "{key:?}");
        assert!(reason("wx.invoke('a', {}, function (res) { for (var k in res) f(k); });").is_some());
        assert!(reason("wx.invoke('a', {}, function (res) { f(res[k]); });").is_some());
        assert!(reason("wx.invoke('a', {}, function () { f(arguments[0]); });").is_some());
        // (not followed: a name not declared here)
        assert!(reason("wx.invoke('a', {}, handler);").is_none());
        assert!(reason("function done(r) { log(r); }\nwx.invoke('a', {}, done);").is_some());
    }
}
