//! The walk over one parsed block: every call of an SDK member goes to the rule for that
//! member, every other use of the SDK object to `wx-api` or `wx-object`.

use std::collections::HashSet;

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{wx_agent_config, wx_api, wx_config, wx_error, wx_import, wx_invoke, wx_object, wx_on, wx_ready};
use super::{RuleContext, SdkCall};
use crate::diagnostic::Diagnostic;
use crate::parse;
use crate::sdk::{unwrap, Origin, SdkModel};
use crate::source::SourceFile;

/// Runs every rule on one parsed block and returns its findings.
pub(crate) fn check_block(file: &SourceFile, program: &Program, sdk: &SdkModel) -> Vec<Diagnostic> {
    let mut walker = Walker {
        cx: RuleContext::new(file, sdk),
        used: HashSet::new(),
    };
    program.visit_with(&mut walker);
    wx_import::check(&mut walker.cx);
    for sdk_ref in sdk.objects() {
        let key = (sdk_ref.range.start, sdk_ref.range.end);
        let is_import = sdk.imports.iter().any(|i| i.range == sdk_ref.range);
        if !walker.used.contains(&key) && !is_import && sdk_ref.origin != Origin::StoredProperty {
            wx_object::check(sdk_ref, &mut walker.cx);
        }
    }
    walker.cx.diagnostics
}

struct Walker<'a> {
    cx: RuleContext<'a>,
    /// SDK references already reported as the object of a member call or access.
    used: HashSet<(usize, usize)>,
}

impl Walker<'_> {
    /// Dispatches a call if its callee is an SDK member; returns whether it was one.
    fn call(&mut self, _span: swc_common::Span, callee: &Expr, args: &[ExprOrSpread]) -> bool {
        let sdk = self.cx.sdk;
        let callee_expr = unwrap(callee);
        let (object, method) = match callee_expr {
            Expr::Member(m) => match (sdk.object(&m.obj), static_name(&m.prop)) {
                (Some(object), Some(name)) => (Some(object), name),
                _ => return false,
            },
            Expr::OptChain(OptChainExpr { base, .. }) => match &**base {
                OptChainBase::Member(m) => match (sdk.object(&m.obj), static_name(&m.prop)) {
                    (Some(object), Some(name)) => (Some(object), name),
                    _ => return false,
                },
                OptChainBase::Call(_) => return false,
            },
            Expr::Ident(_) => match sdk.member(callee_expr) {
                Some(name) => (None, name),
                None => return false,
            },
            _ => return false,
        };
        if let Some(object) = object {
            self.used.insert((object.range.start, object.range.end));
        }
        let call = SdkCall {
            callee: parse::range_of(callee_expr),
            object,
            method,
            args,
        };
        let cx = &mut self.cx;
        let before = cx.diagnostics.len();
        match method {
            "config" => wx_config::check(&call, cx),
            "agentConfig" => wx_agent_config::check(&call, cx),
            "ready" => wx_ready::check(&call, cx),
            "error" => wx_error::check(&call, cx),
            "invoke" => wx_invoke::check(&call, cx),
            "on" => wx_on::check(&call, cx),
            _ => wx_api::check_call(&call, cx),
        }
        if let Some(stored) = object.filter(|o| o.origin == Origin::StoredProperty) {
            let holder = cx.text(stored.range.clone());
            for d in &mut cx.diagnostics[before..] {
                d.help = format!(
                    "`{holder}` holds the SDK object, set elsewhere: migrate the code that stores it, then {}",
                    d.help
                );
            }
        }
        true
    }
}

fn static_name(prop: &MemberProp) -> Option<&str> {
    match prop {
        MemberProp::Ident(i) => Some(i.sym.as_str()),
        MemberProp::Computed(c) => match &*c.expr {
            Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.as_str()),
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    }
}

impl Visit for Walker<'_> {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        let handled = match &call.callee {
            Callee::Expr(callee) => self.call(call.span, callee, &call.args),
            _ => false,
        };
        if handled {
            call.args.visit_with(self);
        } else {
            call.visit_children_with(self);
        }
    }

    fn visit_opt_call(&mut self, call: &OptCall) {
        if self.call(call.span, &call.callee, &call.args) {
            call.args.visit_with(self);
        } else {
            call.visit_children_with(self);
        }
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        if let Some(object) = self.cx.sdk.object(&m.obj) {
            self.used.insert((object.range.start, object.range.end));
            wx_api::check_access(m, object, &mut self.cx);
        }
        m.visit_children_with(self);
    }
}
