//! The npm packages (`npm/`): the platform package for this machine is built around the test's
//! binary (the debug build: a release build takes minutes here; the release workflow packs
//! release builds the same way), both packages are packed with `npm pack`, installed from the
//! tarballs into a fresh project with `npm install --offline` and an empty npm cache (no
//! network), and `npx jweixin-migrate check` on the demo must print what the binary prints
//! and exit with its status. Without Node and npm the test says so and passes, except under
//! `CI=true`, where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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
        eprintln!("SKIPPED: `{program}` is not installed; the npm package test needs Node and npm");
    }
    runs
}

fn run(command: &mut Command) -> Output {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The summary line's time differs from run to run.
fn without_timing(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let mut out = String::new();
    for line in text.lines() {
        let line = match (line.find(" in "), line.find("s:")) {
            (Some(i), Some(j)) if line.starts_with("Scanned ") && i < j => {
                format!("{} in Ts{}", &line[..i], &line[j + 1..])
            }
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn npx_jweixin_migrate_from_the_packed_tarballs_matches_the_binary() {
    if !available("node") || !available("npm") {
        return;
    }
    let binary = env!("CARGO_BIN_EXE_jweixin-migrate");
    let dir = tempfile::tempdir().unwrap();
    let built = run(Command::new("node")
        .arg(repo().join("npm/scripts/build-platform-package.mjs"))
        .args(["--binary", binary, "--out"])
        .arg(dir.path().join("packages")));
    let platform_package = PathBuf::from(String::from_utf8(built.stdout).unwrap().trim());
    let tarballs = dir.path().join("tarballs");
    std::fs::create_dir_all(&tarballs).unwrap();
    for package in [repo().join("npm/jweixin-migrate"), platform_package.clone()] {
        run(Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&tarballs)
            .current_dir(&package));
    }
    let mut packed: Vec<PathBuf> = std::fs::read_dir(&tarballs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    packed.sort();
    let names: Vec<String> = packed
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let platform = platform_package.file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(
        names,
        vec![
            "jweixin-migrate-0.1.0.tgz".to_string(),
            format!("jweixin-migrate-{platform}-0.1.0.tgz")
        ]
    );

    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join("package.json"),
        "{\"name\": \"demo-project\", \"private\": true}\n",
    )
    .unwrap();
    let cache = dir.path().join("empty-npm-cache");
    run(Command::new("npm")
        .args(["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"])
        .args(&packed)
        .env("npm_config_cache", &cache)
        .current_dir(&project));
    assert!(project
        .join("node_modules/@jweixin-migrate")
        .join(&platform)
        .join("bin/jweixin-migrate")
        .is_file());
    copy_tree(&repo().join("fixtures/demo"), &project.join("demo"));

    let through_npx = Command::new("npx")
        .args(["--offline", "jweixin-migrate", "check", "demo"])
        .env("npm_config_cache", &cache)
        .current_dir(&project)
        .output()
        .unwrap();
    let direct = Command::new(binary)
        .args(["check", "demo"])
        .current_dir(&project)
        .output()
        .unwrap();
    assert_eq!(direct.status.code(), Some(1), "the demo has legacy use");
    assert_eq!(through_npx.status.code(), direct.status.code());
    assert_eq!(
        String::from_utf8_lossy(&through_npx.stdout),
        String::from_utf8_lossy(&direct.stdout)
    );
    assert!(direct.stdout.len() > 1000);
    assert_eq!(without_timing(&through_npx.stderr), without_timing(&direct.stderr));

    // Without its platform package the launcher says why and exits with status 2.
    std::fs::remove_dir_all(project.join("node_modules/@jweixin-migrate").join(&platform)).unwrap();
    let missing = Command::new("npx")
        .args(["--offline", "jweixin-migrate", "check", "demo"])
        .env("npm_config_cache", &cache)
        .current_dir(&project)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        format!("error: jweixin-migrate cannot run here: its package @jweixin-migrate/{platform} is not installed: install again without --no-optional / --omit=optional\n")
    );
}
