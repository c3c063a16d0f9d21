//! The validated settings of a run, built once from the command line.

use std::io::IsTerminal;
use std::path::PathBuf;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::cli::{ColorChoice, FileArgs};
use crate::rules::RuleOptions;

/// Which files a run reads and how many threads it uses.
#[derive(Debug)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    pub exclude: GlobSet,
    /// Skip node_modules, hidden and build folders, minified files, SDK copies, mini-programs.
    pub default_excludes: bool,
    pub jobs: usize,
    /// Colour in human output.
    pub color: bool,
    pub rules: RuleOptions,
}

/// A command-line value that does not make sense.
#[derive(Debug)]
pub struct InvalidSetting(pub String);

impl Settings {
    /// Settings for checking `paths` with the defaults (used by tests and embedders).
    pub fn for_paths(paths: Vec<PathBuf>) -> Settings {
        Settings {
            paths,
            exclude: GlobSet::empty(),
            default_excludes: true,
            jobs: 1,
            color: false,
            rules: RuleOptions::default(),
        }
    }

    pub fn from_args(args: &FileArgs) -> Result<Settings, InvalidSetting> {
        let mut exclude = GlobSetBuilder::new();
        for pattern in &args.exclude {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(false)
                .build()
                .map_err(|e| InvalidSetting(format!("invalid --exclude pattern `{pattern}`: {e}")))?;
            exclude.add(glob);
        }
        let exclude = exclude
            .build()
            .map_err(|e| InvalidSetting(format!("invalid --exclude patterns: {e}")))?;
        let jobs = match args.jobs {
            Some(0) => return Err(InvalidSetting("--jobs must be at least 1".to_string())),
            Some(n) => n,
            None => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        };
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        Ok(Settings {
            paths,
            exclude,
            default_excludes: !args.no_default_excludes,
            jobs,
            color,
            rules: RuleOptions::default(),
        })
    }
}
