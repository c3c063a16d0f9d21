//! Exported functions that configure the SDK, and how often the unit calls them. A module that
//! exports `initWx()` with a `wx.config` inside is called by the modules that import it, which
//! the block alone does not show: the run-count analysis (`rules/runs.rs`) takes a function
//! nobody in its block calls as running once. The migration unit can show otherwise: a call
//! from two places, or from a `.vue` component (whose hooks and handlers run once per
//! instance or per event, and a page may mount several), means the configuration may run
//! more than once, and the fix that merges it into one `ww.register` is not made. One call
//! from a plain module changes nothing: the tool still cannot see how often that code runs,
//! and keeps the block's own reading.
//!
//! Calls are counted in the text of the unit's files (`name(` as a whole word, outside the
//! declaration), so a comment or string that looks like a call counts too: the count errs on
//! the side of leaving code as it is.

use std::path::Path;

use swc_ecma_ast::*;

use super::SdkModel;
use crate::parse::range;

/// The exported top-level functions of a block (`export function f`, `export const f = () =>
/// ...`) whose body holds a lifecycle call on the SDK (`config`, `ready`, `error`,
/// `agentConfig`), by name.
pub fn exported(program: &Program, sdk: &SdkModel) -> Vec<String> {
    let Program::Module(module) = program else {
        return Vec::new();
    };
    if sdk.lifecycle_at.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for item in &module.body {
        let ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) = item else {
            continue;
        };
        match &export.decl {
            Decl::Fn(f) if sdk.lifecycle_within(&range(f.function.span)) => found.push(f.ident.sym.to_string()),
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
                        found.push(name.id.sym.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Why the unit may call the exported configurator `name` more than once, from the texts of
/// its files, if it shows that: calls from two places, or a call from a `.vue` component.
pub fn repeated<'t>(name: &str, texts: impl IntoIterator<Item = (&'t Path, &'t str)>) -> Option<String> {
    let mut calls = 0;
    for (path, text) in texts {
        let here = call_sites(text, name);
        if here > 0 && path.extension().is_some_and(|e| e == "vue") {
            let file = path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
            return Some(format!(
                "`{name}` is called from the component `{file}`, whose code runs once per instance, and a page may mount several"
            ));
        }
        calls += here;
    }
    (calls > 1).then(|| format!("`{name}` is called from {calls} places in its unit"))
}

/// The calls `name(...)` in `text`: the name as a whole word followed by `(`, not after
/// `function` (its declaration) nor after a `.` (another object's method).
fn call_sites(text: &str, name: &str) -> usize {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    memchr::memmem::find_iter(bytes, name.as_bytes())
        .filter(|&at| {
            let end = at + name.len();
            if at > 0 && (word(bytes[at - 1]) || bytes[at - 1] == b'.') {
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
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_outside_the_declaration() {
        let text = "export function initWx(list) { wx.config({}) }\ninitWx(['a']);\nobj.initWx();\n// initWxLater()\n";
        assert_eq!(call_sites(text, "initWx"), 1);
    }

    #[test]
    fn two_call_sites_or_a_component_repeat() {
        let sdk = Path::new("src/utils/sdk.js");
        let main = Path::new("src/main.js");
        let view = Path::new("src/views/Scan.vue");
        let declared = "export const getJDK = (url) => { wx.config({}) }";
        assert_eq!(
            repeated("getJDK", [(sdk, declared), (main, "getJDK(location.href)")]),
            None
        );
        assert_eq!(
            repeated("getJDK", [(sdk, declared), (main, "getJDK(a); getJDK(b)")]).as_deref(),
            Some("`getJDK` is called from 2 places in its unit")
        );
        assert!(repeated(
            "getJDK",
            [(sdk, declared), (view, "mounted() { getJDK(location.href) }")]
        )
        .is_some_and(|why| why.contains("`Scan.vue`")));
    }
}
