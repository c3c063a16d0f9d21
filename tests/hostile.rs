//! Hostile and odd inputs, each through the built binary: the tool names the file and says
//! what is wrong, the run goes on, the exit status is right, and nothing is written half-way.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jweixin-migrate"));
    cmd.env_remove("JWEIXIN_MIGRATE_TEST_PANIC");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = run(args);
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(&out), stderr(&out)));
    (value, out.status.code().unwrap())
}

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// A legacy call with a safe fix: in a click handler (a `wx.invoke` while the page loads only
/// has an unsafe one).
const LEGACY: &[u8] =
    b"btn.onclick = function () { wx.invoke('getContext', {}, function (res) { console.log(res.entry); }); };\n";

/// A page that loads jweixin and `script`, so that the script is a migration unit with it
/// (a script no page loads gets only unsafe fixes).
fn page(script: &str) -> Vec<u8> {
    format!("<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script src=\"{script}\"></script>\n").into_bytes()
}

#[test]
fn empty_file_is_scanned_and_clean() {
    let dir = tree(&[("empty.js", b""), ("empty.vue", b""), ("empty.html", b"")]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 0);
    assert_eq!(value["files_scanned"], 3);
    assert_eq!(value["errors"], serde_json::json!([]));
}

#[test]
fn binary_and_non_utf8_files_are_errors_that_name_the_file() {
    let ok_page = page("ok.js");
    let dir = tree(&[
        ("logo.js", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR wx.config"),
        ("latin1.js", b"// caf\xe9\nwx.config({});\n"),
        ("ok.js", LEGACY),
        ("ok.html", &ok_page),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1, "the good file still has legacy use");
    let errors: Vec<(String, String)> = value["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[0].1,
        "not valid UTF-8 (invalid byte 0xE9 at byte offset 6, line 1), nor GBK or UTF-16 with a byte order mark; convert the file to UTF-8",
        "{errors:?}"
    );
    assert!(errors[0].0.ends_with("latin1.js"), "{errors:?}");
    assert!(
        errors[1].0.ends_with("logo.js") && errors[1].1.contains("binary file"),
        "{errors:?}"
    );
    // `fix` leaves them byte for byte and fixes the rest.
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("latin1.js: not valid UTF-8"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.path().join("latin1.js")).unwrap(),
        b"// caf\xe9\nwx.config({});\n"
    );
}

/// A file the tool cannot decode whose bytes name no SDK cannot use one, whatever its encoding:
/// it is skipped and counted, not an error that keeps its page's unit from moving
/// (frankyao47/LiveBroadcast: a Latin-1 video player loaded beside the page that pays).
#[test]
fn an_undecodable_file_that_names_no_sdk_is_skipped_and_its_unit_moves() {
    let player = b"/* caf\xe9\n */\nfunction play(v) { v.play(); }\n".to_vec();
    let page = b"<!doctype html>\n<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script src=\"player.js\"></script>\n<script src=\"ok.js\"></script>\n".to_vec();
    let dir = tree(&[("player.js", &player), ("ok.js", LEGACY), ("index.html", &page)]);
    let (value, _) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(value["errors"], serde_json::json!([]));
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Skipped: 1 file in an encoding the tool does not read, naming no SDK."),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("Moved 1 unit"), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.path().join("player.js")).unwrap(), player);
}

/// Legacy Chinese code is often GBK, and Visual Studio writes UTF-16: such files are read (the
/// decoding is lossless) and a fix is written back in the file's own encoding, every byte
/// outside the edits as it was.
#[test]
fn gbk_and_utf16_files_are_read_and_written_back_in_their_encoding() {
    // "// 扫一扫" in GBK, then a handler that calls the SDK
    let mut gbk = b"// \xc9\xa8\xd2\xbb\xc9\xa8\n".to_vec();
    gbk.extend_from_slice(LEGACY);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "/// <reference path=\"jquery.js\" />\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let gbk_page = page("gbk.js");
    let dir = tree(&[("gbk.js", &gbk), ("gbk.html", &gbk_page), ("_references.js", &utf16)]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    assert_eq!(value["errors"], serde_json::json!([]), "both files are read");
    let found: Vec<(String, u64)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(found.contains(&("wx-invoke".to_string(), 2)), "{found:?}");
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut expected = b"// \xc9\xa8\xd2\xbb\xc9\xa8\n".to_vec();
    expected.extend_from_slice(
        b"btn.onclick = function () { ww.invoke('getContext', {}, function (res) { console.log(res.entry); }).catch(function () {}); };\n",
    );
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(dir.path().join("gbk.js")).unwrap()),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(
        std::fs::read(dir.path().join("gbk.js")).unwrap(),
        expected,
        "written in GBK"
    );
    assert_eq!(
        std::fs::read(dir.path().join("_references.js")).unwrap(),
        utf16,
        "not touched"
    );
}

#[test]
fn byte_order_mark_and_mixed_line_endings_keep_positions_and_bytes() {
    let text = b"\xef\xbb\xbf// a\r\n// b\n// c\rb.onclick = function () { wx.on('x', f); };\r\nfunction f() {}\n";
    let mixed_page = page("mixed.js");
    let dir = tree(&[("mixed.js", text), ("index.html", &mixed_page)]);
    let path = dir.path().join("mixed.js");
    let (value, _) = json(&["check", "--format", "json", &arg(&path)]);
    assert_eq!(
        value["diagnostics"][0]["start"],
        serde_json::json!({"line": 4, "column": 27})
    );
    assert_eq!(run(&["fix", &arg(dir.path())]).status.code(), Some(0));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"\xef\xbb\xbf// a\r\n// b\n// c\rb.onclick = function () { ww.on('x', f); };\r\nfunction f() {}\n"
    );
}

