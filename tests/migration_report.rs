//! `jweixin-migrate report`: the migration report in Markdown and as one self-contained HTML
//! page, on a site with a unit already on `@wecom/jssdk`, one `fix` moves, a blocked one, one
//! kept on purpose, a file without SDK and one that cannot be read.

mod support;

use support::{code, run_in, stderr, stdout, tree};

fn sample() -> tempfile::TempDir {
    let jweixin = "<script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"></script>\n";
    let dir = tree(&[
        // A page and its script that `fix` moves together.
        ("site/index.html", &format!("<!doctype html>\n{jweixin}<script src=\"app.js\"></script>\n")),
        // (in a click handler: a `wx.invoke` while the page loads only has an unsafe fix)
        (
            "site/app.js",
            "btn.onclick = function () { wx.invoke('getContext', {}, function (res) { show(res.err_msg); }); };\n",
        ),
        // A page already on @wecom/jssdk.
        (
            "site/done.html",
            "<!doctype html>\n<script src=\"https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js\"></script>\n<script>\nww.register({ corpId: \"c\", jsApiList: [], getConfigSignature: sign });\n</script>\n",
        ),
        // A page blocked by a call only a person can rewrite.
        (
            "site/blocked.html",
            &format!("<!doctype html>\n{jweixin}<script>\nwx.getLocation();\nwx[name]();\n</script>\n"),
        ),
        // A page kept on jweixin on purpose.
        (
            "site/kiosk.html",
            &format!("<!doctype html>\n<!-- jweixin-migrate-ignore-file wx-script-tag, wx-api -- the kiosk shell keeps jweixin -->\n{jweixin}<script>\nwx.closeWindow();\n</script>\n"),
        ),
        ("site/plain.js", "console.log('<b>');\n"),
    ]);
    std::fs::write(dir.path().join("site/latin1.js"), b"wx.config({}); // caf\xe9\n").unwrap();
    dir
}

/// The report up to the rules' documentation, which `explain` tests cover.
const REPORT_HEAD: &str = r#"# Migration report: jweixin → `@wecom/jssdk`

Checked `site`: 7 files read.

Not checked:

- `site/latin1.js`: not valid UTF-8 (invalid byte 0xE9 at byte offset 21, line 1), nor GBK or UTF-16 with a byte order mark; convert the file to UTF-8

## Progress

**1 of 5 migration units** is on `@wecom/jssdk` (20%). A unit is a page with the scripts and modules it loads; `fix` moves it whole or not at all.

| units | count |
| --- | ---: |
| on `@wecom/jssdk` | 1 |
| `fix` moves them now | 1 |
| moved by `fix --unsafe-fixes`, after review | 0 |
| blocked: a change by hand first | 2 |
| kept on jweixin on purpose (suppressed) | 1 |

**1 of 5 files** that use a JS-SDK are on `@wecom/jssdk` (20%).

| files | count |
| --- | ---: |
| on `@wecom/jssdk` | 1 |
| still on jweixin, reported | 3 |
| still on jweixin, kept on purpose (suppressed) | 1 |

**5 legacy findings left**: 3 with a safe fix, 1 only with an unsafe fix (`fix --unsafe-fixes`, after review), 1 to change by hand.

## Migration units

| unit | files | state |
| --- | ---: | --- |
| `site/index.html` | 2 | `fix` moves it |
| `site/blocked.html` | 1 | blocked |
| `site/latin1.js` | 1 | blocked |
| `site/kiosk.html` | 1 | kept on jweixin |
| `site/done.html` | 1 | on `@wecom/jssdk` |

### unit `site/index.html`: `fix` moves it

Files: `site/app.js` (jweixin), `site/index.html` (jweixin).

Every legacy finding has a safe fix: `jweixin-migrate fix` moves this unit.

### unit `site/blocked.html`: blocked

Files: `site/blocked.html` (jweixin).

What keeps it on jweixin (2 blockers):

