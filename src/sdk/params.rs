//! Functions that receive the SDK object as an argument (issue 10 item 3): a page's script
//! calls `xiangce(wx)` in its ready callback, and a shared script declares
//! `function xiangce(wx) { wx.chooseImage({...}) }`. The parameter is the SDK object exactly
//! when every call of the function passes it, so the call sites and the function move
//! together: `xiangce(ww)` and `function xiangce(ww) { ww.chooseImage({...}).catch(...) }`
//! (the parameter is renamed so that a migrated function is not taken for a legacy one).
//!
//! This module records, for one block, the top-level function declarations whose parameter
//! (named like the SDK object: `wx`, `jWeixin`, `sdk`, `qywx`, ...) is only ever used to call
//! SDK members, or not at all ([`shaped`]), and the calls of free functions that pass the SDK object
//! ([`passes`]). The project layer proves a parameter per migration unit:
//! the function is declared once in the unit, and every mention of its name in the unit's
//! files (a text search, comments included, so it errs on the side of leaving code as it is)
//! is that declaration or a call that passes the SDK at that position.

use rustc_hash::FxHashSet as HashSet;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{unwrap, SdkModel};
use crate::api_table;
use crate::parse::range;

/// A function parameter that receives the SDK object: the function's name and the
/// parameter's position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SdkParam {
    pub function: String,
    pub index: usize,
}

/// A call of a free function that passes the SDK object at `param.index`, and whether the call
/// runs inside a `wx.ready` callback.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SdkPass {
    pub param: SdkParam,
    pub in_ready: bool,
}

/// The top-level function declarations of a block with a plain parameter that the body uses
/// only as `p.<SDK member>(...)`, or not at all (`function selectMember(wx) {...}` whose body
/// calls the global `wx` through other functions), by name and position.
pub fn shaped(program: &Program) -> Vec<SdkParam> {
    let statements: Vec<&Stmt> = match program {
        Program::Script(s) => s.body.iter().collect(),
        Program::Module(m) => m.body.iter().filter_map(|i| i.as_stmt()).collect(),
    };
    let mut found = Vec::new();
    for stmt in statements {
        let Stmt::Decl(Decl::Fn(f)) = stmt else { continue };
        let Some(body) = &f.function.body else { continue };
        for (index, param) in f.function.params.iter().enumerate() {
            let Pat::Ident(p) = &param.pat else { continue };
            if !sdk_like_name(&p.id.sym) {
                continue;
            }
            let mut uses = ParamUses {
                name: p.id.sym.clone(),
                calls: 0,
                other: 0,
                shadowed: false,
            };
            body.visit_with(&mut uses);
            if uses.other == 0 && !uses.shadowed {
                found.push(SdkParam {
                    function: f.ident.sym.to_string(),
                    index,
                });
            }
        }
    }
    found
}

/// The parameter names code gives the SDK object (`wx`, `jWeixin`, `sdk`, `wxSdk`, `qywx`):
/// only these are followed, as a walk per parameter of every function would cost too much.
fn sdk_like_name(name: &str) -> bool {
    ["wx", "sdk", "weixin"]
        .iter()
        .any(|needle| super::contains_ignore_case(name, needle))
}

struct ParamUses {
    name: swc_atoms::Atom,
    calls: usize,
    other: usize,
    /// A nested scope declares the same name: the tool does not follow which is which.
    shadowed: bool,
}

impl Visit for ParamUses {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Expr(callee) = &call.callee {
            if let Expr::Member(m) = unwrap(callee) {
                let is_param = matches!(unwrap(&m.obj), Expr::Ident(i) if i.sym == self.name);
                let sdk_member = m.prop.as_ident().is_some_and(|p| api_table::is_legacy_member(&p.sym));
                if is_param && sdk_member {
                    self.calls += 1;
                    call.args.visit_with(self);
                    return;
                }
            }
        }
        call.visit_children_with(self);
    }

    fn visit_ident(&mut self, i: &Ident) {
        if i.sym == self.name {
            self.other += 1;
        }
    }

    fn visit_binding_ident(&mut self, b: &BindingIdent) {
        if b.id.sym == self.name {
            self.shadowed = true;
        }
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        if f.ident.sym == self.name {
            self.shadowed = true;
        }
        f.visit_children_with(self);
    }
}

