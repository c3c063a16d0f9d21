//! The baseline end to end: written, matched after lines are inserted above a finding and the
//! call is reformatted, not matched once the finding's code changes, stale entries reported,
//! and `--write-baseline` shrinking the file but never growing it without `--grow`.

mod support;

use std::path::Path;

use support::{code, files_with_findings, run_in, stderr, tree, write};

const PAGE: &str = "\
function share(report) {
  wx.invoke('shareAppMessage', { title: report.title }, function (res) { done(res); });
}
function close() {
  wx.closeWindow();
}
";

fn entries(path: &Path) -> Vec<(String, String, u64, String)> {
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(value["version"], 1);
    value["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["rule"].as_str().unwrap().to_string(),
                e["count"].as_u64().unwrap(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_baseline_survives_lines_above_and_reformatting_but_not_a_changed_call() {
    let dir = tree(&[("src/share.js", PAGE)]);
    let out = run_in(dir.path(), &["check", "--write-baseline", "ci/baseline.json", "src"]);
    assert_eq!(code(&out), 2, "the baseline's folder must exist: {}", stderr(&out));
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    let out = run_in(dir.path(), &["check", "--write-baseline", "ci/baseline.json", "src"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with(
            "Baseline: 2 findings in ci/baseline.json not reported.\nBaseline: wrote ci/baseline.json (2 findings).\n"
        ),
        "{}",
        stderr(&out)
    );
    let baseline = dir.path().join("ci/baseline.json");
    assert_eq!(
        entries(&baseline),
        [
            (
                "../src/share.js".to_string(),
                "wx-api".to_string(),
                1,
                "wx . closeWindow".to_string()
            ),
            (
                "../src/share.js".to_string(),
                "wx-invoke".to_string(),
                1,
                "wx . invoke \"shareAppMessage\" { title : report . title }".to_string()
            ),
        ]
    );
    // Lines inserted above, the call reformatted (line breaks, quotes, trailing comma,
    // comments): still the same findings.
    write(
        dir.path(),
        &[(
            "src/share.js",
            "\
// Sharing, reworked for the 2026 design.
import { done } from './done';

function share(report) {
  wx.invoke(
    \"shareAppMessage\", // the chat card
    { title: report.title },
    function (res) {
      done(res);
    },
  );
}
function close() {
  wx.closeWindow();
}
",
        )],
    );
    // From another folder too: entries are relative to the baseline file.
    let out = run_in(
        &dir.path().join("ci"),
        &["check", "--baseline", "baseline.json", "../src"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("Baseline: 2 findings in baseline.json not reported.\n"),
        "{}",
        stderr(&out)
    );
    // The call's own code changes: a new finding, and the old entry is stale.
    write(
        dir.path(),
        &[("src/share.js", &PAGE.replace("shareAppMessage", "shareWechatMessage"))],
    );
    let out = run_in(dir.path(), &["check", "--baseline", "ci/baseline.json", "src"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("Scanned 1 file in "), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with(
            "Baseline: 1 finding in ci/baseline.json not reported.\n\
             Baseline: 1 entry in ci/baseline.json no longer matches (fixed, or the code changed); \
             `check --write-baseline ci/baseline.json` removes it.\n"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        files_with_findings(dir.path(), &["--baseline", "ci/baseline.json", "src"]),
        ["src/share.js"]
    );
}

#[test]
fn write_baseline_shrinks_and_grows_only_when_asked() {
    let dir = tree(&[
        ("a.js", "wx.closeWindow();\nwx.closeWindow();\n"),
        ("b.js", "wx.hideOptionMenu();\n"),
    ]);
    let out = run_in(dir.path(), &["check", "--write-baseline", "baseline.json", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let baseline = dir.path().join("baseline.json");
    let before = entries(&baseline);
    assert_eq!(
        before
            .iter()
            .map(|(f, r, n, _)| (f.as_str(), r.as_str(), *n))
            .collect::<Vec<_>>(),
        [("a.js", "wx-api", 2), ("b.js", "wx-api", 1)],
        "identical code is one entry with a count"
    );
    // A third identical call is new; one call of b.js is migrated; c.js is new.
    write(
        dir.path(),
        &[
            ("a.js", "wx.closeWindow();\nwx.closeWindow();\nwx.closeWindow();\n"),
            ("b.js", "ww.hideOptionMenu();\n"),
            ("c.js", "wx.showOptionMenu();\n"),
        ],
    );
    let out = run_in(
        dir.path(),
        &["check", "--baseline", "baseline.json", "--format", "json", "."],
    );
    assert_eq!(code(&out), 1);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reported: Vec<(&str, u64)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["start"]["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(reported, [("a.js", 3), ("c.js", 1)]);
    // Rewriting drops b.js and adds nothing.
    let out = run_in(dir.path(), &["check", "--write-baseline", "baseline.json", "."]);
    assert_eq!(code(&out), 1, "the new findings are still reported");
    assert!(
        stderr(&out).ends_with("Baseline: wrote baseline.json (2 findings; dropped 1 that no longer matches).\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        entries(&baseline)
            .iter()
            .map(|(f, r, n, _)| (f.as_str(), r.as_str(), *n))
            .collect::<Vec<_>>(),
        [("a.js", "wx-api", 2)]
    );
    // A run over part of the tree keeps the entries of the files it did not check.
    let out = run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "--grow", "c.js"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        entries(&baseline)
            .iter()
            .map(|(f, r, n, _)| (f.as_str(), r.as_str(), *n))
            .collect::<Vec<_>>(),
        [("a.js", "wx-api", 2), ("c.js", "wx-api", 1)]
    );
    // --grow takes in everything there is.
    let out = run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "--grow", "."],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        entries(&baseline)
            .iter()
            .map(|(f, r, n, _)| (f.as_str(), r.as_str(), *n))
            .collect::<Vec<_>>(),
        [("a.js", "wx-api", 3), ("c.js", "wx-api", 1)]
    );
    assert_eq!(
        code(&run_in(dir.path(), &["check", "--baseline", "baseline.json", "."])),
        0
    );
}

#[test]
fn a_baseline_that_cannot_be_read_is_exit_2() {
    let dir = tree(&[
        ("a.js", "wx.closeWindow();\n"),
        ("bad.json", "{\"version\": 7, \"entries\": []}"),
    ]);
    let out = run_in(dir.path(), &["check", "--baseline", "bad.json", "."]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: bad.json: baseline version 7 is not one this tool reads (it reads version 1)\n"
    );
    let out = run_in(dir.path(), &["check", "--baseline", "missing.json", "."]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error: cannot read the baseline missing.json: "),
        "{}",
        stderr(&out)
    );
}
