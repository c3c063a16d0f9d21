//! The `jweixin-migrate` command: parses arguments, runs the command, prints, sets the exit status.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc: parsing allocates many small nodes, and the system allocator's locks and
/// consolidation showed in profiles (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use jweixin_migrate::baseline::{Baseline, Ledger};
use jweixin_migrate::cli::{CheckArgs, Cli, Command, FixArgs, Format, ReportArgs};
use jweixin_migrate::report::migration::MigrationReport;
use jweixin_migrate::rules::RuleId;
use jweixin_migrate::settings::{Settings, SettingsError};
use jweixin_migrate::suppress;
use jweixin_migrate::FixMode;
use jweixin_migrate::{parallel, report};

/// Bytes of output gathered before each write to stdout.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// Exit status: nothing to migrate.
const CLEAN: u8 = 0;
/// Exit status: legacy use remains.
const FOUND: u8 = 1;
/// Exit status: the tool failed.
const FAILED: u8 = 2;

/// Where the last panic happened and what it said, kept by the panic hook for the one report a
/// panic outside a file's pipeline gets (`main`).
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    // Panics inside one file's pipeline are caught and reported as that file's error; keep the
    // default hook from printing a backtrace in the middle of the report.
    std::panic::set_hook(Box::new(|info| {
        let message = jweixin_migrate::panic_message(info.payload());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{message}{at}"));
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { FAILED } else { CLEAN });
        }
    };
    // A panic outside a file's pipeline (joining the files into units, say) stops the run; it
    // gets a message and the tool's failure status, not a silent exit.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli))) {
        Ok(status) => ExitCode::from(status),
        Err(_) => {
            let what = LAST_PANIC.lock().ok().and_then(|l| l.clone()).unwrap_or_default();
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: internal error, the run stopped ({what}); please report it with the file that caused it"
            );
            ExitCode::from(FAILED)
        }
    }
}

fn run(cli: Cli) -> u8 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    match cli.command {
        Command::Rules => {
            let mut out = stdout.lock();
            for rule in RuleId::ALL {
                let _ = writeln!(
                    out,
                    "{:<width$} {}",
                    rule.as_str(),
                    rule.summary(),
                    width = RuleId::id_width()
                );
            }
            CLEAN
        }
        Command::Explain { rule } => match RuleId::from_id(&rule) {
            Some(rule) => {
                let _ = write!(stdout.lock(), "{}", rule.documentation());
                CLEAN
            }
            None => {
                let _ = writeln!(
                    stderr.lock(),
                    "error: unknown rule `{rule}`; `jweixin-migrate rules` lists them"
                );
                FAILED
            }
        },
        Command::Fix(args) => fix(args),
        Command::Server => match jweixin_migrate::server::run_stdio() {
            Ok(()) => CLEAN,
            Err(e) => {
                let _ = writeln!(stderr.lock(), "error: language server: {e}");
                // The protocol's status for a server that ends without `shutdown`.
                FOUND
            }
        },
        Command::Check(args) => check(args),
        Command::Report(args) => migration_report(args),
    }
}

