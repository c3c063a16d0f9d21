//! The SDK object stored on a shared object and read back elsewhere (issue 10 item 3):
//! `Vue.prototype.$wx = wx` in `main.js`, then `this.$wx.scanQRCode(...)` in components;
//! `app.config.globalProperties.$wx = wx` in Vue 3. Such a property holds whatever the store
//! put there, so once the store holds `ww`, every read that calls an SDK member on it is a
//! call on `ww` and can be migrated in place. The property is renamed with its object
//! ([`ww_holder_name`]: `Vue.prototype.$ww = ww`, `this.$ww.scanQRCode(...).catch(...)`,
//! `this.$ww.ensureConfigReady()...`), so migrated reads are told apart from legacy ones.
//!
//! This module records, for one block, the stores and every read of a *holder name*: a
//! property whose name contains `wx` (`$wx`, `wx`, `$wxsdk`, `qywx`), the names such stores
//! use in real code. The project layer then decides per migration unit (see
//! [`verdicts`]): a property is proven when the unit stores only the SDK object in it,
//! and every read of it anywhere in the unit calls an SDK member (`this.$wx.config(...)`). A
//! read that hands the object on (`const w = this.$wx`, `fn(this.$wx)`), a store of something
//! else, or a mention in a Vue template (where the tool does not parse expressions) keeps the
//! property unproven, and its store and reads are reported as today.

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{unwrap, Origin, SdkModel};
use crate::api_table;

/// How one block uses a holder property.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HolderUse {
    /// `<x>.prototype.P = <SDK object>` or `<x>.globalProperties.P = <SDK object>`.
    StoresSdk(String),
    /// `<x>.P.<SDK member>`: a read that calls the SDK.
    CallsSdk(String),
    /// Any other write or read of `.P` (the object escapes, or something else is stored).
    Other(String),
}

impl HolderUse {
    /// The property's name.
    pub fn name(&self) -> &str {
        let (HolderUse::StoresSdk(name) | HolderUse::CallsSdk(name) | HolderUse::Other(name)) = self;
        name
    }
}

/// The holder names whose reads the resolver takes for the SDK object (`this.$wx.x()`,
/// `this.wx.config()`), so that the rules migrate them: only these can be proven.
const READ_AS_SDK: &[&str] = &["$wx", "wx", "jWeixin"];

/// The name a proven holder takes once it holds `ww`: `$wx` becomes `$ww`, `wx` and `jWeixin`
/// become `ww`. Renaming makes the migrated reads tell themselves apart from legacy ones
/// (`this.$ww.scanQRCode(...)` is `ww`'s), so a second `fix` changes nothing.
pub fn ww_holder_name(name: &str) -> &'static str {
    if name.starts_with('$') {
        "$ww"
    } else {
        "ww"
    }
}

/// Whether a block's text may store or read a holder (a byte search, so that blocks without
/// one skip the walk): `.<name>` for a name with `wx` in it (`.$wx`, `.wx`, `.qywx`) other
/// than `window.wx`, or `.jWeixin`. Every store and read of a holder has one.
pub fn may_hold(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ident = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$';
    memchr::memmem::find(bytes, b".jWeixin").is_some()
        || memchr::memmem::find_iter(bytes, b"wx").any(|at| {
            let start = bytes[..at].iter().rposition(|b| !ident(b)).map_or(0, |i| i + 1);
            let member = start > 0 && bytes[start - 1] == b'.' && !bytes[..start - 1].ends_with(b"window");
            // (or a key of a destructuring pattern: `const { $wx } = this`)
            let before = bytes[..start].iter().rposition(|b| !b.is_ascii_whitespace());
            member || before.is_some_and(|i| matches!(bytes[i], b'{' | b','))
        })
}

/// Whether a property name may hold the SDK object.
pub fn is_holder_name(name: &str) -> bool {
    super::contains_ignore_case(name, "wx")
}

