//! swc glue: the syntax for each block, parsing, and swc positions as whole-file byte offsets.
//!
//! This is the only module that knows how swc numbers positions. A block's text is handed to
//! the parser starting at position `block.start + 1` (swc reserves position 0), so every swc
//! position in the resulting tree is simply `file offset + 1`.
//!
//! TypeScript blocks are parsed on a helper thread with a deadline, because swc's TypeScript
//! parser can take exponential time (see [`ParseJob::run_with_deadline`]).

use std::cell::RefCell;
use std::ops::Range;
use std::sync::mpsc;
use std::time::Duration;

use swc_common::{BytePos, Span, Spanned};
use swc_ecma_ast::Program;
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax, TsSyntax};

use crate::source::template::Role;
use crate::source::{ScriptBlock, ScriptLang};

/// A parse failure at a byte range of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
}

/// The deepest bracket nesting the tool parses. swc's expression parser and the tool's
/// visitors recurse once per level; worker threads have stacks sized for well past this.
pub const MAX_NESTING: usize = 10_000;

/// Whether `text` nests brackets (`(`, `[`, `{`) deeper than [`MAX_NESTING`], not counting
/// brackets in strings and comments. Returns the depth reached when it does.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Fewer opening brackets than the limit cannot nest past it: the length settles most
    // files, one vectorised count almost every other.
    if bytes.len() <= MAX_NESTING || memchr::memchr3_iter(b'(', b'[', b'{', bytes).count() <= MAX_NESTING {
        return None;
    }
    let mut depth: usize = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(depth);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |p| i + p);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |p| i + 2 + p + 1);
            }
            quote @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote && !(quote != b'`' && bytes[i] == b'\n') {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A parsed block; `recovered` counts errors the parser reported but parsed past.
pub struct ParsedBlock {
    pub program: Program,
    pub recovered: usize,
}

/// The whole-file byte offset of an swc position produced by [`parse_block`].
pub fn offset(pos: BytePos) -> usize {
    (pos.0 as usize).saturating_sub(1)
}

/// The whole-file byte range of an swc span produced by [`parse_block`].
pub fn range(span: Span) -> Range<usize> {
    offset(span.lo)..offset(span.hi)
}

/// Whether one of the sorted offsets `starts` falls inside `range`.
pub fn any_within(starts: &[usize], range: &Range<usize>) -> bool {
    let first = starts.partition_point(|&at| at < range.start);
    starts.get(first).is_some_and(|&at| at < range.end)
}

/// The whole-file byte range of any node.
pub fn range_of<T: Spanned>(node: &T) -> Range<usize> {
    range(node.span())
}

fn syntax(lang: ScriptLang, dts: bool) -> Syntax {
    match lang {
        ScriptLang::Js | ScriptLang::Jsx => Syntax::Es(EsSyntax {
            jsx: true,
            decorators: true,
            allow_return_outside_function: true,
            import_attributes: true,
            ..Default::default()
        }),
        ScriptLang::Ts | ScriptLang::Tsx => Syntax::Typescript(TsSyntax {
            tsx: lang == ScriptLang::Tsx,
            decorators: true,
            dts,
            ..Default::default()
        }),
    }
}

/// Parses one block of `file_text`. Server-template tags inside the block are masked before
/// parsing, with bytes of the same length so positions do not move: a tag that prints a value
/// becomes an identifier (`_`), one that steers the template becomes spaces.
pub fn parse_block(file_text: &str, block: &ScriptBlock, dts: bool) -> Result<ParsedBlock, SyntaxError> {
    if let Some(depth) = too_deep(&file_text[block.range.clone()]) {
        return Err(SyntaxError {
            range: block.range.start..block.range.start,
            message: format!("brackets nest more than {MAX_NESTING} levels deep (at least {depth}); the tool does not parse code this deep"),
        });
    }
    let masked;
    let text = if block.template_tags.is_empty() {
        &file_text[block.range.clone()]
    } else {
        let mut bytes = file_text.as_bytes()[block.range.clone()].to_vec();
        for tag in &block.template_tags {
            let mask = match tag.role {
                Role::Value => b'_',
                Role::Control => b' ',
            };
            for b in &mut bytes[tag.range.start - block.range.start..tag.range.end - block.range.start] {
                if !matches!(*b, b'\n' | b'\r') {
                    *b = mask;
                }
            }
        }
        // Whole characters inside each tag were replaced by ASCII, so the text stays UTF-8.
        masked = String::from_utf8_lossy(&bytes).into_owned();
        masked.as_str()
    };
    // jweixin-era inline scripts wrap their code in HTML-like comments (`<!--` ... `//-->`);
    // swc reads them as comments but starts the next token's span at the comment, so a fix of
    // `wx` right after one would rewrite the comment too (helper-26, c12, c29, c30). Each such
    // marker is turned into a line comment of the same length (`//--`, `//-`) for the parse.
    let unhtml;
    let markers = match block.module {
        // (modules have no HTML-like comments: `a <!--b` is `a < !--b` there)
        true => Vec::new(),
        false => html_comment_markers(text, block.range.start, block.lang),
    };
    let text = match markers {
        markers if markers.is_empty() => text,
        markers => {
            let mut bytes = text.as_bytes().to_vec();
            for at in markers {
                let with: &[u8] = if bytes[at] == b'<' { b"//--" } else { b"//-" };
                bytes[at..at + with.len()].copy_from_slice(with);
            }
            unhtml = String::from_utf8_lossy(&bytes).into_owned();
            unhtml.as_str()
        }
    };
    let job = ParseJob {
        syntax: syntax(block.lang, dts),
        start: BytePos(block.range.start as u32 + 1),
        end: BytePos(block.range.end as u32 + 1),
        module: block.module,
    };
    let parsed = if matches!(block.lang, ScriptLang::Ts | ScriptLang::Tsx) {
        match job.run_with_deadline(text) {
            Ok(parsed) => parsed,
            Err(seconds) => {
                return Err(SyntaxError {
                    range: block.range.start..block.range.start,
                    message: format!(
                        "the TypeScript parser (swc) was still working on this block after {seconds:.0} s \
                         (it can backtrack exponentially over nested ambiguous `<`); the tool does not check it"
                    ),
                })
            }
        }
    } else {
        job.run(text)
    };
    let Ok((result, recovered)) = parsed else {
        return Err(SyntaxError {
            range: block.range.start..block.range.start,
            message: "the JavaScript parser (swc) failed on this code with an internal error; the tool cannot read it"
                .to_string(),
        });
    };
    match result {
        Ok(program) => Ok(ParsedBlock {
            program,
            recovered: recovered.len(),
        }),
        Err(error) => {
            let span = error.span();
            let message = error.into_kind().msg().into_owned();
            let start = offset(span.lo).clamp(block.range.start, block.range.end);
            let end = offset(span.hi).clamp(start, block.range.end);
            Err(SyntaxError {
                range: start..end,
                message,
            })
        }
    }
}

/// Where `text` (a block starting at file offset `start`) holds an HTML-like comment the lexer
/// takes as one: offsets into `text`. Only markers that begin their line (after blanks) count,
/// the old inline-script guard's places: the lexer runs without the parser's context, so
/// mid-line it can take a regular expression (`s.replace(/<!--[\s\S]*?-->/g, '')` after a
/// `)`) for a division and its `<!--` for a comment (helper-27, h01-h09); a line cannot begin
/// inside a regular expression or a string. A marker inside a template literal is part of that
/// token; one the lexer reads as a comment is covered by no token, or (swc's span quirk) starts
/// the token after it.
fn html_comment_markers(text: &str, start: usize, lang: ScriptLang) -> Vec<usize> {
    let bytes = text.as_bytes();
    let begins_line = |at: usize| {
        text[..at]
            .bytes()
            .rev()
            .take_while(|&b| b != b'\n' && b != b'\r')
            .all(|b| b == b' ' || b == b'\t')
    };
    let candidates: Vec<(usize, &str)> = memchr::memmem::find_iter(bytes, b"<!--")
        .map(|at| (at, "<!--"))
        .chain(memchr::memmem::find_iter(bytes, b"-->").map(|at| (at, "-->")))
        .filter(|&(at, _)| begins_line(at))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let tokens: Vec<Range<usize>> = lex(text, start, lang)
        .map(|r| r.start - start..r.end - start)
        .filter(|r| r.end <= text.len())
        .collect();
    candidates
        .into_iter()
        .filter(|&(at, marker)| {
            let covering = tokens.iter().find(|t| t.start <= at && at < t.end);
            match covering {
                None => true,
                Some(t) => t.start == at && text[t.clone()].starts_with(marker) && t.len() > marker.len(),
            }
        })
        .map(|(at, _)| at)
        .collect()
}

/// The byte ranges of the tokens of `file_text[range]` (a piece of a script of `lang`), in
/// order, lexed as they are taken: comments and whitespace are not tokens. The lexer runs on
/// its own, without the parser's context, which is enough to compare two pieces of code token
/// by token.
pub fn token_ranges(file_text: &str, range: Range<usize>, lang: ScriptLang) -> impl Iterator<Item = Range<usize>> + '_ {
    let end = range.end;
    lex(&file_text[range.clone()], range.start, lang).filter(move |r| r.end <= end)
}

