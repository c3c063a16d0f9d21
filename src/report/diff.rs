//! Unified diffs of fixed files, in the form `git apply` and `patch -p1` accept.

use std::path::Path;

use similar::TextDiff;

/// The unified diff from `old` to `new` for the file at `path` (shown as `a/path`, `b/path`).
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    let name = name.strip_prefix("./").unwrap_or(&name).trim_start_matches('/');
    let diff = TextDiff::from_lines(old, new);
    let mut out = format!("diff --git a/{name} b/{name}\n");
    out.push_str(
        &diff
            .unified_diff()
            .context_radius(3)
            .missing_newline_hint(true)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string(),
    );
    out
}
