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
    // The kept page (src/legacy/feedback.html) is read; its findings are suppressed.
    assert!(summary.contains("Scanned 10 files"), "{summary}");
    assert!(summary.contains("in 9 files"), "{summary}");
    assert!(!text.contains("feedback.html"), "{text}");
    // The demo's jweixin-migrate.toml excludes its mock of the WeCom client.
    assert!(summary.contains("1 excluded by the config file"), "{summary}");
    assert!(
        summary.contains("Migration units with legacy use: 3 (1 `fix` would move, 1 need --unsafe-fixes, 1 blocked)"),
        "{summary}"
    );
    assert!(summary.contains("1 mini-program root"), "{summary}");
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
    assert_eq!(value["version"], 2);
    assert_eq!(value["files_scanned"], 10);
    assert_eq!(value["errors"], serde_json::json!([]));
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 25);
    let first = &diagnostics[0];
    let mut keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["end", "file", "fix", "help", "message", "range", "rule", "severity", "start", "unit"]
    );
    // Every diagnostic names its migration unit, and the units list their files.
    assert_eq!(first["unit"], "fixtures/demo/index.html");
    let units = value["units"].as_array().unwrap();
    let summary: Vec<(&str, &str, usize)> = units
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap(),
                u["status"].as_str().unwrap(),
                u["files"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            // the SPA: its API module and its component both configure, and both run in the
            // page (and the component's `created` runs once per instance, issue 9)
            ("fixtures/demo/index.html", "blocked", 5),
            ("fixtures/demo/public/checkin/index.html", "fixable", 3),
            ("fixtures/demo/public/contacts/index.html", "needs-unsafe-fixes", 1),
            // The page kept on jweixin with a suppression: nothing in it must change.
            ("fixtures/demo/src/legacy/feedback.html", "clean", 1),
        ]
    );
    assert_eq!(
        units[0]["files"][3],
        serde_json::json!({"file": "fixtures/demo/src/components/ContactPicker.vue", "sdk": "jweixin"})
    );
    let blocker = &units[2]["blockers"][0];
    assert_eq!(units[0]["blockers"].as_array().unwrap().len(), 10);
    assert_eq!(blocker["file"], "fixtures/demo/public/contacts/index.html");
    assert_eq!(
        (blocker["line"].as_u64(), blocker["column"].as_u64()),
        (Some(15), Some(9))
    );
    assert_eq!(blocker["rule"], "wx-agent-config");
    assert!(
        blocker["why"]
            .as_str()
            .unwrap()
            .starts_with("only an unsafe fix (--unsafe-fixes): without `wx.config`"),
        "{blocker}"
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
        "\"unit\"",
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
    assert_eq!(results.len(), 25);
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
            "wx-api                     a direct method of the legacy SDK object (`wx.chooseImage({...})`), \
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
    for format in ["json", "human", "github", "sarif", "gitlab", "junit", "checkstyle"] {
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
        "not valid UTF-8 (invalid byte 0xE9 at byte offset 6, line 1), nor GBK or UTF-16 with a byte order mark; convert the file to UTF-8"
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
        ("web/Web.csproj", b"<Project />\n"),
        ("web/obj/Debug/AspnetCompileMerge/Source/js/app.js", b"wx.config({});\n"),
        ("web/bin/app.js", b"wx.config({});\n"),
        ("web/objects/app.js", b"wx.ready(function () {});\n"),
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
        ("php/composer.json", b"{}"),
        (
            "php/vendor/acme/sdk/tests/page.html",
            b"<script>wx.config({});</script>\n",
        ),
    ]);
    let out = run(&["check", "--format", "json", "--exclude", "legacy", &arg(dir.path())]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            format!("{}/src/a.js", arg(dir.path())),
            format!("{}/web/objects/app.js", arg(dir.path())),
        ]
    );
    let human = run(&["check", "--exclude", "legacy", &arg(dir.path())]);
    let summary = stderr(&human);
    for expected in [
        "1 node_modules folder,",
        "1 composer vendor folder,",
        "1 hidden file or folder,",
        "3 build output folders,",
        "1 mini-program root,",
        "1 minified file,",
        "2 copies of the legacy SDK",
        "1 declaration file,",
        "1 excluded by --exclude",
    ] {
        assert!(summary.contains(expected), "missing `{expected}` in {summary}");
    }
    // A file named on the command line is always checked.
    let named = dir.path().join("static/app.min.js");
    assert_eq!(run(&["check", &arg(&named)]).status.code(), Some(1));
}