/// The holder uses of one parsed block, in no particular order. `text` is the file's text
/// and `block` the block's range in it: statements whose text has no `wx` in any case hold
/// no holder name and are not walked.
pub fn holder_uses(program: &Program, sdk: &SdkModel, text: &str, block: std::ops::Range<usize>) -> Vec<HolderUse> {
    let bytes = &text.as_bytes()[block.clone()];
    let marks = memchr::memchr2_iter(b'w', b'W', bytes)
        .filter(|&at| matches!(bytes.get(at + 1), Some(b'x' | b'X')))
        .map(|at| block.start + at)
        .collect();
    let mut finder = Finder {
        sdk,
        marks,
        uses: Vec::new(),
    };
    program.visit_with(&mut finder);
    finder.uses
}

struct Finder<'a> {
    sdk: &'a SdkModel,
    /// Where `wx` (in any case) starts in the block, sorted.
    marks: Vec<usize>,
    uses: Vec<HolderUse>,
}

impl Finder<'_> {
    /// The SDK object itself (`window.wx`, an imported `wx`), not a holder of it.
    fn is_sdk_itself(&self, expr: &Expr) -> bool {
        self.is_sdk_at(&crate::parse::range_of(unwrap(expr)))
    }

    fn is_sdk_at(&self, range: &std::ops::Range<usize>) -> bool {
        self.sdk
            .object_at(range)
            .is_some_and(|r| r.origin != Origin::StoredProperty)
    }
}

fn holder_name(m: &MemberExpr) -> Option<&str> {
    let MemberProp::Ident(p) = &m.prop else { return None };
    is_holder_name(&p.sym).then_some(p.sym.as_str())
}

/// `<x>.prototype` or `<x>.globalProperties`: objects whose properties every component sees.
fn is_shared_object(expr: &Expr) -> bool {
    let Expr::Member(m) = unwrap(expr) else { return false };
    matches!(&m.prop, MemberProp::Ident(p) if p.sym == "prototype" || p.sym == "globalProperties")
}

impl Visit for Finder<'_> {
    fn visit_stmt(&mut self, s: &Stmt) {
        if crate::parse::any_within(&self.marks, &crate::parse::range_of(s)) {
            s.visit_children_with(self);
        }
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        if let AssignTarget::Simple(SimpleAssignTarget::Member(target)) = &a.left {
            if let Some(name) = holder_name(target) {
                let stores_sdk =
                    a.op == AssignOp::Assign && is_shared_object(&target.obj) && self.sdk.object(&a.right).is_some();
                self.uses.push(if stores_sdk {
                    HolderUse::StoresSdk(name.to_string())
                } else {
                    HolderUse::Other(name.to_string())
                });
                target.obj.visit_with(self);
                a.right.visit_with(self);
                return;
            }
        }
        a.visit_children_with(self);
    }

    // `const { $wx } = this`: the holder read and handed to a binding the tool does not follow
    fn visit_object_pat(&mut self, o: &ObjectPat) {
        for prop in &o.props {
            if let Some(key) = super::resolve::pattern_key(prop).filter(|k| is_holder_name(k)) {
                self.uses.push(HolderUse::Other(key));
            }
        }
        o.visit_children_with(self);
    }

    fn visit_ts_property_signature(&mut self, p: &TsPropertySignature) {
        // `interface Vue { $wx: typeof wx }`: a declaration the rename would have to follow
        if let Expr::Ident(key) = &*p.key {
            if is_holder_name(&key.sym) {
                self.uses.push(HolderUse::Other(key.sym.to_string()));
            }
        }
        p.visit_children_with(self);
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        // `<x>.P.<member>`: the inner `.P` is the holder, read to call a member of it.
        if let Expr::Member(inner) = unwrap(&m.obj) {
            if let Some(name) = holder_name(inner).filter(|_| !self.is_sdk_itself(&m.obj)) {
                let member = match &m.prop {
                    MemberProp::Ident(p) => Some(p.sym.as_str()),
                    _ => None,
                };
                let calls_sdk = member.is_some_and(api_table::is_legacy_member);
                self.uses.push(if calls_sdk {
                    HolderUse::CallsSdk(name.to_string())
                } else {
                    HolderUse::Other(name.to_string())
                });
                inner.obj.visit_with(self);
                m.prop.visit_with(self);
                return;
            }
        }
        if let Some(name) = holder_name(m) {
            // `this.$wx` read on its own (`window.wx`, the SDK global, is not a holder)
            if !self.is_sdk_at(&crate::parse::range(m.span)) {
                self.uses.push(HolderUse::Other(name.to_string()));
            }
        }
        m.visit_children_with(self);
    }
}

