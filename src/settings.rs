//! The validated settings of a run, built once from the command line and the config files
//! (flags override the files). Each given path gets the config file nearest to it; what a
//! file's check depends on (rule levels, fix options, excludes, ignore files) follows its
//! path's file, while what the whole run shares (threads, default excludes, unsafe fixes)
//! must agree between the files.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

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
    pub jobs: usize,
    /// Colour in human output.
    pub color: bool,
    /// The rule options of the first path (all of them when one config file, or none, applies).
    pub rules: RuleOptions,
    /// `fix`: also apply unsafe fixes.
    pub unsafe_fixes: bool,
    /// Per given path: its config file and what follows from it.
    scopes: Vec<Scope>,
}

/// What one given path's config file decides.
#[derive(Debug)]
struct Scope {
    /// The path as given, and its components without `.`, to match file paths against.
    given: PathBuf,
    parts: Vec<PathBuf>,
    rules: RuleOptions,
    excludes: Option<ConfigExcludes>,
    respect_gitignore: bool,
}

/// Why the settings cannot be used.
#[derive(Debug)]
pub enum SettingsError {
    /// A command-line value that does not make sense.
    Invalid(String),
    /// A config file is wrong; exit 2 with its problems.
    Config(ConfigError),
}

/// Settings the whole run shares, as one path's config file and the flags decide them.
/// (`jobs` is not one of them: the output is the same for any number, so the largest wins.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RunWide {
    default_excludes: bool,
    unsafe_fixes: bool,
}

impl Settings {
    /// Settings for checking `paths` with the defaults, no config file and no ignore files
    /// (used by tests and embedders).
    pub fn for_paths(paths: Vec<PathBuf>) -> Settings {
        Settings {
            paths,
            exclude: GlobSet::empty(),
            default_excludes: true,
            jobs: 1,
            color: false,
            rules: RuleOptions::default(),
            unsafe_fixes: false,
            scopes: Vec::new(),
        }
    }

    /// Settings from the command line and the config files that apply to the given paths.
    pub fn from_args(args: &FileArgs) -> Result<Settings, SettingsError> {
        Settings::build(args, None, None)
    }

    /// Settings for `fix`: the file settings, then the fix flags over the config's `[fix]`.
    /// With `--stdin-filename`, the config file is the one nearest to that name.
    pub fn for_fix(args: &FixArgs) -> Result<Settings, SettingsError> {
        Settings::build(&args.files, args.stdin_filename.as_deref(), Some(args))
    }

    fn build(args: &FileArgs, anchor: Option<&Path>, fix: Option<&FixArgs>) -> Result<Settings, SettingsError> {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
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
        if args.jobs == Some(0) {
            return Err(SettingsError::Invalid("--jobs must be at least 1".to_string()));
        }
        // Each config file is read once, however many paths it governs.
        let mut loaded: BTreeMap<PathBuf, Config> = BTreeMap::new();
        let mut scopes = Vec::new();
        let mut run_wide: Option<(PathBuf, Option<PathBuf>, RunWide)> = None;
        let mut jobs = args.jobs;
        for path in &paths {
            let file = match &args.config {
                Some(file) => Some(file.clone()),
                None if args.no_config => None,
                None => {
                    let anchor = match anchor {
                        Some(anchor) if args.paths.is_empty() => anchor,
                        _ => path.as_path(),
                    };
                    config::find_for(anchor).map_err(SettingsError::Config)?
                }
            };
            let config = match &file {
                None => None,
                Some(file) => match loaded.get(file) {
                    Some(config) => Some(config.clone()),
                    None => {
                        let config = config::load(file).map_err(SettingsError::Config)?;
                        loaded.insert(file.clone(), config.clone());
                        Some(config)
                    }
                },
            };
            if args.jobs.is_none() {
                jobs = jobs.max(config.as_ref().and_then(|c| c.jobs));
            }
            let wide = RunWide {
                default_excludes: !args.no_default_excludes
                    && config.as_ref().and_then(|c| c.default_excludes).unwrap_or(true),
                unsafe_fixes: fix.is_some_and(|f| f.unsafe_fixes)
                    || config.as_ref().and_then(|c| c.fix.unsafe_fixes).unwrap_or(false),
            };
            let shown = config.as_ref().map(|c| c.file.clone());
            match &run_wide {
                None => run_wide = Some((path.clone(), shown, wide)),
                Some((first, first_file, first_wide)) if *first_wide != wide => {
                    return Err(SettingsError::Invalid(disagreement(
                        first, first_file, first_wide, path, &shown, &wide,
                    )));
                }
                Some(_) => {}
            }
            let scope = Scope::new(path, config.as_ref(), args, fix);
            if let Some(registrar) = scope.rules.registrar.as_ref().filter(|r| !r.is_file()) {
                let named_by = match (&args.registrar, &config) {
                    (Some(_), _) => "--registrar".to_string(),
                    (None, Some(config)) => format!("`registrar` in {}", config.file.display()),
                    (None, None) => "--registrar".to_string(),
                };
                return Err(SettingsError::Invalid(format!(
                    "the registrar {} names, {}, is not a file",
                    named_by,
                    registrar.display()
                )));
            }
            scopes.push(scope);
        }
        let wide = run_wide.map(|(_, _, wide)| wide).unwrap_or(RunWide {
            default_excludes: !args.no_default_excludes,
            unsafe_fixes: fix.is_some_and(|f| f.unsafe_fixes),
        });
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        Ok(Settings {
            paths,
            exclude,
            default_excludes: wide.default_excludes,
            jobs: jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)),
            color,
            rules: scopes.first().map(|s| s.rules.clone()).unwrap_or_default(),
            unsafe_fixes: wide.unsafe_fixes,
            scopes,
        })
    }

    /// The rule options for a file found below the given paths (or named among them): those
    /// of the nearest given path's config file.
    pub fn rules_for(&self, file: &Path) -> &RuleOptions {
        if self.scopes.len() <= 1 {
            return &self.rules;
        }
        self.scope_of(file).map_or(&self.rules, |s| &s.rules)
    }

    /// The scope of the deepest given path that holds `file`.
    fn scope_of(&self, file: &Path) -> Option<&Scope> {
        let parts = parts(file);
        self.scopes
            .iter()
            .filter(|s| parts.starts_with(&s.parts))
            .max_by_key(|s| s.parts.len())
    }

    /// The skips the walk asks about besides its own: the config files' excludes and, unless
    /// turned off, the ignore files.
    pub fn entry_filter(&self) -> SettingsFilter<'_> {
        SettingsFilter {
            settings: self,
            ignore_files: self.scopes.iter().any(|s| s.respect_gitignore).then(IgnoreFiles::new),
            roots: None,
            folder: None,
        }
    }
}

