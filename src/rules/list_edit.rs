//! Edits on a bracketed, comma-separated list (object literal properties, array elements)
//! that keep the list's own layout: one item per line or inline, its indentation and its
//! trailing-comma habit. Deleted items take their line with them; added items go at the end.

use std::ops::Range;

use crate::fix::Edit;
use crate::source::layout;

/// What happens to one existing item.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ItemChange {
    Keep,
    Delete,
    /// Replace the item's whole text.
    Replace(String),
}

/// A planned change to a list, turned into edits by [`ListEdit::edits`].
pub(crate) struct ListEdit<'a> {
    text: &'a str,
    /// Offset just after the opening bracket.
    open: usize,
    items: Vec<Range<usize>>,
    changes: Vec<ItemChange>,
    extra: Vec<Edit>,
    added: Vec<String>,
}

impl<'a> ListEdit<'a> {
    /// `list` is the whole bracketed range, brackets included; `items` the item ranges in order.
    pub fn new(text: &'a str, list: Range<usize>, items: Vec<Range<usize>>) -> ListEdit<'a> {
        let changes = vec![ItemChange::Keep; items.len()];
        ListEdit {
            text,
            open: list.start + 1,
            items,
            changes,
            extra: Vec::new(),
            added: Vec::new(),
        }
    }

    pub fn delete(&mut self, index: usize) {
        self.changes[index] = ItemChange::Delete;
    }

    pub fn replace(&mut self, index: usize, text: impl Into<String>) {
        self.changes[index] = ItemChange::Replace(text.into());
    }

    /// An edit inside an item that is kept (a renamed key, say).
    pub fn edit_inside(&mut self, edit: Edit) {
        self.extra.push(edit);
    }

    /// Appends an item at the end of the list.
    pub fn add(&mut self, text: impl Into<String>) {
        self.added.push(text.into());
    }

    fn is_kept(&self, index: usize) -> bool {
        self.changes[index] != ItemChange::Delete
    }

    /// Whether the items stand one per line.
    fn multiline(&self) -> bool {
        match self.items.first() {
            Some(first) => self.text[self.open..first.start].contains('\n'),
            None => false,
        }
    }

    /// The offset of the comma after item `index`, if there is one.
    fn comma_after(&self, index: usize) -> Option<usize> {
        let next = layout::skip_trivia(self.text, self.items[index].end);
        (self.text.as_bytes().get(next) == Some(&b',')).then_some(next)
    }

    fn had_trailing_comma(&self) -> bool {
        self.items
            .len()
            .checked_sub(1)
            .is_some_and(|last| self.comma_after(last).is_some())
    }

    /// The edits, in the file's line ending `newline`.
    pub fn edits(&self, newline: &str) -> Vec<Edit> {
        let mut edits = self.extra.clone();
        for (i, change) in self.changes.iter().enumerate() {
            if let ItemChange::Replace(text) = change {
                edits.push(Edit::replace(self.items[i].clone(), text.clone()));
            }
        }
        edits.extend(self.deletions());
        edits.extend(self.additions(newline));
        edits
    }

    fn deletions(&self) -> Vec<Edit> {
        let mut edits = Vec::new();
        let mut i = 0;
        while i < self.items.len() {
            if self.is_kept(i) {
                i += 1;
                continue;
            }
            let first = i;
            while i < self.items.len() && !self.is_kept(i) {
                i += 1;
            }
            let last = i - 1;
            let whole_lines = self.multiline()
                && (first..=last).all(|k| {
                    layout::starts_line(self.text, self.items[k].start)
                        && layout::ends_line(self.text, self.items[k].end)
                });
            let range = if whole_lines {
                layout::line_start(self.text, self.items[first].start)
                    ..layout::next_line_start(self.text, self.items[last].end)
            } else if i < self.items.len() {
                self.items[first].start..self.items[i].start
            } else if let Some(previous) = (0..first).rev().find(|&k| self.is_kept(k)) {
                self.items[previous].end..self.items[last].end
            } else {
                let end = self.comma_after(last).map_or(self.items[last].end, |c| c + 1);
                self.items[first].start..end
            };
            edits.push(Edit::delete(range));
        }
        edits
    }

    fn additions(&self, newline: &str) -> Vec<Edit> {
        if self.added.is_empty() {
            return Vec::new();
        }
        let last_kept = (0..self.items.len()).rev().find(|&k| self.is_kept(k));
        let Some(last) = last_kept else {
            return vec![Edit::insert(self.open, format!(" {} ", self.added.join(", ")))];
        };
        let end = self.items[last].end;
        if !self.multiline() || !layout::ends_line(self.text, end) {
            return vec![Edit::insert(end, format!(", {}", self.added.join(", ")))];
        }
        let indent = layout::indentation(self.text, self.items[last].start);
        let trailing = self.had_trailing_comma();
        let at = layout::line_end(self.text, end);
        let mut edits = Vec::new();
        let mut text = String::new();
        if self.comma_after(last).is_none() {
            // Right after the item, before any comment that ends its line.
            if at == end {
                text.push(',');
            } else {
                edits.push(Edit::insert(end, ","));
            }
        }
        for (k, item) in self.added.iter().enumerate() {
            text.push_str(newline);
            text.push_str(indent);
            text.push_str(item);
            if trailing || k + 1 < self.added.len() {
                text.push(',');
            }
        }
        edits.push(Edit::insert(at, text));
        edits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Fix;

    fn apply(text: &str, edits: Vec<Edit>) -> String {
        let fix = Fix::new("t", crate::fix::Applicability::Safe, edits);
        let mut out = String::new();
        let mut cursor = 0;
        for e in &fix.edits {
            out.push_str(&text[cursor..e.range.start]);
            out.push_str(&e.text);
            cursor = e.range.end;
        }
        out.push_str(&text[cursor..]);
        out
    }

    fn items(text: &str, names: &[&str]) -> Vec<Range<usize>> {
        names
            .iter()
            .map(|n| {
                let s = text.find(n).unwrap();
                s..s + n.len()
            })
            .collect()
    }

    #[test]
    fn multiline_delete_replace_and_add() {
        let text = "x({\n  beta: true,\n  appId: a,\n  debug: false, // dev\n  jsApiList: l\n});";
        let list = text.find('{').unwrap()..text.find('}').unwrap() + 1;
        let mut edit = ListEdit::new(
            text,
            list,
            items(text, &["beta: true", "appId: a", "debug: false", "jsApiList: l"]),
        );
        edit.delete(0);
        edit.replace(1, "corpId: a");
        edit.delete(2);
        edit.add("onConfigFail: f");
        assert_eq!(
            apply(text, edit.edits("\n")),
            "x({\n  corpId: a,\n  jsApiList: l,\n  onConfigFail: f\n});"
        );
    }

    #[test]
    fn inline_lists_stay_inline() {
        let text = "[a, b, c]";
        let mut edit = ListEdit::new(text, 0..text.len(), items(text, &["a", "b", "c"]));
        edit.delete(2);
        edit.add("'d'");
        assert_eq!(apply(text, edit.edits("\n")), "[a, b, 'd']");
        let mut edit = ListEdit::new(text, 0..text.len(), items(text, &["a", "b", "c"]));
        edit.delete(0);
        edit.delete(1);
        assert_eq!(apply(text, edit.edits("\n")), "[c]");
    }

    #[test]
    fn comma_and_new_items_are_one_insertion_at_the_line_end() {
        let text = "{\n  a: 1\n}";
        let mut edit = ListEdit::new(text, 0..text.len(), items(text, &["a: 1"]));
        edit.add("b: 2");
        let edits = edit.edits("\n");
        assert_eq!(edits.len(), 1);
        assert_eq!(apply(text, edits), "{\n  a: 1,\n  b: 2\n}");
        let text = "{\n  a: 1 // one\n}";
        let mut edit = ListEdit::new(text, 0..text.len(), items(text, &["a: 1"]));
        edit.add("b: 2");
        assert_eq!(apply(text, edit.edits("\n")), "{\n  a: 1, // one\n  b: 2\n}");
    }

    #[test]
    fn trailing_comma_habit_is_kept() {
        let text = "{\r\n  a: 1,\r\n  b: 2,\r\n}";
        let mut edit = ListEdit::new(text, 0..text.len(), items(text, &["a: 1", "b: 2"]));
        edit.add("c: 3");
        assert_eq!(
            apply(text, edit.edits("\r\n")),
            "{\r\n  a: 1,\r\n  b: 2,\r\n  c: 3,\r\n}"
        );
    }
}