#[test]
fn a_20_mb_minified_bundle_is_read_without_trouble() {
    // A bundle full of the letters `wx` as a mangled name, plus one real legacy call.
    let mut bundle = String::with_capacity(21_000_000);
    let mut i = 0u64;
    while bundle.len() < 20_000_000 {
        bundle.push_str(&format!(
            "function wx(a){{return a+{i}}}var b{i}=wx({i}),c{i}=wx.prototype,d{i}={{wx:1}};"
        ));
        i += 1;
    }
    bundle.push_str("window.wx.config({appId:'a'});");
    let dir = tree(&[("app.bundle.js", bundle.as_bytes())]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "only the real call: {diagnostics:?}");
    assert_eq!(diagnostics[0]["rule"], "wx-config");
}

#[test]
fn nesting_100k_deep_is_an_error_not_a_crash() {
    let deep = format!(
        "var a = {}1{};\nwx.config({{}});\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let arrays = format!("wx.config({}{});\n", "[".repeat(100_000), "]".repeat(100_000));
    let dir = tree(&[
        ("deep.js", deep.as_bytes()),
        ("arrays.js", arrays.as_bytes()),
        ("ok.js", LEGACY),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let errors = value["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    for e in errors {
        assert!(
            e["message"].as_str().unwrap().contains("more than 10000 levels deep"),
            "{e}"
        );
    }
    assert_eq!(value["diagnostics"].as_array().unwrap().len(), 1);
    // The editor command says so too, and prints nothing half-done.
    let mut child = bin()
        .args(["fix", "--stdin-filename", "deep.js"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), deep.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("deep.js: brackets nest more than 10000 levels deep"),
        "{}",
        stderr(&out)
    );
}

/// TypeScript that makes swc's parser backtrack exponentially (found by the pipeline fuzzer):
/// each level of this nesting multiplies the parse time by about 16, and six levels would
/// take minutes.
fn exponential_typescript() -> String {
    format!(
        "wx.invoke('getContext', {{}}, show);\nA<  DO<DA< Do<[{{[{{{}string< D\n",
        "string<<O<  DO<DA< DO<[{[{".repeat(6)
    )
}

#[test]
fn a_typescript_parse_that_runs_out_of_time_is_that_files_error_and_the_run_goes_on() {
    let slow = exponential_typescript();
    let ok_page = page("ok.js");
    let dir = tree(&[("slow.ts", slow.as_bytes()), ("ok.js", LEGACY), ("ok.html", &ok_page)]);
    let started = std::time::Instant::now();
    let out = bin()
        .env("JWEIXIN_MIGRATE_PARSE_TIMEOUT", "1")
        .args(["check", "--format", "json", &arg(dir.path())])
        .output()
        .unwrap();
    assert!(started.elapsed().as_secs() < 30, "the run waited for the parser");
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
    assert_eq!(diagnostics[1]["file"], format!("{}/ok.js", arg(dir.path())));
    assert_eq!(diagnostics[1]["rule"], "wx-invoke");
    assert_eq!(diagnostics[2]["file"], format!("{}/slow.ts", arg(dir.path())));
    assert_eq!(diagnostics[2]["rule"], "syntax-error");
    assert_eq!(
        diagnostics[2]["message"],
        "this does not parse: the TypeScript parser (swc) was still working on this block after 1 s \
         (it can backtrack exponentially over nested ambiguous `<`); the tool does not check it"
    );
    // `fix` leaves the file as it is and fixes the other one.
    let started = std::time::Instant::now();
    let out = bin()
        .env("JWEIXIN_MIGRATE_PARSE_TIMEOUT", "1")
        .args(["fix", &arg(dir.path())])
        .output()
        .unwrap();
    assert!(started.elapsed().as_secs() < 30, "the run waited for the parser");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("slow.ts")).unwrap(), slow);
    assert!(std::fs::read_to_string(dir.path().join("ok.js"))
        .unwrap()
        .contains("ww.invoke("));
}

#[test]
fn nesting_just_under_the_limit_is_checked() {
    let deep = format!(
        "var a = {}1{};\nwx.config({{}});\n",
        "(".repeat(9_000),
        ")".repeat(9_000)
    );
    let dir = tree(&[("deep.js", deep.as_bytes())]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    assert_eq!(value["errors"], serde_json::json!([]));
    assert_eq!(value["diagnostics"][0]["rule"], "wx-config");
}

#[test]
fn odd_vue_files() {
    let dir = tree(&[
        ("NoScript.vue", b"<template><p>wx.config()</p></template>\n<style>p{}</style>\n"),
        (
            "TwoScripts.vue",
            b"<script>\nexport default { name: 'A' };\n</script>\n<script setup>\nwx.hideOptionMenu();\n</script>\n<template><div/></template>\n",
        ),
        (
            "Commented.vue",
            b"<template>\n  <!-- <script>wx.config({})</script> -->\n  <div/>\n</template>\n<!-- <script>wx.ready(f)</script> -->\n<script>\nexport default {};\n</script>\n",
        ),
        ("Unclosed.vue", b"<template><div>\n<script>\nwx.closeWindow();\n"),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let found: Vec<String> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                Path::new(d["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy(),
                d["start"]["line"]
            )
        })
        .collect();
    assert_eq!(found, ["TwoScripts.vue:5"], "only the real script code counts");
    assert_eq!(value["errors"], serde_json::json!([]));
}

#[test]
fn symlink_loops_and_links_are_not_followed() {
    let dir = tree(&[("app/page.js", LEGACY)]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("app/loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("app/page.js"), dir.path().join("app/alias.js")).unwrap();
    let out = run(&["check", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Scanned 1 file"), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 symbolic link"), "{}", stderr(&out));
}

#[test]
fn unreadable_files_are_errors_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("locked.js", LEGACY), ("ok.js", LEGACY)]);
    let locked = dir.path().join("locked.js");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read(&locked).is_ok(); // root reads through modes
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    if readable_anyway {
        assert_eq!(value["diagnostics"].as_array().unwrap().len(), 2);
    } else {
        assert_eq!(value["errors"][0]["message"], "cannot read the file: permission denied");
    }
    // A file whose read fails even for root: /proc/self/mem cannot be read at offset 0.
    let (value, code) = json(&[
        "check",
        "--format",
        "json",
        "/proc/self/mem",
        &arg(&dir.path().join("ok.js")),
    ]);
    assert_eq!(code, 1);
    assert_eq!(value["errors"][0]["file"], "/proc/self/mem");
    assert!(
        value["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read the file:"),
        "{value}"
    );
    // A pipe named like a script is not read (it would block).
    let fifo = dir.path().join("pipe.js");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (value, _) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert!(
        !value.to_string().contains("pipe.js"),
        "a pipe inside a folder is skipped: {value}"
    );
    let (value, code) = json(&["check", "--format", "json", &arg(&fifo)]);
    assert_eq!(code, 0);
    assert_eq!(
        value["errors"][0]["message"],
        "not a regular file (a pipe, socket or device); not read"
    );
}

#[test]
fn read_only_files_are_not_written_and_others_are() {
    use std::os::unix::fs::PermissionsExt;
    let (a_page, b_page) = (page("a.js"), page("b.js"));
    let dir = tree(&[
        ("a.js", LEGACY),
        ("b.js", LEGACY),
        ("a.html", &a_page),
        ("b.html", &b_page),
    ]);
    let a = dir.path().join("a.js");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "a.js: the file is read-only; it was not changed; the unit's other files were put back as they were"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&a).unwrap(), LEGACY);
    assert_eq!(
        std::fs::read(dir.path().join("a.html")).unwrap(),
        a_page,
        "a.js's page is put back"
    );
    assert!(std::fs::read_to_string(dir.path().join("b.js"))
        .unwrap()
        .contains("ww.invoke("));
    let leftovers: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(leftovers.len(), 4, "no temporary files: {leftovers:?}");
}

