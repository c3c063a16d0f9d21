//! Replays every input the fuzzers once failed on (`fuzz/regressions/<target>/`), with the
//! same checks the fuzz targets make, so that a fixed crash stays fixed.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut all: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    all.sort();
    all
}

#[test]
fn pipeline_regressions() {
    for (name, data) in inputs("pipeline") {
        eprintln!("replaying {name}");
        jweixin_migrate::invariants::check_pipeline(&data);
    }
}

#[test]
fn extract_regressions() {
    for (name, data) in inputs("extract") {
        eprintln!("replaying {name}");
        if let Ok(text) = std::str::from_utf8(&data) {
            jweixin_migrate::invariants::check_extraction(text);
        }
    }
}

#[test]
fn fixtures_keep_the_invariants() {
    // The seeds themselves: every fixture input and expected output as every file kind.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type().is_file() || !(name.starts_with("input") || name.starts_with("output")) {
            continue;
        }
        let text = std::fs::read(entry.path()).unwrap();
        for kind in 0u8..6 {
            let mut data = vec![kind];
            data.extend_from_slice(&text);
            jweixin_migrate::invariants::check_pipeline(&data);
        }
        checked += 1;
    }
    assert!(checked > 80, "only {checked} fixture inputs and outputs");
}
