//! Migration units end to end (DESIGN.md promise 7). Each case under `fixtures/units/<case>/`
//! is a tree, `input/`, that the built binary fixes as a whole (`fix .` from its root, as a
//! new user would). The result must equal `output/` file for file; `units.snap` is `check`'s
//! view of the input's units (files, the SDK each uses, status, blockers); a second `fix`
//! changes nothing. `oracle.json` then runs whole pages of `input/` against the same pages
//! of `output/` (or of `output/` with another folder of the case laid over it, such as
//! `half/`, which holds the one file a deliberately half-migrated page leaves on jweixin)
//! under the differential oracle:
//!
//! ```json
//! [{ "page": "index.html", "scenarios": ["scenario.ok.json"], "expect": "equivalent" },
//!  { "page": "order.html", "tree": "half", "scenarios": ["scenario.ok.json"], "expect": "different" },
//!  { "page": "WEB-INF/views/list.jsp", "as": "list.html", "render": { "${ctx}": "" }, ... },
//!  { "page": "pay.html", "legacy_sdk": "legacy-1.2.0", ... }]
//! ```
//!
//! A server template runs rendered: `render` replaces each template tag (as written) by its
//! value, and a value `@include PATH` by that file of the same tree (`@section PATH NAME` and
//! `@body PATH` by a block of a Razor or Blade view, or its body, for a layout run as the page); the page is written
//! to `as` (beside the scripts it loads, as the server would serve it). `FIXTURES_UPDATE=1`
//! rewrites `output/` and `units.snap` for review.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/units"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("input").is_dir())
        .collect();
    cases.sort();
    cases
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