/// Whether a block's text may pass the SDK object to a function (a byte search, so that
/// blocks without one skip the walk): `wx` or `jWeixin` right after `(` or `,`.
pub fn may_pass(text: &str) -> bool {
    let bytes = text.as_bytes();
    let after_open = |at: usize| {
        let before = bytes[..at].iter().rposition(|b| !b.is_ascii_whitespace());
        before.is_some_and(|i| matches!(bytes[i], b'(' | b','))
    };
    memchr::memmem::find_iter(bytes, b"wx").any(after_open)
        || memchr::memmem::find_iter(bytes, b"jWeixin").any(after_open)
}

/// The calls `f(..., <SDK object>, ...)` of a block, where `f` is a plain name (a global
/// function of another script, or a top-level one of this block), and whether each sits in a
/// function handed to `wx.ready`.
pub fn passes(program: &Program, sdk: &SdkModel) -> Vec<SdkPass> {
    let mut ready = ReadyCallbacks {
        sdk,
        ranges: Vec::new(),
    };
    program.visit_with(&mut ready);
    let mut finder = PassFinder {
        sdk,
        ready: ready.ranges,
        found: Vec::new(),
    };
    program.visit_with(&mut finder);
    finder.found
}

/// The functions handed to `<SDK>.ready(...)`.
struct ReadyCallbacks<'a> {
    sdk: &'a SdkModel,
    ranges: Vec<std::ops::Range<usize>>,
}

impl Visit for ReadyCallbacks<'_> {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Expr(callee) = &call.callee {
            if let Expr::Member(m) = unwrap(callee) {
                let is_ready = m.prop.as_ident().is_some_and(|p| p.sym == "ready") && self.sdk.object(&m.obj).is_some();
                if is_ready {
                    for arg in &call.args {
                        if matches!(unwrap(&arg.expr), Expr::Fn(_) | Expr::Arrow(_)) {
                            self.ranges.push(crate::parse::range_of(&*arg.expr));
                        }
                    }
                }
            }
        }
        call.visit_children_with(self);
    }
}

struct PassFinder<'a> {
    sdk: &'a SdkModel,
    ready: Vec<std::ops::Range<usize>>,
    found: Vec<SdkPass>,
}

impl Visit for PassFinder<'_> {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Expr(callee) = &call.callee {
            if let Expr::Ident(f) = unwrap(callee) {
                let at = range(call.span).start;
                for (index, arg) in call.args.iter().enumerate() {
                    if arg.spread.is_none() && self.sdk.object(&arg.expr).is_some() {
                        self.found.push(SdkPass {
                            param: SdkParam {
                                function: f.sym.to_string(),
                                index,
                            },
                            in_ready: self.ready.iter().any(|r| r.contains(&at)),
                        });
                    }
                }
            }
        }
        call.visit_children_with(self);
    }
}

/// The parameters a migration unit proves. `declared` holds each file's shaped parameters,
/// `passes` each file's SDK-passing calls, and `mentions(name)` counts the whole-word
/// mentions of a name across the unit's files. Returns each proven parameter with whether
/// every call that passes the SDK runs inside a ready callback.
pub fn proven(declared: &[SdkParam], passes: &[SdkPass], mentions: &dyn Fn(&str) -> usize) -> Vec<(SdkParam, bool)> {
    let mut seen = HashSet::default();
    let mut proven = Vec::new();
    for param in declared {
        if !seen.insert(param.clone()) {
            continue;
        }
        // declared once in the unit, with one shaped parameter position used
        if declared.iter().filter(|d| d.function == param.function).count() != 1 {
            continue;
        }
        let calls: Vec<&SdkPass> = passes.iter().filter(|p| p.param.function == param.function).collect();
        if calls.is_empty() || calls.iter().any(|c| c.param.index != param.index) {
            continue;
        }
        if mentions(&param.function) != calls.len() + 1 {
            continue;
        }
        proven.push((param.clone(), calls.iter().all(|c| c.in_ready)));
    }
    proven.sort();
    proven
}

