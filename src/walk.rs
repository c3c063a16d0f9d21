//! File discovery: which files a run looks at, in a stable order, and what it skipped and why.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use globset::GlobSet;
use walkdir::WalkDir;

use crate::source::FileKind;

/// Why a file or folder was left out of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// `node_modules`.
    Dependencies,
    /// A PHP project's `vendor` folder (beside its `composer.json`).
    ComposerVendor,
    /// `.git` and other hidden folders and files.
    Hidden,
    /// `dist` and `build` folders, and MSBuild's `obj` and `bin` beside a project file.
    BuildOutput,
    /// A WeChat mini-program root (`project.config.json`, or `app.json` with `pages`).
    MiniProgram,
    /// `*.min.js`.
    Minified,
    /// A copy of the legacy SDK itself (`jweixin-1.2.0.js`, `jwxwork-1.0.0.js`, or its content).
    VendoredSdk,
    /// A TypeScript declaration file (`.d.ts`).
    Declarations,
    /// Matched an `--exclude` pattern.
    Excluded,
    /// A symbolic link inside a folder (links are not followed).
    Symlink,
    /// Matched an `exclude` or `extend-exclude` pattern of the config file.
    ConfigExcluded,
    /// Ignored by `.gitignore`, `.ignore`, `.git/info/exclude` or git's global excludes file.
    Ignored,
    /// Not text the tool can decode, and its bytes name no SDK (no `wx`, `jWeixin`, ...): it
    /// cannot use either, whatever its encoding.
    UndecodableWithoutSdk,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::Dependencies => "node_modules folders",
            SkipReason::ComposerVendor => "composer vendor folders",
            SkipReason::Hidden => "hidden files and folders",
            SkipReason::BuildOutput => "build output folders",
            SkipReason::MiniProgram => "mini-program roots",
            SkipReason::Minified => "minified files",
            SkipReason::VendoredSdk => "copies of the legacy SDK",
            SkipReason::Declarations => "declaration files",
            SkipReason::Excluded => "excluded by --exclude",
            SkipReason::Symlink => "symbolic links",
            SkipReason::ConfigExcluded => "excluded by the config file",
            SkipReason::Ignored => "ignored by .gitignore or .ignore",
            SkipReason::UndecodableWithoutSdk => "files in an encoding the tool does not read, naming no SDK",
        }
    }

    /// `n` and what was skipped, singular for one: "1 copy of the legacy SDK", "2 minified
    /// files".
    pub fn counted(self, n: usize) -> String {
        let what = match (self, n) {
            (_, n) if n != 1 => self.describe(),
            (SkipReason::Dependencies, _) => "node_modules folder",
            (SkipReason::ComposerVendor, _) => "composer vendor folder",
            (SkipReason::Hidden, _) => "hidden file or folder",
            (SkipReason::BuildOutput, _) => "build output folder",
            (SkipReason::MiniProgram, _) => "mini-program root",
            (SkipReason::Minified, _) => "minified file",
            (SkipReason::VendoredSdk, _) => "copy of the legacy SDK",
            (SkipReason::Declarations, _) => "declaration file",
            (SkipReason::Symlink, _) => "symbolic link",
            (SkipReason::UndecodableWithoutSdk, _) => "file in an encoding the tool does not read, naming no SDK",
            _ => self.describe(),
        };
        format!("{n} {what}")
    }
}

/// A file the run will read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The path as shown in output: as given, or below a given folder.
    pub path: PathBuf,
    pub kind: FileKind,
    /// Skip the file if its content shows it is a copy of the SDK (a default exclude).
    pub skip_sdk_copies: bool,
}

/// Skips decided outside this module (the config file's excludes, ignore files), asked about
/// each entry below a given folder that the built-in skips and `--exclude` let through.
pub trait EntryFilter {
    fn skip(&mut self, root: &Path, path: &Path, is_dir: bool) -> Option<SkipReason>;
}

/// No skips besides the built-in ones.
pub struct NoFilter;

impl EntryFilter for NoFilter {
    fn skip(&mut self, _root: &Path, _path: &Path, _is_dir: bool) -> Option<SkipReason> {
        None
    }
}

