//! Functions other files call that configure the SDK, and how often the unit calls them. A
//! module that exports `initWx()` with a `wx.config` inside is called by the modules that
//! import it, and a classic script's top-level `function initWx()` is a global that other
//! scripts and the page's event attributes call; the block alone does not show those calls,
//! and the run-count analysis (`rules/runs.rs`) takes a function nobody in its block calls as
//! running once. The migration unit can show otherwise: calls from two places, a call from a
//! `.vue` component (whose hooks and handlers run once per instance or per event, and a page
//! may mount several), from an HTML event attribute other than `onload`
//! (`onclick="initWx()"` runs on every click), or from code that the run-count analysis of its
//! own block reads as perhaps running more than once (a click listener, `router.afterEach`)
//! mean the configuration may run more than once, and the fix that merges it into one
//! `ww.register` is not made. One call at the top level of a script or module, or in code that
//! runs once (a DOM-ready callback, `window.onload`), changes nothing.
//!
//! Calls are counted in the parsed script blocks of the unit's files (a call in a comment or
//! a string is none; a block that does not parse counts every `name(` in its file's text, on
//! the side of leaving code as it is), and in the pages' event attributes.

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{unwrap, SdkModel};
use crate::parse::range;
use crate::source::{FileKind, SourceFile};

/// A function other files call that configures the SDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configurator {
    pub name: String,
    /// A method of a classic script's global object (`var WeiXin = { RegisterWeiXin: function
    /// () {...} }`), called as `WeiXin.RegisterWeiXin(...)`; else a function called by name.
    pub method: bool,
}

