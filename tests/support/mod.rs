//! What the command-line tests share: running the built binary and making trees of real files.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary, run from `dir`, with no colour and no user-wide git settings.
pub fn bin_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jweixin-migrate"));
    cmd.current_dir(dir);
    cmd.env_remove("NO_COLOR");
    // git's global excludes file is read from here; tests that need one write it.
    cmd.env("XDG_CONFIG_HOME", dir.join(".no-such-config-home"));
    cmd.env("HOME", dir.join(".no-such-home"));
    cmd
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin_in(dir).args(args).output().expect("the binary runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

/// A temporary folder holding `files` (name, content).
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    dir
}

pub fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, content) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// The files with findings in a JSON report, in order, once each.
pub fn files_with_findings(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    let value: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    let mut files: Vec<String> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    files
}

/// Runs git in `dir`, failing the test if it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