impl Scope {
    fn new(path: &Path, config: Option<&Config>, args: &FileArgs, fix: Option<&FixArgs>) -> Scope {
        let mut rules = RuleOptions::default();
        if let Some(config) = config {
            if let Some(url) = &config.fix.cdn_url {
                rules.cdn_url = url.clone();
            }
            rules.named_invoke = config.fix.named_invoke.unwrap_or(false);
            rules.levels = config.rules.clone();
            rules.registrar = config
                .fix
                .registrar
                .as_ref()
                .map(|r| crate::project::resolve::normalize(&config.dir.join(r)));
        }
        if let Some(registrar) = &args.registrar {
            let cwd = std::env::current_dir().unwrap_or_default();
            rules.registrar = Some(crate::project::resolve::absolute(&cwd, registrar));
        }
        if let Some(fix) = fix {
            if let Some(url) = &fix.cdn_url {
                rules.cdn_url = url.clone();
            }
            rules.named_invoke |= fix.named_invoke;
        }
        Scope {
            given: path.to_path_buf(),
            parts: parts(path),
            excludes: config
                .map(|c| ConfigExcludes::new(c, !args.exclude.is_empty()))
                .filter(|e| !e.is_empty()),
            respect_gitignore: !args.no_ignore && config.and_then(|c| c.respect_gitignore).unwrap_or(true),
            rules,
        }
    }
}

/// A path's components without `.`, so that `./src/a.js` and `src/a.js` compare equal.
fn parts(path: &Path) -> Vec<PathBuf> {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| PathBuf::from(c.as_os_str()))
        .collect()
}

/// The message for two paths whose config files set a run-wide setting differently.
fn disagreement(
    first: &Path,
    first_file: &Option<PathBuf>,
    first_wide: &RunWide,
    path: &Path,
    file: &Option<PathBuf>,
    wide: &RunWide,
) -> String {
    let setting = if first_wide.default_excludes != wide.default_excludes {
        "`default-excludes` (or --no-default-excludes)"
    } else {
        "`unsafe-fixes` (or --unsafe-fixes)"
    };
    let name = |f: &Option<PathBuf>| {
        f.as_ref()
            .map_or("no config file".to_string(), |f| format!("`{}`", f.display()))
    };
    format!(
        "`{}` and `{}` take {setting} from different config files ({} and {}) that disagree, and a run has one value; give the flag, or check them in separate runs",
        first.display(),
        path.display(),
        name(first_file),
        name(file)
    )
}

/// The walk's [`EntryFilter`] for a run's settings.
pub struct SettingsFilter<'s> {
    settings: &'s Settings,
    ignore_files: Option<IgnoreFiles>,
    /// The last given folder, its scope and its absolute path.
    roots: Option<(PathBuf, Option<&'s Scope>, PathBuf)>,
    /// The folder of the last entry asked about, as the walk gives it and made absolute: the
    /// walk asks about a folder's entries in a row.
    folder: Option<(PathBuf, PathBuf)>,
}

impl EntryFilter for SettingsFilter<'_> {
    fn skip(&mut self, root: &Path, path: &Path, is_dir: bool) -> Option<SkipReason> {
        if self.roots.as_ref().is_none_or(|(given, _, _)| given != root) {
            // A folder read only to find units (the project around a named file) follows the
            // nearest given path, or the first.
            let scope = self
                .settings
                .scopes
                .iter()
                .find(|s| s.given == root)
                .or_else(|| self.settings.scope_of(root))
                .or_else(|| self.settings.scopes.first());
            self.roots = Some((root.to_path_buf(), scope, config::absolute_path(root)));
            self.folder = None;
        }
        let (_, scope, full_root) = self.roots.as_ref()?;
        let scope = (*scope)?;
        if scope.excludes.is_none() && !scope.respect_gitignore {
            return None;
        }
        let full = match (&self.folder, path.parent(), path.file_name()) {
            (Some((folder, full_folder)), Some(parent), Some(name)) if folder.as_os_str() == parent.as_os_str() => {
                full_folder.join(name)
            }
            _ => {
                let full = full_root.join(path.strip_prefix(root).unwrap_or(path));
                if let (Some(parent), Some(full_parent)) = (path.parent(), full.parent()) {
                    self.folder = Some((parent.to_path_buf(), full_parent.to_path_buf()));
                }
                full
            }
        };
        if scope.excludes.as_ref().is_some_and(|e| e.matches(&full)) {
            return Some(SkipReason::ConfigExcluded);
        }
        let ignored =
            scope.respect_gitignore && self.ignore_files.as_mut().is_some_and(|f| f.is_ignored(&full, is_dir));
        ignored.then_some(SkipReason::Ignored)
    }
}
