//! What a project's ignore files leave out: `.gitignore` (nested, with negations),
//! `.ignore`, `.git/info/exclude` and git's global excludes file, matched with the `ignore`
//! crate's gitignore matchers while the walk itself stays walkdir's (see `walk.rs`).
//!
//! Precedence follows ripgrep (the `ignore` crate's own walker): a match in a `.ignore` file
//! wins over `.gitignore`, which wins over `.git/info/exclude`, which wins over the global
//! file; within each kind the deepest folder's file decides, so a `!negation` in a nested
//! file re-includes what a parent ignored. `.gitignore`, `info/exclude` and the global file
//! count only inside a git repository, and only from its root down. Each folder's files are
//! read once, the first time something below it is asked about.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

/// The matchers that apply inside one folder, deepest first.
#[derive(Default)]
struct FolderRules {
    /// `.ignore` files of this folder and every folder above.
    ignore: Vec<Rc<Gitignore>>,
    /// `.gitignore` files from this folder up to the repository root.
    gitignore: Vec<Rc<Gitignore>>,
    /// The repository's `info/exclude`, once inside a repository.
    exclude: Option<Rc<Gitignore>>,
    /// Whether the folder is inside a git repository.
    in_repository: bool,
}

/// The ignore files of the folders a walk goes through, read as they are needed.
pub struct IgnoreFiles {
    /// By the folder's path as bytes (hashing a `Path` walks its components).
    folders: HashMap<OsString, Rc<FolderRules>>,
    /// The folder asked about last and its rules: a walk asks about every entry of a folder
    /// in a row, so most questions skip hashing the path.
    last: Option<(PathBuf, Rc<FolderRules>)>,
    global: Option<Rc<Gitignore>>,
}

impl Default for IgnoreFiles {
    fn default() -> Self {
        IgnoreFiles::new()
    }
}

impl IgnoreFiles {
    pub fn new() -> IgnoreFiles {
        let (global, _error) = GitignoreBuilder::new("/").build_global();
        IgnoreFiles {
            folders: HashMap::default(),
            last: None,
            global: (!global.is_empty()).then(|| Rc::new(global)),
        }
    }

    /// Whether the ignore files leave out `full` (an absolute, normalised path).
    pub fn is_ignored(&mut self, full: &Path, is_dir: bool) -> bool {
        let Some(parent) = full.parent() else {
            return false;
        };
        let rules = match &self.last {
            Some((folder, rules)) if folder.as_os_str() == parent.as_os_str() => rules.clone(),
            _ => {
                let rules = self.rules_for(parent);
                self.last = Some((parent.to_path_buf(), rules.clone()));
                rules
            }
        };
        if rules.ignore.is_empty() && rules.gitignore.is_empty() && rules.exclude.is_none() && !rules.in_repository {
            return false;
        }
        let decided = first_match(&rules.ignore, full, is_dir)
            .or_else(|| first_match(&rules.gitignore, full, is_dir))
            .or_else(|| rules.exclude.as_ref().and_then(|m| decide(m, full, is_dir)))
            .or_else(|| {
                rules
                    .in_repository
                    .then(|| self.global.as_ref().and_then(|m| decide(m, full, is_dir)))
                    .flatten()
            });
        decided == Some(true)
    }

    /// The rules inside `folder`, built from its parent's and its own files.
    fn rules_for(&mut self, folder: &Path) -> Rc<FolderRules> {
        if let Some(rules) = self.folders.get(folder.as_os_str()) {
            return rules.clone();
        }
        let above = match folder.parent() {
            Some(parent) => self.rules_for(parent),
            None => Rc::new(FolderRules::default()),
        };
        let git = folder.join(".git");
        let is_repository_root = git.exists();
        let mut rules = FolderRules {
            ignore: above.ignore.clone(),
            gitignore: if is_repository_root {
                Vec::new()
            } else {
                above.gitignore.clone()
            },
            exclude: above.exclude.clone(),
            in_repository: above.in_repository || is_repository_root,
        };
        if is_repository_root {
            rules.exclude = git_dir(&git).and_then(|dir| matcher(folder, &dir.join("info").join("exclude")));
        }
        if let Some(own) = matcher(folder, &folder.join(".ignore")) {
            rules.ignore.insert(0, own);
        }
        if rules.in_repository {
            if let Some(own) = matcher(folder, &folder.join(".gitignore")) {
                rules.gitignore.insert(0, own);
            }
        }
        let rules = Rc::new(rules);
        self.folders.insert(folder.as_os_str().to_owned(), rules.clone());
        rules
    }
}

