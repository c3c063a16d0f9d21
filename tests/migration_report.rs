//! `jweixin-migrate report`: the migration report in Markdown and as one self-contained HTML
//! page, on a tree with a migrated file, a file `fix` migrates, a blocked one, one kept on
//! purpose, one without SDK and one that cannot be read.

mod support;

use support::{code, run_in, stderr, stdout, tree};

fn sample() -> tempfile::TempDir {
    let dir = tree(&[
        (
            "src/done.js",
            "import * as ww from '@wecom/jssdk';\nww.register({ corpId: 'c' });\n",
        ),
        (
            "src/fixable.js",
            "wx.invoke('getContext', {}, function (res) { show(res); });\n",
        ),
        ("src/blocked.js", "wx.closeWindow();\nwx[name]();\n"),
        (
            "src/kiosk.js",
            "// jweixin-migrate-ignore-file wx-api -- the kiosk shell keeps jweixin\nwx.closeWindow();\n",
        ),
        ("src/plain.js", "console.log('<b>');\n"),
    ]);
    std::fs::write(dir.path().join("src/latin1.js"), b"wx.config({}); // caf\xe9\n").unwrap();
    dir
}

/// The report up to the rules' documentation, which `explain` tests cover.
const REPORT_HEAD: &str = r#"# Migration report: jweixin → `@wecom/jssdk`

Checked `src`: 6 files read.

Not checked:

- `src/latin1.js`: not valid UTF-8 (invalid byte 0xE9 at byte offset 21, line 1); convert the file to UTF-8

## Progress

**1 of 4 files** that use a JS-SDK are on `@wecom/jssdk` (25%).

| files | count |
| --- | ---: |
| on `@wecom/jssdk` | 1 |
| still on jweixin, reported | 2 |
| still on jweixin, kept on purpose (suppressed) | 1 |

**3 legacy findings left**: 2 with a safe fix, 0 only with an unsafe fix (`fix --unsafe-fixes`, after review), 1 to change by hand.

## Findings by rule

| rule | findings | safe fix | unsafe fix only | by hand |
| --- | ---: | ---: | ---: | ---: |
| [`wx-invoke`](#wx-invoke) | 1 | 1 | 0 | 0 |
| [`wx-api`](#wx-api) | 2 | 1 | 0 | 1 |

## What `fix` does now

`jweixin-migrate fix` migrates 1 file now: `src/fixable.js`.

It leaves 1 file as it is (a file moves whole or not at all), until the blockers below are dealt with:

- `src/blocked.js`: 1 blocker

## Files

### `src/blocked.js`

2 legacy findings; blocked by 1, so `fix` leaves the file as it is.

| where | rule | finding | fix |
| --- | --- | --- | --- |
| 1:1 | [`wx-api`](#wx-api) | `wx.closeWindow` is a legacy JS-SDK method | safe |
| 2:1 | [`wx-api`](#wx-api) | `wx[name]` picks a legacy JS-SDK member by a computed name | by hand |

### `src/fixable.js`

1 legacy finding; `fix` migrates it.

| where | rule | finding | fix |
| --- | --- | --- | --- |
| 1:1 | [`wx-invoke`](#wx-invoke) | `wx.invoke('getContext', ...)` calls the client through the legacy JS-SDK | safe |

Kept on jweixin on purpose (every finding suppressed or turned off): `src/kiosk.js`.

On `@wecom/jssdk`, nothing left: `src/done.js`.

## Blockers

Each finding below keeps its file on jweixin until it is changed by hand or, after review, with `--unsafe-fixes`.

### `src/blocked.js:2:1` · `wx-api`

`wx[name]` picks a legacy JS-SDK member by a computed name

**Manual step:** the tool cannot tell which API this is: write the `ww.<api>(...)` calls out by name. Not fixed automatically: the API is only known at run time

Rule: [`wx-api`](#wx-api).

"#;

#[test]
fn the_markdown_report_says_where_the_migration_stands() {
    let dir = sample();
    let out = run_in(dir.path(), &["report", "src"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let (head, rules) = text.split_at(text.find("## Rules").expect("a rules section"));
    assert_eq!(head, REPORT_HEAD);
    // Each rule with findings has its whole `explain` text, under the anchor the tables link to.
    for rule in ["wx-invoke", "wx-api"] {
        let explain = run_in(dir.path(), &["explain", rule]);
        assert!(
            rules.contains(&format!("### {rule}\n\n{}", stdout(&explain).trim_end())),
            "{rule}: {rules}"
        );
    }
    assert!(!rules.contains("### wx-config"), "only rules with findings: {rules}");
    // The same whatever the thread count.
    let one = run_in(dir.path(), &["report", "--jobs", "1", "src"]);
    assert_eq!(stdout(&one), text);
}

#[test]
fn the_html_report_is_one_self_contained_page() {
    let dir = sample();
    let out = run_in(dir.path(), &["report", "--html", "report.html", "src"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
    assert!(html.contains("<style>\n"), "styles are inline");
    for outside in ["<script", "<link", "src=", "href=\"http", "@import", "url("] {
        assert!(!html.contains(outside), "the page loads nothing: found {outside}");
    }
    // The tables' links land on the rules' headings.
    assert!(html.contains("<a href=\"#wx-api\"><code>wx-api</code></a>"), "{html}");
    assert!(html.contains("<h3 id=\"wx-api\">wx-api</h3>"), "{html}");
    assert!(
        html.contains("<h3 id=\"srcblockedjs21--wx-api\"><code>src/blocked.js:2:1</code> · <code>wx-api</code></h3>"),
        "{html}"
    );
    assert!(html.contains("<tr><td>2:1</td><td><a href=\"#wx-api\"><code>wx-api</code></a></td><td><code>wx[name]</code> picks a legacy JS-SDK member by a computed name</td><td>by hand</td></tr>"), "{html}");
    assert!(html.ends_with("</main>\n</body>\n</html>\n"));
    // The Markdown on stdout is the same report.
    assert!(stdout(&out).starts_with("# Migration report: jweixin → `@wecom/jssdk`"));
}

#[test]
fn a_tree_without_sdk_and_a_missing_path() {
    let dir = tree(&[("a.js", "console.log(1);\n")]);
    let out = run_in(dir.path(), &["report", "."]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "# Migration report: jweixin → `@wecom/jssdk`\n\nChecked `.`: 1 file read.\n\n## Progress\n\nNo file uses a JS-SDK.\n\n"
    );
    let out = run_in(dir.path(), &["report", "nowhere"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), "error: nowhere: no such file or folder\n");
}
