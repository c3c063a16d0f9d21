//! Scripts a page loads, and modules a file imports by a relative path, that the walk leaves
//! out: minified files, build output, `node_modules`,
//! excluded or ignored files. A page runs them whatever the run reads, so a page must not move
//! to `@wecom/jssdk` while one of them still calls the global `wx` (DESIGN.md promise 7). Each
//! is checked here only for its SDK use; one that uses an SDK joins the page's unit as a
//! member the tool never rewrites, which keeps the unit on jweixin until it is migrated too
//! (project/fate.rs says why).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::check_guarded;
use crate::project::links::{FileLinks, PageScript};
use crate::project::resolve::{module_on_disk, script_on_disk};
use crate::project::ProjectFile;
use crate::settings::Settings;
use crate::source::FileKind;
use crate::walk::{self, Candidate, SkipReason};

/// The scripts `files`' pages load that are on disk but not among the files the run read
/// (`read`, absolute), and that use an SDK, as project files marked as left out.
pub(crate) fn loaded_scripts(
    settings: &Settings,
    files: &[ProjectFile],
    read: &HashSet<PathBuf>,
    cwd: &Path,
) -> Vec<ProjectFile> {
    let mut looked_at: HashSet<PathBuf> = HashSet::new();
    let mut found = Vec::new();
    // The scripts pages load by tag, and the modules files import by a relative path.
    let loaded = files.iter().filter(|f| f.kind.is_page()).flat_map(|page| {
        page.links.scripts.iter().filter_map(|script| match script {
            PageScript::Src { src, .. } => script_on_disk(&page.absolute, src),
            _ => None,
        })
    });
    let imported = files.iter().flat_map(|file| {
        file.links
            .imports
            .iter()
            .filter(|i| !i.package && i.specifier.starts_with('.'))
            .filter_map(|i| module_on_disk(&file.absolute, &i.specifier))
    });
    for target in loaded.chain(imported) {
        if read.contains(&target) || !looked_at.insert(target.clone()) {
            continue;
        }
        let Some(kind @ FileKind::Script { .. }) = FileKind::from_path(&target) else {
            continue;
        };
        let shown = target
            .strip_prefix(cwd)
            .map_or_else(|_| target.clone(), Path::to_path_buf);
        let candidate = Candidate {
            path: shown.clone(),
            kind,
            skip_sdk_copies: true,
        };
        let report = check_guarded(&candidate, settings.rules_for(&shown));
        if report.skipped.is_some() {
            // A copy of the SDK itself: the page's script-tag finding covers it, or, under a
            // name that rule does not know, the unit's blocker (resolve::renamed_sdk_copy_candidate).
            continue;
        }
        let mut sdk = report.links.sdk;
        sdk.unknown |= report.error.is_some();
        if !sdk.any() {
            continue;
        }
        found.push(ProjectFile {
            path: shown,
            kind,
            links: FileLinks {
                sdk,
                left_out: Some(kind_of_left_out(&target, cwd)),
                ..FileLinks::default()
            },
            absolute: target,
            in_run: true,
        });
    }
    found
}

/// What kind of file the walk left out, for the unit's blocker: the default excludes' reason
/// (from the file's name, then its nearest folder below `cwd` that they skip), else an exclude
/// pattern or an ignore file.
fn kind_of_left_out(path: &Path, cwd: &Path) -> &'static str {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let below = |folder: &&Path| !path.starts_with(cwd) || folder.starts_with(cwd);
    let folder_reason = path
        .ancestors()
        .skip(1)
        .take_while(below)
        .find_map(walk::skipped_folder);
    match folder_reason {
        _ if walk::is_minified(&name) => "a minified file",
        Some(SkipReason::Dependencies) => "a file in `node_modules`",
        Some(SkipReason::ComposerVendor) => "a file in composer's `vendor`",
        Some(SkipReason::BuildOutput) => "a file in a build output folder",
        Some(SkipReason::Hidden) => "a hidden file",
        _ if name.starts_with('.') => "a hidden file",
        _ => "a file excluded from the run (an exclude pattern or an ignore file)",
    }
}
