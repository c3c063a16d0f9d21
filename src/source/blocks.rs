//! The pieces of a file that hold JavaScript: script blocks and external script tags.

use std::ops::Range;

use super::template::TemplateTag;

/// The language of one script block, which picks the parser's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptLang {
    Js,
    Jsx,
    Ts,
    Tsx,
}

/// One piece of JavaScript or TypeScript inside a file. Ranges are byte offsets into the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptBlock {
    /// The script's text, without the surrounding tags.
    pub range: Range<usize>,
    pub lang: ScriptLang,
    /// `type="module"` in HTML, and every block of a `.vue` file.
    pub module: bool,
    /// Server-template tags (`<?= ?>`, `<% %>`, `{{ }}`, `${...}`) inside `range`, masked
    /// before parsing.
    pub template_tags: Vec<TemplateTag>,
}

/// When a page runs a script, relative to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptTiming {
    /// A classic script without `async`/`defer`: it runs where the parser meets it, in
    /// document order with the page's other such scripts.
    Parser,
    /// `defer` or `type="module"`: after the document is parsed, in document order.
    Deferred,
    /// `async`: whenever it has loaded.
    Async,
}

/// An external script: `<script src="...">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptSrc {
    /// The whole opening tag.
    pub tag: Range<usize>,
    /// The attribute value without its quotes.
    pub value: Range<usize>,
    /// The value as written.
    pub src: String,
    /// Thymeleaf's `th:src`, which replaces `src` when the server renders the page.
    pub th_src: Option<Range<usize>>,
    pub timing: ScriptTiming,
}

/// What an HTML page or a Vue component holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub blocks: Vec<ScriptBlock>,
    pub sources: Vec<ScriptSrc>,
}
