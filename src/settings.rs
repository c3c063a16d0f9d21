//! The validated settings of a run, built once from the command line and the config file
//! (flags override the file).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

use crate::cli::{ColorChoice, FileArgs, FixArgs};
use crate::config::{self, Config, ConfigError, ConfigExcludes};
use crate::ignore_files::IgnoreFiles;
use crate::rules::RuleOptions;
use crate::walk::{EntryFilter, SkipReason};

/// Which files a run reads and how many threads it uses.
#[derive(Debug)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    /// `--exclude` and `--extend-exclude`, matched below each given folder.
    pub exclude: GlobSet,
    /// Skip node_modules, hidden and build folders, minified files, SDK copies, mini-programs.
    pub default_excludes: bool,
    /// Skip what `.gitignore`, `.ignore`, `.git/info/exclude` and git's global file ignore.
    pub respect_gitignore: bool,
    pub jobs: usize,
    /// Colour in human output.
    pub color: bool,
    pub rules: RuleOptions,
    /// `fix`: also apply unsafe fixes.
    pub unsafe_fixes: bool,
    /// The config file the run uses, if any.
    pub config: Option<Config>,
    /// The config file's `exclude` and `extend-exclude`.
    config_excludes: Option<ConfigExcludes>,
}

/// Why the settings cannot be used.
#[derive(Debug)]
pub enum SettingsError {
    /// A command-line value that does not make sense.
    Invalid(String),
    /// The config file is wrong; exit 2 with its problems.
    Config(ConfigError),
}

impl Settings {
    /// Settings for checking `paths` with the defaults and no config file (used by tests and
    /// embedders).
    pub fn for_paths(paths: Vec<PathBuf>) -> Settings {
        Settings {
            paths,
            exclude: GlobSet::empty(),
            default_excludes: true,
            respect_gitignore: false,
            jobs: 1,
            color: false,
            rules: RuleOptions::default(),
            unsafe_fixes: false,
            config: None,
            config_excludes: None,
        }
    }

    /// Settings from the command line and the config file that applies to the given paths.
    pub fn from_args(args: &FileArgs) -> Result<Settings, SettingsError> {
        Settings::from_args_at(args, None)
    }

    /// Like [`Settings::from_args`]; `anchor` is where to look for the config file when no
    /// path is given (the file `fix --stdin-filename` stands for).
    pub fn from_args_at(args: &FileArgs, anchor: Option<&Path>) -> Result<Settings, SettingsError> {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        let config_file = match &args.config {
            Some(file) => Some(file.clone()),
            None if args.no_config => None,
            None => {
                let anchors = match anchor {
                    Some(anchor) if args.paths.is_empty() => vec![anchor.to_path_buf()],
                    _ => paths.clone(),
                };
                config::find_for_paths(&anchors).map_err(SettingsError::Config)?
            }
        };
        let config = match config_file {
            Some(file) => Some(config::load(&file).map_err(SettingsError::Config)?),
            None => None,
        };
        let mut exclude = GlobSetBuilder::new();
        for (flag, pattern) in args
            .exclude
            .iter()
            .map(|p| ("--exclude", p))
            .chain(args.extend_exclude.iter().map(|p| ("--extend-exclude", p)))
        {
            let glob = config::exclude_glob(pattern)
                .map_err(|e| SettingsError::Invalid(format!("invalid {flag} pattern `{pattern}`: {e}")))?;
            exclude.add(glob);
        }
        let exclude = exclude
            .build()
            .map_err(|e| SettingsError::Invalid(format!("invalid --exclude patterns: {e}")))?;
        let jobs = match args.jobs.or(config.as_ref().and_then(|c| c.jobs)) {
            Some(0) => return Err(SettingsError::Invalid("--jobs must be at least 1".to_string())),
            Some(n) => n,
            None => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        };
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        let mut rules = RuleOptions::default();
        let mut unsafe_fixes = false;
        if let Some(config) = &config {
            if let Some(url) = &config.fix.cdn_url {
                rules.cdn_url = url.clone();
            }
            rules.named_invoke = config.fix.named_invoke.unwrap_or(false);
            rules.levels = config.rules.clone();
            unsafe_fixes = config.fix.unsafe_fixes.unwrap_or(false);
        }
        let config_excludes = config
            .as_ref()
            .map(|c| ConfigExcludes::new(c, !args.exclude.is_empty()))
            .filter(|e| !e.is_empty());
        Ok(Settings {
            paths,
            exclude,
            default_excludes: !args.no_default_excludes
                && config.as_ref().and_then(|c| c.default_excludes).unwrap_or(true),
            respect_gitignore: !args.no_ignore && config.as_ref().and_then(|c| c.respect_gitignore).unwrap_or(true),
            jobs,
            color,
            rules,
            unsafe_fixes,
            config,
            config_excludes,
        })
    }

    /// Settings for `fix`: the file settings, then the fix flags over the config's `[fix]`.
    pub fn for_fix(args: &FixArgs) -> Result<Settings, SettingsError> {
        let mut settings = Settings::from_args_at(&args.files, args.stdin_filename.as_deref())?;
        if let Some(url) = &args.cdn_url {
            settings.rules.cdn_url = url.clone();
        }
        settings.rules.named_invoke |= args.named_invoke;
        settings.unsafe_fixes |= args.unsafe_fixes;
        Ok(settings)
    }

    /// The skips the walk asks about besides its own: the config file's excludes and, unless
    /// turned off, the ignore files.
    pub fn entry_filter(&self) -> SettingsFilter<'_> {
        SettingsFilter {
            excludes: self.config_excludes.as_ref(),
            ignore_files: self.respect_gitignore.then(IgnoreFiles::new),
            roots: None,
        }
    }
}

/// The walk's [`EntryFilter`] for a run's settings.
pub struct SettingsFilter<'s> {
    excludes: Option<&'s ConfigExcludes>,
    ignore_files: Option<IgnoreFiles>,
    /// The last given folder and its absolute path.
    roots: Option<(PathBuf, PathBuf)>,
}

impl EntryFilter for SettingsFilter<'_> {
    fn skip(&mut self, root: &Path, path: &Path, is_dir: bool) -> Option<SkipReason> {
        if self.excludes.is_none() && self.ignore_files.is_none() {
            return None;
        }
        if self.roots.as_ref().is_none_or(|(given, _)| given != root) {
            self.roots = Some((root.to_path_buf(), config::absolute_path(root)));
        }
        let full_root = self.roots.as_ref().map(|(_, full)| full.as_path())?;
        let full = full_root.join(path.strip_prefix(root).unwrap_or(path));
        if self.excludes.is_some_and(|e| e.matches(&full)) {
            return Some(SkipReason::ConfigExcluded);
        }
        let ignored = self.ignore_files.as_mut().is_some_and(|f| f.is_ignored(&full, is_dir));
        ignored.then_some(SkipReason::Ignored)
    }
}
