//! Behaviour of the fixes, proven with the differential oracle (`../shared/oracle`): every
//! fixture case with an `oracle.json` runs its legacy input and the tool's output against the
//! same mocked WeCom client, under each of its scenarios, in one batch process. Each entry of
//! `oracle.json` names a migrated file (`output.js`, or a deliberately wrong `wrong-*.js`),
//! its scenarios, and the verdict the oracle must give:
//!
//! ```json
//! [{ "wecom": "output.js", "scenarios": ["scenario.ok.json", "scenario.config-fail.json"], "expect": "equivalent" },
//!  { "wecom": "wrong-ungated-invoke.js", "scenarios": ["scenario.ok.json"], "expect": "different" }]
//! ```
//!
//! Optional keys: `"legacy"` (another legacy file of the case), `"legacySdk"`
//! (`legacy-1.2.0`, `legacy-1.6`), `"prelude"`, a script under `tests/oracle/` run before
//! both pages (`"jquery.js"`, a small stand-in for jQuery; `"console-shows-sdk-as-a-name.js"`,
//! which logs either SDK object as a name, for pages that log it), and `"render"`, how the server
//! renders a template page: each key (a template tag as written, `${sign.timestamp}`) is
//! replaced by its value in both pages before they run. HTML pages and server templates run
//! as their inline classic scripts, joined.
//!
//! A case whose input is a folder (a whole page: `input/index.html`, the scripts and modules it
//! loads) runs as that page, with its script tags (the oracle loads each SDK build a tag names).
//! Its `wecom` names a folder (`output`, `output-unsafe`, `wrong-...`) holding the files that
//! differ from `input/`; the page is `input/` with those files laid over it. `"page"` names
//! another page file than `index.html`.
//! Without `../shared/oracle` (or `JWEIXIN_ORACLE`) the test says so and passes on a
//! developer's machine; under `CI=true` a missing oracle, or one that does not run, fails it.

use std::path::{Path, PathBuf};
use std::process::Command;

use jweixin_migrate::source::{FileKind, SourceFile};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn oracle() -> Option<PathBuf> {
    let path = std::env::var_os("JWEIXIN_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/oracle"));
    path.join("run").is_file().then_some(path)
}

#[derive(serde::Deserialize)]
struct Pair {
    wecom: String,
    scenarios: Vec<String>,
    expect: String,
    #[serde(default)]
    legacy: Option<String>,
    #[serde(rename = "legacySdk", default)]
    legacy_sdk: Option<String>,
    #[serde(default)]
    prelude: Option<String>,
    #[serde(default)]
    render: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    page: Option<String>,
}

/// A whole-page case's migrated page: the input folder with the files of `overlay` laid over
/// it, copied under `scratch`.
fn overlaid(input: &Path, overlay: &Path, scratch: &Path, id: &str) -> PathBuf {
    let to = scratch.join(id.replace(['/', ':', ' '], "_"));
    for root in [input, overlay] {
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    to
}

/// A file the oracle can run: scripts as they are, HTML pages and server templates (rendered
/// with `render`) as their inline classic scripts, after the prelude if there is one.
fn runnable(
    path: &Path,
    scratch: &Path,
    prelude: Option<&str>,
    render: &std::collections::BTreeMap<String, String>,
) -> PathBuf {
    let kind = FileKind::from_path(path).unwrap();
    if !kind.is_page() && prelude.is_none() {
        return path.to_path_buf();
    }
    let mut text = std::fs::read_to_string(path).unwrap();
    for (tag, value) in render {
        text = text.replace(tag.as_str(), value);
    }
    let file = SourceFile::new(path.to_path_buf(), kind, text);
    let mut scripts: Vec<String> = prelude
        .map(|p| std::fs::read_to_string(root().join("tests/oracle").join(p)).unwrap())
        .into_iter()
        .collect();
    if kind.is_page() {
        scripts.extend(
            file.extract()
                .blocks
                .iter()
                .filter(|b| !b.module)
                .map(|b| file.text[b.range.clone()].to_string()),
        );
    } else {
        scripts.push(file.text.clone());
    }
    let name = path
        .strip_prefix(root().join("fixtures"))
        .unwrap()
        .display()
        .to_string()
        .replace('/', "__");
    let out = scratch.join(format!("{name}.js"));
    std::fs::write(&out, scripts.join("\n;\n")).unwrap();
    out
}

fn cases_with_oracle() -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for rule in std::fs::read_dir(root().join("fixtures")).unwrap() {
        let rule = rule.unwrap().path();
        // Unit cases (whole trees) run in tests/units.rs.
        if !rule.is_dir() || rule.ends_with("units") {
            continue;
        }
        for case in std::fs::read_dir(&rule).unwrap() {
            let case = case.unwrap().path();
            if case.join("oracle.json").is_file() {
                cases.push(case);
            }
        }
    }
    cases.sort();
    cases
}

