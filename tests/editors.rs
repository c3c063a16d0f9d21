//! `jweixin-migrate server` in real clients, on copies of legacy fixtures:
//!
//! - Neovim's built-in LSP client (headless, `tests/editors/neovim.lua`): open each file, wait
//!   for the diagnostics, run the fix-all code action through the editor's own code-action
//!   command, write the buffer. The diagnostics Neovim shows (rule, range in its byte columns,
//!   link) and the written file must be exactly the fixture's.
//! - The official Node client (`vscode-languageserver-protocol` over `vscode-jsonrpc`,
//!   `tests/editors/node-client/`, installed by `npm ci` from its committed lockfile into a
//!   cache folder): initialize, didOpen, didChange adding a finding, code actions, UTF-16
//!   ranges on lines with Chinese text and emoji, fix-all, shutdown.
//!
//! `.ci/run` installs Neovim. Without `nvim` (or `node`/`npm`) on the machine, a test says so
//! and passes, except under `CI=true`, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a program runs; if not, the test is skipped outside CI and fails in CI.
fn available(program: &str, why: &str) -> bool {
    let runs = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`{program}` is missing under CI=true; {why}"
        );
        eprintln!("SKIPPED: `{program}` is not installed; {why}");
    }
    runs
}

/// The legacy HTML page and the Chinese-and-emoji script, copied into a fresh folder.
fn legacy_files() -> (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "fixtures/wx-script-tag/inline-fetch-page",
            "input.html",
            "output.html",
            "page.html",
        ),
        (
            "fixtures/wx-config/chinese-and-emoji",
            "input.js",
            "output.js",
            "contact.js",
        ),
    ];
    let files = cases
        .iter()
        .map(|(case, input, output, name)| {
            let copy = dir.path().join(name);
            std::fs::copy(repo().join(case).join(input), &copy).unwrap();
            (copy, repo().join(case).join(output))
        })
        .collect();
    (dir, files)
}

const DOCS: &str = "https://github.com/jweixin-migrate/jweixin-migrate/blob/main/docs/rules/";

