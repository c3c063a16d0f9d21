//! The applier: splices the edits of non-overlapping fixes into the original text with one
//! cursor. A fix whose edit overlaps one already taken is skipped (the converge loop tries it
//! again on the next round); an edit that several fixes share is made once.

use crate::fix::{Edit, Fix};

/// The result of one application round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// Indices (into the given fixes) of the fixes whose edits are all in `text`.
    pub applied: Vec<usize>,
    /// Indices of the fixes skipped because they overlap a fix already taken.
    pub skipped: Vec<usize>,
}

/// Applies as many of `fixes` as do not overlap, in source order.
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| (fixes[i].edits.first().map(|e| (e.range.start, e.range.end)), i));
    let mut taken: Vec<Edit> = Vec::new();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for i in order {
        let mut new: Vec<&Edit> = Vec::new();
        let mut conflict = false;
        for edit in &fixes[i].edits {
            if edit.range.end > text.len() || edit.range.start > edit.range.end || !on_char_boundaries(text, edit) {
                conflict = true;
                break;
            }
            if taken.contains(edit) || new.contains(&edit) {
                continue;
            }
            if taken.iter().any(|t| t.overlaps(edit)) || new.iter().any(|n| n.overlaps(edit)) {
                conflict = true;
                break;
            }
            new.push(edit);
        }
        if conflict {
            skipped.push(i);
        } else {
            taken.extend(new.into_iter().cloned());
            applied.push(i);
        }
    }
    applied.sort_unstable();
    skipped.sort_unstable();
    taken.sort();
    Applied {
        text: splice(text, &taken),
        applied,
        skipped,
    }
}

fn on_char_boundaries(text: &str, edit: &Edit) -> bool {
    text.is_char_boundary(edit.range.start) && text.is_char_boundary(edit.range.end)
}

/// The text of `range` with `edits` made in it: edits of the whole text that lie inside
/// `range` and do not overlap (the text a fix copies somewhere else, edited as it goes).
pub(crate) fn edited_slice(text: &str, range: std::ops::Range<usize>, edits: &[Edit]) -> String {
    // (edits elsewhere, such as the declaration of a parameter that becomes `ww` beside its
    // use, are not in the slice)
    let mut shifted: Vec<Edit> = edits
        .iter()
        .filter(|e| range.start <= e.range.start && e.range.end <= range.end)
        .map(|e| Edit::replace(e.range.start - range.start..e.range.end - range.start, e.text.clone()))
        .collect();
    shifted.sort();
    splice(&text[range], &shifted)
}

/// Makes sorted, non-overlapping edits with one pass over the text.
fn splice(text: &str, edits: &[Edit]) -> String {
    let grow: usize = edits.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(text.len() + grow);
    let mut cursor = 0;
    for edit in edits {
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.text);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability::Safe;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::new("t", Safe, edits)
    }

    #[test]
    fn a_slice_takes_only_the_edits_inside_it() {
        let text = "function f(wx) { wx.on(); }";
        let edits = [Edit::replace(11..13, "ww"), Edit::replace(17..19, "ww")];
        assert_eq!(edited_slice(text, 17..19, &edits), "ww");
        assert_eq!(edited_slice(text, 17..24, &edits), "ww.on()");
    }

    #[test]
    fn applies_shared_edits_once_and_skips_overlaps() {
        let text = "import wx from 'x';\nwx.a();\nwx.b();\n";
        let import = Edit::replace(7..9, "* as ww");
        let a = fix(vec![Edit::replace(20..22, "ww"), import.clone()]);
        let b = fix(vec![Edit::replace(28..30, "ww"), import.clone()]);
        let overlapping = fix(vec![Edit::replace(20..24, "zz")]);
        let applied = apply_fixes(text, &[&a, &b, &overlapping]);
        assert_eq!(applied.text, "import * as ww from 'x';\nww.a();\nww.b();\n");
        assert_eq!(applied.applied, vec![0, 1]);
        assert_eq!(applied.skipped, vec![2]);
    }

    #[test]
    fn insertion_before_a_replacement_at_the_same_point() {
        let text = "abc";
        let applied = apply_fixes(text, &[&fix(vec![Edit::insert(1, "X"), Edit::replace(1..2, "Y")])]);
        assert_eq!(applied.text, "aXYc");
        let two_inserts = apply_fixes(
            text,
            &[&fix(vec![Edit::insert(1, "X")]), &fix(vec![Edit::insert(1, "Z")])],
        );
        assert_eq!(two_inserts.text, "aXbc");
        assert_eq!(two_inserts.skipped, vec![1]);
    }

    #[test]
    fn edits_outside_the_text_are_refused() {
        let applied = apply_fixes("ab", &[&fix(vec![Edit::replace(1..5, "x")])]);
        assert_eq!(applied.text, "ab");
        assert_eq!(applied.skipped, vec![0]);
    }
}
