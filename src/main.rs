//! The `jweixin-migrate` command: parses arguments, runs the command, prints, sets the exit status.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use jweixin_migrate::cli::{Cli, Command};
use jweixin_migrate::report;
use jweixin_migrate::rules::RuleId;
use jweixin_migrate::settings::Settings;

/// Exit status: nothing to migrate.
const CLEAN: u8 = 0;
/// Exit status: legacy use remains.
const FOUND: u8 = 1;
/// Exit status: the tool failed.
const FAILED: u8 = 2;

fn main() -> ExitCode {
    // Panics inside one file's pipeline are caught and reported as that file's error; keep the
    // default hook from printing a backtrace in the middle of the report.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { FAILED } else { CLEAN });
        }
    };
    ExitCode::from(run(cli))
}

fn run(cli: Cli) -> u8 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    match cli.command {
        Command::Rules => {
            let mut out = stdout.lock();
            for rule in RuleId::ALL {
                let _ = writeln!(out, "{:<16} {}", rule.as_str(), rule.summary());
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
        Command::Check(args) => {
            let settings = match Settings::from_args(&args.files) {
                Ok(settings) => settings,
                Err(e) => {
                    let _ = writeln!(stderr.lock(), "error: {}", e.0);
                    return FAILED;
                }
            };
            let run = match jweixin_migrate::run_check(&settings) {
                Ok(run) => run,
                Err(missing) => {
                    let _ = writeln!(stderr.lock(), "error: {}: no such file or folder", missing.0.display());
                    return FAILED;
                }
            };
            let printed = report::print_check(
                &run,
                args.format,
                settings.color,
                &mut stdout.lock(),
                &mut stderr.lock(),
            );
            if printed.is_err() || run.nothing_checked() {
                FAILED
            } else if report::has_errors(&run) {
                FOUND
            } else {
                CLEAN
            }
        }
    }
}
