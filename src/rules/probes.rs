//! Mini-program detection, which is not the SDK (issue 9, class 3). zrender (in every echarts
//! build) and uni-app code test `typeof wx === 'object' && typeof wx.getSystemInfoSync ===
//! 'function'` to find out whether they run inside a WeChat mini-program, whose global `wx`
//! has `getSystemInfoSync`, `request`, `showToast`. An expression that reads a member no
//! jweixin build has from the global `wx` is such a probe: none of its mentions of `wx` is the
//! legacy SDK, and a fix that renamed one of them (`typeof ww === 'object' && typeof
//! wx.getSystemInfoSync`) would throw a `ReferenceError` on a page that loads `ww` only. The
//! rules leave every mention of the SDK inside a probe alone.
//!
//! A probe's extent is the expression the statement evaluates as a whole: a condition (`if`,
//! `while`, `for`), a declaration's initial value, an expression statement, a returned value
//! or an arrow's expression body. The member no jweixin build has must be tested there
//! (`typeof`'s operand, a condition, an operand of `!`, `&&`, `||`, `??` or of a comparison),
//! or the expression must test the global itself (`"undefined" != typeof wx && (wx.cloud =
//! api)`, in WeChat's cloud SDK): one read as a value, written or called in an expression that
//! tests neither (`wx.playVoice({ localId: wx.localId })`, `wx.localId = res.localId`) is no
//! probe, and on a page that loads jweixin it is a value the code keeps on jweixin's object
//! (wx_api.rs).

use std::ops::Range;

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::api_table;
use crate::parse::range_of;
use crate::sdk::{Origin, SdkModel};

struct Finder<'a> {
    sdk: &'a SdkModel,
    /// Where the global SDK's references start, sorted: a statement without one holds no probe.
    globals: Vec<usize>,
    current: Option<Range<usize>>,
    /// Each member no jweixin build has, read on the global: the extent it is in, and itself.
    foreign: Vec<(Range<usize>, Range<usize>)>,
    /// Expressions in a tested position: `typeof`'s operand, a condition, an operand of `!`,
    /// `&&`, `||`, `??` or of a comparison.
    tested: Vec<Range<usize>>,
    /// `typeof`'s operands.
    typeof_operands: Vec<Range<usize>>,
}

impl Finder<'_> {
    fn test(&mut self, expr: &Expr) {
        self.tested.push(range_of(crate::sdk::unwrap(expr)));
    }
}

impl Finder<'_> {
    fn within(&mut self, expr: &Expr, visit: impl FnOnce(&mut Self)) {
        let outer = self.current.replace(range_of(expr));
        visit(self);
        self.current = outer;
    }
}