/// Every file of a tree, by relative path.
fn files_of(tree: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(tree)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(tree).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn tool(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jweixin-migrate"))
        .args(args)
        .current_dir(dir)
        .env_remove("JWEIXIN_MIGRATE_TEST_PANIC")
        .output()
        .unwrap()
}

/// `check`'s units as text: each unit's id, status, files and blockers.
fn render_units(dir: &Path) -> String {
    let out = tool(dir, &["check", "--format", "json", "."]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut text = String::new();
    for unit in value["units"].as_array().unwrap() {
        text.push_str(&format!(
            "unit {} [{}{}]\n",
            unit["id"].as_str().unwrap(),
            unit["status"].as_str().unwrap(),
            if unit["mixed"] == true { ", mixed" } else { "" }
        ));
        for file in unit["files"].as_array().unwrap() {
            text.push_str(&format!(
                "  file {} ({})\n",
                file["file"].as_str().unwrap(),
                file["sdk"].as_str().unwrap()
            ));
        }
        for blocker in unit["blockers"].as_array().unwrap() {
            let at = match (blocker["line"].as_u64(), blocker["column"].as_u64()) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                _ => String::new(),
            };
            text.push_str(&format!(
                "  blocked {}{at} {}: {}\n",
                blocker["file"].as_str().unwrap(),
                blocker["rule"].as_str().unwrap_or("-"),
                blocker["why"].as_str().unwrap()
            ));
        }
    }
    text
}

#[test]
fn units_move_whole_and_match_their_outputs() {
    let update = std::env::var_os("FIXTURES_UPDATE").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let scratch = tempfile::tempdir().unwrap();
        copy_tree(&case.join("input"), scratch.path());
        let units = render_units(scratch.path());
        let snap = case.join("units.snap");
        if update {
            std::fs::write(&snap, &units).unwrap();
        } else if std::fs::read_to_string(&snap).ok().as_deref() != Some(units.as_str()) {
            failures.push(format!(
                "{name}: units differ from units.snap:\n{units}\n--- expected:\n{}",
                std::fs::read_to_string(&snap).unwrap_or_default()
            ));
        }
        let fixed = tool(scratch.path(), &["fix", "."]);
        assert!(
            matches!(fixed.status.code(), Some(0 | 1)),
            "{name}: fix failed: {}",
            String::from_utf8_lossy(&fixed.stderr)
        );
        let got = files_of(scratch.path());
        if update {
            let output = case.join("output");
            let _ = std::fs::remove_dir_all(&output);
            copy_tree(scratch.path(), &output);
        } else {
            let want = files_of(&case.join("output"));
            if got != want {
                let differing: Vec<String> = got
                    .keys()
                    .chain(want.keys())
                    .filter(|k| got.get(*k) != want.get(*k))
                    .map(|k| k.display().to_string())
                    .collect();
                failures.push(format!("{name}: the fixed tree differs from output/ in {differing:?}"));
            }
        }
        // A second fix changes nothing.
        let again = tool(scratch.path(), &["fix", "--diff", "."]);
        assert!(
            again.stdout.is_empty(),
            "{name}: a second fix would change:\n{}",
            String::from_utf8_lossy(&again.stdout)
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn oracle() -> Option<PathBuf> {
    let path = std::env::var_os("JWEIXIN_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/oracle"));
    path.join("run").is_file().then_some(path)
}

#[derive(serde::Deserialize)]
struct PagePair {
    page: String,
    scenarios: Vec<String>,
    expect: String,
    /// A folder of the case laid over `output/` for the migrated side (`half`).
    #[serde(default)]
    tree: Option<String>,
    #[serde(rename = "as", default)]
    as_page: Option<String>,
    #[serde(default)]
    render: BTreeMap<String, String>,
    /// The jweixin build the legacy page's SDK tag loads (`legacy-1.2.0`, `legacy-1.6`; the
    /// oracle's default is WeCom's jweixin-1.0.0).
    #[serde(default)]
    legacy_sdk: Option<String>,
}

/// A copy of `tree` in which `pair.page` is rendered to `pair.as`, when it is a template;
/// returns the page to run.
fn runnable_page(tree: &Path, scratch: &Path, pair: &PagePair) -> PathBuf {
    copy_tree(tree, scratch);
    let Some(as_page) = &pair.as_page else {
        return scratch.join(&pair.page);
    };
    let mut text = std::fs::read_to_string(scratch.join(&pair.page)).unwrap();
    // Includes first, so that the tags of what they pull in are rendered too.
    let pulls_in = |value: &str| {
        ["@include ", "@section ", "@body "]
            .iter()
            .any(|k| value.starts_with(k))
    };
    for (tag, value) in &pair.render {
        let pulled = if let Some(file) = value.strip_prefix("@include ") {
            std::fs::read_to_string(scratch.join(file)).unwrap()
        } else if let Some(rest) = value.strip_prefix("@section ") {
            let (file, name) = rest.split_once(' ').expect("@section FILE NAME");
            view_part(&std::fs::read_to_string(scratch.join(file)).unwrap(), Some(name))
        } else if let Some(file) = value.strip_prefix("@body ") {
            view_part(&std::fs::read_to_string(scratch.join(file)).unwrap(), None)
        } else {
            continue;
        };
        text = text.replace(tag.as_str(), &pulled);
    }
    for (tag, value) in &pair.render {
        if !pulls_in(value) {
            text = text.replace(tag.as_str(), value);
        }
    }
    let target = scratch.join(as_page);
    std::fs::write(&target, text).unwrap();
    target
}

/// What a Razor or Blade view, written as the fixtures write them, gives its layout: the lines
/// of its block NAME (Razor's `@section NAME {`, which ends at a line holding only `}`;
/// Blade's `@section('NAME')` or `@push('NAME')`, which end at `@endsection`, `@endpush` or
/// `@stop`), or, for `None`, its body: the lines outside its blocks and its leading `@{ ... }`
/// code block.
fn view_part(view: &str, block: Option<&str>) -> String {
    let mut part = String::new();
    let mut inside: Option<String> = None;
    for line in view.lines() {
        let trimmed = line.trim();
        let opens = trimmed
            .strip_prefix("@section(")
            .or_else(|| trimmed.strip_prefix("@push("))
            // (`@section('title', 'Scan')` gives its text in the line: no block)
            .filter(|rest| !rest.contains(','))
            .map(|rest| rest.trim_end_matches(')').trim_matches(['\'', '"']).to_string())
            .or_else(|| {
                let rest = trimmed.strip_prefix("@section ")?;
                Some(rest.trim_end_matches('{').trim().to_string())
            })
            .or_else(|| (trimmed == "@{").then(|| "@{".to_string()));
        match &inside {
            Some(_) if ["}", "@endsection", "@endpush", "@stop"].contains(&trimmed) => inside = None,
            Some(name) => {
                if Some(name.as_str()) == block {
                    part.push_str(line);
                    part.push('\n');
                }
            }
            None if opens.is_some() => inside = opens,
            None => {
                if block.is_none() && !trimmed.starts_with("@extends") {
                    part.push_str(line);
                    part.push('\n');
                }
            }
        }
    }
    part
}

#[test]
fn unit_pages_behave_alike_under_the_oracle() {
    let Some(oracle) = oracle() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI=true but the oracle is not at ../shared/oracle; set JWEIXIN_ORACLE to its folder"
        );
        eprintln!("skipping the units' oracle test: ../shared/oracle is not here (set JWEIXIN_ORACLE to its folder)");
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let mut batch = String::new();
    let mut expected_runs = 0;
    let mut n = 0;
    for case in cases() {
        let Ok(text) = std::fs::read_to_string(case.join("oracle.json")) else {
            continue;
        };
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let pairs: Vec<PagePair> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}/oracle.json: {e}"));
        for pair in pairs {
            n += 1;
            let legacy = runnable_page(&case.join("input"), &scratch.path().join(format!("{n}-legacy")), &pair);
            let tree = pair.tree.as_deref().unwrap_or("output");
            let wecom_dir = scratch.path().join(format!("{n}-wecom"));
            copy_tree(&case.join("output"), &wecom_dir);
            let wecom = runnable_page(&case.join(tree), &wecom_dir, &pair);
            let scenarios: Vec<String> = pair
                .scenarios
                .iter()
                .map(|s| {
                    let path = case.join(s);
                    assert!(path.is_file(), "{name}: no scenario {s}");
                    path.display().to_string()
                })
                .collect();
            expected_runs += scenarios.len();
            let mut line = serde_json::json!({
                "id": format!("units/{name}: {} ({tree})", pair.page),
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
    assert!(expected_runs > 0, "no unit case has oracle scenarios");
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
                "{} [{}]: expected {}, got {}\n{}\n{}",
                r["id"],
                r["scenario"],
                r["expect"],
                r["got"],
                serde_json::to_string_pretty(&r["differences"]).unwrap(),
                serde_json::to_string_pretty(&r["pageErrors"]).unwrap()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "oracle verdicts not as expected:\n{}",
        failures.join("\n")
    );
    eprintln!("units oracle: {} pair x scenario runs, all as expected", runs.len());
    the_builds_the_oracle_ran_are_told_apart();
}

/// The payment adapter writes the result name of the jweixin build a page loads, told by the
/// build's text where the page loads a copy (project/sdk_build.rs). The oracle has just run the
/// real builds; their text must say which they are: WeChat's 1.2.0, WeCom's 1.0.0, and WeChat's
/// 1.6.5, which also reports each payment and so is not taken for the others.
fn the_builds_the_oracle_ran_are_told_apart() {
    use jweixin_migrate::project::sdk_build::{of_text, LegacyBuild};
    let cache = std::env::var_os("ORACLE_CACHE").map(PathBuf::from).unwrap_or_else(|| {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"))
            .join("wecom-oracle")
    });
    let installs: Vec<PathBuf> = std::fs::read_dir(&cache)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path().join("node_modules"))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    assert!(!installs.is_empty(), "no oracle install under {}", cache.display());
    for modules in installs {
        for (file, build) in [
            ("jweixin-1.2.0/index.js", Some(LegacyBuild::WeChat)),
            ("wecomjsdk/jwxwork.jssdk.js", Some(LegacyBuild::WeCom)),
            ("weixin-js-sdk/index.js", None),
        ] {
            let Ok(bytes) = std::fs::read(modules.join(file)) else {
                panic!("the oracle install {} has no {file}", modules.display());
            };
            assert_eq!(of_text(&bytes), build, "{}", modules.join(file).display());
        }
    }
}
