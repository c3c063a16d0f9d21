//! Unified diffs of fixed files, in the form `git apply` and `patch -p1` accept.
//!
//! A fix touches a few lines of a file, so the lines before the first change and after the
//! last one are set aside with plain comparisons first; `similar` diffs only the window
//! between them (splitting and hashing every line of every file was 8% of `fix --diff`).
//! The result is the diff `similar::TextDiff` makes of the whole files.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::path::Path;

use similar::algorithms::{myers, Capture, Compact, DiffHook, IdentifyDistinct, NoFinishHook, Replace};
use similar::udiff::UnifiedHunkHeader;
use similar::{group_diff_ops, DiffOp};

/// Unchanged lines shown around each change, as `diff -u` does.
const CONTEXT_LINES: usize = 3;

/// Above this many lines in the changed window, lines are compared by interned ids rather than
/// by text, as `similar::TextDiff` does for large inputs.
const INTERN_ABOVE: usize = 100;

/// The unified diff from `old` to `new` for the file at `path` (shown as `a/path`, `b/path`).
/// Lines end at `\n`, as git counts them; a `\r` before it belongs to the line.
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    let name = name.strip_prefix("./").unwrap_or(&name).trim_start_matches('/');
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("diff --git a/{name} b/{name}\n");
    let hunks = group_diff_ops(line_ops(&old_lines, &new_lines), CONTEXT_LINES);
    if hunks.is_empty() {
        return out;
    }
    let _ = writeln!(out, "--- a/{name}\n+++ b/{name}");
    for hunk in &hunks {
        let _ = writeln!(out, "{}", UnifiedHunkHeader::new(hunk));
        for op in hunk {
            for change in op.iter_changes(&old_lines, &new_lines) {
                // The tag prints as the line's sign: ' ', '-' or '+'.
                let _ = write!(out, "{}{}", change.tag(), change.value());
                if !change.value().ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// The line operations turning `old` into `new`, the same `similar::TextDiff` finds: Myers'
/// diff, whose first step takes off the common head and tail, then compaction (which may
/// slide a change into them, so they are handed to it too).
fn line_ops(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail_room = old.len().min(new.len()) - head;
    let tail = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(tail_room)
        .take_while(|(a, b)| a == b)
        .count();
    let old_window = head..old.len() - tail;
    let new_window = head..new.len() - tail;

    let mut hook = Compact::new(Replace::new(Capture::new()), old, new);
    let complete: Result<(), Infallible> = (|| {
        if head > 0 {
            hook.equal(0, 0, head)?;
        }
        let mut window_hook = NoFinishHook::new(&mut hook);
        if old_window.len() > INTERN_ABOVE || new_window.len() > INTERN_ABOVE {
            let ids = IdentifyDistinct::<u32>::new(old, old_window, new, new_window);
            myers::diff(
                &mut window_hook,
                ids.old_lookup(),
                ids.old_range(),
                ids.new_lookup(),
                ids.new_range(),
            )?;
        } else {
            myers::diff(&mut window_hook, old, old_window, new, new_window)?;
        }
        if tail > 0 {
            hook.equal(old.len() - tail, new.len() - tail, tail)?;
        }
        hook.finish()
    })();
    let Ok(()) = complete;
    hook.into_inner().into_inner().into_ops()
}

#[cfg(test)]
mod tests {
    use super::*;
    use similar::TextDiff;

    /// What `similar` renders for the whole files, the reference this module must match on
    /// text without lone `\r`.
    fn reference(old: &str, new: &str) -> String {
        let mut out = String::from("diff --git a/f.js b/f.js\n");
        out.push_str(
            &TextDiff::from_lines(old, new)
                .unified_diff()
                .context_radius(CONTEXT_LINES)
                .missing_newline_hint(true)
                .header("a/f.js", "b/f.js")
                .to_string(),
        );
        out
    }

    fn numbered(n: usize) -> String {
        (1..=n).map(|i| format!("line {i}\n")).collect()
    }

    #[test]
    fn matches_similar_on_whole_files() {
        let base = numbered(300);
        let cases: Vec<(String, String)> = vec![
            (base.clone(), base.replace("line 150\n", "changed 150\n")),
            (base.clone(), base.replace("line 1\n", "first\n")),
            (base.clone(), base.replace("line 300\n", "last")),
            (base.trim_end().to_string(), base.clone()),
            (
                base.clone(),
                base.replace("line 10\n", "").replace("line 290\n", "a\nb\n"),
            ),
            (
                base.clone(),
                numbered(120) + "inserted\n" + &base[numbered(120).len()..],
            ),
            (String::new(), "new\n".into()),
            ("old\n".into(), String::new()),
            ("a\r\nb\r\nc\r\n".into(), "a\r\nB\r\nc\r\n".into()),
            (base.clone(), base.replace("line 2", "x").replace("line 1", "y")),
            ("same\nsame\nsame\n".into(), "same\nsame\n".into()),
        ];
        for (old, new) in cases {
            assert_eq!(
                unified_diff(Path::new("./f.js"), &old, &new),
                reference(&old, &new),
                "old: {old:?}\nnew: {new:?}"
            );
        }
    }

    /// Files of a few distinct lines (so repeats and moves happen), long enough to pass the
    /// interning threshold, the last line with or without its newline.
    fn file() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            proptest::collection::vec(
                prop_oneof![Just("a\n"), Just("b\n"), Just("wx.x()\n"), Just("\r\n"), Just("}\n")],
                0..260,
            ),
            prop_oneof![Just(""), Just("end"), Just("\n")],
        )
            .prop_map(|(lines, last)| lines.concat() + last)
    }

    proptest::proptest! {
        #[test]
        fn matches_similar_on_random_files(old in file(), new in file()) {
            proptest::prop_assert_eq!(unified_diff(Path::new("f.js"), &old, &new), reference(&old, &new));
        }

        #[test]
        fn matches_similar_on_small_edits(old in file(), at in 0usize..300, cut in 0usize..4, insert in file()) {
            let lines: Vec<&str> = old.split_inclusive('\n').collect();
            let at = at.min(lines.len());
            let cut = cut.min(lines.len() - at);
            let insert: String = insert.lines().take(3).map(|l| format!("{l}\n")).collect();
            let new = lines[..at].concat() + &insert + &lines[at + cut..].concat();
            proptest::prop_assert_eq!(unified_diff(Path::new("f.js"), &old, &new), reference(&old, &new));
        }
    }

    #[test]
    fn a_lone_carriage_return_stays_inside_its_line() {
        let diff = unified_diff(Path::new("f.js"), "a\rb\nc\n", "a\rb\nC\n");
        assert_eq!(
            diff,
            "diff --git a/f.js b/f.js\n--- a/f.js\n+++ b/f.js\n@@ -1,2 +1,2 @@\n a\rb\n-c\n+C\n"
        );
    }

    #[test]
    fn equal_files_give_only_the_git_line() {
        assert_eq!(
            unified_diff(Path::new("f.js"), "a\n", "a\n"),
            "diff --git a/f.js b/f.js\n"
        );
    }
}
