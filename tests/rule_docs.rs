//! `docs/rules/<rule-id>.md` is where each diagnostic's `codeDescription` link points (the
//! language server, `src/server/rule_docs.rs`): every rule has its page, and each page is the
//! rule's `explain` text. `RULE_DOCS_UPDATE=1 cargo test --test rule_docs` rewrites them.

use std::path::Path;
use std::process::Command;

#[test]
fn every_rule_has_its_page_with_its_explain_text() {
    let bin = env!("CARGO_BIN_EXE_jweixin-migrate");
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let rules = Command::new(bin).arg("rules").output().unwrap();
    let ids: Vec<String> = String::from_utf8(rules.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 11, "{ids:?}");
    let update = std::env::var_os("RULE_DOCS_UPDATE").is_some();
    for id in &ids {
        let explain = Command::new(bin).args(["explain", id]).output().unwrap();
        assert!(explain.status.success());
        let text = String::from_utf8(explain.stdout).unwrap();
        let page = folder.join(format!("{id}.md"));
        if update {
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(&page, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(&page).unwrap_or_default();
        assert_eq!(on_disk, text, "{} differs from `explain {id}`", page.display());
    }
    let mut pages: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".md")
                .to_string()
        })
        .collect();
    pages.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(pages, expected, "a page for a rule that does not exist");
}
