//! What the server takes from the project around an open file: whether the file is checked at
//! all (the same default skips as a folder run: node_modules, hidden, dist/build folders,
//! minified files, copies of the SDK, declaration files, mini-program roots), the rule options
//! for it, and which of its findings are kept.
//!
//! The config file and inline suppressions (issue 11) plug in here and nowhere else:
//! [`Workspace::rule_options`] is where a config file's options for a path are read,
//! [`Workspace::skip_reason`] where its `exclude` patterns apply, and
//! [`Workspace::keep_findings`] where suppression comments and a baseline drop findings.
//! Until they exist, every file gets the defaults and every finding is kept.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
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
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.starts_with('.') {
            return Some(SkipReason::Hidden);
        }
        if name.ends_with(".min.js") || name.ends_with("-min.js") {
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
            for part in below.components() {
                let part = part.as_os_str().to_string_lossy();
                if part == "node_modules" {
                    return Some(SkipReason::Dependencies);
                }
                if part.starts_with('.') {
                    return Some(SkipReason::Hidden);
                }
                if part == "dist" || part == "build" {
                    return Some(SkipReason::BuildOutput);
                }
            }
        }
        if path.is_absolute() && folder.ancestors().any(walk::is_mini_program_root) {
            return Some(SkipReason::MiniProgram);
        }
        None
    }

    /// The rule options for a file. Issue 11's config file is read here.
    pub(crate) fn rule_options(&self, _path: &Path) -> RuleOptions {
        self.defaults.clone()
    }

    /// The findings shown for a file. Issue 11's suppression comments and baseline drop
    /// findings here (the fix-all action then fixes only what is kept).
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
