//! Where the security rules look: front-end code only. Signing with the jsapi_ticket and
//! calling `gettoken` with the secret is what a server must do, so the `security-*` rules
//! stay quiet on server code that sits in the same tree. Whether a script is server code is
//! decided per file, in this order; the first step that decides wins:
//!
//! 1. A page, a `.vue` component or a server template (anything but a `.js`/`.ts`-family
//!    file) is front-end: its scripts run in the browser.
//! 2. A script that uses the browser is front-end: the globals `window`, `document`,
//!    `location`, `navigator`, `localStorage`, `sessionStorage` or `XMLHttpRequest` (not
//!    declared in the file), `import.meta.env`, the legacy SDK, or an import or `require` of
//!    `vue`, `react`, `react-dom`, `jquery`, `@wecom/jssdk` or a legacy SDK package.
//! 3. The folder nearest to the file that is named for a role decides: `server`, `servers`,
//!    `backend`, `cloudfunctions`, `cloudfunction`, `functions`, `serverless`, `lambda`, or
//!    `api` inside `pages` or `app` (Next.js API routes) make it server code; `public`,
//!    `static`, `www`, `wwwroot`, `webapp`, `assets`, `js` or `h5` make it front-end. Only
//!    the folders below the project root count (the nearest folder above the file that holds
//!    a `package.json` or `.git`; its own name does not count). `src/api/` is front-end: in
//!    Vue and React projects it holds the page's HTTP calls.
//! 4. A script that imports or requires a Node.js built-in (`fs`, `http`, `https`, `net`,
//!    `crypto`, `child_process`, `os`, ..., also as `node:fs`) or a server package
//!    (`express`, `koa`, `egg`, `@nestjs/*`, `fastify`, `@hapi/*`, `next/server`,
//!    `wx-server-sdk`, `node-fetch`, `mysql`, `redis`, `minimist`, `dotenv`, ...), or uses
//!    `process.argv`, `__dirname`, `__filename` or sets `exports.main`/`exports.handler`
//!    (a cloud function's entry), is server code; so is build code, which runs in Node.js:
//!    a build configuration (`vite.config.ts`, `webpack.config.js`, `vue.config.js`, any
//!    `*.config.*` script, `gulpfile.js`, `Gruntfile.js`) or a script that imports `vite`,
//!    `webpack` or `rollup` (a bundler plugin).
//! 5. A script whose project's `package.json` (dependencies and devDependencies) names no
//!    front-end framework, bundler or SDK (`vue`, `react`, `@angular/core`, `jquery`, `next`,
//!    `nuxt`, `vite`, `webpack`, `@vue/cli-service`, `react-scripts`, `parcel`, `browserify`,
//!    `@dcloudio/uni-app`, `@tarojs/taro`, `vant`, `element-ui`, the SDKs, ...) is server
//!    code if it names a server framework (`express`, `koa`, `egg`, `@nestjs/core`,
//!    `fastify`, `@hapi/hapi`, `@midwayjs/core`, `thinkjs`, `wx-server-sdk`,
//!    `@cloudbase/node-sdk`), or a Node.js-only package (those of step 4, `@types/node`,
//!    `pm2`, `nodemon`, `ts-node`, `esno`, `cheerio`, `puppeteer`) and no static file server
//!    (`http-server`, `live-server`, `browser-sync`, `serve`).
//! 6. Anything else is front-end: the tool reads front-end trees.
//!
//! These steps are only taken for a file where a rule has something to report.

use std::path::Path;

use swc_atoms::Atom;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::source::{FileKind, SourceFile};

const BROWSER_GLOBALS: &[&str] = &[
    "window",
    "document",
    "location",
    "navigator",
    "localStorage",
    "sessionStorage",
    "XMLHttpRequest",
];

const BROWSER_PACKAGES: &[&str] = &[
    "vue",
    "react",
    "react-dom",
    "jquery",
    "@wecom/jssdk",
    "weixin-js-sdk",
    "jweixin-module",
    "jweixin",
    "weixin-jsapi",
];

