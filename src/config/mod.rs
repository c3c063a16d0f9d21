//! The project's config file, `jweixin-migrate.toml` (or `.jweixin-migrate.toml`): settings a
//! team would otherwise repeat as flags in every CI script and editor. It is found upward from
//! the checked paths (the nearest wins) or named with `--config`, and read with the position of
//! every key and value, so a mistake is reported at its line and column.
//!
//! ```toml
//! exclude = ["legacy/**"]          # files and folders to skip (replaced by --exclude)
//! extend-exclude = ["**/vendor"]   # more to skip (added to --exclude)
//! default-excludes = true          # skip node_modules, dist, build, hidden, minified, SDK copies
//! respect-gitignore = true         # skip what .gitignore / .ignore / .git/info/exclude ignore
//! jobs = 4                         # threads
//!
//! [fix]
//! cdn-url = "https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js"
//! named-invoke = false
//! unsafe-fixes = false
//! registrar = "src/sdk.js"         # the module that configures the SDK before any other code
//!
//! [rules]
//! wx-object = "warning"            # "error", "warning" or "off"
//! ```
//!
//! Top-level keys say which files a run reads, `[fix]` how fixes are written, `[rules]` how
//! each rule's findings count. A new setting is one entry in the key lists of `read.rs` and one
//! field here.

mod read;

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::rules::levels::RuleLevels;

/// The names the config file may have, looked for in this order in each folder.
pub const FILE_NAMES: [&str; 2] = ["jweixin-migrate.toml", ".jweixin-migrate.toml"];

/// One config file, read and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as shown in messages.
    pub file: PathBuf,
    /// The absolute folder holding it; `exclude` patterns are relative to it.
    pub dir: PathBuf,
    /// `exclude`: replaced by `--exclude` when that is given.
    pub exclude: Option<Vec<String>>,
    /// `extend-exclude`: always applied.
    pub extend_exclude: Vec<String>,
    pub default_excludes: Option<bool>,
    pub respect_gitignore: Option<bool>,
    pub jobs: Option<usize>,
    /// `[fix]`.
    pub fix: FixConfig,
    /// `[rules]`.
    pub rules: RuleLevels,
}

/// The `[fix]` table.
#[derive(Debug, Clone, Default)]
pub struct FixConfig {
    pub cdn_url: Option<String>,
    pub named_invoke: Option<bool>,
    pub unsafe_fixes: Option<bool>,
    /// The module that runs `ww.register` before any other code of the app (a path relative
    /// to the config file's folder), so a `wx.ready` elsewhere in its unit may move safely.
    pub registrar: Option<PathBuf>,
}

/// A config file that cannot be used: each problem with its place in the file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The file, as shown in messages.
    pub file: PathBuf,
    /// Its text, when it could be read (the problems' spans point into it).
    pub text: Option<Arc<str>>,
    /// In the order they appear in the file.
    pub problems: Vec<ConfigProblem>,
}

/// One mistake in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub message: String,
    /// Byte range in the file's text; `None` for a file that could not be read at all.
    pub span: Option<Range<usize>>,
    /// What the span shows.
    pub label: String,
    pub help: Option<String>,
}

impl ConfigError {
    fn whole_file(file: PathBuf, message: String) -> ConfigError {
        ConfigError {
            file,
            text: None,
            problems: vec![ConfigProblem {
                message,
                span: None,
                label: String::new(),
                help: None,
            }],
        }
    }
}

/// Reads and checks the config file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = shown(path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::whole_file(
            shown.clone(),
            format!("cannot read the config file: {}", io_message(&e)),
        )
    })?;
    let dir = absolute_path(path).parent().map(Path::to_path_buf).unwrap_or_default();
    read::parse(&text, shown.clone(), dir).map_err(|problems| ConfigError {
        file: shown,
        text: Some(Arc::from(text.as_str())),
        problems,
    })
}

/// The config file nearest to `path`: in its folder (the path itself when it is a folder) or
/// the closest folder above. Two config files in one folder are an error.
pub fn find_for(path: &Path) -> Result<Option<PathBuf>, ConfigError> {
    let full = absolute_path(path);
    let start = if full.is_dir() {
        full.as_path()
    } else {
        full.parent().unwrap_or(&full)
    };
    for folder in start.ancestors() {
        let found: Vec<PathBuf> = FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .filter(|candidate| candidate.is_file())
            .collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(Some(one.clone())),
            [first, second, ..] => {
                return Err(ConfigError::whole_file(
                    shown(first),
                    format!(
                        "two config files in one folder: {} and {}; keep one",
                        shown(first).display(),
                        shown(second).display()
                    ),
                ))
            }
        }
    }
    Ok(None)
}

/// Glob patterns of a config file, matched against paths relative to its folder and
/// against file names, as `--exclude` is.
#[derive(Debug, Clone)]
pub struct ConfigExcludes {
    dir: PathBuf,
    globs: GlobSet,
}

impl ConfigExcludes {
    /// The patterns that apply: `extend-exclude`, and `exclude` unless `--exclude` replaced it.
    pub fn new(config: &Config, replaced_by_flags: bool) -> ConfigExcludes {
        let mut builder = GlobSetBuilder::new();
        let exclude = if replaced_by_flags {
            &[][..]
        } else {
            config.exclude.as_deref().unwrap_or_default()
        };
        for pattern in exclude.iter().chain(&config.extend_exclude) {
            // Checked when the file was read.
            if let Ok(glob) = exclude_glob(pattern) {
                builder.add(glob);
            }
        }
        ConfigExcludes {
            dir: config.dir.clone(),
            globs: builder.build().unwrap_or_else(|_| GlobSet::empty()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// Whether an absolute path is excluded.
    pub fn matches(&self, full: &Path) -> bool {
        let relative = full.strip_prefix(&self.dir).unwrap_or(full);
        self.globs.is_match(relative) || full.file_name().is_some_and(|name| self.globs.is_match(name))
    }
}

/// A glob as `--exclude` and the config file's `exclude` read it: `*` also crosses `/`.
pub fn exclude_glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(false).build()
}

/// `path` made absolute against the current folder, with `.` and `..` resolved by name
/// (symbolic links are not followed).
pub(crate) fn absolute_path(path: &Path) -> PathBuf {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in full.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A path as messages show it: relative to the current folder when it lies inside it.
fn shown(path: &Path) -> PathBuf {
    let full = absolute_path(path);
    match std::env::current_dir() {
        Ok(cwd) => full
            .strip_prefix(absolute_path(&cwd))
            .map(Path::to_path_buf)
            .unwrap_or(full),
        Err(_) => full,
    }
}

fn io_message(error: &std::io::Error) -> String {
    let text = error.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_lowercase()
}
