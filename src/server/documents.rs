//! The documents the editor has open: their text as the editor last sent it (full or
//! incremental changes), what kind of file each is, and the findings of its last check.

use std::path::PathBuf;
use std::time::Instant;

use lsp_types::{TextDocumentContentChangeEvent, Url};

use crate::diagnostic::Diagnostic;
use crate::source::template::Engine;
use crate::source::{FileKind, ScriptLang};

use super::positions::LineMap;

/// One open document.
#[derive(Debug)]
pub(crate) struct Document {
    pub uri: Url,
    /// The file's path (for `file:` URIs) or the URI's path (`untitled:` and others): what the
    /// file kind, the skip rules and the project settings are decided on.
    pub path: PathBuf,
    /// How the tool reads it; `None` for a kind of file the tool does not check.
    pub kind: Option<FileKind>,
    pub version: i32,
    pub text: String,
    pub lines: LineMap,
    /// The findings for `version`, once checked.
    pub checked: Option<Checked>,
    /// The first change not checked yet, which starts the debounce.
    pub changed_at: Option<Instant>,
}

/// The findings of one check of one version of a document.
#[derive(Debug)]
pub(crate) struct Checked {
    pub version: i32,
    /// The tool's findings, each with its fix, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the document was not checked (skipped or an internal error), if so.
    pub not_checked: Option<NotChecked>,
}

/// Why a document has no findings of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotChecked {
    /// The same rule that skips it when its folder is checked (a mini-program, node_modules, ...).
    Skipped(String),
    /// The check panicked; the message says so.
    Failed(String),
}

impl Document {
    pub(crate) fn open(uri: Url, language_id: &str, version: i32, text: String) -> Document {
        let path = path_of(&uri);
        let kind = kind_of(&path, language_id);
        Document {
            uri,
            path,
            kind,
            version,
            lines: LineMap::new(&text),
            text,
            checked: None,
            changed_at: None,
        }
    }

    /// Applies the editor's changes in order, each range in the text left by the one before.
    pub(crate) fn change(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, now: Instant) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let bytes = self.lines.byte_range(&self.text, range);
                    self.text.replace_range(bytes, &change.text);
                }
            }
            self.lines = LineMap::new(&self.text);
        }
        self.version = version;
        self.changed_at.get_or_insert(now);
    }

    /// The findings of the current version, if it has been checked.
    pub(crate) fn current(&self) -> Option<&Checked> {
        self.checked.as_ref().filter(|c| c.version == self.version)
    }
}

/// The path a URI names: the file for `file:` URIs, else the URI's own path.
fn path_of(uri: &Url) -> PathBuf {
    uri.to_file_path().unwrap_or_else(|()| PathBuf::from(uri.path()))
}

/// The kind of file: by its name, as the command line decides, then (for unsaved buffers and
/// names the tool does not know) by the editor's language id.
fn kind_of(path: &std::path::Path, language_id: &str) -> Option<FileKind> {
    if let Some(kind) = FileKind::from_path(path) {
        return Some(kind);
    }
    let script = |lang| Some(FileKind::Script { lang, dts: false });
    let template = |engine| Some(FileKind::Template(engine));
    match language_id {
        "javascript" => script(ScriptLang::Js),
        "javascriptreact" => script(ScriptLang::Jsx),
        "typescript" => script(ScriptLang::Ts),
        "typescriptreact" => script(ScriptLang::Tsx),
        "vue" => Some(FileKind::Vue),
        "html" => Some(FileKind::Html),
        "php" => template(Engine::Php),
        "blade" => template(Engine::Blade),
        "jsp" => template(Engine::Jsp),
        "razor" | "aspnetcorerazor" => template(Engine::Razor),
        "erb" => template(Engine::Erb),
        "ejs" => template(Engine::Ejs),
        "handlebars" => template(Engine::Handlebars),
        "twig" | "jinja" | "jinja-html" | "django-html" | "nunjucks" | "liquid" => template(Engine::Jinja),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(range: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_in_utf16_columns() {
        let uri = Url::parse("file:///p/a.js").unwrap();
        let mut doc = Document::open(uri, "javascript", 1, "// 企业微信😀 x\nwx.ready(f)\n".to_string());
        // Replace the `x` after the emoji (column 3 + 4 + 2 + 1 = 10) with `y`, then insert a line.
        doc.change(
            2,
            vec![
                change(Some(((0, 10), (0, 11))), "y"),
                change(Some(((1, 0), (1, 0))), "wx.invoke('a');\n"),
            ],
            Instant::now(),
        );
        assert_eq!(doc.text, "// 企业微信😀 y\nwx.invoke('a');\nwx.ready(f)\n");
        assert_eq!(doc.version, 2);
        doc.change(3, vec![change(None, "x")], Instant::now());
        assert_eq!(doc.text, "x");
    }

    #[test]
    fn kinds_come_from_the_name_then_the_language_id() {
        let kind = |uri: &str, lang: &str| Document::open(Url::parse(uri).unwrap(), lang, 1, String::new()).kind;
        assert_eq!(kind("file:///p/App.vue", "plaintext"), Some(FileKind::Vue));
        assert_eq!(
            kind("file:///p/page.jsp", "plaintext"),
            Some(FileKind::Template(Engine::Jsp))
        );
        assert_eq!(
            kind("untitled:Untitled-2", "php"),
            Some(FileKind::Template(Engine::Php))
        );
        assert_eq!(
            kind("untitled:Untitled-1", "typescript"),
            Some(FileKind::Script {
                lang: ScriptLang::Ts,
                dts: false
            })
        );
        assert_eq!(kind("file:///p/notes.md", "markdown"), None);
    }
}