const SERVER_FOLDERS: &[&str] = &[
    "server",
    "servers",
    "backend",
    "cloudfunctions",
    "cloudfunction",
    "functions",
    "serverless",
    "lambda",
];

const BROWSER_FOLDERS: &[&str] = &["public", "static", "www", "wwwroot", "webapp", "assets", "js", "h5"];

const NODE_BUILTINS: &[&str] = &[
    "fs",
    "fs/promises",
    "http",
    "https",
    "http2",
    "net",
    "tls",
    "dgram",
    "dns",
    "crypto",
    "child_process",
    "cluster",
    "os",
    "worker_threads",
    "readline",
    "vm",
    "v8",
];

const SERVER_PACKAGES: &[&str] = &[
    "express",
    "koa",
    "egg",
    "fastify",
    "hapi",
    "restify",
    "thinkjs",
    "next/server",
    "@vercel/node",
    "@netlify/functions",
    "aws-lambda",
    "wx-server-sdk",
    "@cloudbase/node-sdk",
    "tcb-admin-node",
    "node-fetch",
    "urllib",
    "request",
    "request-promise",
    "got",
    "mysql",
    "mysql2",
    "pg",
    "mongodb",
    "mongoose",
    "sequelize",
    "typeorm",
    "@prisma/client",
    "redis",
    "ioredis",
    "memory-cache",
    "node-cache",
    "node-schedule",
    "node-cron",
    "minimist",
    "yargs",
    "commander",
    "dotenv",
    "body-parser",
    "cookie-parser",
    "multer",
    "nodemailer",
    "wechat-api",
    "co-wechat-api",
    "wechat-oauth",
    "wechat",
    // Bundlers: their plugins run in Node.js at build time.
    "vite",
    "webpack",
    "rollup",
];

/// Server package families: any package in these scopes, or named with these prefixes.
const SERVER_PACKAGE_PREFIXES: &[&str] = &[
    "@nestjs/",
    "@koa/",
    "koa-",
    "@hapi/",
    "@fastify/",
    "egg-",
    "@midwayjs/",
    "express-",
];

/// Packages that only a Node.js project depends on, besides those code imports (step 4).
const NODE_DEPENDENCIES: &[&str] = &[
    "@types/node",
    "pm2",
    "nodemon",
    "ts-node",
    "esno",
    "cheerio",
    "puppeteer",
];

/// Front-end frameworks, bundlers and SDKs: a project that depends on one of them has
/// front-end code.
const FRONT_END_DEPENDENCIES: &[&str] = &[
    "vue",
    "react",
    "react-dom",
    "preact",
    "svelte",
    "@angular/core",
    "jquery",
    "next",
    "nuxt",
    "vite",
    "webpack",
    "@vue/cli-service",
    "react-scripts",
    "parcel",
    "parcel-bundler",
    "browserify",
    "@dcloudio/uni-app",
    "@tarojs/taro",
    "vant",
    "element-ui",
    "element-plus",
    "@wecom/jssdk",
    "weixin-js-sdk",
    "jweixin-module",
];

/// Servers of static files: a project that has one and no server framework is a page.
const STATIC_SERVER_DEPENDENCIES: &[&str] = &["http-server", "live-server", "browser-sync", "serve"];

/// Server frameworks: decisive in a `package.json` unless a front-end framework is there too.
const SERVER_FRAMEWORK_DEPENDENCIES: &[&str] = &[
    "express",
    "koa",
    "egg",
    "@nestjs/core",
    "fastify",
    "@hapi/hapi",
    "@midwayjs/core",
    "thinkjs",
    "wx-server-sdk",
    "@cloudbase/node-sdk",
];