/// Whole-word mentions of `name` in `text`, except a string that is just the name (`'album'`,
/// `id="album"`) or a selector ending a string (`$('#album')`): anything else counts, comments
/// included.
pub fn count_mentions(text: &str, name: &str) -> usize {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    memchr::memmem::find_iter(bytes, name.as_bytes())
        .filter(|&at| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + name.len()).copied();
            let quoted = matches!(before, Some(b'\'' | b'"' | b'`')) && before == after;
            // a selector in a string: `$('#name')`, `'.name'`
            let selector = matches!(before, Some(b'#' | b'.')) && matches!(after, Some(b'\'' | b'"' | b'`'));
            !before.is_some_and(word) && !after.is_some_and(word) && !quoted && !selector
        })
        .count()
}

/// The declaration spans of the parameters `params` name in a block's top-level functions,
/// and whether each is already named `ww` (a migrated one, which is no longer the SDK).
pub fn seed_keys(program: &Program, params: &[SdkParam]) -> Vec<((usize, usize), bool)> {
    if params.is_empty() {
        return Vec::new();
    }
    let statements: Vec<&Stmt> = match program {
        Program::Script(s) => s.body.iter().collect(),
        Program::Module(m) => m.body.iter().filter_map(|i| i.as_stmt()).collect(),
    };
    let mut keys = Vec::new();
    for stmt in statements {
        let Stmt::Decl(Decl::Fn(f)) = stmt else { continue };
        for p in params.iter().filter(|p| f.ident.sym == *p.function) {
            if let Some(Pat::Ident(b)) = f.function.params.get(p.index).map(|p| &p.pat) {
                let r = range(b.id.span);
                keys.push(((r.start, r.end), b.id.sym == "ww"));
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(code: &str) -> (swc_ecma_ast::Program, SdkModel) {
        let source = crate::source::SourceFile::new(
            "a.js".into(),
            crate::source::FileKind::Script {
                lang: crate::source::ScriptLang::Js,
                dts: false,
            },
            code.to_string(),
        );
        let block = source.extract().blocks[0].clone();
        let parsed = crate::parse::parse_block(&source.text, &block, false).unwrap();
        let sdk = SdkModel::build(&parsed.program);
        (parsed.program, sdk)
    }

    #[test]
    fn a_parameter_used_only_to_call_the_sdk_is_shaped() {
        let (program, _) = parse(
            "function xiangce(wx) { $('#a').click(function () { wx.chooseImage({}); }); }\nfunction other(wx) { keep(wx); }\nfunction shadow(wx) { function f(wx) { wx.closeWindow(); } wx.closeWindow(); }\nfunction ignores(wx) { $('#b').click(pick); }\n",
        );
        // a parameter never read is shaped too: whatever the calls pass, nothing reads it
        assert_eq!(
            shaped(&program),
            [
                SdkParam {
                    function: "xiangce".into(),
                    index: 0
                },
                SdkParam {
                    function: "ignores".into(),
                    index: 0
                }
            ]
        );
    }

    #[test]
    fn passes_and_proof() {
        let (program, sdk) = parse("wx.ready(function () { xiangce(wx); });\nother(1, wx);\n");
        let found = passes(&program, &sdk);
        assert!(found[0].in_ready && !found[1].in_ready);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].param.index, 1);
        let declared = [SdkParam {
            function: "xiangce".into(),
            index: 0,
        }];
        // declaration + one call: proven; a third mention (another call) is not
        assert_eq!(proven(&declared, &found, &|_| 2).len(), 1);
        assert!(proven(&declared, &found, &|_| 3).is_empty());
        assert_eq!(
            count_mentions("xiangce(wx); axiangce(); xiangce_b; // xiangce", "xiangce"),
            2
        );
        assert_eq!(
            count_mentions(
                "$('#a'); get('xiangce'); <b id=\"xiangce\" onclick=\"xiangce(wx)\">",
                "xiangce"
            ),
            1
        );
        assert_eq!(
            count_mentions("$(\"#xiangce\").click(); $('.xiangce'); xiangce.x", "xiangce"),
            1
        );
    }
}
