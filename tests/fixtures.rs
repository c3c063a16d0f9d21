//! One harness over every fixture case. `fixtures/<rule>/<case>/` holds:
//!
//! - `input.<ext>` (or an `input/` folder, checked as a tree);
//! - `diagnostics.snap`: what `check` reports, with line, column and each fix's safety and title;
//! - `output.<ext>`: the exact result of `fix` (safe fixes); absent, the file must stay unchanged;
//! - `output-unsafe.<ext>`: the result of `fix --unsafe-fixes`, when it differs from `output`.
//!
//! An `options.json` sets rule options (`{ "named_invoke": true }`). A case whose input is a
//! folder may hold an `output/` folder: each file there is the expected fix of the same file
//! under `input/`.
//!
//! For every output the harness also asserts that it parses, that a second `fix` changes
//! nothing, and that the input's bytes outside the fixes' edits are all still there, in order.
//! `FIXTURES_UPDATE=1 cargo test --test fixtures` rewrites outputs for review in `git diff`.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use jweixin_migrate::migrate::fix_source;
use jweixin_migrate::pipeline::{self, FileReport};
use jweixin_migrate::rules::{RuleId, RuleOptions};
use jweixin_migrate::settings::Settings;
use jweixin_migrate::source::{FileKind, SourceFile};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every case folder, sorted: `fixtures/<rule>/<case>`.
fn cases() -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for rule in std::fs::read_dir(fixture_root()).unwrap() {
        let rule = rule.unwrap().path();
        // The demo is the README's; unit cases are whole trees, run by tests/units.rs.
        if !rule.is_dir() || rule.file_name().unwrap() == "demo" || rule.file_name().unwrap() == "units" {
            continue;
        }
        for case in std::fs::read_dir(&rule).unwrap() {
            let case = case.unwrap().path();
            if case.is_dir() {
                cases.push(case);
            }
        }
    }
    cases.sort();
    cases
}

/// The file or folder of a case whose stem is `stem` (`input`, `output`, `output-unsafe`).
fn find(case: &Path, stem: &str) -> Option<PathBuf> {
    std::fs::read_dir(case)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_stem().is_some_and(|s| s == stem))
}

fn load(path: &Path) -> SourceFile {
    let kind = FileKind::from_path(path).unwrap();
    SourceFile::new(path.to_path_buf(), kind, pipeline::read_text(path).unwrap().0)
}

/// The rule options of a case (`options.json`), or the defaults.
fn options_of(case: &Path) -> RuleOptions {
    let mut options = RuleOptions::default();
    if let Ok(text) = std::fs::read_to_string(case.join("options.json")) {
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        options.named_invoke = value["named_invoke"].as_bool().unwrap_or(false);
    }
    options
}

