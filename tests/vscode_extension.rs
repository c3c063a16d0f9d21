//! The VS Code extension (`editors/vscode/`) builds: a copy of it gets its locked packages
//! (`npm ci`), compiles with `tsc` and packages with `@vscode/vsce` into a `.vsix` that holds the
//! compiled extension and the language client it loads. Without Node and npm the test says so
//! and passes, except under `CI=true`, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn available(program: &str) -> bool {
    let runs = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`{program}` is missing under CI=true"
        );
        eprintln!("SKIPPED: `{program}` is not installed; the VS Code extension build needs Node and npm");
    }
    runs
}

/// Copies the extension's sources, leaving out what a local build left behind.
fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        if name == "node_modules" || name == "out" || name.ends_with(".vsix") {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_sources(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_vscode_extension_compiles_and_packages_to_a_vsix() {
    if !available("node") || !available("npm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("vscode");
    copy_sources(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("editors/vscode"), &copy);
    for args in [
        &["ci", "--no-audit", "--no-fund", "--loglevel=error"][..],
        &["run", "package"][..],
    ] {
        let out = Command::new("npm").args(args).current_dir(&copy).output().unwrap();
        assert!(
            out.status.success(),
            "npm {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let compiled = std::fs::read_to_string(copy.join("out/extension.js")).unwrap();
    assert!(
        compiled.contains("require(\"vscode-languageclient/node\")"),
        "{compiled}"
    );
    assert!(compiled.contains("args: ['server']"), "{compiled}");
    // The extension sends every server template the tool reads.
    for ext in jweixin_migrate::source::Engine::EXTENSIONS {
        assert!(
            compiled.contains(&format!(",{ext},"))
                || compiled.contains(&format!("{{{ext},"))
                || compiled.contains(&format!(",{ext}}}")),
            "the extension's template pattern lacks .{ext}"
        );
    }
    let vsix = std::fs::read(copy.join("jweixin-migrate.vsix")).unwrap();
    assert!(vsix.starts_with(b"PK\x03\x04"), "not a zip archive");
    for entry in [
        "extension/package.json",
        "extension/out/extension.js",
        "extension/node_modules/vscode-languageclient/lib/node/main.js",
        "extension.vsixmanifest",
    ] {
        assert!(contains(&vsix, entry), "the .vsix lacks {entry}");
    }
    assert!(!contains(&vsix, "extension/src/extension.ts"), "sources packaged");
}
