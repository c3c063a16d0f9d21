//! The config file end to end: found from a subfolder, nearest wins, flags override it, and
//! every kind of mistake is reported with its file, line and column (exit 2).

mod support;

use support::{code, files_with_findings, run_in, stderr, stdout, tree, write};

const LEGACY: &str = "wx.config({ appId: 'a', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: [] });\n";

#[test]
fn found_upward_from_a_subfolder_and_from_the_current_folder() {
    let dir = tree(&[
        (
            "jweixin-migrate.toml",
            "extend-exclude = [\"app/legacy\"]\n\n[rules]\nwx-config = \"warning\"\n",
        ),
        ("app/pages/home.js", LEGACY),
        ("app/legacy/old.js", "wx.invoke('getContext', {}, f);\n"),
    ]);
    // Run on a subfolder: the file two folders up applies.
    let out = run_in(dir.path(), &["check", "app"]);
    assert_eq!(code(&out), 0, "wx-config is only a warning here: {}", stderr(&out));
    assert!(
        stdout(&out).contains("⚠ `wx.config(...)` configures the legacy JS-SDK"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("Skipped: 1 excluded by the config file."),
        "{}",
        stderr(&out)
    );
    // Run from deep inside with no path: the same file is found from the current folder.
    let out = run_in(&dir.path().join("app/pages"), &["check", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["diagnostics"][0]["severity"], "warning");
    // Without the file, the same tree fails.
    let out = run_in(dir.path(), &["check", "--no-config", "app"]);
    assert_eq!(code(&out), 1);
    assert_eq!(files_with_findings(dir.path(), &["--no-config", "app"]).len(), 2);
}

#[test]
fn the_nearest_file_wins_and_a_dotted_name_is_found_too() {
    let dir = tree(&[
        ("jweixin-migrate.toml", "[rules]\nwx-config = \"off\"\n"),
        ("a/.jweixin-migrate.toml", "[rules]\nwx-invoke = \"off\"\n"),
        ("a/page.js", "wx.config({});\nwx.invoke('getContext', {}, f);\n"),
    ]);
    let (value, _) = json_in(dir.path(), &["check", "--format", "json", "a"]);
    let rules: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["wx-config"], "only the nearer file's setting applies");
    let (value, _) = json_in(
        dir.path(),
        &["check", "--format", "json", "--config", "jweixin-migrate.toml", "a"],
    );
    assert_eq!(
        value["diagnostics"][0]["rule"], "wx-invoke",
        "--config names the file to use"
    );
}

fn json_in(dir: &std::path::Path, args: &[&str]) -> (serde_json::Value, i32) {
    let out = run_in(dir, args);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (value, code(&out))
}

#[test]
fn flags_override_the_file() {
    let dir = tree(&[
        (
            "jweixin-migrate.toml",
            "exclude = [\"skip.js\"]\njobs = 3\n\n[fix]\ncdn-url = \"https://cdn.example.com/from-config.js\"\n",
        ),
        ("skip.js", "wx.invoke('getContext', {}, f);\n"),
        ("old.js", "wx.invoke('getContext', {}, f);\n"),
        (
            "page.html",
            "<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n",
        ),
    ]);
    assert_eq!(files_with_findings(dir.path(), &["."]), ["old.js", "page.html"]);
    // `--exclude` replaces the file's `exclude`.
    assert_eq!(
        files_with_findings(dir.path(), &["--exclude", "old.js", "."]),
        ["page.html", "skip.js"]
    );
    // `--extend-exclude` adds to it.
    assert_eq!(
        files_with_findings(dir.path(), &["--extend-exclude", "old.js", "."]),
        ["page.html"]
    );
    let diff = run_in(dir.path(), &["fix", "--diff", "page.html"]);
    assert!(
        stdout(&diff).contains("+<script src=\"https://cdn.example.com/from-config.js\"></script>"),
        "{}",
        stdout(&diff)
    );
    let diff = run_in(
        dir.path(),
        &[
            "fix",
            "--diff",
            "--cdn-url",
            "https://cdn.example.com/flag.js",
            "page.html",
        ],
    );
    assert!(
        stdout(&diff).contains("+<script src=\"https://cdn.example.com/flag.js\"></script>"),
        "{}",
        stdout(&diff)
    );
}

#[test]
fn fix_settings_come_from_the_file() {
    let dir = tree(&[
        (
            "jweixin-migrate.toml",
            "[fix]\nunsafe-fixes = true\nnamed-invoke = true\n",
        ),
        (
            "a.js",
            "wx.invoke('hideOptionMenu', {}, function (res) { done(res); });\n",
        ),
    ]);
    let out = run_in(dir.path(), &["fix", "a.js"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.js")).unwrap(),
        "ww.hideOptionMenu({ complete: function (res) { done(res); } }).catch(function () {});\n"
    );
}

/// Runs `check` in a folder holding only `config` and one legacy file; returns stderr.
fn config_error(config: &str) -> String {
    let dir = tree(&[("jweixin-migrate.toml", config), ("sub/a.js", LEGACY)]);
    let out = run_in(dir.path(), &["check", "sub"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "nothing is checked");
    stderr(&out)
}

#[test]
fn an_unknown_key_is_shown_at_its_line_and_column_with_a_suggestion() {
    assert_eq!(
        config_error("jobs = 2\n\n[fix]\nnamed-invoke = true\ncdn_url = \"https://cdn.example.com/a.js\"\n"),
        "  × unknown key `cdn_url`
   ╭─[jweixin-migrate.toml:5:1]
 4 │ named-invoke = true
 5 │ cdn_url = \"https://cdn.example.com/a.js\"
   · ───┬───
   ·    ╰── not a setting of `[fix]`
   ╰────
  help: did you mean `cdn-url`?

error: jweixin-migrate.toml: the config file has 1 problem; nothing was checked
"
    );
}

#[test]
fn a_wrong_type_is_shown_at_the_value() {
    assert_eq!(
        config_error("respect-gitignore = \"yes\"\n"),
        "  × `respect-gitignore` must be `true` or `false`
   ╭─[jweixin-migrate.toml:1:21]
 1 │ respect-gitignore = \"yes\"
   ·                     ──┬──
   ·                       ╰── this is a string
   ╰────

error: jweixin-migrate.toml: the config file has 1 problem; nothing was checked
"
    );
}

#[test]
fn a_bad_glob_is_shown_at_the_pattern() {
    assert_eq!(
        config_error("exclude = [\"legacy/**\", \"src/[abc\"]\n"),
        "  × invalid glob `src/[abc` in `exclude`
   ╭─[jweixin-migrate.toml:1:25]
 1 │ exclude = [\"legacy/**\", \"src/[abc\"]
   ·                         ─────┬────
   ·                              ╰── unclosed character class; missing ']'
   ╰────

error: jweixin-migrate.toml: the config file has 1 problem; nothing was checked
"
    );
}

#[test]
fn an_unknown_rule_and_a_bad_level_are_both_reported_in_file_order() {
    assert_eq!(
        config_error("[rules]\nwx-apii = \"off\"\nwx-object = \"warn\"\n"),
        "  × unknown rule `wx-apii`
   ╭─[jweixin-migrate.toml:2:1]
 1 │ [rules]
 2 │ wx-apii = \"off\"
   · ───┬───
   ·    ╰── not a rule
 3 │ wx-object = \"warn\"
   ╰────
  help: did you mean `wx-api`?

  × the level of `wx-object` must be \"error\", \"warning\" or \"off\"
   ╭─[jweixin-migrate.toml:3:13]
 2 │ wx-apii = \"off\"
 3 │ wx-object = \"warn\"
   ·             ───┬──
   ·                ╰── not a level
   ╰────
  help: did you mean \"warning\"?

error: jweixin-migrate.toml: the config file has 2 problems; nothing was checked
"
    );
}

#[test]
fn invalid_toml_and_an_out_of_range_number_are_shown_where_they_are() {
    assert_eq!(
        config_error("jobs = 0\n"),
        "  × `jobs` must be a whole number from 1 to 1024
   ╭─[jweixin-migrate.toml:1:8]
 1 │ jobs = 0
   ·        ┬
   ·        ╰── out of range
   ╰────

error: jweixin-migrate.toml: the config file has 1 problem; nothing was checked
"
    );
    assert_eq!(
        config_error("exclude = [\"a\"\n"),
        "  × not valid TOML: unclosed array, expected `]`
   ╭─[jweixin-migrate.toml:1:15]
 1 │ exclude = [\"a\"
   ·               ▲
   ·               ╰── here
   ╰────

error: jweixin-migrate.toml: the config file has 1 problem; nothing was checked
"
    );
}

#[test]
fn each_path_gets_its_own_config_file_and_run_wide_settings_must_agree() {
    let dir = tree(&[
        (
            "a/jweixin-migrate.toml",
            "jobs = 1\nextend-exclude = [\"skip.js\"]\n[rules]\nwx-config = \"warning\"\n",
        ),
        ("a/x.js", LEGACY),
        ("a/skip.js", LEGACY),
        ("b/x.js", LEGACY),
        ("b/skip.js", LEGACY),
    ]);
    let out = run_in(dir.path(), &["check", "--format", "json", "a", "b"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [("a/x.js", "warning"), ("b/skip.js", "error"), ("b/x.js", "error")],
        "a's file applies below a only"
    );
    write(dir.path(), &[("b/jweixin-migrate.toml", "default-excludes = false\n")]);
    let out = run_in(dir.path(), &["check", "a", "b"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: `a` and `b` take `default-excludes` (or --no-default-excludes) from different config files (`a/jweixin-migrate.toml` and `b/jweixin-migrate.toml`) that disagree, and a run has one value; give the flag, or check them in separate runs\n"
    );
    assert_eq!(
        code(&run_in(dir.path(), &["check", "--no-default-excludes", "a", "b"])),
        1
    );
    let both = tree(&[
        ("jweixin-migrate.toml", "jobs = 1\n"),
        (".jweixin-migrate.toml", "jobs = 2\n"),
        ("x.js", LEGACY),
    ]);
    let out = run_in(both.path(), &["check"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: jweixin-migrate.toml: two config files in one folder: jweixin-migrate.toml and .jweixin-migrate.toml; keep one\n"
    );
}

/// A Vite app whose `wx.ready` sits in a module that `main.js` imports before the configuring
/// one: the tool cannot prove the order, the team can name the registrar.
fn registrar_app() -> tempfile::TempDir {
    tree(&[
        ("package.json", "{ \"devDependencies\": { \"vite\": \"^4\" }, \"dependencies\": { \"weixin-js-sdk\": \"^1.6.0\" } }\n"),
        ("index.html", "<script type=\"module\" src=\"/src/main.js\"></script>\n"),
        ("src/main.js", "import { openPanel } from './panel.js';\nimport './sdk.js';\nopenPanel();\n"),
        (
            "src/sdk.js",
            "import wx from 'weixin-js-sdk';\nwx.config({ beta: true, appId: 'ww1', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['getContext'] });\n",
        ),
        (
            "src/panel.js",
            "import wx from 'weixin-js-sdk';\nexport function openPanel() {\n  wx.ready(function () { wx.invoke('getContext', {}, function () {}); });\n}\n",
        ),
    ])
}

#[test]
fn a_named_registrar_lets_a_ready_elsewhere_move_and_a_missing_one_is_an_error() {
    let dir = registrar_app();
    let out = run_in(dir.path(), &["check"]);
    assert!(
        stderr(&out).contains("0 `fix` would move, 1 need --unsafe-fixes"),
        "without a registrar the order is not proven: {}",
        stderr(&out)
    );
    // The flag names it (relative to the current folder) ...
    let out = run_in(dir.path(), &["check", "--registrar", "src/sdk.js"]);
    assert!(
        stderr(&out).contains("1 `fix` would move, 0 need --unsafe-fixes"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("`src/sdk.js`, named as the registrar"),
        "{}",
        stdout(&out)
    );
    // ... and so does the config file (relative to its folder), from a subfolder too.
    write(
        dir.path(),
        &[("jweixin-migrate.toml", "[fix]\nregistrar = \"src/sdk.js\"\n")],
    );
    let out = run_in(&dir.path().join("src"), &["fix", ".."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let panel = std::fs::read_to_string(dir.path().join("src/panel.js")).unwrap();
    assert!(
        panel.contains("ww.ensureConfigReady().catch(function () {}).then(function () {"),
        "{panel}"
    );
    // A registrar that is not there is exit 2, naming where it was set.
    write(
        dir.path(),
        &[("jweixin-migrate.toml", "[fix]\nregistrar = \"src/setup.js\"\n")],
    );
    let out = run_in(dir.path(), &["check"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("the registrar `registrar` in ")
            && stderr(&out).contains("jweixin-migrate.toml names, ")
            && stderr(&out).contains("src/setup.js, is not a file"),
        "{}",
        stderr(&out)
    );
}