/// The non-empty token ranges (file offsets) of `text`, a piece of a script of `lang` that
/// starts at file offset `start`, lexed on its own.
fn lex(text: &str, start: usize, lang: ScriptLang) -> impl Iterator<Item = Range<usize>> + '_ {
    let lexer = swc_ecma_parser::Lexer::new(
        syntax(lang, false),
        Default::default(),
        StringInput::new(
            text,
            BytePos(start as u32 + 1),
            BytePos((start + text.len()) as u32 + 1),
        ),
        None,
    );
    lexer.map(|token| self::range(token.span)).filter(|r| r.start < r.end)
}

/// What swc returns for a block: the program or the error, and the errors it recovered from.
type ParseOutcome = (
    Result<Program, swc_ecma_parser::error::Error>,
    Vec<swc_ecma_parser::error::Error>,
);

/// One block's parse, ready to run here or on a thread of its own.
#[derive(Clone, Copy)]
struct ParseJob {
    syntax: Syntax,
    start: BytePos,
    end: BytePos,
    module: bool,
}

/// Seconds a TypeScript block may take to parse: `JWEIXIN_MIGRATE_PARSE_TIMEOUT` (seconds),
/// or 10, plus one per 100 KB of the block. swc parses 100 KB in a few milliseconds.
fn parse_deadline(block_bytes: usize) -> f64 {
    static BASE: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    let base = *BASE.get_or_init(|| {
        std::env::var("JWEIXIN_MIGRATE_PARSE_TIMEOUT")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(10.0)
    });
    base + block_bytes as f64 / 100_000.0
}