/// The first matcher (deepest first) with an opinion: `Some(true)` ignored, `Some(false)`
/// re-included by a negation.
fn first_match(matchers: &[Rc<Gitignore>], full: &Path, is_dir: bool) -> Option<bool> {
    matchers.iter().find_map(|m| decide(m, full, is_dir))
}

fn decide(matcher: &Gitignore, full: &Path, is_dir: bool) -> Option<bool> {
    match matcher.matched(full, is_dir) {
        Match::None => None,
        Match::Ignore(_) => Some(true),
        Match::Whitelist(_) => Some(false),
    }
}

/// A matcher for one ignore file whose patterns are relative to `folder`; `None` when the
/// file does not exist or holds no pattern. Lines git would reject are skipped, as git does.
fn matcher(folder: &Path, file: &Path) -> Option<Rc<Gitignore>> {
    if !file.is_file() {
        return None;
    }
    let mut builder = GitignoreBuilder::new(folder);
    let _ = builder.add(file);
    let built = builder.build().ok()?;
    (!built.is_empty()).then(|| Rc::new(built))
}

/// The git folder of a repository whose `.git` is `git`: the folder itself, or for a worktree
/// or submodule (a `.git` file saying `gitdir: ...`) the common folder that holds `info/`.
fn git_dir(git: &Path) -> Option<PathBuf> {
    if git.is_dir() {
        return Some(git.to_path_buf());
    }
    let text = std::fs::read_to_string(git).ok()?;
    let pointed = text.trim().strip_prefix("gitdir:")?.trim();
    let base = git.parent()?;
    let dir = base.join(pointed);
    match std::fs::read_to_string(dir.join("commondir")) {
        Ok(common) => Some(dir.join(common.trim())),
        Err(_) => Some(dir),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn nested_files_negations_and_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let root = crate::config::absolute_path(dir.path());
        std::fs::create_dir_all(root.join(".git/info")).unwrap();
        write(&root, ".git/info/exclude", "secret.js\n");
        write(&root, ".gitignore", "gen/\n*.out.js\n");
        write(&root, "app/.gitignore", "!keep.out.js\n");
        write(&root, "app/.ignore", "local.js\n");
        let mut files = IgnoreFiles::new();
        assert!(files.is_ignored(&root.join("gen"), true));
        assert!(
            !files.is_ignored(&root.join("gen"), false),
            "`gen/` matches folders only"
        );
        assert!(files.is_ignored(&root.join("a.out.js"), false));
        assert!(files.is_ignored(&root.join("app/b.out.js"), false));
        assert!(!files.is_ignored(&root.join("app/keep.out.js"), false));
        assert!(files.is_ignored(&root.join("app/local.js"), false));
        assert!(files.is_ignored(&root.join("app/secret.js"), false));
        assert!(!files.is_ignored(&root.join("app/main.js"), false));
    }

    #[test]
    fn gitignore_counts_only_inside_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        let root = crate::config::absolute_path(dir.path());
        write(&root, ".gitignore", "*.js\n");
        write(&root, ".ignore", "*.ts\n");
        let mut files = IgnoreFiles::new();
        assert!(!files.is_ignored(&root.join("a.js"), false));
        assert!(files.is_ignored(&root.join("a.ts"), false));
    }
}
