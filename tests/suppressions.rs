//! Inline suppressions in every file kind (JavaScript, TypeScript, Vue, HTML, a JSP page),
//! what is reported about malformed and unused ones, and `fix --add-suppressions`.

mod support;

use std::path::Path;

use support::{code, run_in, stderr, stdout, tree};

/// (rule, line, severity) of every finding `check` reports below `dir`.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, String, u64, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    let value: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const JS: &str = "\
function share() {
  // jweixin-migrate-ignore-next-line wx-invoke -- the share sheet stays on jweixin until 2027
  wx.invoke('shareAppMessage', {}, done);
  wx.on('menu:share:appmessage', done);
}
";

const TS: &str = "\
/* jweixin-migrate-ignore-file wx-api -- closeWindow is wrapped by the native shell */
declare const wx: any;
export function close(): void {
  wx.closeWindow();
  wx.hideOptionMenu();
}
";

const VUE: &str = "\
<template>
  <!-- jweixin-migrate-ignore-next-line wx-invoke -- nothing on the next line -->
  <button @click=\"pick\">pick</button>
</template>
<script>
export default {
  methods: {
    pick() {
      /* jweixin-migrate-ignore-next-line wx-invoke -- the picker needs the agent config */
      wx.invoke('selectEnterpriseContact', {}, this.done);
    },
  },
};
</script>
";

const HTML: &str = "\
<!doctype html>
<html>
<head>
  <!-- jweixin-migrate-ignore-next-line wx-script-tag -- the old kiosk build still loads it -->
  <script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>
</head>
<body>
<script>
  // jweixin-migrate-ignore-next-line wx-api -- kiosk only
  wx.closeWindow();
</script>
</body>
</html>
";

const JSP: &str = "\
<%@ page contentType=\"text/html;charset=UTF-8\" %>
<html>
<head>
<!-- jweixin-migrate-ignore-next-line wx-script-tag -- served to the old client by the gateway -->
<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>
<script>
  var appId = '<%= appId %>';
  // jweixin-migrate-ignore-next-line wx-api, wx-on -- the gateway page keeps the bridge
  wx.hideOptionMenu(); wx.on('x', f);
  wx.showOptionMenu();
</script>
</head>
</html>
";