#[test]
fn a_non_ascii_string_before_a_quoted_call_does_not_stop_the_run() {
    // `'券', 'g()'` once read `券` as an attribute name and cut it at a byte that is not a
    // character boundary: the whole run died with exit 101 and no message.
    let dir = temp_tree(&[(
        "a.html",
        "<script>\nf('券', 'g()');\nfunction g() { location.href = \"/x\"; wx.closeWindow(); }\n</script>\n".as_bytes(),
    )]);
    let (value, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let rules: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["wx-api"]);
}

#[test]
fn a_page_loading_a_renamed_copy_of_the_sdk_keeps_its_unit_even_with_unsafe_fixes() {
    // wlba's pages load jweixin as `lib/weixin/wx.js`; `--unsafe-fixes` moved their scripts to
    // `ww` while the page still loaded the copy.
    let page = "<script src=\"lib/weixin/wx.js\"></script>\n<script src=\"app.js\"></script>\n";
    let copy = "!function (o) { o.wx = o.jWeixin = { config: function () {} }; }(window);\n";
    let script =
        "wx.config({ appId: 'ww1', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['scanQRCode'] });\n";
    let dir = temp_tree(&[
        ("index.html", page.as_bytes()),
        ("lib/weixin/wx.js", copy.as_bytes()),
        ("app.js", script.as_bytes()),
    ]);
    let out = run(&["fix", "--unsafe-fixes", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("app.js")).unwrap(), script);
    assert!(
        stderr(&out).contains("a copy of jweixin under a name the tool does not switch"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_page_that_writes_the_sdk_tag_while_it_runs_keeps_its_unit_even_with_unsafe_fixes() {
    // samoyi/WechatJSSDK echoes jweixin's tag from PHP; `--unsafe-fixes` moved the page's code
    // to `ww` while it still loaded jweixin.
    let sdk = "<?php\n    echo '<script src=\"http://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>';\n?>\n<script>\nwx.config({ appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['hideOptionMenu'] });\n</script>\n";
    let page = "<!DOCTYPE html>\n<html><body>\n<?php include(\"inc/sdk.php\"); ?>\n<script>\nwx.ready(function () { wx.hideOptionMenu(); });\n</script>\n</body></html>\n";
    let loader = "<script>\n  var s = document.createElement('script');\n  s.src = 'https://res.wx.qq.com/open/js/jweixin-1.2.0.js';\n  s.onload = function () { wx.config({ appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: [] }); };\n  document.head.appendChild(s);\n</script>\n";
    let dir = temp_tree(&[
        ("inc/sdk.php", sdk.as_bytes()),
        ("index.php", page.as_bytes()),
        ("loader.html", loader.as_bytes()),
    ]);
    let out = run(&["fix", "--unsafe-fixes", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("inc/sdk.php")).unwrap(), sdk);
    assert_eq!(std::fs::read_to_string(dir.path().join("index.php")).unwrap(), page);
    assert_eq!(std::fs::read_to_string(dir.path().join("loader.html")).unwrap(), loader);
    assert_eq!(
        stderr(&out)
            .matches("it writes a `<script>` tag for jweixin while the page runs")
            .count(),
        2,
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_rails_javascript_response_moves_with_the_layouts_page_under_unsafe_fixes() {
    // tomwey/nongjia pays from `pay.js.erb`, the response of a remote form, which runs in a
    // page of the `wechat` layout: the layout moved to `ww` alone and the payment threw.
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/units/rails-javascript-response-pays-in-the-layouts-page/input");
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "app/views/layouts/wechat.html.erb",
        "app/views/shop/pay.js.erb",
        "app/views/shop/new.html.erb",
    ] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(case.join(file), to).unwrap();
    }
    let out = run(&["fix", "--unsafe-fixes", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Moved 1 unit to `@wecom/jssdk` whole (2 files)."),
        "{}",
        stderr(&out)
    );
    let layout = std::fs::read_to_string(dir.path().join("app/views/layouts/wechat.html.erb")).unwrap();
    let response = std::fs::read_to_string(dir.path().join("app/views/shop/pay.js.erb")).unwrap();
    assert!(
        layout.contains("wecom-jssdk") && layout.contains("ww.register("),
        "{layout}"
    );
    assert!(
        response.starts_with("ww.invoke('getBrandWCPayRequest', { timeStamp: <%= @pay[:timeStamp] %> + ''"),
        "{response}"
    );
    assert!(!response.contains("wx."), "{response}");
}

#[test]
fn slim_and_haml_layouts_are_checked_and_left_for_the_user() {
    // WangZhenhuaFirst/wechat-test configures jweixin in a Slim layout: `check` passed it.
    let slim = "doctype html\nhtml\n  head\n    script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"\n  body\n    == yield\n    javascript:\n      wx.config({ appId: '#{@sign[:appId]}', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['hideOptionMenu'] });\n      wx.ready(function () { wx.hideOptionMenu(); });\n";
    let haml = "!!!\n%html\n  %body\n    %script{src: 'https://res.wx.qq.com/open/js/jweixin-1.2.0.js'}\n    :javascript\n      wx.ready(function () { wx.closeWindow(); });\n";
    let dir = temp_tree(&[
        ("app/views/layouts/wechat.html.slim", slim.as_bytes()),
        ("app/views/layouts/plain.html.haml", haml.as_bytes()),
    ]);
    let (report, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let mut found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["rule"].as_str().unwrap(),
                d["file"].as_str().unwrap().rsplit('/').next().unwrap(),
                d["start"]["line"]
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "wx-api plain.html.haml:6",
            "wx-api wechat.html.slim:9",
            "wx-config wechat.html.slim:8",
            "wx-ready plain.html.haml:6",
            "wx-ready wechat.html.slim:9",
            "wx-script-tag plain.html.haml:4",
            "wx-script-tag wechat.html.slim:4",
        ]
    );
    let out = run(&["fix", "--unsafe-fixes", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the tool reads Slim, Haml and Pug templates but does not rewrite them"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app/views/layouts/wechat.html.slim")).unwrap(),
        slim
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app/views/layouts/plain.html.haml")).unwrap(),
        haml
    );
}

#[test]
fn a_mini_program_root_is_skipped_unless_its_config_puts_the_mini_program_elsewhere() {
    // A native mini-program: its global `wx` is the mini-program API.
    let native = temp_tree(&[
        ("project.config.json", b"{\"appid\": \"wx1\"}"),
        (
            "pages/index/index.js",
            b"wx.request({ url: 'https://a' });\nwx.config({});\n",
        ),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(native.path())]);
    assert_eq!((code, value["files_scanned"].as_u64()), (0, Some(0)));
    // A Taro project builds the mini-program into `dist/` and a web build from `src/`, which
    // imports a copy of jweixin (17forever/taro-app): its sources are read.
    let taro = temp_tree(&[
        ("project.config.json", b"{\"miniprogramRoot\": \"dist/\"}"),
        ("package.json", b"{\"dependencies\": {\"@tarojs/taro\": \"1.3.0\"}}"),
        ("src/lib/wx/index.js", b"import wx from './jweixin-1.6.0';\nwx.config({ appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: [] });\n"),
    ]);
    let (value, code) = json(&["check", "--format", "json", &arg(taro.path())]);
    assert_eq!(code, 1, "{value}");
    let rules: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["wx-import", "wx-config"], "{value}");
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
    // The SPA stays whole on jweixin (issue 9): its Vue component configures the SDK in
    // `created`, which runs once per component instance, and its API module's exported wrappers
    // may run while the page loads. Nothing of its unit is in the patch.
    for file in [
        "index.html",
        "package.json",
        "src/api/wecom.ts",
        "src/components/ContactPicker.vue",
        "src/components/ShareButton.jsx",
    ] {
        assert!(
            !patch.contains(&format!("+++ b/fixtures/demo/{file}")),
            "{file} stays with its unit: {patch}"
        );
    }
    // The check-in page moves with its two scripts; its `wx.ready` is safe because the page
    // runs `sign.js` (which registers) first.
    assert!(
        patch.contains("+++ b/fixtures/demo/public/checkin/checkin.js"),
        "{patch}"
    );
    assert!(
        patch.contains("+ww.ensureConfigReady().catch(function () {}).then(function () {"),
        "{patch}"
    );
    assert!(
        !patch.contains("public/contacts"),
        "the unit with an unsafe fix is left whole: {patch}"
    );
    let summary = stderr(&out);
    assert!(summary.contains("Would fix 4 findings in 3 files"), "{summary}");
    assert!(
        summary.contains("Would move 1 unit to `@wecom/jssdk` whole (3 files)."),
        "{summary}"
    );
    assert!(
        summary.contains("Left 2 units on jweixin, every file as it was (a unit moves whole or not at all):\n  unit `fixtures/demo/index.html` (5 files), 10 blockers:"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "  unit `fixtures/demo/public/contacts/index.html` (1 file), 1 blocker:\n    fixtures/demo/public/contacts/index.html:15:9 wx-agent-config: only an unsafe fix (--unsafe-fixes): without `wx.config` in this file"
        ),
        "{summary}"
    );
    assert!(!summary.contains("warning"), "no unit is left half migrated: {summary}");
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
    assert_eq!(fixed.status.code(), Some(1), "legacy use is left in the contacts page");
    for entry in walkdir::WalkDir::new(&expected) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let file = entry.path().strip_prefix(&expected).unwrap();
            assert_eq!(
                std::fs::read_to_string(dir.path().join("fixtures/demo").join(file)).unwrap(),
                std::fs::read_to_string(entry.path()).unwrap(),
                "{}",
                file.display()
            );
        }
    }
}