/// Whether the code of `file` (its block `program`) runs in the browser; `uses_legacy_sdk`
/// when the SDK resolver found the legacy SDK in it.
pub(crate) fn runs_in_browser(file: &SourceFile, program: &Program, uses_legacy_sdk: bool) -> bool {
    if !matches!(file.kind, FileKind::Script { .. }) || uses_legacy_sdk {
        return true;
    }
    let facts = CodeFacts::of(program);
    if facts.browser {
        return true;
    }
    let (folders, root) = folders_below_root(&file.path);
    for (i, folder) in folders.iter().enumerate() {
        let lower = folder.to_ascii_lowercase();
        let next_up = folders.get(i + 1).map(|f| f.to_ascii_lowercase());
        if SERVER_FOLDERS.contains(&lower.as_str())
            || (lower == "api" && matches!(next_up.as_deref(), Some("pages" | "app")))
        {
            return false;
        }
        if BROWSER_FOLDERS.contains(&lower.as_str()) {
            return true;
        }
    }
    if facts.server || build_script(&file.path) {
        return false;
    }
    !root.is_some_and(|root| server_project(&root))
}

/// A build configuration (`vite.config.ts`, `gulpfile.js`): Node.js code.
fn build_script(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    name.split('.').nth(1) == Some("config") || stem == "gulpfile" || stem == "gruntfile"
}

/// The folders between the file and its project root, nearest first, and the root.
fn folders_below_root(path: &Path) -> (Vec<String>, Option<std::path::PathBuf>) {
    let mut folders = Vec::new();
    let mut dir = path.parent();
    while let Some(d) = dir {
        let here = if d.as_os_str().is_empty() { Path::new(".") } else { d };
        if here.join("package.json").is_file() || here.join(".git").exists() {
            return (folders, Some(here.to_path_buf()));
        }
        match d.file_name().and_then(|n| n.to_str()) {
            Some(name) => folders.push(name.to_string()),
            None => break,
        }
        dir = d.parent();
    }
    (folders, None)
}

/// Whether the project at `root` is a Node.js project: it depends on no front-end
/// framework, bundler or SDK, and on a server framework, or on a Node.js-only package and
/// no static file server.
fn server_project(root: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(root.join("package.json")) else {
        return false;
    };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    let names: Vec<&str> = ["dependencies", "devDependencies"]
        .iter()
        .filter_map(|field| manifest[field].as_object())
        .flat_map(|deps| deps.keys().map(String::as_str))
        .collect();
    let any = |list: &[&str]| names.iter().any(|n| list.contains(n));
    if any(FRONT_END_DEPENDENCIES) {
        return false;
    }
    any(SERVER_FRAMEWORK_DEPENDENCIES)
        || (!any(STATIC_SERVER_DEPENDENCIES)
            && names
                .iter()
                .any(|n| is_server_module(n) || NODE_DEPENDENCIES.contains(n)))
}

fn is_server_module(spec: &str) -> bool {
    let spec = spec.strip_prefix("node:").unwrap_or(spec);
    NODE_BUILTINS.contains(&spec)
        || SERVER_PACKAGES.contains(&spec)
        || SERVER_PACKAGE_PREFIXES.iter().any(|p| spec.starts_with(p))
}

/// What the code itself says about where it runs.
#[derive(Default)]
struct CodeFacts {
    browser: bool,
    server: bool,
    globals_used: Vec<Atom>,
}

impl CodeFacts {
    fn of(program: &Program) -> CodeFacts {
        let mut facts = CodeFacts::default();
        program.visit_with(&mut facts);
        let used = std::mem::take(&mut facts.globals_used);
        if !facts.browser && !used.is_empty() {
            let declared = crate::scope::declared_anywhere(program);
            facts.browser = used.iter().any(|name| !declared.contains(name));
        }
        facts
    }

    fn module(&mut self, spec: &str) {
        if BROWSER_PACKAGES.contains(&spec) {
            self.browser = true;
        } else if is_server_module(spec) {
            self.server = true;
        }
    }
}

fn static_string(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.as_str()),
        _ => None,
    }
}

