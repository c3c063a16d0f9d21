//! The fix model: text edits on the original file, grouped into fixes with a safety level.

use std::ops::Range;

/// Replace the bytes in `range` of the original file with `text` (an empty range inserts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Ord for Edit {
    fn cmp(&self, other: &Edit) -> std::cmp::Ordering {
        (self.range.start, self.range.end, &self.text).cmp(&(other.range.start, other.range.end, &other.text))
    }
}

impl PartialOrd for Edit {
    fn partial_cmp(&self, other: &Edit) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Edit {
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at..at, text)
    }

    pub fn delete(range: Range<usize>) -> Edit {
        Edit::replace(range, "")
    }

    /// Whether two edits touch the same bytes (or insert at the same point).
    pub fn overlaps(&self, other: &Edit) -> bool {
        if self.range.is_empty() && other.range.is_empty() {
            return self.range.start == other.range.start;
        }
        if self.range.is_empty() {
            return other.range.start < self.range.start && self.range.start < other.range.end;
        }
        if other.range.is_empty() {
            return other.overlaps(self);
        }
        self.range.start < other.range.end && other.range.start < self.range.end
    }
}

/// How far a fix can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps behaviour, except for differences inherent to `@wecom/jssdk` that the title names.
    Safe,
    /// May change behaviour in the way the title says; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown to guide a manual change; never applied.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A set of edits that together make one change, with what it does and how safe it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Fix {
        edits.sort();
        edits.dedup();
        // Two insertions at one point (the registration gate and the `wx.error` relay, both
        // declared at the top of a script) are one edit: the applier takes edits at one point
        // for a conflict, and would skip the whole fix.
        let mut merged: Vec<Edit> = Vec::with_capacity(edits.len());
        for edit in edits {
            match merged.last_mut() {
                Some(last) if last.range.is_empty() && edit.range == last.range => last.text.push_str(&edit.text),
                _ => merged.push(edit),
            }
        }
        let edits = merged;
        Fix {
            title: title.into(),
            edits,
            applicability,
        }
    }
}
