//! What the server takes from the project around an open file: whether the file is checked at
//! all (the same default skips as a folder run: node_modules, hidden, dist/build folders,
//! minified files, copies of the SDK, declaration files, mini-program roots), the rule options
//! for it, and which of its findings are kept.
//!
//! The config file (issue 11) plugs in here: [`Workspace::rule_options`] reads the
//! `jweixin-migrate.toml` nearest to the file (a file that cannot be used gives the defaults,
//! as `check` would refuse it), and [`Workspace::skip_reason`] applies its `exclude` patterns
//! and the project's ignore files. Inline suppressions need nothing here: the per-file
//! pipeline applies them. [`Workspace::keep_findings`] is where a baseline would drop
//! findings; the editor is not told which baseline a team uses, so it keeps them all.

use std::path::{Path, PathBuf};

use crate::config;
use crate::diagnostic::Diagnostic;
use crate::ignore_files::IgnoreFiles;
use crate::rules::RuleOptions;
use crate::source::FileKind;
use crate::walk;

/// The editor's workspace folders and the options every file gets.
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    /// Folders the editor opened; folder-name skips apply below them only.
    pub roots: Vec<PathBuf>,
    pub defaults: RuleOptions,
}

impl Workspace {
    /// Why a folder run would leave this file out, in the words of its summary line, if it
    /// would. Folder names count only below the workspace folder holding the file (a project
    /// checked out under `~/build/` is still checked); a mini-program root counts anywhere above.
    pub(crate) fn skip_reason(&self, path: &Path, kind: FileKind, text: &str) -> Option<String> {
        let reason = self.skip(path, kind, text)?;
        Some(format!(
            "jweixin-migrate does not check this file: a folder run skips {}",
            reason.describe()
        ))
    }