/// `check`, with its baseline when one is given.
fn check(args: CheckArgs) -> u8 {
    let stderr = std::io::stderr();
    let settings = match Settings::from_args(&args.files) {
        Ok(settings) => settings,
        Err(e) => return settings_failed(e),
    };
    let baseline = match baseline_for(&args) {
        Ok(baseline) => baseline,
        Err(message) => {
            let _ = writeln!(stderr.lock(), "error: {message}");
            return FAILED;
        }
    };
    let bar = match args.format {
        Format::Human => report::TerminalProgress::for_stderr(),
        _ => None,
    };
    let progress: &dyn jweixin_migrate::Progress = match &bar {
        Some(bar) => bar,
        None => &jweixin_migrate::NoProgress,
    };
    // Buffered: a line-buffered stdout would make one system call per line of output.
    let mut out = std::io::BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout());
    let mut run = match jweixin_migrate::run_check_with(&settings, progress) {
        Ok(run) => run,
        Err(missing) => {
            let _ = writeln!(stderr.lock(), "error: {}: no such file or folder", missing.0.display());
            return FAILED;
        }
    };
    let mut ledger = Ledger::default();
    if let Some(baseline) = &baseline {
        let matches = parallel::map_in_order(settings.jobs, run.reports.iter().collect(), |r| baseline.examine(r));
        for (report, found) in run.reports.iter_mut().zip(matches) {
            ledger.add(found.apply(report));
        }
    }
    let renderer = report::CheckRenderer::new(args.format, settings.color);
    let mut writer = report::CheckWriter::begin(args.format, &mut out);
    for rendered in parallel::map_in_order(settings.jobs, run.reports.iter().collect(), |r| renderer.render(r)) {
        writer.file(rendered);
    }
    writer.passed(run.checked.iter().map(|p| p.as_path()));
    let summary = writer.finish(&run.totals, &run.units, &mut stderr.lock());
    if let Some(baseline) = &baseline {
        let shown = args.baseline.as_ref().or(args.write_baseline.as_ref());
        let written = match baseline.finish(ledger, &settings.paths, args.write_baseline.as_deref()) {
            Ok(done) => report::baseline_summary(&done, shown.map(|p| p.as_path()), &mut stderr.lock()),
            Err(message) => {
                let _ = writeln!(stderr.lock(), "error: {message}");
                return FAILED;
            }
        };
        if written.is_err() {
            return FAILED;
        }
    }
    match (summary, out.flush()) {
        (Ok(summary), Ok(())) if !summary.nothing_checked => {
            if summary.legacy_found {
                FOUND
            } else {
                CLEAN
            }
        }
        _ => FAILED,
    }
}

/// The baseline a `check` filters with: `--baseline`, else the `--write-baseline` file when it
/// exists, else (writing a new one) an empty baseline that takes every finding.
fn baseline_for(args: &CheckArgs) -> Result<Option<Baseline>, String> {
    let mut baseline = match (&args.baseline, &args.write_baseline) {
        (Some(path), _) => Baseline::load(path)?,
        (None, Some(path)) if path.exists() => Baseline::load(path)?,
        (None, Some(path)) => Baseline::new_at(path),
        (None, None) => return Ok(None),
    };
    if args.grow {
        baseline.take_all();
    }
    Ok(Some(baseline))
}

/// `report`: the migration report in Markdown on stdout, and as HTML with `--html`.
fn migration_report(args: ReportArgs) -> u8 {
    let stderr = std::io::stderr();
    let settings = match Settings::from_args(&args.files) {
        Ok(settings) => settings,
        Err(e) => return settings_failed(e),
    };
    let bar = report::TerminalProgress::for_stderr();
    let progress: &dyn jweixin_migrate::Progress = match &bar {
        Some(bar) => bar,
        None => &jweixin_migrate::NoProgress,
    };
    let run = match jweixin_migrate::run_check_with(&settings, progress) {
        Ok(run) => run,
        Err(missing) => {
            let _ = writeln!(stderr.lock(), "error: {}: no such file or folder", missing.0.display());
            return FAILED;
        }
    };
    let migration = MigrationReport::new(&settings.paths, &run);
    if let Some(path) = &args.html {
        if let Err(e) = std::fs::write(path, report::migration::html_page(&migration)) {
            let _ = writeln!(stderr.lock(), "error: cannot write {}: {e}", path.display());
            return FAILED;
        }
    }
    let mut out = std::io::stdout().lock();
    match out
        .write_all(report::migration::markdown(&migration).as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => CLEAN,
        Err(_) => FAILED,
    }
}

/// Settings that cannot be used: the message, or the config file's problems, on stderr.
fn settings_failed(error: SettingsError) -> u8 {
    let mut err = std::io::stderr().lock();
    let _ = match error {
        SettingsError::Invalid(message) => writeln!(err, "error: {message}"),
        SettingsError::Config(error) => report::config_error(&error, &mut err),
    };
    FAILED
}