/// A page that loads jweixin and one script, `app.js`.
const PAGE: &[u8] = b"<!doctype html>\n<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script src=\"app.js\"></script>\n";

#[test]
fn fix_writes_in_place_once_and_a_second_run_changes_nothing() {
    let dir = temp_tree(&[
        ("index.html", PAGE),
        ("app.js", b"wx.config({ beta: true, appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['getContext'] });\nwx.ready(function () {\n  wx.invoke('getContext', {}, function (res) { show(res.err_msg); });\n});\n"),
        ("clean.js", b"console.log('nothing here');\n"),
    ]);
    let first = run(&["fix", &arg(dir.path())]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("Fixed 4 findings in 2 files"),
        "{}",
        stderr(&first)
    );
    assert!(
        stderr(&first).contains("Moved 1 unit to `@wecom/jssdk` whole (2 files)."),
        "{}",
        stderr(&first)
    );
    let after = std::fs::read_to_string(dir.path().join("app.js")).unwrap();
    assert_eq!(
        after,
        "ww.register({ corpId: 'a', getConfigSignature: function () { return { timestamp: 1, nonceStr: 'n', signature: 's' }; }, jsApiList: ['getContext'] });\nww.ensureConfigReady().catch(function () {}).then(function () {\n  ww.invoke('getContext', {}, function (res) { show(res.err_msg); }).catch(function () {});\n});\n"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("index.html"))
            .unwrap()
            .contains("wecom-jssdk-2.3.1.js"),
        "the page's tag moves with its script"
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
    assert_eq!(std::fs::read_to_string(dir.path().join("app.js")).unwrap(), after);
    assert_eq!(run(&["check", &arg(dir.path())]).status.code(), Some(0));
}