/// What the walk found besides the files themselves.
#[derive(Debug, Default)]
pub struct WalkSummary {
    pub skipped: BTreeMap<SkipReason, usize>,
    /// Entries that could not be read while walking (a folder without permission).
    pub errors: Vec<(PathBuf, String)>,
}

/// What discovery found, all at once.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Candidate>,
    pub skipped: BTreeMap<SkipReason, usize>,
    pub errors: Vec<(PathBuf, String)>,
}

/// A path given on the command line that does not exist.
#[derive(Debug)]
pub struct MissingPath(pub PathBuf);

/// Fails on the first given path that does not exist, before any file is looked at.
pub fn check_roots(paths: &[PathBuf]) -> Result<(), MissingPath> {
    match paths.iter().find(|p| std::fs::metadata(p).is_err()) {
        Some(missing) => Err(MissingPath(missing.clone())),
        None => Ok(()),
    }
}

/// Finds the files to check below `paths` and returns them in path order.
pub fn discover(paths: &[PathBuf], exclude: &GlobSet, default_excludes: bool) -> Result<Discovery, MissingPath> {
    let mut files = Vec::new();
    let summary = walk(paths, exclude, default_excludes, &mut NoFilter, &mut |c| files.push(c))?;
    Ok(Discovery {
        files,
        skipped: summary.skipped,
        errors: summary.errors,
    })
}

/// Walks `paths` and hands each file to check to `on_file` as soon as it is found, in path
/// order (the given paths sorted, each folder's entries by name). A file named directly is
/// always checked. Without `default_excludes`, only `--exclude` patterns and symbolic links
/// are skipped. Nothing is kept per file, except, when the given paths could overlap, the
/// paths already handed out.
pub fn walk(
    paths: &[PathBuf],
    exclude: &GlobSet,
    default_excludes: bool,
    filter: &mut dyn EntryFilter,
    on_file: &mut dyn FnMut(Candidate),
) -> Result<WalkSummary, MissingPath> {
    check_roots(paths)?;
    let mut roots: Vec<&PathBuf> = paths.iter().collect();
    roots.sort_by_cached_key(|p| shown_path(p));
    let mut found = WalkSummary::default();
    let mut seen = (roots.len() > 1).then(HashSet::new);
    let mut hand_out = |candidate: Candidate| {
        if seen.as_mut().is_none_or(|seen| seen.insert(candidate.path.clone())) {
            on_file(candidate);
        }
    };
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|_| MissingPath(root.clone()))?;
        if !meta.is_dir() && !meta.is_file() {
            found.errors.push((
                root.clone(),
                "not a regular file (a pipe, socket or device); not read".to_string(),
            ));
            continue;
        }
        if !meta.is_dir() {
            let kind = FileKind::from_path(root).unwrap_or_else(|| kind_of_unknown(root));
            hand_out(Candidate {
                path: root.clone(),
                kind,
                skip_sdk_copies: false,
            });
            continue;
        }
        if default_excludes && inside_mini_program(root) {
            *found.skipped.entry(SkipReason::MiniProgram).or_default() += 1;
            continue;
        }
        walk_folder(root, exclude, default_excludes, filter, &mut found, &mut hand_out);
    }
    Ok(found)
}

/// The kind of a file named on the command line whose extension the tool does not know: read
/// as JavaScript.
pub fn kind_of_unknown(_path: &Path) -> FileKind {
    FileKind::Script {
        lang: crate::source::ScriptLang::Js,
        dts: false,
    }
}