/// Every case whose fix changes a runnable JavaScript or HTML file has oracle scenarios.
#[test]
fn every_runnable_behaviour_fixture_has_oracle_scenarios() {
    let mut missing = Vec::new();
    for rule in std::fs::read_dir(root().join("fixtures")).unwrap() {
        let rule = rule.unwrap().path();
        if !rule.is_dir() || rule.ends_with("demo") || rule.ends_with("units") {
            continue;
        }
        for case in std::fs::read_dir(&rule).unwrap() {
            let case = case.unwrap().path();
            let runnable_output = std::fs::read_dir(&case).unwrap().any(|e| {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                let kind = FileKind::from_path(&path);
                name.starts_with("output") && (name.ends_with(".js") || kind.is_some_and(|k| k.is_page()))
            });
            if runnable_output && !case.join("oracle.json").is_file() && !case.join("oracle.skip").is_file() {
                missing.push(case.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "cases whose output runs but that have no oracle.json: {missing:#?}"
    );
}

#[test]
fn fixes_behave_like_the_legacy_pages_under_the_oracle() {
    let Some(oracle) = oracle() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI=true but the oracle is not at ../shared/oracle; set JWEIXIN_ORACLE to its folder"
        );
        eprintln!("skipping the oracle test: ../shared/oracle is not here (set JWEIXIN_ORACLE to its folder)");
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let mut batch = String::new();
    let mut expected_runs = 0;
    for case in cases_with_oracle() {
        let id = case
            .strip_prefix(root().join("fixtures"))
            .unwrap()
            .display()
            .to_string();
        let pairs: Vec<Pair> = serde_json::from_str(&std::fs::read_to_string(case.join("oracle.json")).unwrap())
            .unwrap_or_else(|e| panic!("{id}/oracle.json: {e}"));
        let input = std::fs::read_dir(&case)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().is_some_and(|s| s == "input"))
            .unwrap();
        for pair in pairs {
            assert!(
                pair.expect == "equivalent" || pair.expect == "different",
                "{id}: expect is {}",
                pair.expect
            );
            let prelude = pair.prelude.as_deref();
            let (legacy, wecom) = if input.is_dir() {
                let page = pair.page.as_deref().unwrap_or("index.html");
                let overlay = case.join(&pair.wecom);
                assert!(overlay.is_dir(), "{id}: no folder {}", pair.wecom);
                let tree = overlaid(&input, &overlay, scratch.path(), &format!("{id}/{}", pair.wecom));
                (input.join(page), tree.join(page))
            } else {
                let legacy_path = pair
                    .legacy
                    .as_ref()
                    .map(|l| case.join(l))
                    .unwrap_or_else(|| input.clone());
                (
                    runnable(&legacy_path, scratch.path(), prelude, &pair.render),
                    runnable(&case.join(&pair.wecom), scratch.path(), prelude, &pair.render),
                )
            };
            let scenarios: Vec<String> = pair
                .scenarios
                .iter()
                .map(|s| {
                    let path = case.join(s);
                    assert!(path.is_file(), "{id}: no scenario {s}");
                    path.display().to_string()
                })
                .collect();
            expected_runs += scenarios.len();
            let mut line = serde_json::json!({
                "id": format!("{id}: {}", pair.wecom),
                "legacy": legacy.display().to_string(),
                "wecom": wecom.display().to_string(),
                "scenario": scenarios,
                "expect": pair.expect,
            });
            if let Some(sdk) = pair.legacy_sdk {
                line["legacySdk"] = serde_json::Value::String(sdk);
            }
            batch.push_str(&line.to_string());
            batch.push('\n');
        }
    }
    assert!(expected_runs > 0, "no fixture has oracle scenarios");
    let batch_file = scratch.path().join("pairs.jsonl");
    std::fs::write(&batch_file, &batch).unwrap();
    let output = Command::new(oracle.join("run"))
        .args(["compare.mjs", "--batch"])
        .arg(&batch_file)
        .arg("--json")
        .output()
        .expect("the oracle runs (it needs node and npm)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results: Vec<serde_json::Value> = stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let runs: Vec<&serde_json::Value> = results.iter().filter(|r| r.get("id").is_some()).collect();
    assert_eq!(
        runs.len(),
        expected_runs,
        "the oracle did not run every pair (exit {:?}):\n{}\n{}",
        output.status.code(),
        stdout,
        String::from_utf8_lossy(&output.stderr)
    );
    let failures: Vec<String> = runs
        .iter()
        .filter(|r| r["pass"] != true)
        .map(|r| {
            format!(
                "{} [{}]: expected {}, got {}\n{}",
                r["id"],
                r["scenario"],
                r["expect"],
                r["got"],
                serde_json::to_string_pretty(&r["differences"]).unwrap()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "oracle verdicts not as expected:\n{}",
        failures.join("\n")
    );
    eprintln!("oracle: {} pair x scenario runs, all as expected", runs.len());
}