#[test]
fn security_findings_fail_check_but_do_not_keep_a_unit_from_being_migrated() {
    let page = b"<!doctype html>\n<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script src=\"app.js\"></script>\n<script src=\"sign.js\"></script>\n";
    let dir = temp_tree(&[
        ("index.html", page),
        ("app.js", b"wx.config({ beta: true, appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['getContext'] });\nvar JSAPI_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';\n"),
        ("sign.js", b"function sign(ticket, nonce, ts) {\n  return hex_sha1('jsapi_ticket=' + ticket + '&noncestr=' + nonce + '&timestamp=' + ts + '&url=' + location.href);\n}\n"),
    ]);
    let (before, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let rules: Vec<&str> = before["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "wx-config",
            "security-ticket-literal",
            "wx-script-tag",
            "security-client-signature"
        ]
    );
    let fixed = run(&["fix", &arg(dir.path())]);
    assert!(
        stderr(&fixed).contains("Fixed 2 findings in 2 files"),
        "{}",
        stderr(&fixed)
    );
    assert!(stderr(&fixed).contains("2 findings left"), "{}", stderr(&fixed));
    assert_eq!(
        fixed.status.code(),
        Some(1),
        "security findings are left: {}",
        stderr(&fixed)
    );
    let app = std::fs::read_to_string(dir.path().join("app.js")).unwrap();
    assert!(app.starts_with("ww.register({ corpId: 'a'"), "{app}");
    assert!(
        app.contains("var JSAPI_TICKET = 'sM4AOVdW"),
        "the finding is left for a person: {app}"
    );
    let (after, code) = json(&["check", "--format", "json", &arg(dir.path())]);
    assert_eq!(code, 1);
    let rules: Vec<&str> = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["security-ticket-literal", "security-client-signature"]);
}