fn shown_path(path: &Path) -> PathBuf {
    path.strip_prefix("./")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn excluded(exclude: &GlobSet, root: &Path, path: &Path) -> bool {
    if exclude.is_empty() {
        return false;
    }
    let relative = path.strip_prefix(root).unwrap_or(path);
    exclude.is_match(relative)
        || exclude.is_match(shown_path(path))
        || path.file_name().is_some_and(|n| exclude.is_match(n))
}

fn walk_folder(
    root: &Path,
    exclude: &GlobSet,
    default_excludes: bool,
    filter: &mut dyn EntryFilter,
    found: &mut WalkSummary,
    hand_out: &mut dyn FnMut(Candidate),
) {
    let filter = RefCell::new(filter);
    let skipped: RefCell<BTreeMap<SkipReason, usize>> = RefCell::new(BTreeMap::new());
    let walker = WalkDir::new(root).follow_links(false).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|entry| {
        if entry.depth() == 0 {
            return true;
        }
        let reason = if !entry.file_type().is_dir() {
            None
        } else if default_excludes {
            folder_skip(entry.path(), exclude, root)
        } else {
            excluded(exclude, root, entry.path()).then_some(SkipReason::Excluded)
        };
        let reason = match reason {
            None if entry.file_type().is_dir() => filter.borrow_mut().skip(root, entry.path(), true),
            reason => reason,
        };
        match reason {
            Some(reason) => {
                *skipped.borrow_mut().entry(reason).or_default() += 1;
                false
            }
            None => true,
        }
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let message = error
                    .io_error()
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| error.to_string());
                found.errors.push((shown_path(&path), message));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        // Pipes, sockets and devices would block or never end: only regular files are read.
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
            continue;
        }
        let Some(kind) = FileKind::from_path(path) else {
            continue;
        };
        let reason = if entry.path_is_symlink() {
            Some(SkipReason::Symlink)
        } else if default_excludes {
            file_skip(path, kind, exclude, root)
        } else {
            excluded(exclude, root, path).then_some(SkipReason::Excluded)
        };
        let reason = reason.or_else(|| filter.borrow_mut().skip(root, path, false));
        if let Some(reason) = reason {
            *skipped.borrow_mut().entry(reason).or_default() += 1;
            continue;
        }
        hand_out(Candidate {
            path: shown_path(path),
            kind,
            skip_sdk_copies: default_excludes,
        });
    }
    for (reason, count) in skipped.into_inner() {
        *found.skipped.entry(reason).or_default() += count;
    }
}

/// Why the default excludes leave out a folder and everything below it, by what it is:
/// dependencies (`node_modules`, composer's `vendor`), hidden, or build output (`dist`, `build`,
/// MSBuild's `obj` and `bin`).
/// The walk, the language server's workspace and the scripts a page loads that a run leaves
/// out (run/left_out.rs) all ask this.
pub fn skipped_folder(folder: &Path) -> Option<SkipReason> {
    let name = folder.file_name()?.to_str()?;
    if name == "node_modules" {
        Some(SkipReason::Dependencies)
    } else if is_composer_vendor(folder) {
        Some(SkipReason::ComposerVendor)
    } else if name.starts_with('.') && name != ".." {
        Some(SkipReason::Hidden)
    } else if name == "dist" || name == "build" || is_msbuild_output(folder) || is_configured_output(folder) {
        Some(SkipReason::BuildOutput)
    } else {
        None
    }
}

/// A minified script's file name, in lower case (`app.min.js`, `app-min.js`).
pub fn is_minified(lower_name: &str) -> bool {
    lower_name.ends_with(".min.js") || lower_name.ends_with("-min.js")
}

fn folder_skip(path: &Path, exclude: &GlobSet, root: &Path) -> Option<SkipReason> {
    if let Some(reason) = skipped_folder(path) {
        Some(reason)
    } else if excluded(exclude, root, path) {
        Some(SkipReason::Excluded)
    } else if is_mini_program_root(path) {
        Some(SkipReason::MiniProgram)
    } else {
        None
    }
}

fn file_skip(path: &Path, kind: FileKind, exclude: &GlobSet, root: &Path) -> Option<SkipReason> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.starts_with('.') {
        Some(SkipReason::Hidden)
    } else if excluded(exclude, root, path) {
        Some(SkipReason::Excluded)
    } else if is_minified(&name) {
        Some(SkipReason::Minified)
    } else if crate::rules::wx_script_tag::classify(&name).is_some() {
        Some(SkipReason::VendoredSdk)
    } else if matches!(kind, FileKind::Script { dts: true, .. }) {
        Some(SkipReason::Declarations)
    } else {
        None
    }
}

/// A PHP project's dependencies, which composer installs: a `vendor` folder beside a
/// `composer.json` (its packages' test fixtures and binary files are not the app's code).
pub fn is_composer_vendor(folder: &Path) -> bool {
    folder.file_name().is_some_and(|n| n == "vendor")
        && folder.parent().is_some_and(|p| p.join("composer.json").is_file())
}

