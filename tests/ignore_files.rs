//! `.gitignore` and its kin, on a real git repository made in the test: nested files, a
//! negation, `.ignore`, `.git/info/exclude`, git's global excludes file, the skip count, and
//! the ways to turn it off.

mod support;

use support::{code, files_with_findings, git, run_in, stderr, tree, write};

const LEGACY: &str = "wx.invoke('getContext', {}, f);\n";

fn repository() -> tempfile::TempDir {
    let dir = tree(&[
        (".gitignore", "coverage/\n*.gen.js\n/unpackage\n"),
        ("src/.gitignore", "generated/\n!keep.gen.js\n"),
        ("src/app.js", LEGACY),
        ("src/keep.gen.js", LEGACY),
        ("src/other.gen.js", LEGACY),
        ("src/generated/api.js", LEGACY),
        ("src/pages/.ignore", "draft.js\n"),
        ("src/pages/draft.js", LEGACY),
        ("src/pages/home.js", LEGACY),
        ("src/unpackage/page.js", LEGACY),
        ("unpackage/dist.js", LEGACY),
        ("coverage/lcov.js", LEGACY),
        ("local/secret.js", LEGACY),
        ("tools/build.js", LEGACY),
    ]);
    git(dir.path(), &["init", "-q"]);
    write(dir.path(), &[(".git/info/exclude", "local/\n")]);
    dir
}

#[test]
fn nested_gitignore_files_negations_and_the_repository_excludes_apply() {
    let dir = repository();
    assert_eq!(
        files_with_findings(dir.path(), &["."]),
        [
            "src/app.js",
            "src/keep.gen.js",
            "src/pages/home.js",
            // `/unpackage` is anchored to the root's folder.
            "src/unpackage/page.js",
            "tools/build.js",
        ]
    );
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("Skipped: 1 hidden file or folder, 6 ignored by .gitignore or .ignore."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_subfolder_run_still_reads_the_ignore_files_above_it() {
    let dir = repository();
    assert_eq!(
        files_with_findings(dir.path(), &["src"]),
        [
            "src/app.js",
            "src/keep.gen.js",
            "src/pages/home.js",
            "src/unpackage/page.js"
        ]
    );
    // A file named on the command line is always checked.
    assert_eq!(
        files_with_findings(dir.path(), &["src/other.gen.js"]),
        ["src/other.gen.js"]
    );
}

#[test]
fn the_global_excludes_file_applies_inside_the_repository() {
    let dir = repository();
    let home = tempfile::tempdir().unwrap();
    write(home.path(), &[("git/ignore", "tools/\n")]);
    let out = support::bin_in(dir.path())
        .env("XDG_CONFIG_HOME", home.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(!files.contains(&"tools/build.js"), "{files:?}");
    assert!(files.contains(&"src/app.js"), "{files:?}");
}

#[test]
fn no_ignore_and_the_config_file_turn_it_off() {
    let dir = repository();
    let all = [
        "coverage/lcov.js",
        "local/secret.js",
        "src/app.js",
        "src/generated/api.js",
        "src/keep.gen.js",
        "src/other.gen.js",
        "src/pages/draft.js",
        "src/pages/home.js",
        "src/unpackage/page.js",
        "tools/build.js",
        "unpackage/dist.js",
    ];
    assert_eq!(files_with_findings(dir.path(), &["--no-ignore", "."]), all);
    write(dir.path(), &[("jweixin-migrate.toml", "respect-gitignore = false\n")]);
    assert_eq!(files_with_findings(dir.path(), &["."]), all);
}

#[test]
fn gitignore_outside_a_repository_is_not_read_but_dot_ignore_is() {
    let dir = tree(&[
        (".gitignore", "a.js\n"),
        (".ignore", "b.js\n"),
        ("a.js", LEGACY),
        ("b.js", LEGACY),
    ]);
    assert_eq!(files_with_findings(dir.path(), &["."]), ["a.js"]);
}
