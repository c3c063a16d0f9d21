//! The command line, as clap definitions. `settings` turns it into validated settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find legacy WeCom/WeChat JS-SDK (jweixin: `wx`, `jWeixin`, `weixin-js-sdk`, `jweixin-module`)
/// code and migrate it to `@wecom/jssdk` (`ww`).
#[derive(Debug, Parser)]
#[command(name = "jweixin-migrate", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report legacy JS-SDK use; exit 1 when there is any (for CI)
    Check(CheckArgs),
    /// Rewrite legacy JS-SDK use to @wecom/jssdk in place (safe fixes; see --unsafe-fixes, --diff)
    Fix(FixArgs),
    /// Write a migration report in Markdown to stdout: progress, what is left per file, each
    /// blocker with its manual step (and, with --html, one self-contained HTML page)
    Report(ReportArgs),
    /// List the rules, one line each
    Rules,
    /// Print a rule's documentation: what, why, example, fix safety
    Explain {
        /// A rule id, e.g. `wx-config` (see `jweixin-migrate rules`)
        rule: String,
    },
    /// Run the language server on stdin/stdout, for editors (diagnostics, quick fixes, hover)
    Server,
}

/// Options every command that reads files shares.
#[derive(Debug, Args)]
pub struct FileArgs {
    /// Files or folders to check [default: .]
    pub paths: Vec<PathBuf>,
    /// Skip files and folders matching this glob (repeatable), e.g. `--exclude 'legacy/**'`;
    /// replaces the config file's `exclude`
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Skip these too (repeatable), in addition to `--exclude` and the config file's patterns
    #[arg(long, value_name = "GLOB")]
    pub extend_exclude: Vec<String>,
    /// Read what .gitignore, .ignore, .git/info/exclude and git's global excludes file ignore
    #[arg(long)]
    pub no_ignore: bool,
    /// Use this config file instead of the `jweixin-migrate.toml` found above the paths
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Read no config file
    #[arg(long)]
    pub no_config: bool,
    /// Also read what is skipped by default: node_modules, hidden, dist and build folders,
    /// minified files, copies of the SDK, declaration files and mini-program roots
    #[arg(long)]
    pub no_default_excludes: bool,
    /// The module that configures the SDK before any other code of the app runs (the entry's
    /// first import), so that a `wx.ready` elsewhere in its unit may move safely; replaces the
    /// config file's `registrar`
    #[arg(long, value_name = "FILE")]
    pub registrar: Option<PathBuf>,
    /// Number of threads [default: the number of CPUs]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// When to use colour in human output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub files: FileArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Report (and fail on) only the findings this baseline file does not hold
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the findings to this baseline file: a new file gets all of them; an existing one
    /// (or the --baseline) keeps only its entries that still match, so it never grows unless
    /// --grow is given
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// With --write-baseline: also add the findings the baseline does not hold yet
    #[arg(long, requires = "write_baseline")]
    pub grow: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub files: FileArgs,
    /// Also write the report as one self-contained HTML page to this file
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub files: FileArgs,
    /// Also apply unsafe fixes (each one says what may change)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Write nothing; print a unified diff of what would change (exit 1 if anything would)
    #[arg(long, conflicts_with = "stdin_filename")]
    pub diff: bool,
    /// Read the source from stdin, as if it were this file, and write the fixed source to
    /// stdout (findings left go to stderr); for editors
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// The @wecom/jssdk browser build that replaces jweixin `<script src>` tags
    /// [default: https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js]
    #[arg(long, value_name = "URL")]
    pub cdn_url: Option<String>,
    /// Apply no fix; instead add a `jweixin-migrate-ignore-next-line` comment with this reason
    /// above every finding left (`--diff` shows them first)
    #[arg(long, value_name = "REASON", conflicts_with_all = ["stdin_filename", "unsafe_fixes"])]
    pub add_suppressions: Option<String>,
    /// Offer the named `ww.<api>({..., complete})` form for `wx.invoke` of APIs the table marks
    /// identical (an unsafe fix: it waits for the handshake)
    #[arg(long)]
    pub named_invoke: bool,
}

/// How findings are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames for people (stdout) and a summary (stderr)
    Human,
    /// One JSON object (documented in the README)
    Json,
    /// GitHub Actions workflow annotations
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// GitLab Code Quality report (JSON), for merge requests
    Gitlab,
    /// JUnit XML: a test case per file, a failure per finding (Jenkins, GitLab)
    Junit,
    /// Checkstyle XML (Jenkins Warnings NG and other tools)
    Checkstyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
