//! `fix --stdin-filename`, the editor command: one buffer fixed as if it were the file at its
//! path. Its unit is found from the file's project folder (read from disk, with the buffer in
//! place of the file), and the buffer is not rewritten into a state its unit cannot run in
//! (another file of the unit still on jweixin) unless unsafe fixes are asked for.

use std::path::{Path, PathBuf};

use super::{add_mentions, context_files, context_roots, facts_of, page_scripts};
use crate::diagnostic::Severity;
use crate::migrate;
use crate::parallel;
use crate::pipeline::{self, FileReport};
use crate::project::links::FileLinks;
use crate::project::resolve::absolute;
use crate::project::{Project, ProjectFile};
use crate::rules::{RuleOptions, UnitFacts};
use crate::settings::Settings;
use crate::source::{FileKind, SourceFile};
use crate::{parse, walk};

/// What `fix --stdin-filename` produces: the text to print and the findings left.
#[derive(Debug)]
pub struct TextFix {
    pub text: String,
    pub report: FileReport,
    pub legacy_left: bool,
}

/// Fixes one source given as bytes, as if it were the file at `path` (the editor command).
/// Runs on a worker thread with a large stack; a panic becomes an error.
pub fn fix_text(path: &Path, bytes: Vec<u8>, options: &RuleOptions, unsafe_fixes: bool) -> Result<TextFix, String> {
    let path = path.to_path_buf();
    let options = options.clone();
    std::thread::Builder::new()
        .stack_size(parallel::WORKER_STACK_BYTES)
        .spawn(move || fix_text_here(&path, bytes, &options, unsafe_fixes))
        .map_err(|e| format!("cannot start a worker thread: {e}"))?
        .join()
        .unwrap_or_else(|payload| Err(super::internal_error(payload)))
}

/// Where one file stands in its migration unit, found from its project folder on disk.
#[derive(Debug, Default)]
pub struct UnitPlace {
    /// What the unit proves for the file's rules.
    pub facts: UnitFacts,
    /// The unit's other files that still use jweixin (or could not be checked).
    pub others_still_legacy: Vec<PathBuf>,
}

/// Finds the unit of the file at `path` from its project folder (the nearest folder above it
/// with a project marker), reading the project from disk; `buffer` stands for the file itself
/// when its text is not the one on disk (an editor buffer). A file outside any project folder
/// is taken on its own: nothing is known of its unit.
pub fn place_in_unit(path: &Path, buffer: Option<(FileKind, FileLinks)>, options: &RuleOptions) -> UnitPlace {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let here = absolute(&cwd, path);
    let roots = context_roots(std::slice::from_ref(&here), &cwd);
    if roots.is_empty() {
        return UnitPlace::default();
    }
    let mut settings = Settings::for_paths(roots.clone());
    settings.rules = options.clone();
    let seen = match buffer {
        Some(_) => [here.clone()].into_iter().collect(),
        None => Default::default(),
    };
    let (mut files, plain_scripts) = context_files(&settings, &roots, &cwd, &seen);
    let shown = match buffer {
        Some((kind, links)) => {
            files.push(ProjectFile {
                path: path.to_path_buf(),
                absolute: here,
                kind,
                links,
                in_run: true,
            });
            path.to_path_buf()
        }
        None => here,
    };
    add_mentions(&mut files, &plain_scripts, &cwd);
    let loaded = page_scripts(&files, plain_scripts);
    let project = Project::build_with_page_scripts(files, loaded, Vec::new());
    let others_still_legacy = project
        .file(&shown)
        .and_then(|f| project.unit_of(f))
        .map(|unit| {
            unit.legacy_members(&project)
                .filter(|&m| project.files[m].path != shown)
                .map(|m| project.files[m].path.clone())
                .collect()
        })
        .unwrap_or_default();
    UnitPlace {
        facts: facts_of(&project, &shown, options.registrar.as_deref()),
        others_still_legacy,
    }
}

fn fix_text_here(path: &Path, bytes: Vec<u8>, options: &RuleOptions, unsafe_fixes: bool) -> Result<TextFix, String> {
    let text = pipeline::text_from_bytes(bytes).map_err(|(message, _)| {
        if message.starts_with("binary") {
            message
        } else {
            format!("{message}; convert the text to UTF-8")
        }
    })?;
    if let Some(depth) = parse::too_deep(&text) {
        return Err(format!(
            "brackets nest more than {} levels deep (at least {depth}); the tool does not check code this deep",
            parse::MAX_NESTING
        ));
    }
    let kind = FileKind::from_path(path).unwrap_or_else(|| walk::kind_of_unknown(path));
    let file = SourceFile::new(path.to_path_buf(), kind, text.clone());
    let (_, links) = pipeline::analyze(&file, options);

    let place = place_in_unit(path, Some((kind, links)), options);
    let mut options = options.clone();
    options.unit = place.facts;
    let others = place.others_still_legacy;

    let outcome = migrate::fix_source(file, &options, unsafe_fixes);
    let mut error = outcome.unchanged;
    let mut fixed = outcome.fixed;
    let mut remaining = outcome.remaining;
    let mut source = outcome.source;
    if fixed.is_some() && !others.is_empty() && !unsafe_fixes {
        let names: Vec<String> = others.iter().map(|p| format!("`{}`", p.display())).collect();
        error = Some(format!(
            "its migration unit also needs {} changed, which still use jweixin; fixing this file alone would leave the page half migrated (fix the whole unit with `jweixin-migrate fix` on the project root, or use --unsafe-fixes)",
            names.join(", ")
        ));
        fixed = None;
        source = SourceFile::new(path.to_path_buf(), kind, text.clone());
        remaining = pipeline::check_source(&source, &options);
    }
    let legacy_left = remaining.iter().any(|d| d.severity == Severity::Error);
    let report = FileReport {
        path: path.to_path_buf(),
        diagnostics: remaining,
        source: Some(source),
        error,
        skipped: None,
        links: Default::default(),
        unit: None,
        encoding: Default::default(),
    };
    Ok(TextFix {
        text: fixed.unwrap_or(text),
        report,
        legacy_left,
    })
}