#[test]
fn suppressions_work_in_every_file_kind() {
    let dir = tree(&[
        ("a.js", JS),
        ("b.ts", TS),
        ("c.vue", VUE),
        ("d.html", HTML),
        ("e.jsp", JSP),
    ]);
    // Server templates are pages: the JSP is found by the walk and its markup takes `<!-- -->`.
    let found = findings(dir.path(), &["."]);
    let short: Vec<(&str, &str, u64)> = found.iter().map(|(f, r, l, _)| (f.as_str(), r.as_str(), *l)).collect();
    assert_eq!(
        short,
        [
            ("a.js", "wx-on", 4),
            ("c.vue", "unused-suppression", 2),
            ("e.jsp", "wx-api", 10),
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[1].3,
        "`jweixin-migrate-ignore-next-line wx-invoke -- nothing on the next line` suppresses nothing"
    );
}

#[test]
fn malformed_suppressions_are_reported_and_suppress_nothing() {
    let dir = tree(&[(
        "a.js",
        "\
// jweixin-migrate-ignore-next-line
wx.hideOptionMenu();
// jweixin-migrate-ignore-next-line wx-api
wx.hideOptionMenu();
// jweixin-migrate-ignore-next-line wx-apii -- typo
wx.hideOptionMenu();
// jweixin-migrate-ignore-next-line syntax-error -- no
wx.hideOptionMenu();
",
    )]);
    let found = findings(dir.path(), &["a.js"]);
    let rules: Vec<(&str, u64, &str)> = found.iter().map(|(_, r, l, m)| (r.as_str(), *l, m.as_str())).collect();
    assert_eq!(
        rules,
        [
            ("invalid-suppression", 1, "this suppression names no rule"),
            ("wx-api", 2, "`wx.hideOptionMenu` is a legacy JS-SDK method"),
            ("invalid-suppression", 3, "this suppression gives no reason"),
            ("wx-api", 4, "`wx.hideOptionMenu` is a legacy JS-SDK method"),
            ("invalid-suppression", 5, "unknown rule `wx-apii` in this suppression"),
            ("wx-api", 6, "`wx.hideOptionMenu` is a legacy JS-SDK method"),
            ("invalid-suppression", 7, "`syntax-error` cannot be suppressed"),
            ("wx-api", 8, "`wx.hideOptionMenu` is a legacy JS-SDK method"),
        ]
    );
    let human = run_in(dir.path(), &["check", "a.js"]);
    assert_eq!(code(&human), 1, "the findings are still reported");
    assert!(
        stdout(&human).contains("help: write it as `jweixin-migrate-ignore-next-line wx-api -- why this use stays`"),
        "{}",
        stdout(&human)
    );
    assert!(
        stdout(&human).contains("help: did you mean `wx-api`?"),
        "{}",
        stdout(&human)
    );
}

#[test]
fn an_unused_suppression_is_a_warning_whose_fix_removes_it() {
    let dir = tree(&[(
        "a.js",
        "\
ww.hideOptionMenu();
// jweixin-migrate-ignore-next-line wx-api -- migrated already
ww.closeWindow();
// jweixin-migrate-ignore-next-line wx-api, wx-on -- partly used
wx.on('x', f);
",
    )]);
    let out = run_in(dir.path(), &["check", "a.js"]);
    assert_eq!(code(&out), 0, "unused suppressions are warnings: {}", stdout(&out));
    let found = findings(dir.path(), &["a.js"]);
    assert_eq!(
        found
            .iter()
            .map(|(_, r, l, m)| (r.as_str(), *l, m.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "unused-suppression",
                2,
                "`jweixin-migrate-ignore-next-line wx-api -- migrated already` suppresses nothing"
            ),
            (
                "unused-suppression",
                4,
                "`wx-api` in this suppression suppresses nothing"
            ),
        ]
    );
    let out = run_in(dir.path(), &["fix", "a.js"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.js")).unwrap(),
        "\
ww.hideOptionMenu();
ww.closeWindow();
// jweixin-migrate-ignore-next-line wx-on -- partly used
wx.on('x', f);
"
    );
}

#[test]
fn a_rule_level_from_the_config_file_applies_to_suppression_rules_too() {
    let dir = tree(&[
        ("jweixin-migrate.toml", "[rules]\nunused-suppression = \"error\"\n"),
        (
            "a.js",
            "// jweixin-migrate-ignore-file wx-api -- nothing left\nww.closeWindow();\n",
        ),
    ]);
    let out = run_in(dir.path(), &["check", "a.js"]);
    assert_eq!(code(&out), 1, "a stale suppression now fails the check");
}

const REACT: &str = "\
export function Share({ title }) {
  const text = `share:
${title}`;
  return (
    <div title=\"a\">
      <button onClick={() => wx.invoke('shareAppMessage', { title }, done)}>share</button>
      {wx.hideOptionMenu()}
    </div>
  );
}
";

#[test]
fn add_suppressions_writes_one_comment_per_line_in_each_syntax() {
    let dir = tree(&[
        ("a.js", &JS.replace("  // jweixin-migrate-ignore-next-line wx-invoke -- the share sheet stays on jweixin until 2027\n", "")),
        ("page.html", "<!doctype html>\n<head>\n  <script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n</head>\n<script>\n  wx.closeWindow();\n</script>\n"),
        ("share.jsx", REACT),
        ("package.json", "{\n  \"dependencies\": { \"weixin-js-sdk\": \"^1.6.0\" }\n}\n"),
    ]);
    let before: Vec<String> = ["a.js", "page.html", "share.jsx"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap())
        .collect();
    let out = run_in(
        dir.path(),
        &["fix", "--add-suppressions", "moves with the 2027 rewrite", "."],
    );
    assert_eq!(code(&out), 1, "package.json cannot hold a comment: {}", stderr(&out));
    assert!(
        stderr(&out).starts_with("Suppressed 6 findings in 3 files (4 files scanned in "),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(
            "  package.json: JSON has no comments to hold a suppression; use a baseline (check --write-baseline)\n"
        ),
        "{}",
        stderr(&out)
    );
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    assert_eq!(
        read("a.js"),
        "\
function share() {
  // jweixin-migrate-ignore-next-line wx-invoke -- moves with the 2027 rewrite
  wx.invoke('shareAppMessage', {}, done);
  // jweixin-migrate-ignore-next-line wx-on -- moves with the 2027 rewrite
  wx.on('menu:share:appmessage', done);
}
"
    );
    assert_eq!(
        read("page.html"),
        "<!doctype html>\n<head>\n  <!-- jweixin-migrate-ignore-next-line wx-script-tag -- moves with the 2027 rewrite -->\n  <script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n</head>\n<script>\n  // jweixin-migrate-ignore-next-line wx-api -- moves with the 2027 rewrite\n  wx.closeWindow();\n</script>\n"
    );
    assert_eq!(
        read("share.jsx"),
        "\
export function Share({ title }) {
  const text = `share:
${title}`;
  return (
    <div title=\"a\">
      {/* jweixin-migrate-ignore-next-line wx-invoke -- moves with the 2027 rewrite */}
      <button onClick={() => wx.invoke('shareAppMessage', { title }, done)}>share</button>
      {/* jweixin-migrate-ignore-next-line wx-api -- moves with the 2027 rewrite */}
      {wx.hideOptionMenu()}
    </div>
  );
}
"
    );
    // Only lines were added: removing them gives back each file byte for byte.
    for (name, original) in ["a.js", "page.html", "share.jsx"].iter().zip(&before) {
        let kept: String = read(name)
            .split_inclusive('\n')
            .filter(|line| !line.contains("jweixin-migrate-ignore-next-line"))
            .collect();
        assert_eq!(&kept, original, "{name}");
    }
    // Everything but package.json is clean now, and a second run changes nothing.
    let found = findings(dir.path(), &["."]);
    assert_eq!(
        found
            .iter()
            .map(|(f, r, _, _)| (f.as_str(), r.as_str()))
            .collect::<Vec<_>>(),
        [("package.json", "wx-import")]
    );
    let again = run_in(dir.path(), &["fix", "--add-suppressions", "again", "--diff", "."]);
    assert_eq!(stdout(&again), "", "nothing more to add");
}

#[test]
fn add_suppressions_needs_a_reason_that_fits_in_a_comment() {
    let dir = tree(&[("a.js", "wx.closeWindow();\n")]);
    for (reason, message) in [
        (
            " ",
            "error: --add-suppressions needs a reason, e.g. --add-suppressions \"kept until the mini-program moves\"\n",
        ),
        (
            "a */ b",
            "error: the reason for --add-suppressions must be one line without `*/` or `-->`\n",
        ),
    ] {
        let out = run_in(dir.path(), &["fix", "--add-suppressions", reason, "a.js"]);
        assert_eq!(code(&out), 2);
        assert_eq!(stderr(&out), message);
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.js")).unwrap(),
        "wx.closeWindow();\n"
    );
}