impl Visit for Finder<'_> {
    fn visit_stmt(&mut self, s: &Stmt) {
        if crate::parse::any_within(&self.globals, &range_of(s)) {
            s.visit_children_with(self);
        }
    }

    fn visit_expr_stmt(&mut self, s: &ExprStmt) {
        self.within(&s.expr, |this| s.visit_children_with(this));
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        match &d.init {
            Some(init) => self.within(init, |this| d.visit_children_with(this)),
            None => d.visit_children_with(self),
        }
    }

    fn visit_unary_expr(&mut self, u: &UnaryExpr) {
        if matches!(u.op, UnaryOp::TypeOf | UnaryOp::Bang) {
            self.test(&u.arg);
        }
        if u.op == UnaryOp::TypeOf {
            self.typeof_operands.push(range_of(crate::sdk::unwrap(&u.arg)));
        }
        u.visit_children_with(self);
    }

    fn visit_bin_expr(&mut self, b: &BinExpr) {
        use BinaryOp::*;
        if matches!(
            b.op,
            LogicalAnd | LogicalOr | NullishCoalescing | EqEq | NotEq | EqEqEq | NotEqEq
        ) {
            self.test(&b.left);
            self.test(&b.right);
        }
        b.visit_children_with(self);
    }

    fn visit_cond_expr(&mut self, c: &CondExpr) {
        self.test(&c.test);
        c.visit_children_with(self);
    }

    fn visit_if_stmt(&mut self, s: &IfStmt) {
        self.test(&s.test);
        self.within(&s.test, |this| s.test.visit_with(this));
        s.cons.visit_with(self);
        s.alt.visit_with(self);
    }

    fn visit_while_stmt(&mut self, s: &WhileStmt) {
        self.test(&s.test);
        self.within(&s.test, |this| s.test.visit_with(this));
        s.body.visit_with(self);
    }

    fn visit_do_while_stmt(&mut self, s: &DoWhileStmt) {
        s.body.visit_with(self);
        self.test(&s.test);
        self.within(&s.test, |this| s.test.visit_with(this));
    }

    fn visit_return_stmt(&mut self, s: &ReturnStmt) {
        if let Some(arg) = &s.arg {
            self.within(arg, |this| s.visit_children_with(this));
        }
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        match &*a.body {
            ArrowFunctionBody::Expr(body) => self.within(body, |this| a.visit_children_with(this)),
            ArrowFunctionBody::FunctionBody(_) => {
                let outer = self.current.take();
                a.visit_children_with(self);
                self.current = outer;
            }
        }
    }

    fn visit_function(&mut self, f: &Function) {
        let outer = self.current.take();
        f.visit_children_with(self);
        self.current = outer;
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        let on_global = self
            .sdk
            .object(&m.obj)
            .is_some_and(|o| matches!(o.origin, Origin::Global | Origin::WindowProperty { .. }));
        let name = match &m.prop {
            MemberProp::Ident(i) => Some(i.sym.as_str()),
            MemberProp::Computed(c) => match &*c.expr {
                Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.as_str()),
                _ => None,
            },
            MemberProp::PrivateName(_) => None,
        };
        if on_global && name.is_some_and(|n| !api_table::is_legacy_member(n)) {
            if let Some(extent) = &self.current {
                self.foreign.push((extent.clone(), crate::parse::range(m.span)));
            }
        }
        m.visit_children_with(self);
    }
}

/// The extents of the block's mini-program probes. Where a page of the unit loads jweixin
/// (`page_loads_jweixin`), a probe must test the global in a way that cannot throw without
/// it (`typeof wx`, `window.wx`): there `wx` is jweixin's object, and code that reads a
/// member jweixin lacks without such a test (`wx.localId = wx.localId || id`, `wx.foo &&
/// wx.foo()`) keeps a value on it, and throws once the page loads `ww` (helper-24).
pub(crate) fn find(program: &Program, sdk: &SdkModel, page_loads_jweixin: bool) -> Vec<Range<usize>> {
    // the global SDK's references, sorted, and whether each is the bare global (`wx`, not
    // `window.wx`)
    let globals: Vec<(Range<usize>, bool)> = sdk
        .objects()
        .into_iter()
        .filter(|o| matches!(o.origin, Origin::Global | Origin::WindowProperty { .. }))
        .map(|o| (o.range.clone(), o.origin == Origin::Global))
        .collect();
    if globals.is_empty() {
        return Vec::new();
    }
    let mut finder = Finder {
        sdk,
        globals: globals.iter().map(|(g, _)| g.start).collect(),
        current: None,
        foreign: Vec::new(),
        tested: Vec::new(),
        typeof_operands: Vec::new(),
    };
    program.visit_with(&mut finder);
    let tested = |range: &Range<usize>| finder.tested.contains(range);
    // (a test that cannot throw where there is no `wx`: `typeof wx`, or `window.wx` tested)
    let guards = |g: &(Range<usize>, bool)| match g.1 {
        true => finder.typeof_operands.contains(&g.0),
        false => tested(&g.0),
    };
    let mut probes: Vec<Range<usize>> = finder
        .foreign
        .iter()
        .filter(|(extent, member)| {
            let within = |g: &&(Range<usize>, bool)| extent.start <= g.0.start && g.0.end <= extent.end;
            if page_loads_jweixin {
                globals.iter().filter(within).any(guards)
            } else {
                tested(member) || globals.iter().filter(within).any(|g| tested(&g.0))
            }
        })
        .map(|(extent, _)| extent.clone())
        .collect();
    probes.dedup();
    probes
}
