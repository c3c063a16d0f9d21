//! Property tests of the applier against a model: random texts and random fixes, some
//! overlapping, some sharing edits.

use jweixin_migrate::apply::apply_fixes;
use jweixin_migrate::fix::{Applicability, Edit, Fix};
use proptest::prelude::*;

/// A text with multibyte characters, so that edits must respect char boundaries.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just("a"), Just("wx."), Just("\n"), Just("中"), Just("é"), Just(";")],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Char-boundary offsets of a text.
fn boundaries(text: &str) -> Vec<usize> {
    (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect()
}

/// Up to 8 fixes of 1-3 edits each, edits inside one fix not overlapping; some fixes reuse
/// an edit of an earlier one (a shared edit).
fn case() -> impl Strategy<Value = (String, Vec<Fix>)> {
    text()
        .prop_flat_map(|text| {
            let points = boundaries(&text);
            let n = points.len();
            let edit = (
                0..n,
                0..n,
                prop_oneof![Just(""), Just("ww"), Just("X"), Just("\r\n"), Just("中文")],
            );
            let fix = (proptest::collection::vec(edit, 1..4), any::<bool>());
            (Just(text), Just(points), proptest::collection::vec(fix, 0..8))
        })
        .prop_map(|(text, points, raw)| {
            let mut fixes: Vec<Fix> = Vec::new();
            for (edits, share) in raw {
                let mut chosen: Vec<Edit> = Vec::new();
                if share {
                    if let Some(shared) = fixes.last().and_then(|f| f.edits.first()).cloned() {
                        chosen.push(shared);
                    }
                }
                for (a, b, t) in edits {
                    let (start, end) = (points[a.min(b)], points[a.max(b)]);
                    let e = Edit::replace(start..end, t);
                    if !chosen.iter().any(|c| c.overlaps(&e)) {
                        chosen.push(e);
                    }
                }
                fixes.push(Fix::new("t", Applicability::Safe, chosen));
            }
            (text, fixes)
        })
}

/// The model: applies edits one by one from the end of the text, a different algorithm from
/// the applier's single forward splice.
fn model(text: &str, edits: &[Edit]) -> String {
    let mut sorted = edits.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut out = text.to_string();
    for e in sorted.iter().rev() {
        out.replace_range(e.range.clone(), &e.text);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn applier_matches_the_model((text, fixes) in case()) {
        let refs: Vec<&Fix> = fixes.iter().collect();
        let applied = apply_fixes(&text, &refs);
        // Every fix is either applied or skipped.
        let mut all: Vec<usize> = applied.applied.iter().chain(&applied.skipped).copied().collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..fixes.len()).collect::<Vec<_>>());
        // Applied fixes never overlap, except for identical (shared) edits.
        let taken: Vec<&Edit> = applied.applied.iter().flat_map(|&i| &fixes[i].edits).collect();
        for (i, a) in taken.iter().enumerate() {
            for b in &taken[i + 1..] {
                prop_assert!(a == b || !a.overlaps(b), "{:?} overlaps {:?}", a, b);
            }
        }
        // A skipped fix really conflicts with an applied one.
        for &s in &applied.skipped {
            let conflicts = fixes[s].edits.iter().any(|e| taken.iter().any(|t| *t != e && t.overlaps(e)));
            prop_assert!(conflicts, "fix {} was skipped without a conflict", s);
        }
        // The text is the model's, and a shared edit is made once.
        let edits: Vec<Edit> = taken.into_iter().cloned().collect();
        prop_assert_eq!(&applied.text, &model(&text, &edits));
    }

    #[test]
    fn no_fixes_change_nothing(text in text()) {
        prop_assert_eq!(apply_fixes(&text, &[]).text, text);
    }
}
