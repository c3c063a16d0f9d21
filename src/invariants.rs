//! The properties every run must keep, whatever the input: checked by the fuzz targets
//! (`fuzz/`) and replayed on their saved findings by `tests/fuzz_regressions.rs`. Each
//! function panics, with a message, when a property does not hold.

use std::path::PathBuf;

use crate::apply::apply_fixes;
use crate::fix::{Applicability, Edit, Fix};
use crate::migrate::fix_source;
use crate::pipeline::{check_fixed, check_source};
use crate::rules::RuleOptions;
use crate::source::{html, vue, Engine, Extracted, FileKind, ScriptLang, SourceFile};

fn assert_ranges(text: &str, extracted: &Extracted) {
    let mut last = 0;
    for block in &extracted.blocks {
        assert!(
            block.range.start <= block.range.end && block.range.end <= text.len(),
            "block out of bounds"
        );
        assert!(
            text.is_char_boundary(block.range.start) && text.is_char_boundary(block.range.end),
            "block off a char boundary"
        );
        assert!(block.range.start >= last, "blocks out of order");
        last = block.range.end;
        for tag in &block.template_tags {
            let tag = &tag.range;
            assert!(
                block.range.start <= tag.start && tag.end <= block.range.end,
                "template tag outside its block"
            );
            assert!(
                text.is_char_boundary(tag.start) && text.is_char_boundary(tag.end),
                "template tag off a char boundary"
            );
        }
    }
    for source in &extracted.sources {
        assert!(
            source.tag.end <= text.len() && source.value.end <= text.len(),
            "script tag out of bounds"
        );
        assert!(
            source.tag.start <= source.value.start && source.value.end <= source.tag.end,
            "src value outside its tag"
        );
        assert_eq!(
            &text[source.value.clone()],
            source.src,
            "src text differs from its range"
        );
    }
}

/// `.vue` and `.html` extraction: ranges in bounds, on char boundaries, in order.
pub fn check_extraction(text: &str) {
    assert_ranges(text, &vue::extract(text));
    assert_ranges(text, &html::extract(text, None));
    for engine in [
        Engine::Jsp,
        Engine::Php,
        Engine::Razor,
        Engine::Velocity,
        Engine::Tpl,
        Engine::FreeMarker,
    ] {
        assert_ranges(text, &html::extract(text, Some(engine)));
    }
}

/// The kinds a fuzz input can be checked as, chosen by its first byte.
const KINDS: &[(&str, FileKind)] = &[
    (
        "a.js",
        FileKind::Script {
            lang: ScriptLang::Js,
            dts: false,
        },
    ),
    (
        "a.ts",
        FileKind::Script {
            lang: ScriptLang::Ts,
            dts: false,
        },
    ),
    (
        "a.tsx",
        FileKind::Script {
            lang: ScriptLang::Tsx,
            dts: false,
        },
    ),
    ("a.vue", FileKind::Vue),
    ("a.html", FileKind::Html),
    ("package.json", FileKind::PackageJson),
];

/// Server-template kinds, chosen by first bytes from [`TEMPLATE_SELECTORS`] up (kept apart
/// from [`KINDS`] so that saved inputs keep the kind they were found with).
const TEMPLATE_KINDS: &[(&str, FileKind)] = &[
    ("a.jsp", FileKind::Template(Engine::Jsp)),
    ("a.php", FileKind::Template(Engine::Php)),
    ("a.cshtml", FileKind::Template(Engine::Razor)),
    ("a.ftl", FileKind::Template(Engine::FreeMarker)),
    ("a.vm", FileKind::Template(Engine::Velocity)),
    ("a.tpl", FileKind::Template(Engine::Tpl)),
];
const TEMPLATE_SELECTORS: u8 = 224;

/// `check` and `fix` on arbitrary bytes (the first byte picks the file kind): no panic; the
/// fix loop's shortcut check finds what the full check finds; every finding's range is in
/// the file; a fixed output parses, is what a second `fix` leaves as it
/// is, and has no legacy use left; an unfixed file comes back unchanged.
pub fn check_pipeline(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    if crate::parse::too_deep(text).is_some() {
        return;
    }
    let (name, kind) = if selector >= TEMPLATE_SELECTORS {
        TEMPLATE_KINDS[(selector - TEMPLATE_SELECTORS) as usize % TEMPLATE_KINDS.len()]
    } else {
        KINDS[selector as usize % KINDS.len()]
    };
    let file = SourceFile::new(PathBuf::from(name), kind, text.to_string());
    let options = RuleOptions::default();
    let found = check_source(&file, &options);
    assert_eq!(
        check_fixed(&file, &options),
        found,
        "the fix loop's shortcut check disagrees with the full check"
    );
    for d in &found {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "finding out of bounds"
        );
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(
                e.range.start <= e.range.end && e.range.end <= text.len(),
                "edit out of bounds"
            );
            assert!(
                text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end),
                "edit off a char boundary"
            );
        }
    }
    for unsafe_fixes in [false, true] {
        let outcome = fix_source(
            SourceFile::new(PathBuf::from(name), kind, text.to_string()),
            &options,
            unsafe_fixes,
        );
        let Some(fixed) = outcome.fixed else {
            assert_eq!(outcome.source.text, text, "an unfixed file came back changed");
            continue;
        };
        let output = SourceFile::new(PathBuf::from(name), kind, fixed.clone());
        let after = check_source(&output, &options);
        assert!(
            !after.iter().any(|d| d.rule.is_parse_failure()),
            "a fixed output does not parse:\n{fixed}"
        );
        let again = fix_source(output, &options, unsafe_fixes);
        assert!(again.fixed.is_none(), "a second fix changed the output:\n{fixed}");
    }
}

/// One fuzzed application: a text and fixes given as (start, end, text) triples; offsets are
/// folded into the text's char boundaries.
pub fn check_applier(text: &str, fixes: &[Vec<(u16, u16, String)>]) {
    let points: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
    let fixes: Vec<Fix> = fixes
        .iter()
        .map(|edits| {
            let edits = edits
                .iter()
                .map(|(a, b, t)| {
                    let (a, b) = (points[*a as usize % points.len()], points[*b as usize % points.len()]);
                    Edit::replace(a.min(b)..a.max(b), t.clone())
                })
                .collect();
            Fix::new("fuzz", Applicability::Safe, edits)
        })
        .collect();
    let refs: Vec<&Fix> = fixes.iter().collect();
    let applied = apply_fixes(text, &refs);
    let taken: Vec<&Edit> = applied.applied.iter().flat_map(|&i| &fixes[i].edits).collect();
    for (i, a) in taken.iter().enumerate() {
        for b in &taken[i + 1..] {
            assert!(a == b || !a.overlaps(b), "applied fixes overlap: {a:?} {b:?}");
        }
    }
    let mut edits: Vec<Edit> = taken.into_iter().cloned().collect();
    edits.sort();
    edits.dedup();
    let mut model = text.to_string();
    for e in edits.iter().rev() {
        model.replace_range(e.range.clone(), &e.text);
    }
    assert_eq!(applied.text, model, "the applier and the model disagree");
}