/// A bundler's output folder named in the configuration beside it, as a literal: vue-cli's
/// `outputDir: 'docs'` in `vue.config.js`, Vite's `build: { outDir: 'www' }` in
/// `vite.config.*` (a committed build of a site served from `docs/`: its chunks are not code
/// the team edits, and joined the source app's unit, which they then blocked; helper-30).
pub fn is_configured_output(folder: &Path) -> bool {
    thread_local! {
        static OUTPUTS: RefCell<HashMap<PathBuf, Vec<String>>> = Default::default();
    }
    let (Some(parent), Some(name)) = (folder.parent(), folder.file_name().and_then(|n| n.to_str())) else {
        return false;
    };
    OUTPUTS.with(|outputs| {
        let mut outputs = outputs.borrow_mut();
        let named = outputs.entry(parent.to_path_buf()).or_insert_with(|| {
            let configs = [
                ("vue.config.js", "outputDir"),
                ("vue.config.ts", "outputDir"),
                ("vite.config.js", "outDir"),
                ("vite.config.ts", "outDir"),
                ("vite.config.mjs", "outDir"),
            ];
            configs
                .iter()
                .filter_map(|(file, key)| Some((std::fs::read_to_string(parent.join(file)).ok()?, key)))
                .flat_map(|(text, key)| configured_folders(&text, key))
                .collect()
        });
        named.iter().any(|n| n == name)
    })
}

/// The folder names a configuration's `key` gives as a literal, on the key's line: the last
/// quoted string there (`outputDir: 'docs'`, `outputDir: path.resolve(__dirname, './docs')`).
fn configured_folders(text: &str, key: &str) -> Vec<String> {
    text.match_indices(key)
        .filter_map(|(at, _)| {
            let line = text[at + key.len()..].lines().next()?;
            let line = line.trim_start().strip_prefix(':')?;
            let quoted: Vec<&str> = line.split(['\'', '"', '`']).skip(1).step_by(2).collect();
            let last = quoted.last()?.trim_start_matches("./").trim_end_matches('/');
            (!last.is_empty() && !last.contains(['/', '\\', '$'])).then(|| last.to_string())
        })
        .collect()
}

/// MSBuild's output folders, `obj` and `bin` beside a project file (`UI.csproj`): an ASP.NET
/// build copies the site's pages and scripts into `obj/Debug/AspnetCompileMerge/`.
pub fn is_msbuild_output(folder: &Path) -> bool {
    if !folder.file_name().is_some_and(|n| n == "obj" || n == "bin") {
        return false;
    }
    let Some(Ok(entries)) = folder.parent().map(std::fs::read_dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        [".csproj", ".vbproj", ".fsproj"].iter().any(|ext| name.ends_with(ext))
    })
}

/// Whether a folder is a mini-program root or lies inside one.
fn inside_mini_program(folder: &Path) -> bool {
    let Ok(full) = folder.canonicalize() else { return false };
    full.ancestors().any(is_mini_program_root)
}

/// A WeChat mini-program root: a folder holding `project.config.json`, or an `app.json` that
/// lists `pages`. Its global `wx` is the mini-program API, not the web SDK. A
/// `project.config.json` whose `miniprogramRoot` names another folder (`"dist/"` in a Taro or
/// uni-app project, which also builds for the web, `"miniprogram/"` in a cloud template) puts
/// the mini-program there, not here.
pub fn is_mini_program_root(folder: &Path) -> bool {
    if let Ok(text) = std::fs::read_to_string(folder.join("project.config.json")) {
        let elsewhere = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("miniprogramRoot")?.as_str().map(str::to_string))
            .is_some_and(|root| !matches!(root.trim_end_matches('/'), "" | "."));
        return !elsewhere;
    }
    if folder.join("project.config.json").is_file() {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(folder.join("app.json")) else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("pages").map(|p| p.is_array()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_output_folders_are_read_from_literals() {
        assert_eq!(
            configured_folders("module.exports = { publicPath: './', outputDir: 'docs' }", "outputDir"),
            vec!["docs"]
        );
        assert_eq!(
            configured_folders("  outputDir: path.resolve(__dirname, './www/'),", "outputDir"),
            vec!["www"]
        );
        assert!(configured_folders("build: { outDir: `${root}/out` }", "outDir").is_empty());
        assert!(configured_folders("outputDir: '../server/public'", "outputDir").is_empty());
        assert!(configured_folders("const outDir = 'x'", "outDir").is_empty());
    }
}