#[test]
fn a_unit_with_a_blocker_is_left_whole_and_every_blocker_is_listed() {
    let dir = temp_tree(&[
        ("index.html", PAGE),
        (
            "app.js",
            b"wx.config({ beta: true, appId: 'a', timestamp: 1, noncestr: 'n', signature: 's', jsApiList: ['getContext'] });\nwx.ready(function () { wx.invoke('getContext', {}, show); });\n",
        ),
    ]);
    let before_page = std::fs::read(dir.path().join("index.html")).unwrap();
    for args in [vec!["fix", "--diff"], vec!["fix"]] {
        let mut args = args.clone();
        let path = arg(dir.path());
        args.push(&path);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(
            stdout(&out).lines().filter(|l| l.starts_with("+++")).count(),
            0,
            "{}",
            stdout(&out)
        );
        let summary = stderr(&out);
        // Both findings share one `ww.register` fix, so they share a line and its reason.
        assert!(
            summary.contains(&format!(
                "Left 1 unit on jweixin, every file as it was (a unit moves whole or not at all):\n  unit `{path}/index.html` (2 files), 2 blockers:\n    {path}/app.js:1:1 wx-config, 2:1 wx-ready: needs a change by hand: `wx.config` has the key `noncestr`, which jweixin does not read"
            )),
            "{summary}"
        );
        assert!(!summary.contains("warning"), "the page is not half migrated: {summary}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("index.html")).unwrap(),
        before_page,
        "the page's tag stays"
    );
}

#[test]
fn a_unit_already_mixed_is_named_with_the_files_on_each_side() {
    let dir = temp_tree(&[
        (
            "index.html",
            b"<!doctype html>\n<script src=\"https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js\"></script>\n<script src=\"app.js\"></script>\n",
        ),
        ("app.js", b"wx.config({ appId: 'a', timestamp: 1, noncestr: 'n', signature: 's' });\n"),
    ]);
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    let path = arg(dir.path());
    assert!(
        stderr(&out).contains(&format!(
            "warning: unit `{path}/index.html` uses both SDKs: `{path}/app.js` uses jweixin while `{path}/index.html` uses `@wecom/jssdk`. The page works with neither until all of it is on `@wecom/jssdk`."
        )),
        "{}",
        stderr(&out)
    );
    let (value, _) = json(&["check", "--format", "json", &path]);
    assert_eq!(value["units"][0]["mixed"], true);
    assert_eq!(value["units"][0]["status"], "blocked");
}

#[test]
fn a_script_no_page_loads_gets_only_unsafe_fixes() {
    let dir = temp_tree(&[("a.js", b"wx.on('menu:share:appmessage', f);\nfunction f() {}\n")]);
    let path = dir.path().join("a.js");
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no page that loads the SDK was found for unit"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "wx.on('menu:share:appmessage', f);\nfunction f() {}\n"
    );
    let out = run(&["fix", "--unsafe-fixes", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "ww.on('menu:share:appmessage', f);\nfunction f() {}\n"
    );
}

#[test]
fn fix_keeps_crlf_bom_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_tree(&[
        ("index.html", PAGE),
        (
            "app.js",
            b"\xef\xbb\xbfbtn.onclick = function () { wx.on('menu:share:appmessage', f); };\r\nfunction f() {}\r\n",
        ),
    ]);
    let path = dir.path().join("app.js");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"\xef\xbb\xbfbtn.onclick = function () { ww.on('menu:share:appmessage', f); };\r\nfunction f() {}\r\n"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn a_unit_that_cannot_be_written_whole_is_put_back() {
    use std::os::unix::fs::PermissionsExt;
    // (in click handlers: a `wx.on` while the page loads only has an unsafe fix)
    let dir = temp_tree(&[
        (
            "page.html",
            b"<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script src=\"a.js\"></script>\n<script src=\"b.js\"></script>\n",
        ),
        ("a.js", b"btn.onclick = function () { wx.on('x', f); };\n"),
        ("b.js", b"btn.onclick = function () { wx.on('y', g); };\n"),
    ]);
    // Files are written in path order: a.js, b.js, then the read-only page fails.
    let locked = dir.path().join("page.html");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(&["fix", &arg(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "legacy use is left");
    assert!(
        stderr(&out).contains(&format!(
            "    {}: the file is read-only; it was not changed; the unit's other files were put back as they were",
            arg(&locked)
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.js")).unwrap(),
        "btn.onclick = function () { wx.on('x', f); };\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.js")).unwrap(),
        "btn.onclick = function () { wx.on('y', g); };\n"
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
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

#[test]
fn a_file_named_alone_is_fixed_only_with_its_whole_unit() {
    let dir = temp_tree(&[
        ("package.json", b"{\"name\": \"site\"}\n"),
        ("index.html", PAGE),
        ("app.js", b"wx.on('menu:share:appmessage', f);\nfunction f() {}\n"),
    ]);
    let app = dir.path().join("app.js");
    let page = arg(&dir.path().join("index.html"));
    // The page that loads app.js still loads jweixin: fixing app.js alone would break it.
    let out = run(&["fix", &arg(&app)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "    {page}: this file belongs to the same unit but is outside the files given, and still uses jweixin"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&app).unwrap(),
        "wx.on('menu:share:appmessage', f);\nfunction f() {}\n"
    );
    let (value, _) = json(&["check", "--format", "json", &arg(&app)]);
    assert_eq!(
        value["units"][0]["files"][1],
        serde_json::json!({"file": page, "sdk": "jweixin", "outside_run": true})
    );
    // With --unsafe-fixes the file is fixed alone, and the summary names the unit left mixed.
    let out = run(&["fix", "--unsafe-fixes", &arg(&app)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&app).unwrap(),
        "ww.on('menu:share:appmessage', f);\nfunction f() {}\n"
    );
    assert!(
        stderr(&out).contains(&format!(
            "warning: unit `{page}` uses both SDKs: `{page}` uses jweixin while `{}` uses `@wecom/jssdk`",
            arg(&app)
        )),
        "{}",
        stderr(&out)
    );
    // The editor command refuses the same way, naming the page.
    let mut child = bin()
        .args(["fix", "--stdin-filename", &arg(&dir.path().join("index.html"))])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(PAGE).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the page alone completes its unit now: {}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("wecom-jssdk-2.3.1.js"), "{}", stdout(&out));
}

#[test]
fn a_file_named_alone_reports_only_its_own_unit() {
    let page = b"<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n<script>\nwx.config({ appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['hideOptionMenu'] });\nwx.ready(function () { wx.hideOptionMenu(); });\n</script>\n";
    let dir = temp_tree(&[
        ("package.json", b"{\"name\": \"site\"}\n"),
        ("a.html", page),
        ("b.html", page),
    ]);
    let a = arg(&dir.path().join("a.html"));
    // b.html, read only to find a.html's unit, is a unit of its own: not the run's business.
    let (value, _) = json(&["check", "--format", "json", &a]);
    let units = value["units"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{value}");
    assert_eq!(units[0]["files"], serde_json::json!([{"file": a, "sdk": "jweixin"}]));
    let out = run(&["fix", "--diff", "--unsafe-fixes", &a]);
    assert_eq!(out.status.code(), Some(1), "--diff: a change is due: {}", stderr(&out));
    assert!(
        stderr(&out).contains("Would move 1 unit to `@wecom/jssdk` whole (1 file)."),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("b.html"), "{}", stderr(&out));
}
