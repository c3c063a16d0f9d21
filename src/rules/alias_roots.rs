//! Calls through a local alias of the SDK (`const sdk = window.wx`) in code the `ww.register`
//! fix moves (a `wx.agentConfig` hook, a `wx.error` handler, a `wx.ready` registered before the
//! configuration). Moved code is copied as written, and the SDK calls inside it are converted
//! by their own fixes in a later round of `fix`; but this round already points the alias at
//! `ww`, so that round could no longer tell `sdk.invoke(...)` from a call on `ww`. The copy
//! therefore names the SDK object the alias was set to (`window.wx.invoke(...)`), which the
//! next round converts like any other legacy call. Only aliases set, in their declaration, to
//! the global SDK object (`wx`, `jWeixin`, written as `window.wx` in the copy) or to one of its
//! window properties qualify; any other alias in moved code keeps the fix from being made.

use std::cell::RefCell;
use std::ops::Range;

use super::RuleContext;
use crate::fix::Edit;
use crate::sdk::{Origin, SdkRef};

/// The rewrites of alias references inside the moved code, and which of them a copy used.
#[derive(Default)]
pub(super) struct AliasRoots {
    edits: Vec<Edit>,
    used: RefCell<Vec<bool>>,
}

impl AliasRoots {
    /// The rewrites for the alias references inside `moved` (each range with the reference
    /// that stays, the moved call's own SDK object), or the first reference whose alias is not
    /// set to the global SDK object.
    pub(super) fn find<'c>(
        cx: &'c RuleContext,
        moved: &[(Range<usize>, Range<usize>)],
    ) -> Result<AliasRoots, &'c SdkRef> {
        let objects = cx.sdk.objects();
        let mut edits = Vec::new();
        for o in &objects {
            if !matches!(o.origin, Origin::Alias { .. }) {
                continue;
            }
            let inside = moved
                .iter()
                .any(|(r, own)| r.start <= o.range.start && o.range.end <= r.end && *own != o.range);
            if !inside {
                continue;
            }
            match root_text(cx, &objects, o, 0) {
                Some(root) => edits.push(Edit::replace(o.range.clone(), root)),
                None => return Err(o),
            }
        }
        let used = RefCell::new(vec![false; edits.len()]);
        Ok(AliasRoots { edits, used })
    }

    /// The text of `range` with the rewrites inside it and `extra` (edits of the same text
    /// that do not overlap them) applied.
    pub(super) fn apply(&self, text: &str, range: Range<usize>, extra: &[Edit]) -> String {
        let mut edits: Vec<&Edit> = extra.iter().collect();
        let mut used = self.used.borrow_mut();
        for (i, edit) in self.edits.iter().enumerate() {
            let inside = range.start <= edit.range.start && edit.range.end <= range.end;
            if inside && !extra.iter().any(|e| e.overlaps(edit)) {
                used[i] = true;
                edits.push(edit);
            }
        }
        let edits: Vec<Edit> = edits.into_iter().cloned().collect();
        crate::apply::edited_slice(text, range, &edits)
    }

    /// Whether the moved code calls the SDK through an alias at all.
    pub(super) fn any(&self) -> bool {
        !self.edits.is_empty()
    }

    /// A reference inside the moved code that no copy rewrote (the code that holds it is copied
    /// some other way, as options evaluated at run time are).
    pub(super) fn unused(&self) -> Option<Range<usize>> {
        let used = self.used.borrow();
        self.edits
            .iter()
            .zip(used.iter())
            .find(|(_, used)| !**used)
            .map(|(e, _)| e.range.clone())
    }
}

/// What an alias reference stands for: the SDK object its declaration sets it to, followed
/// through other aliases.
fn root_text(cx: &RuleContext, objects: &[&SdkRef], alias: &SdkRef, depth: usize) -> Option<String> {
    let Origin::Alias { decl } = &alias.origin else {
        return None;
    };
    let text = &cx.file.text;
    let after = &text[decl.end..];
    let value = after.trim_start().strip_prefix('=')?;
    let at = text.len() - value.trim_start().len();
    let init = objects.iter().find(|o| o.range.start == at)?;
    match &init.origin {
        Origin::Global => Some(format!("window.{}", cx.text(init.range.clone()))),
        Origin::WindowProperty { .. } => Some(cx.text(init.range.clone()).to_string()),
        Origin::Alias { .. } if depth < 4 => root_text(cx, objects, init, depth + 1),
        _ => None,
    }
}