impl ParseJob {
    /// Parses `text`. swc has a few `unreachable!`s that odd input reaches (the fuzzer found one
    /// in JSX names): a panic comes back as `Err`, this block's failure, not the whole run's.
    fn run(self, text: &str) -> std::thread::Result<ParseOutcome> {
        std::panic::catch_unwind(|| {
            let mut parser = Parser::new(self.syntax, StringInput::new(text, self.start, self.end), None);
            let result = if self.module {
                parser.parse_module().map(Program::Module)
            } else {
                parser.parse_program()
            };
            (result, parser.take_errors())
        })
    }

    /// Parses `text` on this thread's parser thread and waits at most [`parse_deadline`].
    /// swc's TypeScript parser speculates at each `<` that may open type arguments, and nested
    /// failed speculations take exponential time: the pipeline fuzzer found 116 bytes of TSX
    /// that are slow, and each further level of their nesting multiplies the time by about 16
    /// (five levels took 54 s, six would take about 15 minutes). A parse that
    /// runs out of time is left to finish on its own (nothing can stop it), its thread is
    /// given up and its result dropped; the run goes on. `Err` holds the seconds waited.
    fn run_with_deadline(self, text: &str) -> Result<std::thread::Result<ParseOutcome>, f64> {
        let seconds = parse_deadline(text.len());
        PARSER_THREAD.with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.is_none() {
                *slot = ParserThread::start();
            }
            let Some(thread) = slot.as_ref() else {
                // No thread to be had: parse here, without a deadline, rather than not at all.
                return Ok(self.run(text));
            };
            if thread.jobs.send((self, text.to_owned())).is_err() {
                *slot = None;
                return Ok(self.run(text));
            }
            match thread.outcomes.recv_timeout(Duration::from_secs_f64(seconds)) {
                Ok(outcome) => Ok(outcome),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // Still parsing: give the thread up; the next block starts a new one.
                    *slot = None;
                    Err(seconds)
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    *slot = None;
                    Ok(Err(Box::new("the parser thread ended without a result")))
                }
            }
        })
    }
}

thread_local! {
    /// Each worker's parser thread for TypeScript blocks, started on first use.
    static PARSER_THREAD: RefCell<Option<ParserThread>> = const { RefCell::new(None) };
}

/// A thread that parses the blocks it is sent, one at a time, and sends back each outcome.
/// It ends when its owner drops it and it has finished the block in hand.
struct ParserThread {
    jobs: mpsc::Sender<(ParseJob, String)>,
    outcomes: mpsc::Receiver<std::thread::Result<ParseOutcome>>,
}

impl ParserThread {
    fn start() -> Option<ParserThread> {
        let (jobs, job_queue) = mpsc::channel::<(ParseJob, String)>();
        let (outcome_sender, outcomes) = mpsc::channel();
        std::thread::Builder::new()
            .name("jweixin-migrate-ts-parse".to_string())
            .stack_size(crate::parallel::WORKER_STACK_BYTES)
            .spawn(move || {
                for (job, text) in job_queue {
                    if outcome_sender.send(job.run(&text)).is_err() {
                        return;
                    }
                }
            })
            .ok()?;
        Some(ParserThread { jobs, outcomes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_ignores_strings_and_comments() {
        let deep = format!("x = {}1{};", "(".repeat(MAX_NESTING + 1), ")".repeat(MAX_NESTING + 1));
        assert_eq!(too_deep(&deep), Some(MAX_NESTING + 1));
        let fake = format!(
            "x = '{}' // {}\n/* {} */ `{}`",
            "(".repeat(20_000),
            "[".repeat(20_000),
            "{".repeat(20_000),
            "(".repeat(20_000)
        );
        assert_eq!(too_deep(&fake), None);
    }
}