/// The functions of a block that other files call and whose body holds a lifecycle call on
/// the SDK (`config`, `ready`, `error`, `agentConfig`): a module's exported top-level
/// functions (`export function f`, `export const f = () => ...`), a classic script's
/// top-level function declarations (globals) and the methods of its top-level
/// `var NAME = { ... }` objects.
pub fn exported(program: &Program, sdk: &SdkModel) -> Vec<Configurator> {
    if sdk.lifecycle_at.is_empty() {
        return Vec::new();
    }
    let function = |name: String| Configurator { name, method: false };
    if let Some(stmts) = crate::scope::classic_statements(program) {
        let mut found: Vec<Configurator> = stmts
            .into_iter()
            .filter_map(|stmt| match stmt {
                Stmt::Decl(Decl::Fn(f)) if sdk.lifecycle_within(&range(f.function.span)) => {
                    Some(function(f.ident.sym.to_string()))
                }
                _ => None,
            })
            .collect();
        for (_, object) in crate::scope::global_objects(program) {
            found.extend(
                super::handlers::object_methods(object)
                    .into_iter()
                    .filter(|m| sdk.lifecycle_within(&m.function))
                    .map(|m| Configurator {
                        name: m.name,
                        method: true,
                    }),
            );
        }
        return found;
    }
    let Program::Module(module) = program else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for item in &module.body {
        let ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) = item else {
            continue;
        };
        match &export.decl {
            Decl::Fn(f) if sdk.lifecycle_within(&range(f.function.span)) => {
                found.push(function(f.ident.sym.to_string()))
            }
            Decl::Var(v) => {
                for d in &v.decls {
                    let (Pat::Ident(name), Some(init)) = (&d.name, &d.init) else {
                        continue;
                    };
                    let span = match &**init {
                        Expr::Fn(f) => f.function.span,
                        Expr::Arrow(a) => a.span,
                        _ => continue,
                    };
                    if sdk.lifecycle_within(&range(span)) {
                        found.push(function(name.id.sym.to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Why the unit may call `configurator` more than once, from its files, if they show that:
/// calls from two places, a call from a `.vue` component, from an event attribute other than
/// `onload`, or from code its own block may run more than once. A method's calls are counted
/// through any object (`WeiXin.init()`, `this.init()`, another object's `init`, too).
pub fn repeated<'f>(configurator: &Configurator, files: impl IntoIterator<Item = &'f SourceFile>) -> Option<String> {
    let name = configurator.name.as_str();
    let shown_name = if configurator.method {
        format!(".{name}(...)")
    } else {
        name.to_string()
    };
    let mut calls = 0;
    for file in files {
        let shown = || {
            file.path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned())
        };
        let sites = call_sites(&file.text, name, configurator.method);
        if let Some(attribute) = sites.iter().find_map(|&at| event_attribute(&file.text, at)) {
            return Some(format!(
                "`{shown_name}` is called from the `{attribute}` attribute in `{}`, which runs on every event",
                shown()
            ));
        }
        // (in a component, a mention in the template, which is not parsed, is an event handler)
        if !sites.is_empty() && file.kind == FileKind::Vue {
            return Some(format!(
                "`{shown_name}` is called from the component `{}`, whose code runs once per instance, and a page may mount several",
                shown()
            ));
        }
        // (a file whose text has no `name(` has no call to parse for)
        if !sites.is_empty() {
            match parsed_calls(file, name, configurator.method) {
                Some(Calls {
                    repeated: Some(why), ..
                }) => {
                    return Some(format!("`{shown_name}` is called from `{}`, where {why}", shown()));
                }
                Some(found) => calls += found.count,
                None => calls += sites.len(),
            }
        }
    }
    (calls > 1).then(|| format!("`{shown_name}` is called from {calls} places in its unit"))
}

/// The calls of a configurator in one file.
struct Calls {
    count: usize,
    /// Why one of them may run more than once, as the run-count analysis of its block reads
    /// it (`router.afterEach(() => initWx())`, a click listener).
    repeated: Option<String>,
}

/// The calls `name(...)` in the script blocks of a file (`x.name(...)` too for a method), as
/// parsed (a call in a comment or a string is none); `None` when a block does not parse, and
/// the text's count stands.
fn parsed_calls(file: &SourceFile, name: &str, method: bool) -> Option<Calls> {
    struct Finder<'n> {
        name: &'n str,
        method: bool,
        starts: Vec<usize>,
    }
    impl Visit for Finder<'_> {
        fn visit_call_expr(&mut self, call: &CallExpr) {
            if let Callee::Expr(callee) = &call.callee {
                let named = match unwrap(callee) {
                    Expr::Ident(i) => i.sym == self.name,
                    Expr::Member(m) => self.method && m.prop.as_ident().is_some_and(|p| p.sym == self.name),
                    _ => false,
                };
                if named {
                    self.starts.push(range(call.span).start);
                }
            }
            call.visit_children_with(self);
        }
    }
    let mut calls = Calls {
        count: 0,
        repeated: None,
    };
    let dts = matches!(file.kind, FileKind::Script { dts: true, .. });
    for block in &file.extract().blocks {
        let parsed = crate::parse::parse_block(&file.text, block, dts).ok()?;
        let mut finder = Finder {
            name,
            method,
            starts: Vec::new(),
        };
        parsed.program.visit_with(&mut finder);
        if finder.starts.is_empty() {
            continue;
        }
        calls.count += finder.starts.len();
        if calls.repeated.is_none() {
            let runs = crate::rules::runs::Runs::build(&parsed.program, &[]);
            calls.repeated = finder.starts.iter().find_map(|&at| runs.why_repeated(at));
        }
    }
    Some(calls)
}

/// Where the calls `name(...)` in `text` start: the name as a whole word followed by `(`, not
/// after `function` (its declaration) nor, unless `method`, after a `.` (another object's
/// method).
fn call_sites(text: &str, name: &str, method: bool) -> Vec<usize> {
    let bytes = text.as_bytes();
    let word = crate::prefilter::is_ident;
    memchr::memmem::find_iter(bytes, name.as_bytes())
        .filter(|&at| {
            let end = at + name.len();
            if at > 0 && (word(bytes[at - 1]) || (bytes[at - 1] == b'.' && !method)) {
                return false;
            }
            if bytes.get(end).is_some_and(|&b| word(b)) {
                return false;
            }
            let mut after = end;
            while bytes.get(after).is_some_and(|b| b.is_ascii_whitespace()) {
                after += 1;
            }
            if bytes.get(after) != Some(&b'(') {
                return false;
            }
            let before = text[..at].trim_end();
            !(before.ends_with("function") || before.ends_with("function*"))
        })
        .collect()
}

/// The event attribute (`onclick`, not `onload`) whose quoted value holds the offset `at`,
/// if any: `<button onclick="initWx()">`.
fn event_attribute(text: &str, at: usize) -> Option<&str> {
    let (attribute, _) = super::handlers::attribute_at(text, at)?;
    let is_event = super::handlers::is_event_attribute(attribute) && !attribute.eq_ignore_ascii_case("onload");
    is_event.then_some(attribute)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::ScriptLang;

    fn function(name: &str) -> Configurator {
        Configurator {
            name: name.to_string(),
            method: false,
        }
    }

    fn file(path: &str, text: &str) -> SourceFile {
        let kind = match path.rsplit('.').next() {
            Some("vue") => FileKind::Vue,
            Some("html") => FileKind::Html,
            _ => FileKind::Script {
                lang: ScriptLang::Js,
                dts: false,
            },
        };
        SourceFile::new(path.into(), kind, text.to_string())
    }

    #[test]
    fn calls_are_counted_outside_the_declaration() {
        let text = "export function initWx(list) { wx.config({}) }\ninitWx(['a']);\nobj.initWx();\n// initWxLater()\n";
        assert_eq!(call_sites(text, "initWx", false).len(), 1);
        assert_eq!(call_sites(text, "initWx", true).len(), 2);
    }

    #[test]
    fn two_call_sites_or_a_component_repeat() {
        let sdk = file("src/utils/sdk.js", "export const getJDK = (url) => { wx.config({}) }");
        let main = file(
            "src/main.js",
            "import { getJDK } from './utils/sdk';\ngetJDK(location.href);\n",
        );
        let twice = file("src/main.js", "getJDK(a);\ngetJDK(b);\n");
        let view = file(
            "src/views/Scan.vue",
            "<script>\nexport default { mounted() { getJDK(location.href) } }\n</script>\n",
        );
        assert_eq!(repeated(&function("getJDK"), [&sdk, &main]), None);
        assert_eq!(
            repeated(&function("getJDK"), [&sdk, &twice]).as_deref(),
            Some("`getJDK` is called from 2 places in its unit")
        );
        assert!(repeated(&function("getJDK"), [&sdk, &view]).is_some_and(|why| why.contains("`Scan.vue`")));
    }

    #[test]
    fn a_global_objects_method_is_counted_through_any_object() {
        let sdk = file(
            "js/weixin.js",
            "var WeiXin = { RegisterWeiXin: function (a) { wx.config({ appId: a }) } };",
        );
        let method = Configurator {
            name: "RegisterWeiXin".to_string(),
            method: true,
        };
        let once = file("apply.html", "<script>\nWeiXin.RegisterWeiXin('ww1');\n</script>\n");
        assert_eq!(repeated(&method, [&sdk, &once]), None);
        let twice = file(
            "apply.html",
            "<script>\nWeiXin.RegisterWeiXin('ww1');\n</script><script>\nvar w = WeiXin; w.RegisterWeiXin('ww1');\n</script>\n",
        );
        assert_eq!(
            repeated(&method, [&sdk, &twice]).as_deref(),
            Some("`.RegisterWeiXin(...)` is called from 2 places in its unit")
        );
        let tap = file("apply.html", "<b onclick=\"WeiXin.RegisterWeiXin('ww1')\">x</b>");
        assert!(repeated(&method, [&sdk, &tap]).is_some_and(|why| why.contains("`onclick` attribute")));
    }

    #[test]
    fn calls_in_comments_and_strings_do_not_count() {
        let sdk = file("js/sdk.js", "function qywxJs(opt) { wx.config({}) }");
        let page = file(
            "js/page.js",
            "var js = qywxJs(); //qywxJs({ debug: true });\n/* qywxJs() */\nlog('qywxJs()');\n",
        );
        assert_eq!(repeated(&function("qywxJs"), [&sdk, &page]), None);
    }

    #[test]
    fn a_call_in_code_that_may_run_again_repeats() {
        let sdk = file("src/sdk.js", "export function initWx() { wx.config({}) }");
        let router = file(
            "src/router.js",
            "import { initWx } from './sdk';\nrouter.afterEach(() => { initWx(); });\n",
        );
        assert!(repeated(&function("initWx"), [&sdk, &router])
            .is_some_and(|why| why.starts_with("`initWx` is called from `router.js`, where ")));
        let ready = file("src/main.js", "$(function () { initWx(); });\n");
        assert_eq!(repeated(&function("initWx"), [&sdk, &ready]), None);
    }

    #[test]
    fn an_event_attribute_repeats_but_onload_does_not() {
        let sdk = file("js/sdk.js", "function initWx(list) { wx.config({}) }");
        let button = file("index.html", "<button id=\"b\" onclick=\"initWx(['a'])\">签名</button>");
        assert_eq!(
            repeated(&function("initWx"), [&sdk, &button]).as_deref(),
            Some("`initWx` is called from the `onclick` attribute in `index.html`, which runs on every event")
        );
        let onload = file("index.html", "<body onload='initWx([])'>");
        assert_eq!(repeated(&function("initWx"), [&sdk, &onload]), None);
        // a call in a script block, after its tag
        let inline = file("index.html", "<script>\ninitWx([]);\n</script>");
        assert_eq!(repeated(&function("initWx"), [&sdk, &inline]), None);
    }
}