#[test]
fn a_file_changed_or_deleted_between_read_and_write_is_not_written() {
    let dir = tree(&[("a.js", b"old")]);
    let path = dir.path().join("a.js");
    let error = jweixin_migrate::write::write_checked(&path, "older", "new").unwrap_err();
    assert!(error.contains("changed on disk since it was read"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    std::fs::remove_file(&path).unwrap();
    let error = jweixin_migrate::write::write_checked(&path, "old", "new").unwrap_err();
    assert!(error.contains("cannot write"), "{error}");
    assert!(!path.exists(), "a deleted file is not brought back");
}

#[test]
fn paths_with_spaces_and_non_ascii() {
    let customer_page = page("客户.js");
    let dir = tree(&[
        ("my app/页面 一/客户.js", LEGACY),
        ("my app/页面 一/客户.html", &customer_page),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let files: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("my app/页面 一/客户.js")), "{files:?}");
    let github = stdout(&run(&["check", "--format", "github", &arg(dir.path())]));
    assert!(github.contains("my app/页面 一/客户.js,line=1"), "{github}");
    let sarif = stdout(&run(&["check", "--format", "sarif", &arg(dir.path())]));
    assert!(
        sarif.contains("my%20app/%E9%A1%B5%E9%9D%A2%20%E4%B8%80/%E5%AE%A2%E6%88%B7.js"),
        "{sarif}"
    );
    assert_eq!(run(&["fix", &arg(dir.path())]).status.code(), Some(0));
    let fixed = std::fs::read_to_string(dir.path().join("my app/页面 一/客户.js")).unwrap();
    assert!(fixed.contains("ww.invoke("), "{fixed}");
}

#[test]
fn a_panic_outside_a_files_pipeline_stops_the_run_with_a_message() {
    // (debug builds only, as the panic is injected)
    let dir = tree(&[("a.js", LEGACY), ("a.html", &page("a.js"))]);
    let out = bin()
        .args(["check", &arg(dir.path())])
        .env("JWEIXIN_MIGRATE_TEST_PANIC", "@units")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: internal error, the run stopped (test panic requested by JWEIXIN_MIGRATE_TEST_PANIC at src/run/mod.rs:"),
        "{stderr}"
    );
}

#[test]
fn a_panic_in_one_file_is_that_files_error() {
    let (boom_page, ok_page) = (page("boom.js"), page("ok.js"));
    let dir = tree(&[
        ("boom.js", LEGACY),
        ("ok.js", LEGACY),
        ("boom.html", &boom_page),
        ("ok.html", &ok_page),
    ]);
    let out = bin()
        .args(["check", "--format", "json", &arg(dir.path())])
        .env("JWEIXIN_MIGRATE_TEST_PANIC", "boom.js")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("/ok.js")),
        "ok.js is still checked: {files:?}"
    );
    assert!(!files.iter().any(|f| f.ends_with("/boom.js")), "{files:?}");
    // boom.js's page stays on jweixin: the script it loads could not be checked.
    let boom_unit = value["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"].as_str().unwrap().ends_with("boom.html"))
        .unwrap();
    assert_eq!(boom_unit["status"], "blocked", "{boom_unit}");
    let message = value["errors"][0]["message"].as_str().unwrap();
    assert!(value["errors"][0]["file"].as_str().unwrap().ends_with("boom.js"));
    assert!(
        message.starts_with("internal error while checking this file (test panic requested"),
        "{message}"
    );
    let out = bin()
        .args(["fix", &arg(dir.path())])
        .env("JWEIXIN_MIGRATE_TEST_PANIC", "boom.js")
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("boom.js")).unwrap(),
        LEGACY,
        "nothing written for the file that panicked"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("ok.js"))
            .unwrap()
            .contains("ww.invoke("),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_parser_panic_is_a_syntax_error_for_that_file_and_the_run_goes_on() {
    // swc 47 reaches an `unreachable!` on a namespaced JSX name with a member (found by the
    // pipeline fuzzer).
    let dir = tree(&[
        ("odd.jsx", b"wx.ready(function () {});\nvar x = <a:b.c />;\n"),
        ("ok.js", LEGACY),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    assert_eq!(value["errors"], serde_json::json!([]));
    let found: Vec<(String, String)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let name = file.rsplit(['/', '\\']).next().unwrap().to_string();
            (name, d["rule"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("odd.jsx".to_string(), "syntax-error".to_string()),
            ("ok.js".to_string(), "wx-invoke".to_string())
        ]
    );
    let message = value["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("parser (swc) failed"), "{message}");
}