    fn skip(&self, path: &Path, kind: FileKind, text: &str) -> Option<walk::SkipReason> {
        use walk::SkipReason;
        if let Some(reason) = self.project_skip(path) {
            return Some(reason);
        }
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.starts_with('.') {
            return Some(SkipReason::Hidden);
        }
        if walk::is_minified(&name) {
            return Some(SkipReason::Minified);
        }
        if matches!(kind, FileKind::Script { dts: true, .. }) {
            return Some(SkipReason::Declarations);
        }
        if crate::rules::wx_script_tag::classify(&name).is_some()
            || (matches!(kind, FileKind::Script { .. }) && crate::pipeline::defines_legacy_sdk(text))
        {
            return Some(SkipReason::VendoredSdk);
        }
        let folder = path.parent()?;
        if let Some(root) = self
            .roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.as_os_str().len())
        {
            let below = folder.strip_prefix(root).unwrap_or(Path::new(""));
            let mut at = root.to_path_buf();
            for part in below.components() {
                at.push(part);
                if let Some(reason) = walk::skipped_folder(&at) {
                    return Some(reason);
                }
            }
        }
        if path.is_absolute() && folder.ancestors().any(walk::is_mini_program_root) {
            return Some(SkipReason::MiniProgram);
        }
        None
    }

    /// The config file nearest to a file, when there is one that can be used.
    fn config_for(path: &Path) -> Option<config::Config> {
        config::find_for(path)
            .ok()
            .flatten()
            .and_then(|file| config::load(&file).ok())
    }

    /// The config file's excludes and the ignore files, for a file on disk: a folder run would
    /// not reach it when it or a folder above it (below the workspace folder or the config
    /// file's folder) is excluded or ignored.
    fn project_skip(&self, path: &Path) -> Option<walk::SkipReason> {
        if !path.is_absolute() {
            return None;
        }
        let config = Workspace::config_for(path);
        let full = config::absolute_path(path);
        let top = self
            .roots
            .iter()
            .filter(|r| full.starts_with(r))
            .max_by_key(|r| r.as_os_str().len())
            .cloned()
            .or_else(|| config.as_ref().map(|c| c.dir.clone()))?;
        let excludes = config.as_ref().map(|c| config::ConfigExcludes::new(c, false));
        let mut ignore_files = config
            .as_ref()
            .and_then(|c| c.respect_gitignore)
            .unwrap_or(true)
            .then(IgnoreFiles::new);
        let below: Vec<&Path> = full.ancestors().take_while(|a| *a != top.as_path()).collect();
        for (i, entry) in below.iter().rev().enumerate() {
            let is_dir = i + 1 < below.len();
            if excludes.as_ref().is_some_and(|e| e.matches(entry)) {
                return Some(walk::SkipReason::ConfigExcluded);
            }
            if ignore_files.as_mut().is_some_and(|f| f.is_ignored(entry, is_dir)) {
                return Some(walk::SkipReason::Ignored);
            }
        }
        None
    }

    /// The rule options for a file: the defaults, with the nearest config file's `[fix]` and
    /// `[rules]` over them.
    pub(crate) fn rule_options(&self, path: &Path) -> RuleOptions {
        let mut options = self.defaults.clone();
        if let Some(config) = Workspace::config_for(path) {
            if let Some(url) = config.fix.cdn_url {
                options.cdn_url = url;
            }
            options.named_invoke |= config.fix.named_invoke.unwrap_or(false);
            options.levels = config.rules;
        }
        options
    }

    /// The findings shown for a file (suppression comments were applied by the pipeline; a
    /// baseline would drop findings here, and the fix-all action then fix only what is kept).
    pub(crate) fn keep_findings(&self, _path: &Path, _text: &str, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::ScriptLang;

    const JS: FileKind = FileKind::Script {
        lang: ScriptLang::Js,
        dts: false,
    };

    #[test]
    fn folder_names_skip_below_the_workspace_folder_only() {
        let workspace = Workspace {
            roots: vec![PathBuf::from("/home/me/build/app")],
            defaults: RuleOptions::default(),
        };
        let skip = |p: &str| workspace.skip(Path::new(p), JS, "wx.config({})");
        assert_eq!(skip("/home/me/build/app/src/a.js"), None);
        assert_eq!(
            skip("/home/me/build/app/node_modules/x/a.js"),
            Some(walk::SkipReason::Dependencies)
        );
        assert_eq!(
            skip("/home/me/build/app/dist/a.js"),
            Some(walk::SkipReason::BuildOutput)
        );
        assert_eq!(skip("/home/me/build/app/a.min.js"), Some(walk::SkipReason::Minified));
        assert_eq!(
            skip("/home/me/build/app/jweixin-1.2.0.js"),
            Some(walk::SkipReason::VendoredSdk)
        );
    }

    #[test]
    fn the_config_file_sets_options_and_excludes_and_gitignore_applies() {
        let dir = tempfile::tempdir().unwrap();
        let root = config::absolute_path(dir.path());
        std::fs::create_dir_all(root.join("src/gen")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(
            root.join("jweixin-migrate.toml"),
            "extend-exclude = [\"legacy\"]\n[fix]\ncdn-url = \"https://cdn.example.com/ww.js\"\n[rules]\nwx-api = \"off\"\n",
        )
        .unwrap();
        std::fs::write(root.join(".gitignore"), "gen/\n").unwrap();
        let workspace = Workspace {
            roots: vec![root.clone()],
            defaults: RuleOptions::default(),
        };
        let options = workspace.rule_options(&root.join("src/a.js"));
        assert_eq!(options.cdn_url, "https://cdn.example.com/ww.js");
        assert_eq!(
            options.levels.get(crate::rules::RuleId::WxApi),
            Some(crate::rules::levels::RuleLevel::Off)
        );
        let skip = |p: &str| workspace.skip(&root.join(p), JS, "wx.config({})");
        assert_eq!(skip("legacy/a.js"), Some(walk::SkipReason::ConfigExcluded));
        assert_eq!(skip("src/gen/a.js"), Some(walk::SkipReason::Ignored));
        assert_eq!(skip("src/a.js"), None);
    }

    #[test]
    fn a_file_inside_a_mini_program_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("mp/pages")).unwrap();
        std::fs::write(dir.path().join("mp/project.config.json"), "{}").unwrap();
        let workspace = Workspace::default();
        let path = dir.path().join("mp/pages/index.js");
        assert_eq!(
            workspace.skip_reason(&path, JS, "wx.chooseImage({})").as_deref(),
            Some("jweixin-migrate does not check this file: a folder run skips mini-program roots")
        );
        assert_eq!(workspace.skip(&dir.path().join("web/a.js"), JS, ""), None);
    }
}
