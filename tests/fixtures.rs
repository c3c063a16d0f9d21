//! One harness over every fixture case: `fixtures/<rule>/<case>/` holds `input.<ext>` (or an
//! `input/` folder, checked as a tree) and a `diagnostics.snap` snapshot of what `check` reports,
//! with line and column of each finding.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jweixin_migrate::pipeline::{self, FileReport};
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
        if !rule.is_dir() || rule.file_name().unwrap() == "demo" {
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

/// The `input.*` file or `input/` folder of a case.
fn input_of(case: &Path) -> PathBuf {
    std::fs::read_dir(case)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_stem().is_some_and(|s| s == "input"))
        .unwrap_or_else(|| panic!("{} has no input", case.display()))
}

/// Renders what `check` reports for one case, one block per finding.
fn render(reports: &[FileReport], base: &Path) -> String {
    let mut out = String::new();
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
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

fn check_case(case: &Path) -> String {
    let input = input_of(case);
    let reports = if input.is_dir() {
        let run = jweixin_migrate::run_check(&Settings::for_paths(vec![input.clone()])).unwrap();
        run.reports
    } else {
        let kind = FileKind::from_path(&input).unwrap();
        let text = pipeline::read_text(&input).unwrap();
        let file = SourceFile::new(input.clone(), kind, text);
        let diagnostics = pipeline::check_source(&file);
        vec![FileReport {
            path: input.clone(),
            source: Some(file),
            diagnostics,
            error: None,
            skipped: None,
        }]
    };
    render(&reports, case)
}

#[test]
fn fixtures_match_their_diagnostics_snapshots() {
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "expected fixture cases under fixtures/, found {}",
        cases.len()
    );
    for case in cases {
        let rendered = check_case(&case);
        insta::with_settings!({
            snapshot_path => case.clone(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => case.strip_prefix(fixture_root()).unwrap().display().to_string(),
        }, {
            insta::assert_snapshot!("diagnostics", rendered);
        });
    }
}
