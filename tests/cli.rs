//! The built binary end to end: exit codes, every output format, determinism across thread
//! counts, and files that cannot be checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jweixin-migrate"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = run(args);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&out)));
    (value, out.status.code().unwrap())
}

fn temp_tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn demo_has_legacy_use_and_exits_1() {
    let out = run(&["check", "fixtures/demo"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("wx-config"), "{text}");
    assert!(text.contains("fixtures/demo/index.html"), "{text}");
    assert!(
        !text.contains("miniprogram"),
        "mini-program code must be left alone: {text}"
    );
    let summary = stderr(&out);
    assert!(summary.contains("Scanned 5 files"), "{summary}");
    assert!(summary.contains("in 5 files"), "{summary}");
    assert!(summary.contains("1 mini-program roots"), "{summary}");
}

#[test]
fn clean_tree_exits_0() {
    let dir = temp_tree(&[
        (
            "app.js",
            b"import * as ww from '@wecom/jssdk';\nww.register({ corpId: 'x' });\n",
        ),
        (
            "page.vue",
            b"<template><p>wx.config()</p></template>\n<script>\nexport default {};\n</script>\n",
        ),
    ]);
    let out = run(&["check", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("Scanned 2 files"), "{}", stderr(&out));
}

#[test]
fn missing_path_and_bad_arguments_exit_2() {
    let out = run(&["check", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no/such/folder: no such file or folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["check", "--jobs", "0", "fixtures/demo"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--exclude", "a[", "fixtures/demo"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["explain", "wx-nothing"]).status.code(), Some(2));
}

#[test]
fn json_has_the_documented_shape() {
    let (value, code) = json(&["check", "--format", "json", "fixtures/demo"]);
    assert_eq!(code, 1);
    assert_eq!(value["version"], 1);
    assert_eq!(value["files_scanned"], 5);
    assert_eq!(value["errors"], serde_json::json!([]));
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 18);
    let first = &diagnostics[0];
    let mut keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["end", "file", "fix", "help", "message", "range", "rule", "severity", "start"]
    );
    // Fixes are filled in, with their safety and edits in byte ranges and positions.
    let tag_fix = &first["fix"];
    assert_eq!(tag_fix["applicability"], "safe");
    assert_eq!(
        tag_fix["edits"][0]["text"],
        "https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js"
    );
    assert_eq!(
        tag_fix["edits"][0]["start"],
        serde_json::json!({"line": 8, "column": 16})
    );
    // Keys appear in the documented order in the text itself.
    let raw = stdout(&run(&["check", "--format", "json", "fixtures/demo"]));
    let positions: Vec<usize> = [
        "\"rule\"",
        "\"severity\"",
        "\"message\"",
        "\"help\"",
        "\"file\"",
        "\"start\"",
        "\"end\"",
        "\"range\"",
        "\"fix\"",
    ]
    .iter()
    .map(|k| raw.find(k).unwrap())
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(first["file"], "fixtures/demo/index.html");
    assert_eq!(first["rule"], "wx-script-tag");
    assert_eq!(first["start"], serde_json::json!({"line": 8, "column": 3}));
    // Sorted by file, then position.
    let order: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["range"][0].as_u64().unwrap()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // The range and the line/column agree with the file's text.
    let config = diagnostics
        .iter()
        .find(|d| d["rule"] == "wx-config" && d["file"] == "fixtures/demo/index.html")
        .unwrap();
    let text = std::fs::read_to_string("fixtures/demo/index.html").unwrap();
    let start = config["range"][0].as_u64().unwrap() as usize;
    let end = config["range"][1].as_u64().unwrap() as usize;
    assert_eq!(&text[start..end], "wx.config");
    assert_eq!(config["start"], serde_json::json!({"line": 22, "column": 9}));
    assert_eq!(config["end"], serde_json::json!({"line": 22, "column": 18}));
}

#[test]
fn github_format_writes_one_annotation_per_finding() {
    let out = run(&["check", "--format", "github", "fixtures/wx-on/basic/input.js"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].starts_with("::error file=fixtures/wx-on/basic/input.js,line=10,col=1,endLine=10,endColumn=6,title=jweixin-migrate wx-on::`wx.on('menu:share:appmessage', ...)` listens"),
        "{}",
        lines[1]
    );
    // Line breaks inside a message are escaped, so each annotation stays on one line.
    assert!(lines.iter().all(|l| l.starts_with("::error ")));
}

#[test]
fn sarif_lists_every_rule_and_result() {
    let (value, code) = json(&["check", "--format", "sarif", "fixtures/demo"]);
    assert_eq!(code, 1);
    assert_eq!(value["version"], "2.1.0");
    let run = &value["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let listed = run_cli_rules();
    assert_eq!(rules.len(), listed.len());
    for (rule, id) in rules.iter().zip(&listed) {
        assert_eq!(rule["id"], id.as_str());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 18);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 8);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/demo/index.html"
    );
}

fn run_cli_rules() -> Vec<String> {
    let out = run(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = stdout(&out);
    assert!(
        listing.contains(
            "wx-api           a direct method of the legacy SDK object (`wx.chooseImage({...})`), \
             or any other member read from it (`typeof wx.invoke`, `wx.miniProgram`, `wx[name]`).\n"
        ),
        "each rule is one whole line, its summary a whole sentence:\n{listing}"
    );
    listing
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn rules_and_explain_document_every_rule() {
    let ids = run_cli_rules();
    let all: Vec<&str> = jweixin_migrate::rules::RuleId::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(ids, all, "`rules` lists every rule once, in order");
    for id in ids {
        let out = run(&["explain", &id]);
        assert_eq!(out.status.code(), Some(0));
        let doc = stdout(&out);
        assert!(doc.starts_with(&format!("`{id}`")), "{id}: {doc}");
        assert!(doc.contains("Before:"), "{id} has no example");
        assert!(doc.contains("After"), "{id} has no example");
    }
}

#[test]
fn one_thread_and_default_threads_print_the_same() {
    for format in ["json", "human", "github", "sarif"] {
        let one = run(&["check", "--format", format, "--jobs", "1", "fixtures"]);
        let many = run(&["check", "--format", format, "fixtures"]);
        assert_eq!(one.status.code(), many.status.code());
        assert_eq!(
            stdout(&one),
            stdout(&many),
            "{format} differs between --jobs 1 and the default"
        );
        assert!(!stdout(&one).is_empty());
    }
}

#[test]
fn output_is_in_path_order_whatever_order_the_paths_are_given_in() {
    let files = |args: &[&str]| -> Vec<String> {
        let (value, _) = json(args);
        let mut names: Vec<String> = value["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap().to_string())
            .collect();
        names.dedup();
        names
    };
    let forward = files(&["check", "--format", "json", "fixtures/demo", "fixtures/wx-on"]);
    let backward = files(&[
        "check",
        "--format",
        "json",
        "fixtures/wx-on",
        "fixtures/demo",
        "fixtures/demo",
    ]);
    assert_eq!(forward, backward);
    let mut sorted = forward.clone();
    sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    assert_eq!(forward, sorted);
    assert!(forward.first().unwrap().starts_with("fixtures/demo/"));
    assert!(forward.last().unwrap().starts_with("fixtures/wx-on/"));
}

#[test]
fn unreadable_files_are_errors_and_the_run_goes_on() {
    let dir = temp_tree(&[
        ("bin.js", b"wx.config\x00\x01\x02"),
        ("latin1.js", b"// caf\xe9\nwx.config({});\n"),
        ("ok.js", b"wx.invoke('getContext', {}, function () {});\n"),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1, "the readable file still has legacy use");
    let errors = value["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0]["file"].as_str().unwrap().ends_with("bin.js"));
    assert!(errors[0]["message"].as_str().unwrap().contains("binary file"));
    assert!(errors[1]["file"].as_str().unwrap().ends_with("latin1.js"));
    assert_eq!(
        errors[1]["message"],
        "not valid UTF-8 (invalid byte 0xE9 at byte offset 6, line 1); convert the file to UTF-8"
    );
    assert_eq!(value["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn nothing_checkable_exits_2() {
    let dir = temp_tree(&[("only.js", b"\xff\xfe wx.config")]);
    let out = run(&["check", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
}

#[test]
fn discovery_skips_what_it_should_and_counts_it() {
    let dir = temp_tree(&[
        ("src/a.js", b"wx.config({});\n"),
        ("src/types.d.ts", b"declare const x: typeof wx.config;\n"),
        ("node_modules/weixin-js-sdk/index.js", b"wx.config({});\n"),
        ("dist/app.js", b"wx.config({});\n"),
        (".cache/a.js", b"wx.config({});\n"),
        ("static/app.min.js", b"wx.config({});\n"),
        ("static/jweixin-1.2.0.js", b"wx.config({});\n"),
        (
            "static/vendor/sdk.js",
            b"!function(e){e.wx=e.jWeixin={config:function(){}}}(window);wx.config({});\n",
        ),
        ("legacy/old.js", b"wx.config({});\n"),
        ("mp/app.json", b"{\"pages\": [\"pages/index/index\"]}"),
        ("mp/pages/index/index.js", b"wx.config({});\n"),
    ]);
    let out = run(&["check", "--format", "json", "--exclude", "legacy", &arg(dir.path())]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, [format!("{}/src/a.js", arg(dir.path()))]);
    let human = run(&["check", "--exclude", "legacy", &arg(dir.path())]);
    let summary = stderr(&human);
    for expected in [
        "1 node_modules folders",
        "1 hidden files and folders",
        "1 build output folders",
        "1 mini-program roots",
        "1 minified files",
        "2 copies of the legacy SDK",
        "1 declaration files",
        "1 excluded by --exclude",
    ] {
        assert!(summary.contains(expected), "missing `{expected}` in {summary}");
    }
    // A file named on the command line is always checked.
    let named = dir.path().join("static/app.min.js");
    assert_eq!(run(&["check", &arg(&named)]).status.code(), Some(1));
}

#[test]
fn symlink_loops_do_not_hang() {
    let dir = temp_tree(&[("a/page.js", b"wx.config({});\n")]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("a/page.js"), dir.path().join("a/link.js")).unwrap();
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    assert_eq!(value["files_scanned"], 1);
    let _ = PathBuf::new();
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn fix_diff_on_the_demo_is_a_patch_git_applies() {
    let out = run(&["fix", "--diff", "fixtures/demo"]);
    assert_eq!(out.status.code(), Some(1), "--diff exits 1 when something would change");
    let patch = stdout(&out);
    assert!(
        patch.contains("diff --git a/fixtures/demo/index.html b/fixtures/demo/index.html"),
        "{patch}"
    );
    assert!(patch.contains("+        ww.register({"), "{patch}");
    assert!(
        !patch.contains("ContactPicker.vue"),
        "the unsafe component is left alone: {patch}"
    );
    assert!(
        stderr(&out).contains("Would fix 8 findings in 3 files"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("ContactPicker.vue: 4 findings need a change by hand"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("warning: this run would move 3 files to `@wecom/jssdk` and leave 2 on jweixin"),
        "the demo is left half migrated, and the summary says so: {}",
        stderr(&out)
    );
    // The patch applies to a copy of the demo, and the result is what `fix` writes.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo").as_path(),
        &dir.path().join("fixtures/demo"),
    );
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(dir.path()).output().unwrap();
    assert!(git(&["init", "-q"]).status.success());
    std::fs::write(dir.path().join("demo.patch"), &patch).unwrap();
    let applied = git(&["apply", "demo.patch"]);
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    let expected = dir.path().join("expected");
    copy_tree(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo").as_path(),
        &expected,
    );
    let fixed = bin().args(["fix", &arg(&expected)]).output().unwrap();
    assert_eq!(
        fixed.status.code(),
        Some(1),
        "legacy use is left in the unsafe component"
    );
    for file in [
        "index.html",
        "package.json",
        "src/api/wecom.ts",
        "src/components/ShareButton.jsx",
        "src/components/ContactPicker.vue",
    ] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join("fixtures/demo").join(file)).unwrap(),
            std::fs::read_to_string(expected.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn fix_writes_in_place_once_and_a_second_run_changes_nothing() {
    let dir = temp_tree(&[
        ("page.js", b"wx.config({ beta: true, appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['getContext'] });\nwx.ready(function () {\n  wx.invoke('getContext', {}, function (res) { show(res); });\n});\n"),
        ("clean.js", b"console.log('nothing here');\n"),
    ]);
    let first = run(&["fix", &arg(dir.path())]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("Fixed 3 findings in 1 file"),
        "{}",
        stderr(&first)
    );
    let after = std::fs::read_to_string(dir.path().join("page.js")).unwrap();
    assert_eq!(
        after,
        "ww.register({ corpId: 'a', getConfigSignature: function () { return { timestamp: 1, nonceStr: 'n', signature: 's' }; }, jsApiList: ['getContext'] });\nww.ensureConfigReady().catch(function () {}).then(function () {\n  ww.invoke('getContext', {}, function (res) { show(res); }).catch(function () {});\n});\n"
    );
    assert!(
        !stderr(&first).contains("warning"),
        "nothing is left on jweixin: {}",
        stderr(&first)
    );
    let second = run(&["fix", &arg(dir.path())]);
    assert_eq!(second.status.code(), Some(0));
    assert!(
        stderr(&second).contains("Fixed 0 findings in 0 files"),
        "{}",
        stderr(&second)
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("page.js")).unwrap(), after);
    assert_eq!(run(&["check", &arg(dir.path())]).status.code(), Some(0));
}

#[test]
fn fix_warns_when_a_run_leaves_both_sdks_behind() {
    let dir = temp_tree(&[
        (
            "index.html",
            b"<!doctype html>\n<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script src=\"app.js\"></script>\n",
        ),
        ("app.js", b"wx.config(window.__cfg);\nwx.ready(function () { wx.invoke('getContext', {}, show); });\n"),
    ]);
    let diff = run(&["fix", "--diff", &arg(dir.path())]);
    assert_eq!(diff.status.code(), Some(1));
    assert!(
        stdout(&diff).contains("+<script src=\"https://wwcdn.weixin.qq.com/"),
        "{}",
        stdout(&diff)
    );
    assert!(
        stderr(&diff).ends_with(
            "warning: this run would move 1 file to `@wecom/jssdk` and leave 1 on jweixin (listed above). \
             A page made of files of both kinds (its script tag loads `ww` while another file still calls \
             `wx`, or `ww` calls rely on a `wx.config` left unchanged) works with neither SDK until the \
             files left unchanged are migrated too.\n"
        ),
        "{}",
        stderr(&diff)
    );
    let written = run(&["fix", &arg(dir.path())]);
    assert_eq!(written.status.code(), Some(1), "legacy use is left in app.js");
    assert!(
        stderr(&written).contains("warning: this run moved 1 file to `@wecom/jssdk` and left 1 on jweixin"),
        "{}",
        stderr(&written)
    );
    // Once the rest is migrated by hand, nothing is mixed and nothing is said.
    std::fs::write(dir.path().join("app.js"), "console.log('migrated by hand');\n").unwrap();
    let again = run(&["fix", &arg(dir.path())]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!stderr(&again).contains("warning"), "{}", stderr(&again));
}

#[test]
fn fix_keeps_crlf_bom_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_tree(&[(
        "a.js",
        b"\xef\xbb\xbfbtn.onclick = function () { wx.on('menu:share:appmessage', f); };\r\nfunction f() {}\r\n",
    )]);
    let path = dir.path().join("a.js");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(run(&["fix", &arg(&path)]).status.code(), Some(0));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"\xef\xbb\xbfbtn.onclick = function () { ww.on('menu:share:appmessage', f); };\r\nfunction f() {}\r\n"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn fix_refuses_read_only_files_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    // (in click handlers: a `wx.on` while the page loads only has an unsafe fix)
    let dir = temp_tree(&[
        ("a.js", b"btn.onclick = function () { wx.on('x', f); };\n"),
        ("b.js", b"btn.onclick = function () { wx.on('y', g); };\n"),
    ]);
    let locked = dir.path().join("a.js");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "legacy use is left in the read-only file");
    assert!(
        stderr(&out).contains(&format!(
            "error: {}: the file is read-only; it was not changed",
            arg(&locked)
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&locked).unwrap(),
        "btn.onclick = function () { wx.on('x', f); };\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.js")).unwrap(),
        "btn.onclick = function () { ww.on('y', g); };\n"
    );
}

#[test]
fn stdin_filename_is_the_editor_command() {
    use std::io::Write as _;
    let mut child = bin()
        .args(["fix", "--stdin-filename", "src/page.ts"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"import sdk from 'weixin-js-sdk';\nbtn.onclick = () => sdk.invoke('getContext', {}, (res) => console.log(res.err_msg));\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "import * as ww from '@wecom/jssdk';\nbtn.onclick = () => ww.invoke<any>('getContext', {}, (res) => console.log(res.err_msg)).catch(() => {});\n"
    );
    // What cannot be fixed stays, is printed unchanged, and is explained on stderr.
    let mut child = bin()
        .args(["fix", "--stdin-filename", "page.js"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"wx[name]();\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "wx[name]();\n");
    assert!(
        stderr(&out).contains("picks a legacy JS-SDK member by a computed name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unsafe_fixes_and_cdn_url_are_honoured() {
    let dir = temp_tree(&[(
        "page.html",
        b"<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script>\nwx.ready(function () { wx.hideOptionMenu(); });\n</script>\n",
    )]);
    let path = dir.path().join("page.html");
    let safe = run(&["fix", &arg(&path)]);
    assert_eq!(
        safe.status.code(),
        Some(1),
        "the ready with no config in the page is only an unsafe fix"
    );
    let out = run(&[
        "fix",
        "--unsafe-fixes",
        "--cdn-url",
        "https://cdn.example.com/wecom-jssdk-2.4.0.js",
        &arg(&path),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "<script src=\"https://cdn.example.com/wecom-jssdk-2.4.0.js\"></script>\n<script>\nww.ensureConfigReady().catch(function () {}).then(function () { ww.hideOptionMenu().catch(function () {}); });\n</script>\n"
    );
}