fn fix(args: FixArgs) -> u8 {
    let stderr = std::io::stderr();
    let settings = match Settings::for_fix(&args) {
        Ok(settings) => settings,
        Err(e) => return settings_failed(e),
    };
    if let Some(path) = &args.stdin_filename {
        if !args.files.paths.is_empty() {
            let _ = writeln!(
                stderr.lock(),
                "error: --stdin-filename reads one file from stdin; give no other paths"
            );
            return FAILED;
        }
        return fix_stdin(path, &settings);
    }
    let mode = if args.diff { FixMode::Diff } else { FixMode::Write };
    let bar = report::TerminalProgress::for_stderr();
    let progress: &dyn jweixin_migrate::Progress = match &bar {
        Some(bar) => bar,
        None => &jweixin_migrate::NoProgress,
    };
    if let Some(reason) = &args.add_suppressions {
        return add_suppressions(&settings, mode, reason, progress);
    }
    let run = match jweixin_migrate::run_fix_with(&settings, mode, settings.unsafe_fixes, progress) {
        Ok(run) => run,
        Err(missing) => {
            let _ = writeln!(stderr.lock(), "error: {}: no such file or folder", missing.0.display());
            return FAILED;
        }
    };
    let mut out = std::io::BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout());
    let renderer = report::FixRenderer::new(mode, settings.color);
    let mut writer = report::FixWriter::begin(mode, &mut out);
    for rendered in parallel::map_in_order(settings.jobs, run.files.iter().collect(), |f| renderer.render(f)) {
        writer.file(rendered);
    }
    let summary = writer.finish(&run.totals, &run.units, &mut stderr.lock());
    match (summary, out.flush()) {
        (Ok(summary), Ok(())) if !summary.nothing_fixed => {
            if (mode == FixMode::Diff && summary.changed_any) || summary.legacy_left {
                FOUND
            } else {
                CLEAN
            }
        }
        _ => FAILED,
    }
}

/// `fix --add-suppressions REASON`: a suppression above every finding left, file by file.
fn add_suppressions(settings: &Settings, mode: FixMode, reason: &str, progress: &dyn jweixin_migrate::Progress) -> u8 {
    let stderr = std::io::stderr();
    if let Err(message) = suppress::add::check_reason(reason) {
        let _ = writeln!(stderr.lock(), "error: {message}");
        return FAILED;
    }
    let mut out = std::io::BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout());
    let renderer = report::FixRenderer::new(mode, settings.color);
    let mut writer = report::FixWriter::begin_suppressing(mode, &mut out);
    let totals = suppress::add::suppress_each(
        settings,
        mode,
        reason.trim(),
        progress,
        |file| renderer.render(&file),
        |rendered| writer.file(rendered),
    );
    let totals = match totals {
        Ok(totals) => totals,
        Err(missing) => {
            let _ = writeln!(stderr.lock(), "error: {}: no such file or folder", missing.0.display());
            return FAILED;
        }
    };
    let summary = writer.finish(&totals, &[], &mut stderr.lock());
    match (summary, out.flush()) {
        (Ok(summary), Ok(())) if !summary.nothing_fixed => {
            if (mode == FixMode::Diff && summary.changed_any) || summary.legacy_left {
                FOUND
            } else {
                CLEAN
            }
        }
        _ => FAILED,
    }
}

/// `fix --stdin-filename PATH`: the editor command.
fn fix_stdin(path: &std::path::Path, settings: &Settings) -> u8 {
    let mut bytes = Vec::new();
    let stderr = std::io::stderr();
    if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes) {
        let _ = writeln!(stderr.lock(), "error: cannot read stdin: {e}");
        return FAILED;
    }
    match jweixin_migrate::fix_text(path, bytes, &settings.rules, settings.unsafe_fixes) {
        Ok(outcome) => {
            let _ = std::io::stdout().lock().write_all(outcome.text.as_bytes());
            let _ = report::print_remaining(&outcome.report, &mut stderr.lock());
            if outcome.legacy_left {
                FOUND
            } else {
                CLEAN
            }
        }
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: {}: {e}", path.display());
            FAILED
        }
    }
}
