//! Runs one piece of work per file on the worker pool while the walk is still finding files,
//! and hands the results on in path order as they complete. Nothing is kept per file beyond
//! the results waiting for an earlier file to finish.

use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};

use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::settings::Settings;
use crate::walk::{self, Candidate, MissingPath, WalkSummary};
use crate::Progress;

/// Stack for worker threads: swc's visitors recurse once per nesting level.
pub const WORKER_STACK_BYTES: usize = 1024 * 1024 * 1024;

/// Files found by the walk but not yet taken by a worker. Large enough that the walk seldom
/// waits for the workers (each wait costs two thread switches), small enough not to matter
/// for memory (a path each).
const QUEUED_FILES: usize = 16 * 1024;

/// Results that finished early, waiting for the files before them.
struct InOrder<T, E> {
    next: usize,
    waiting: BTreeMap<usize, T>,
    emit: E,
}

impl<T, E: FnMut(T)> InOrder<T, E> {
    fn done(&mut self, index: usize, result: T) {
        if index != self.next {
            self.waiting.insert(index, result);
            return;
        }
        (self.emit)(result);
        self.next += 1;
        while let Some(result) = self.waiting.remove(&self.next) {
            (self.emit)(result);
            self.next += 1;
        }
    }
}

/// Walks `roots` (with the settings' excludes) on this thread, runs `work` on each file on
/// `settings.jobs` worker threads, and calls `emit` with each result in path order, on
/// whichever worker finished the result that was next in line (one call at a time).
pub fn each_file<T: Send>(
    settings: &Settings,
    roots: &[std::path::PathBuf],
    progress: &dyn Progress,
    work: impl Fn(&Candidate) -> T + Sync,
    emit: impl FnMut(T) + Send,
) -> Result<WalkSummary, MissingPath> {
    walk::check_roots(roots)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .stack_size(WORKER_STACK_BYTES)
        .build();
    let (files_tx, files_rx) = mpsc::sync_channel::<(usize, Candidate)>(QUEUED_FILES);
    let in_order = Mutex::new(InOrder {
        next: 0,
        waiting: BTreeMap::new(),
        emit,
    });
    std::thread::scope(|scope| {
        let work = &work;
        let in_order = &in_order;
        let workers = std::thread::Builder::new()
            .name("jweixin-migrate-workers".to_string())
            .stack_size(WORKER_STACK_BYTES)
            .spawn_scoped(scope, move || {
                let run = move || {
                    files_rx.into_iter().par_bridge().for_each(|(index, candidate)| {
                        let result = work(&candidate);
                        progress.advance();
                        in_order
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .done(index, result);
                    })
                };
                match pool {
                    Ok(pool) => pool.install(run),
                    // Without a pool, this thread (with the same large stack) does the work.
                    Err(_) => run(),
                }
            })
            .unwrap_or_else(|error| panic!("cannot start the worker threads: {error}"));
        let mut next = 0;
        let mut filter = settings.entry_filter();
        let walked = walk::walk(
            roots,
            &settings.exclude,
            settings.default_excludes,
            &mut filter,
            &mut |candidate| {
                progress.found();
                // The receiver only goes away if the workers died; the join below says why.
                let _ = files_tx.send((next, candidate));
                next += 1;
            },
        );
        drop(files_tx);
        if let Err(payload) = workers.join() {
            std::panic::resume_unwind(payload);
        }
        progress.finish();
        walked
    })
}

/// Runs `work` on each item on a pool of `jobs` threads with the workers' large stacks (fixing
/// a file parses and visits it again), and returns the results in the items' order.
pub fn map_in_order<T: Send, R: Send>(jobs: usize, items: Vec<T>, work: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    use rayon::iter::{IntoParallelIterator, ParallelIterator};
    let run = move || items.into_par_iter().map(&work).collect::<Vec<R>>();
    match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK_BYTES)
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, run)
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
                })
                .unwrap_or_else(|error| panic!("cannot start a worker thread: {error}"))
        }),
    }
}