/// Renders what `check` reports for one case, one block per finding.
fn render(reports: &[FileReport], base: &Path) -> String {
    let mut out = String::new();
    // Titles that name another file of a folder case name it from the case folder, so that
    // the snapshot does not depend on where the repository is checked out.
    let prefix = format!("{}/", base.display());
    let relative = |text: &str| text.replace(&prefix, "");
    for report in reports {
        let path = report
            .path
            .strip_prefix(base)
            .unwrap_or(&report.path)
            .display()
            .to_string();
        if let Some(error) = &report.error {
            writeln!(out, "{path}: error: {error}").unwrap();
        }
        let Some(source) = &report.source else { continue };
        for d in &report.diagnostics {
            let start = source.locate(d.range.start);
            let end = source.locate(d.range.end);
            writeln!(
                out,
                "{path}:{}:{}-{}:{} {} [{}] {}\n    text: {}\n    help: {}",
                start.line,
                start.column,
                end.line,
                end.column,
                d.rule,
                d.severity.as_str(),
                d.message,
                &source.text[d.range.clone()].lines().next().unwrap_or(""),
                d.help
            )
            .unwrap();
            if let Some(fix) = &d.fix {
                writeln!(
                    out,
                    "    fix ({}): {}",
                    fix.applicability.as_str(),
                    relative(&fix.title)
                )
                .unwrap();
            }
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

fn check_case(case: &Path, input: &Path, options: &RuleOptions) -> String {
    let reports = if input.is_dir() {
        let run = jweixin_migrate::run_check(&Settings::for_paths(vec![input.to_path_buf()])).unwrap();
        run.reports
    } else {
        let file = load(input);
        let diagnostics = pipeline::check_source(&file, options);
        vec![FileReport {
            path: input.to_path_buf(),
            source: Some(file),
            diagnostics,
            error: None,
            skipped: None,
            links: Default::default(),
            unit: None,
            encoding: Default::default(),
        }]
    };
    render(&reports, case)
}

/// The input's text outside every edit of every fix `check` offers, as separate pieces.
fn untouched_pieces(file: &SourceFile, options: &RuleOptions) -> Vec<String> {
    let mut ranges: Vec<Range<usize>> = pipeline::check_source(file, options)
        .iter()
        .flat_map(|d| d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.range.clone())))
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut pieces = Vec::new();
    let mut cursor = 0;
    for r in ranges {
        if r.start > cursor {
            pieces.push(file.text[cursor..r.start].to_string());
        }
        cursor = cursor.max(r.end);
    }
    pieces.push(file.text[cursor..].to_string());
    pieces
}

/// Checks one fix level against its expected output file; returns a failure message.
fn check_output(
    case: &Path,
    input: &SourceFile,
    expected: Option<&Path>,
    unsafe_fixes: bool,
    options: &RuleOptions,
) -> Option<String> {
    let name = case.strip_prefix(fixture_root()).unwrap().display().to_string();
    let level = if unsafe_fixes { "--unsafe-fixes" } else { "safe" };
    let outcome = fix_source(load(&input.path), options, unsafe_fixes);
    let produced = outcome.fixed.clone().unwrap_or_else(|| input.text.clone());
    if std::env::var_os("FIXTURES_UPDATE").is_some() {
        let stem = if unsafe_fixes { "output-unsafe" } else { "output" };
        let own = case.join(format!("{stem}.{}", input.path.extension().unwrap().to_str().unwrap()));
        let path = match expected {
            Some(path) if !unsafe_fixes => path.to_path_buf(),
            _ => own,
        };
        let safe = fix_source(load(&input.path), options, false).fixed;
        let write = if unsafe_fixes {
            outcome.fixed.is_some() && outcome.fixed != safe
        } else {
            outcome.fixed.is_some()
        };
        if write {
            std::fs::write(&path, &produced).unwrap();
        } else if path.exists() {
            std::fs::remove_file(&path).unwrap();
        }
        return None;
    }
    let expected_text = match expected {
        Some(path) => std::fs::read_to_string(path).unwrap(),
        None => input.text.clone(),
    };
    if produced != expected_text {
        let diff = similar::TextDiff::from_lines(&expected_text, &produced)
            .unified_diff()
            .header("expected", "produced")
            .to_string();
        return Some(format!(
            "{name} ({level}): fix output differs from the expected file\n{diff}"
        ));
    }
    outcome.fixed.as_ref()?;
    let output = SourceFile::new(input.path.clone(), input.kind, produced.clone());
    let after = pipeline::check_source(&output, options);
    if let Some(error) = after.iter().find(|d| d.rule == RuleId::SyntaxError) {
        return Some(format!(
            "{name} ({level}): the output does not parse: {}",
            error.message
        ));
    }
    let again = fix_source(output, options, unsafe_fixes);
    if again.fixed.is_some() {
        return Some(format!("{name} ({level}): a second fix changes the output again"));
    }
    let mut rest = produced.as_str();
    for piece in untouched_pieces(input, options) {
        match rest.find(&piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => {
                return Some(format!(
                    "{name} ({level}): text outside the fixes' edits changed: {piece:?}"
                ))
            }
        }
    }
    None
}

/// Every file of a folder, as relative path -> text.
fn read_tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), text)
        })
        .collect()
}

