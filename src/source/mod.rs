//! A file as the tool sees it: its path, kind and text, and the script blocks inside it.

mod blocks;
pub mod conditional;
pub mod encoding;
pub mod html;
pub mod indented;
pub mod layout;
pub(crate) mod lines;
pub(crate) mod tag_scanner;
pub mod template;
pub mod view_blocks;
pub mod vue;

use std::path::{Path, PathBuf};

pub use blocks::{Extracted, ScriptBlock, ScriptLang, ScriptSrc, ScriptTiming};
pub use lines::{LineColumn, LineIndex};
pub use template::Engine;

/// What kind of file this is, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A JavaScript or TypeScript file; `dts` for `.d.ts` declaration files.
    Script {
        lang: ScriptLang,
        dts: bool,
    },
    Vue,
    Html,
    /// A server template (JSP, PHP, FreeMarker, Razor, ERB, ...): a page whose scripts may hold
    /// template tags.
    Template(Engine),
    /// A script the server renders from a template, whose code is the whole file: Rails'
    /// `pay.js.erb`, the JavaScript response a page's remote form or `$.ajax` call runs.
    ScriptTemplate(Engine),
    /// A `package.json`, checked for dependencies on the legacy packages.
    PackageJson,
}

impl FileKind {
    /// The kind for a path, or `None` when the tool does not read such files.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        if name == "package.json" {
            return Some(FileKind::PackageJson);
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".js.erb") {
            return Some(FileKind::ScriptTemplate(Engine::Erb));
        }
        if let Some(engine) = Engine::from_file_name(&lower) {
            return Some(FileKind::Template(engine));
        }
        let ext = lower.rsplit_once('.')?.1;
        let script = |lang| Some(FileKind::Script { lang, dts: false });
        match ext {
            "js" | "mjs" | "cjs" => script(ScriptLang::Js),
            "jsx" => script(ScriptLang::Jsx),
            "ts" | "mts" | "cts" => Some(FileKind::Script {
                lang: ScriptLang::Ts,
                dts: lower.ends_with(".d.ts") || lower.ends_with(".d.mts") || lower.ends_with(".d.cts"),
            }),
            "tsx" => script(ScriptLang::Tsx),
            // (uni-app's native pages and Svelte components hold their scripts as Vue's do)
            "vue" | "nvue" | "svelte" => Some(FileKind::Vue),
            "html" | "htm" => Some(FileKind::Html),
            _ => None,
        }
    }
}

/// One file read into memory, with everything later stages need to find positions in it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it will be shown: as given on the command line, or below a given folder.
    pub path: PathBuf,
    pub kind: FileKind,
    /// The whole text, byte order mark included.
    pub text: String,
    /// Line starts, built the first time a position is asked for.
    lines: std::sync::OnceLock<LineIndex>,
    line_ending: std::sync::OnceLock<&'static str>,
}

impl SourceFile {
    pub fn new(path: PathBuf, kind: FileKind, text: String) -> SourceFile {
        SourceFile {
            path,
            kind,
            text,
            lines: std::sync::OnceLock::new(),
            line_ending: std::sync::OnceLock::new(),
        }
    }

    /// Length of the UTF-8 byte order mark at the start, 0 or 3.
    pub fn bom_len(&self) -> usize {
        bom_len(&self.text)
    }

    /// The script blocks and external scripts of this file.
    pub fn extract(&self) -> Extracted {
        SourceFile::extract_kind(self.kind, &self.text)
    }

    /// The script blocks and external scripts of a text of a given kind. In scripts and
    /// components, uni-app code built only for other platforms than the web is masked
    /// (conditional.rs).
    pub fn extract_kind(kind: FileKind, text: &str) -> Extracted {
        // (a script whose code is the whole file, after any byte order mark)
        let whole_file = |lang, engine: Option<Engine>| {
            let range = bom_len(text)..text.len();
            let template_tags = engine.map_or_else(Vec::new, |e| template::script_tags(text, range.clone(), Some(e)));
            Extracted {
                blocks: vec![ScriptBlock {
                    range,
                    lang,
                    module: false,
                    template_tags,
                }],
                sources: Vec::new(),
            }
        };
        let mut extracted = match kind {
            FileKind::Script { lang, .. } => whole_file(lang, None),
            FileKind::Vue => vue::extract(text),
            FileKind::Html => html::extract(text, None),
            FileKind::Template(engine) if engine.indented() => indented::extract(text, engine),
            FileKind::Template(engine) => html::extract(text, Some(engine)),
            FileKind::ScriptTemplate(engine) => whole_file(ScriptLang::Js, Some(engine)),
            FileKind::PackageJson => Extracted::default(),
        };
        if matches!(kind, FileKind::Script { .. } | FileKind::Vue) {
            conditional::mask_other_platforms(text, &mut extracted.blocks);
        }
        extracted
    }

    /// The line ending this file mostly uses, for new lines the tool writes.
    pub fn line_ending(&self) -> &'static str {
        self.line_ending.get_or_init(|| {
            let crlf = memchr::memmem::find_iter(self.text.as_bytes(), b"\r\n").count();
            let lf = memchr::memchr_iter(b'\n', self.text.as_bytes()).count() - crlf;
            if crlf > lf {
                "\r\n"
            } else {
                "\n"
            }
        })
    }

    pub fn locate(&self, offset: usize) -> LineColumn {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .locate(&self.text, offset)
    }
}

/// Length of the UTF-8 byte order mark at the start of `text`, 0 or 3.
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

impl FileKind {
    /// A page: an HTML file or a server template, whose script tags load other files.
    pub fn is_page(self) -> bool {
        matches!(self, FileKind::Html | FileKind::Template(_))
    }
}