- `site/blocked.html:4:1` [`wx-api`](#wx-api): only an unsafe fix (--unsafe-fixes): it runs while the page loads or right after the configuration, outside a `wx.ready` callback: jweixin sent it at once (dropped while the client bridge was not there yet, unverified before the handshake replied), `ww` waits for the bridge and the handshake
- `site/blocked.html:5:1` [`wx-api`](#wx-api): needs a change by hand: the API is only known at run time

### unit `site/latin1.js`: blocked

Files: `site/latin1.js` (jweixin).

What keeps it on jweixin (1 blocker):

- `site/latin1.js`: not valid UTF-8 (invalid byte 0xE9 at byte offset 21, line 1), nor GBK or UTF-16 with a byte order mark; convert the file to UTF-8

### unit `site/kiosk.html`: kept on jweixin

Files: `site/kiosk.html` (jweixin).

Its legacy use is suppressed: it stays on jweixin on purpose.

## Findings by rule

| rule | findings | safe fix | unsafe fix only | by hand |
| --- | ---: | ---: | ---: | ---: |
| [`wx-invoke`](#wx-invoke) | 1 | 1 | 0 | 0 |
| [`wx-api`](#wx-api) | 2 | 0 | 1 | 1 |
| [`wx-script-tag`](#wx-script-tag) | 2 | 2 | 0 | 0 |

## Files

### `site/app.js`

1 legacy finding. Unit `site/index.html`: `fix` moves it.

| where | rule | finding | fix |
| --- | --- | --- | --- |
| 1:29 | [`wx-invoke`](#wx-invoke) | `wx.invoke('getContext', ...)` calls the client through the legacy JS-SDK | safe |

### `site/blocked.html`

3 legacy findings. Unit `site/blocked.html`: blocked.

| where | rule | finding | fix |
| --- | --- | --- | --- |
| 2:1 | [`wx-script-tag`](#wx-script-tag) | `https://res.wx.qq.com/open/js/jweixin-1.2.0.js` loads the legacy JS-SDK | safe |
| 4:1 | [`wx-api`](#wx-api) | `wx.getLocation` is a legacy JS-SDK method | unsafe only |
| 5:1 | [`wx-api`](#wx-api) | `wx[name]` picks a legacy JS-SDK member by a computed name | by hand |

### `site/index.html`

1 legacy finding. Unit `site/index.html`: `fix` moves it.

| where | rule | finding | fix |
| --- | --- | --- | --- |
| 2:1 | [`wx-script-tag`](#wx-script-tag) | `https://res.wx.qq.com/open/js/jweixin-1.2.0.js` loads the legacy JS-SDK | safe |

Kept on jweixin on purpose (every finding suppressed or turned off): `site/kiosk.html`.

On `@wecom/jssdk`, nothing left: `site/done.html`.

## Blockers

Each finding below keeps its unit on jweixin until it is changed by hand or, after review, with `--unsafe-fixes`.

### `site/blocked.html:4:1` · `wx-api`

`wx.getLocation` is a legacy JS-SDK method

**Manual step:** use `ww.getLocation(...)`: same options and callbacks; it waits for `ww.register` and returns a promise that rejects on failure

**Or, after review:** `jweixin-migrate fix --unsafe-fixes` does this: Call `ww.getLocation` (same options and callbacks) and ignore its rejection. Differences inherent to @wecom/jssdk: a failed configuration reaches `fail`/`complete` and re-runs the handshake once per call, and results also carry `errCode` and the raw fields. Unsafe: it runs while the page loads or right after the configuration, outside a `wx.ready` callback: jweixin sent it at once (dropped while the client bridge was not there yet, unverified before the handshake replied), `ww` waits for the bridge and the handshake

Rule: [`wx-api`](#wx-api).

### `site/blocked.html:5:1` · `wx-api`

`wx[name]` picks a legacy JS-SDK member by a computed name

**Manual step:** the tool cannot tell which API this is: write the `ww.<api>(...)` calls out by name. Not fixed automatically: the API is only known at run time

Rule: [`wx-api`](#wx-api).

"#;

#[test]
fn the_markdown_report_says_where_the_migration_stands() {
    let dir = sample();
    let out = run_in(dir.path(), &["report", "site"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let (head, rules) = text.split_at(text.find("## Rules").expect("a rules section"));
    assert_eq!(head, REPORT_HEAD);
    // Each rule with findings has its whole `explain` text, under the anchor the tables link to.
    for rule in ["wx-invoke", "wx-api", "wx-script-tag"] {
        let explain = run_in(dir.path(), &["explain", rule]);
        assert!(
            rules.contains(&format!("### {rule}\n\n{}", stdout(&explain).trim_end())),
            "{rule}: {rules}"
        );
    }
    assert!(!rules.contains("### wx-config"), "only rules with findings: {rules}");
    // The same whatever the thread count.
    let one = run_in(dir.path(), &["report", "--jobs", "1", "site"]);
    assert_eq!(stdout(&one), text);
}

#[test]
fn the_html_report_is_one_self_contained_page() {
    let dir = sample();
    let out = run_in(dir.path(), &["report", "--html", "report.html", "site"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
    assert!(html.contains("<style>\n"), "styles are inline");
    // Nothing is loaded; code quoted from the files (`<script src="...">`) is text.
    for outside in ["<script", "<link", "<img", "<iframe", "href=\"http", "@import", "url("] {
        assert!(!html.contains(outside), "the page loads nothing: found {outside}");
    }
    assert!(html.contains("&lt;script src=\"https://res.wx.qq.com/open/js/jweixin-1.2.0.js\"&gt;"));
    // The tables' links land on the rules' headings.
    assert!(html.contains("<a href=\"#wx-api\"><code>wx-api</code></a>"), "{html}");
    assert!(html.contains("<h3 id=\"wx-api\">wx-api</h3>"), "{html}");
    assert!(
        html.contains(
            "<h3 id=\"siteblockedhtml51--wx-api\"><code>site/blocked.html:5:1</code> · <code>wx-api</code></h3>"
        ),
        "{html}"
    );
    assert!(html.contains("<tr><td>5:1</td><td><a href=\"#wx-api\"><code>wx-api</code></a></td><td><code>wx[name]</code> picks a legacy JS-SDK member by a computed name</td><td>by hand</td></tr>"), "{html}");
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