/// What a migration unit's holder uses prove, from the holder uses of its files (and the
/// holder names its Vue templates mention, which count as other uses).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StoreVerdicts {
    /// Stored with the SDK object at least once, and only ever stored with it or read to call
    /// an SDK member: the store and its reads move together.
    pub proven: Vec<String>,
    /// Stored with the SDK object, but also read or written another way (or a name the
    /// resolver does not read as the SDK): the store stays, and so do its reads.
    pub escaped: Vec<String>,
}

/// Sorts a unit's stored holder properties into proven and escaped.
pub fn verdicts<'u>(uses: impl IntoIterator<Item = &'u HolderUse>) -> StoreVerdicts {
    let mut stored = std::collections::BTreeSet::new();
    let mut other = std::collections::BTreeSet::new();
    for u in uses {
        match u {
            HolderUse::StoresSdk(name) => {
                stored.insert(name.as_str());
            }
            HolderUse::CallsSdk(_) => {}
            HolderUse::Other(name) => {
                other.insert(name.as_str());
            }
        }
    }
    let (proven, escaped): (Vec<&str>, Vec<&str>) = stored
        .into_iter()
        .partition(|name| !other.contains(name) && READ_AS_SDK.contains(name));
    StoreVerdicts {
        proven: proven.into_iter().map(str::to_string).collect(),
        escaped: escaped.into_iter().map(str::to_string).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses_of(code: &str) -> Vec<HolderUse> {
        let source = crate::source::SourceFile::new(
            "a.js".into(),
            crate::source::FileKind::Script {
                lang: crate::source::ScriptLang::Js,
                dts: false,
            },
            code.to_string(),
        );
        let block = &source.extract().blocks[0];
        let parsed = crate::parse::parse_block(&source.text, block, false).unwrap();
        let sdk = SdkModel::build(&parsed.program);
        let mut uses = holder_uses(&parsed.program, &sdk, &source.text, block.range.clone());
        uses.sort();
        uses
    }

    #[test]
    fn a_prototype_store_and_calls_prove_the_property() {
        let uses = uses_of(
            "import wx from 'weixin-js-sdk';\nVue.prototype.$wx = wx;\nthis.$wx.scanQRCode({});\nvm.$wx.ready(f);\n",
        );
        assert_eq!(
            uses,
            [
                HolderUse::StoresSdk("$wx".into()),
                HolderUse::CallsSdk("$wx".into()),
                HolderUse::CallsSdk("$wx".into())
            ]
        );
        assert_eq!(verdicts(&uses).proven, ["$wx"]);
    }

    #[test]
    fn a_read_that_hands_the_object_on_or_another_store_keeps_it_unproven() {
        let uses = uses_of("Vue.prototype.$wx = wx;\nconst w = this.$wx;\n");
        assert!(verdicts(&uses).proven.is_empty(), "{uses:?}");
        let uses = uses_of("Vue.prototype.wx = wx;\nVue.prototype.wx = other;\n");
        assert!(verdicts(&uses).proven.is_empty(), "{uses:?}");
        let uses = uses_of("Vue.prototype.$wx = wx;\nthis.$wx.fooBar();\n");
        assert!(verdicts(&uses).proven.is_empty(), "not an SDK member: {uses:?}");
    }

    #[test]
    fn the_global_sdk_is_not_a_holder() {
        assert!(uses_of("window.wx.config({});\nwx.ready(f);\n").is_empty());
    }
}