/// A folder case is fixed as a whole tree (the way `fix <folder>` runs), in a copy: the files
/// it changes must be exactly those of `output/` (`output-unsafe/` with `--unsafe-fixes`, when
/// it differs), and a second run must change nothing.
fn check_tree(case: &Path, input: &Path, unsafe_fixes: bool) -> Option<String> {
    use jweixin_migrate::FixMode;
    let name = case.strip_prefix(fixture_root()).unwrap().display().to_string();
    let level = if unsafe_fixes { "--unsafe-fixes" } else { "safe" };
    let fixed_tree = |unsafe_fixes: bool| {
        // not a hidden folder: the walk skips those
        let scratch = tempfile::Builder::new().prefix("fixture").tempdir().unwrap();
        let root = scratch.path().join("page");
        for entry in walkdir::WalkDir::new(input) {
            let entry = entry.unwrap();
            let target = root.join(entry.path().strip_prefix(input).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let settings = Settings::for_paths(vec![root.clone()]);
        jweixin_migrate::run_fix(&settings, FixMode::Write, unsafe_fixes).unwrap();
        let again = jweixin_migrate::run_fix(&settings, FixMode::Write, unsafe_fixes).unwrap();
        let stable = again.files.iter().all(|f| !f.changed);
        (read_tree(&root), stable)
    };
    let original = read_tree(input);
    let changed = |tree: &std::collections::BTreeMap<PathBuf, String>| -> std::collections::BTreeMap<PathBuf, String> {
        tree.iter()
            .filter(|(path, text)| original.get(*path) != Some(*text))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect()
    };
    let (tree, stable) = fixed_tree(unsafe_fixes);
    let produced = changed(&tree);
    let own = case.join(if unsafe_fixes { "output-unsafe" } else { "output" });
    if std::env::var_os("FIXTURES_UPDATE").is_some() {
        let write = !produced.is_empty() && (!unsafe_fixes || produced != changed(&fixed_tree(false).0));
        if own.exists() {
            std::fs::remove_dir_all(&own).unwrap();
        }
        if write {
            for (path, text) in &produced {
                std::fs::create_dir_all(own.join(path).parent().unwrap()).unwrap();
                std::fs::write(own.join(path), text).unwrap();
            }
        }
        return None;
    }
    let expected_dir = if own.exists() || !unsafe_fixes {
        own
    } else {
        case.join("output")
    };
    let expected = if expected_dir.exists() {
        read_tree(&expected_dir)
    } else {
        Default::default()
    };
    if produced != expected {
        let got: Vec<String> = produced.keys().map(|p| p.display().to_string()).collect();
        let want: Vec<String> = expected.keys().map(|p| p.display().to_string()).collect();
        let mut diffs = String::new();
        for (path, text) in &produced {
            let old = expected.get(path).map(String::as_str).unwrap_or("");
            if old != text {
                let diff = similar::TextDiff::from_lines(old, text.as_str())
                    .unified_diff()
                    .header("expected", "produced")
                    .to_string();
                write!(diffs, "{}:\n{diff}", path.display()).unwrap();
            }
        }
        return Some(format!(
            "{name} ({level}): the fixed tree differs from the expected one (changed {got:?}, expected {want:?})\n{diffs}"
        ));
    }
    (!stable).then(|| format!("{name} ({level}): a second fix of the tree changes it again"))
}

#[test]
fn fixtures_match_their_snapshots_and_outputs() {
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "expected fixture cases under fixtures/, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in cases {
        let input = find(&case, "input").unwrap_or_else(|| panic!("{} has no input", case.display()));
        let options = options_of(&case);
        let rendered = check_case(&case, &input, &options);
        insta::with_settings!({
            snapshot_path => case.clone(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => case.strip_prefix(fixture_root()).unwrap().display().to_string(),
        }, {
            insta::assert_snapshot!("diagnostics", rendered);
        });
        if input.is_dir() {
            failures.extend(check_tree(&case, &input, false));
            failures.extend(check_tree(&case, &input, true));
            continue;
        }
        let source = load(&input);
        let found = pipeline::check_source(&source, &options);
        let scan = jweixin_migrate::prefilter::scan(source.kind, source.text.as_bytes());
        let security = found.iter().any(|d| d.rule.is_security());
        let legacy = found.iter().any(|d| !d.rule.is_security());
        if (security && !scan.secrets) || (legacy && !scan.legacy) {
            failures.push(format!(
                "{}: the byte prefilter would skip a file with findings",
                case.display()
            ));
        }
        let safe = find(&case, "output");
        failures.extend(check_output(&case, &source, safe.as_deref(), false, &options));
        let unsafe_output = find(&case, "output-unsafe").or(safe);
        failures.extend(check_output(&case, &source, unsafe_output.as_deref(), true, &options));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