#[test]
fn neovim_shows_the_findings_and_its_fix_all_action_writes_the_fixture_output() {
    if !available("nvim", ".ci/run installs it with `apt-get install -y neovim`") {
        return;
    }
    let (dir, files) = legacy_files();
    let report_path = dir.path().join("report.json");
    let list: Vec<String> = files.iter().map(|(f, _)| f.display().to_string()).collect();
    let out = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", repo().join("tests/editors/neovim.lua").display()))
        .env("JWM_BIN", env!("CARGO_BIN_EXE_jweixin-migrate"))
        .env("JWM_ROOT", dir.path())
        .env("JWM_FILES", list.join("\n"))
        .env("JWM_REPORT", &report_path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap_or_else(|e| {
        panic!(
            "no report from Neovim ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }))
    .unwrap();
    assert!(report.get("error").is_none(), "Neovim: {}", report["error"]);

    // Neovim turns the server's UTF-16 columns into byte columns of its buffer lines.
    let shown = |i: usize| -> Vec<(String, [u64; 4])> {
        report["files"][i]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                assert_eq!(d["source"], "jweixin-migrate");
                assert_eq!(d["severity"], 1);
                let code = d["code"].as_str().unwrap().to_string();
                assert_eq!(d["href"], format!("{DOCS}{code}.md"));
                let at = |k: &str| d[k].as_u64().unwrap();
                (code, [at("lnum"), at("col"), at("end_lnum"), at("end_col")])
            })
            .collect()
    };
    let expect = |list: &[(&str, [u64; 4])]| -> Vec<(String, [u64; 4])> {
        list.iter().map(|(r, at)| (r.to_string(), *at)).collect()
    };
    assert_eq!(
        shown(0),
        expect(&[
            ("wx-script-tag", [4, 2, 4, 86]),
            ("wx-config", [12, 8, 12, 17]),
            ("wx-ready", [20, 8, 20, 16]),
            ("wx-error", [21, 8, 21, 16]),
            ("wx-invoke", [28, 6, 28, 15]),
        ])
    );
    // `var 标题 = '客户联系😀'; ` is 33 bytes: Chinese characters are 3 bytes, the emoji 4.
    assert_eq!(
        shown(1),
        expect(&[
            ("wx-config", [1, 0, 1, 9]),
            ("wx-ready", [2, 33, 2, 41]),
            ("wx-invoke", [2, 56, 2, 65]),
            ("wx-error", [3, 23, 3, 31]),
        ])
    );
    for (i, (written, expected)) in files.iter().enumerate() {
        let actions = report["files"][i]["actions"].as_array().unwrap();
        assert_eq!(actions.len(), 1, "{actions:?}");
        assert_eq!(actions[0]["kind"], "source.fixAll.jweixin-migrate");
        assert_eq!(
            std::fs::read_to_string(written).unwrap(),
            std::fs::read_to_string(expected).unwrap(),
            "{} after Neovim's fix-all differs from {}",
            written.display(),
            expected.display()
        );
    }
    assert_eq!(
        report["files"][1]["actions"][0]["title"],
        "Fix all jweixin-migrate findings with safe fixes (4 findings)"
    );
}

/// Installs the Node client's packages once per lockfile into a cache folder; returns it.
fn node_client_modules() -> PathBuf {
    let source = repo().join("tests/editors/node-client");
    let lock = std::fs::read(source.join("package-lock.json")).unwrap();
    let manifest = std::fs::read(source.join("package.json")).unwrap();
    let key = format!("{:016x}", fnv1a(&[lock.as_slice(), manifest.as_slice()].concat()));
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("jweixin-migrate-node-client")
        .join(key);
    if !cache.join(".ready").is_file() {
        let _ = std::fs::remove_dir_all(&cache);
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(cache.join("package.json"), &manifest).unwrap();
        std::fs::write(cache.join("package-lock.json"), &lock).unwrap();
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&cache)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "npm ci failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(cache.join(".ready"), "").unwrap();
    }
    cache.join("node_modules")
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[test]
fn the_official_node_client_sees_exact_diagnostics_quick_fixes_and_fix_all() {
    if !available("node", "the Node client test needs Node 20 and npm") || !available("npm", "to install the client") {
        return;
    }
    let modules = node_client_modules();
    let (dir, files) = legacy_files();
    let report_path = dir.path().join("node-report.json");
    let (contact, contact_expected) = &files[1];
    let out = Command::new("node")
        .arg(repo().join("tests/editors/node-client/drive.cjs"))
        .env("NODE_PATH", &modules)
        .env("JWM_BIN", env!("CARGO_BIN_EXE_jweixin-migrate"))
        .env("JWM_FILE", contact)
        .env("JWM_REPORT", &report_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the Node client failed:\n{}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(&report_path).unwrap_or_default()
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    let ranges = |published: &Value| -> Vec<(String, [u64; 4])> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let r = &d["range"];
                let n = |v: &Value| v.as_u64().unwrap();
                (
                    d["code"].as_str().unwrap().to_string(),
                    [
                        n(&r["start"]["line"]),
                        n(&r["start"]["character"]),
                        n(&r["end"]["line"]),
                        n(&r["end"]["character"]),
                    ],
                )
            })
            .collect()
    };
    let expect = |list: &[(&str, [u64; 4])]| -> Vec<(String, [u64; 4])> {
        list.iter().map(|(r, at)| (r.to_string(), *at)).collect()
    };
    // UTF-16 columns: a Chinese character is one unit, an emoji two.
    let opened = expect(&[
        ("wx-config", [1, 0, 1, 9]),
        ("wx-ready", [2, 19, 2, 27]),
        ("wx-invoke", [2, 42, 2, 51]),
        ("wx-error", [3, 13, 3, 21]),
    ]);
    assert_eq!(ranges(&report["opened"]), opened);
    assert_eq!(report["opened"]["version"], 1);
    assert_eq!(
        report["opened"]["diagnostics"][1]["codeDescription"]["href"],
        format!("{DOCS}wx-ready.md")
    );
    // The change typed `wx.scanQRCode || 1;` after `var 标题 = '客户联系😀'; ` on line 3 (a
    // feature test: a direct call outside a `wx.ready` callback only has an unsafe fix).
    let changed = expect(&[
        ("wx-config", [1, 0, 1, 9]),
        ("wx-api", [2, 19, 2, 32]),
        ("wx-ready", [2, 38, 2, 46]),
        ("wx-invoke", [2, 61, 2, 70]),
        ("wx-error", [3, 13, 3, 21]),
    ]);
    assert_eq!(ranges(&report["changed"]), changed);
    // The quick fix on the new finding: one action, not preferred (it leaves the file half
    // migrated), with the edits on line 2 in UTF-16 columns.
    let quick = &report["quickFixes"];
    assert_eq!(quick.as_array().unwrap().len(), 1, "{quick}");
    assert_eq!(quick[0]["kind"], "quickfix");
    assert_eq!(quick[0]["isPreferred"], false);
    assert!(quick[0]["title"]
        .as_str()
        .unwrap()
        .ends_with("(leaves this file half migrated: 4 more legacy uses to fix, and a file that mixes jweixin and @wecom/jssdk works with neither; use Fix all)"));
    assert_eq!(
        quick[0]["edit"]["changes"][report["uri"].as_str().unwrap()],
        json!([
            {"range": {"start": {"line": 2, "character": 19}, "end": {"line": 2, "character": 21}}, "newText": "ww"}
        ])
    );
    // Fix-all on the changed text, applied by vscode-languageserver-textdocument: the fixture's
    // output with the typed call migrated too.
    let expected = std::fs::read_to_string(contact_expected).unwrap().replacen(
        "var 标题 = '客户联系😀'; ",
        "var 标题 = '客户联系😀'; ww.scanQRCode || 1;",
        1,
    );
    assert_eq!(
        report["fixAllTitle"],
        "Fix all jweixin-migrate findings with safe fixes (5 findings)"
    );
    assert_eq!(report["fixed"].as_str().unwrap(), expected);
    assert_eq!(ranges(&report["afterFix"]), expect(&[]));
    assert_eq!(report["shutdown"], "done");
    assert_eq!(report["exitCode"], 0);
}
