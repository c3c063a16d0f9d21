//! The swc baseline for `scripts/bench.sh`: finds the same files as `check`, reads them and
//! parses every script block, and does nothing else (no prefilter, no rules). Prints the
//! files, bytes and seconds it took, so `check` can be compared with the cost of parsing.
//!
//! `cargo run --release --example parse_only -- [--jobs N] [--no-default-excludes] PATHS...`

use std::time::Instant;

use rayon::prelude::*;

/// The same allocator as the `jweixin-migrate` binary, so the comparison is fair.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use jweixin_migrate::parse;
use jweixin_migrate::pipeline::read_text;
use jweixin_migrate::source::{FileKind, SourceFile};
use jweixin_migrate::walk;

fn main() {
    let mut jobs = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut default_excludes = true;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" => jobs = args.next().and_then(|n| n.parse().ok()).unwrap_or(jobs),
            "--no-default-excludes" => default_excludes = false,
            _ => paths.push(std::path::PathBuf::from(arg)),
        }
    }
    let start = Instant::now();
    let Ok(found) = walk::discover(&paths, &globset::GlobSet::empty(), default_excludes) else {
        eprintln!("error: a path does not exist");
        std::process::exit(2);
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(256 * 1024 * 1024)
        .build()
        .unwrap_or_else(|_| std::process::exit(2));
    let (bytes, blocks, errors) = pool.install(|| {
        found
            .files
            .par_iter()
            .map(|c| {
                let Ok((text, _)) = read_text(&c.path) else {
                    return (0, 0, 1);
                };
                let len = text.len();
                if c.kind == FileKind::PackageJson {
                    return (len, 0, 0);
                }
                let dts = matches!(c.kind, FileKind::Script { dts: true, .. });
                let file = SourceFile::new(c.path.clone(), c.kind, text);
                let extracted = file.extract();
                let failed = extracted
                    .blocks
                    .iter()
                    .filter(|b| parse::parse_block(&file.text, b, dts).is_err())
                    .count();
                (len, extracted.blocks.len(), failed)
            })
            .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "files {} bytes {} blocks {} parse_errors {} seconds {:.3} MB_per_s {:.1}",
        found.files.len(),
        bytes,
        blocks,
        errors,
        seconds,
        bytes as f64 / 1e6 / seconds
    );
}