fn member_name(prop: &MemberProp) -> Option<&str> {
    match prop {
        MemberProp::Ident(i) => Some(i.sym.as_str()),
        MemberProp::Computed(c) => static_string(&c.expr),
        MemberProp::PrivateName(_) => None,
    }
}

impl Visit for CodeFacts {
    fn visit_import_decl(&mut self, import: &ImportDecl) {
        if let Some(spec) = import.src.value.as_atom().map(|a| a.as_str()) {
            self.module(spec);
        }
        import.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        let is_require =
            matches!(&call.callee, Callee::Expr(e) if matches!(&**e, Expr::Ident(i) if i.sym == "require"));
        if is_require || matches!(call.callee, Callee::Import(_)) {
            if let Some(spec) = call.args.first().and_then(|a| static_string(&a.expr)) {
                self.module(spec);
            }
        }
        call.visit_children_with(self);
    }

    fn visit_expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Ident(i) if BROWSER_GLOBALS.contains(&i.sym.as_str()) => self.globals_used.push(i.sym.clone()),
            Expr::Ident(i) if i.sym == "__dirname" || i.sym == "__filename" => self.server = true,
            Expr::Member(m) => {
                let name = member_name(&m.prop);
                match &*m.obj {
                    Expr::MetaProp(meta) if meta.kind == MetaPropKind::ImportMeta && name == Some("env") => {
                        self.browser = true
                    }
                    Expr::Ident(i) if i.sym == "process" && name == Some("argv") => self.server = true,
                    _ => {}
                }
            }
            _ => {}
        }
        expr.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, assign: &AssignExpr) {
        // `exports.main = ...`, `module.exports.handler = ...`: a cloud function's entry.
        if let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &assign.left {
            let exports = match &*m.obj {
                Expr::Ident(i) => i.sym == "exports",
                Expr::Member(inner) => {
                    matches!(&*inner.obj, Expr::Ident(i) if i.sym == "module")
                        && member_name(&inner.prop) == Some("exports")
                }
                _ => false,
            };
            if exports && matches!(member_name(&m.prop), Some("main" | "handler")) {
                self.server = true;
            }
        }
        assign.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::runs_in_browser;
    use crate::parse::parse_block;
    use crate::source::{FileKind, SourceFile};
    use std::path::Path;

    /// Writes `files` (path, text) under a fresh project root (it holds a `package.json`
    /// unless one is given as `None`), and says where each script runs.
    fn roles(package_json: Option<&str>, files: &[(&str, &str)]) -> Vec<(String, bool)> {
        let root = tempfile::tempdir().unwrap();
        if let Some(manifest) = package_json {
            std::fs::write(root.path().join("package.json"), manifest).unwrap();
        }
        files
            .iter()
            .map(|(path, text)| {
                let full = root.path().join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(&full, text).unwrap();
                let kind = FileKind::from_path(Path::new(path)).unwrap();
                let file = SourceFile::new(full, kind, text.to_string());
                let block = &file.extract().blocks[0];
                let program = parse_block(&file.text, block, false).unwrap().program;
                (path.to_string(), runs_in_browser(&file, &program, false))
            })
            .collect()
    }

    fn expect(package_json: Option<&str>, files: &[(&str, &str, bool)]) {
        let inputs: Vec<(&str, &str)> = files.iter().map(|(p, t, _)| (*p, *t)).collect();
        for ((path, browser), (_, _, expected)) in roles(package_json, &inputs).into_iter().zip(files) {
            assert_eq!(
                browser,
                *expected,
                "{path}: expected {}",
                if *expected { "front-end" } else { "server" }
            );
        }
    }

    #[test]
    fn pages_and_browser_code_are_front_end_wherever_they_are() {
        expect(
            Some("{}"),
            &[
                ("server/views/page.vue", "<script>const a = 1</script>", true),
                ("server/views/page.html", "<script>var a = 1</script>", true),
                ("server/legacy.js", "window.onload = init;", true),
                ("functions/share.js", "const url = location.href.split('#')[0];", true),
                ("server/vite.js", "const id = import.meta.env.VITE_CORP_ID;", true),
                ("server/app.js", "import Vue from 'vue';", true),
                (
                    "lib/crypto-in-page.js",
                    "const c = require('crypto'); c.x(document.title);",
                    true,
                ),
            ],
        );
    }

    #[test]
    fn the_nearest_role_folder_decides() {
        expect(
            Some("{}"),
            &[
                ("server/sign.js", "module.exports = 1;", false),
                ("src/server/sign.js", "module.exports = 1;", false),
                ("cloudfunctions/login/index.js", "module.exports = 1;", false),
                ("pages/api/sign.ts", "export default 1;", false),
                ("src/app/api/sign/route.ts", "export const GET = 1;", false),
                ("src/api/wecom.js", "export default 1;", true),
                ("server/public/js/share.js", "var a = 1;", true),
                ("backend/static/wx.js", "var a = 1;", true),
            ],
        );
    }

    #[test]
    fn server_imports_and_node_facts_make_server_code() {
        expect(
            Some("{}"),
            &[
                ("lib/a.js", "const express = require('express');", false),
                ("lib/b.mjs", "import { createHash } from 'node:crypto';", false),
                ("lib/c.ts", "import { Controller } from '@nestjs/common';", false),
                ("lib/d.js", "const [, , ticket] = process.argv;", false),
                ("lib/e.js", "const p = __dirname + '/x';", false),
                ("lib/f.js", "exports.main = async (event) => event;", false),
                (
                    "lib/g.js",
                    "import axios from 'axios'; export const get = axios.get;",
                    true,
                ),
                // A local named `location` is not the browser's.
                (
                    "lib/h.js",
                    "const crypto = require('crypto'); const location = 1; f(location);",
                    false,
                ),
            ],
        );
    }

    #[test]
    fn a_server_project_is_told_by_its_package_json() {
        let koa = r#"{ "dependencies": { "koa": "^2.0.0", "sha1": "^1.0.0" } }"#;
        expect(Some(koa), &[("lib/sign.js", "module.exports = 1;", false)]);
        let full_stack = r#"{ "dependencies": { "koa": "^2.0.0", "vue": "^3.0.0" } }"#;
        expect(Some(full_stack), &[("lib/sign.js", "module.exports = 1;", true)]);
        let node_job = r#"{ "dependencies": { "axios": "^1.0.0", "dotenv": "^16.0.0" }, "devDependencies": { "@types/node": "^22.0.0" } }"#;
        expect(Some(node_job), &[("src/token.ts", "export const a = 1;", false)]);
        let static_site = r#"{ "devDependencies": { "http-server": "^14.0.0", "node-fetch": "^2.0.0" } }"#;
        expect(Some(static_site), &[("wx.js", "var a = 1;", true)]);
        let express_with_reload = r#"{ "dependencies": { "express": "^4.0.0", "browser-sync": "^2.0.0" } }"#;
        expect(
            Some(express_with_reload),
            &[("utils/token.js", "module.exports = 1;", false)],
        );
        expect(None, &[("lib/sign.js", "module.exports = 1;", true)]);
    }

    #[test]
    fn folders_above_the_project_root_do_not_count() {
        // The project itself lives in a folder named `server`, with its package.json there.
        let root = tempfile::tempdir().unwrap();
        let project = root.path().join("server");
        std::fs::create_dir_all(project.join("src")).unwrap();
        std::fs::write(
            project.join("package.json"),
            r#"{ "dependencies": { "vue": "^3.0.0" } }"#,
        )
        .unwrap();
        let path = project.join("src/share.js");
        let text = "module.exports = 1;";
        let file = SourceFile::new(path, FileKind::from_path(Path::new("a.js")).unwrap(), text.to_string());
        let program = parse_block(&file.text, &file.extract().blocks[0], false)
            .unwrap()
            .program;
        assert!(runs_in_browser(&file, &program, false));
    }
}
