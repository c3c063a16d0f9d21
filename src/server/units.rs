//! Migration units (issue 8, DESIGN.md promise 7) as the server sees them: whether migrating
//! one file completes the page it belongs to. A quick fix or fix-all that would leave a unit
//! half migrated says so in its title and is never the preferred fix.
//!
//! The unit is found as `fix --stdin-filename` finds it (`run::text::place_in_unit`): from the
//! file's project folder on disk, read again for each code-action request (a walk of the
//! project; the diagnostics themselves do not wait for it). A file outside any project folder
//! is taken on its own ([`UnitStatus::Unknown`], which changes no title).

use std::path::{Path, PathBuf};

/// What migrating one file means for its migration unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UnitStatus {
    /// Not known (the file is outside any project folder), or nothing else in the unit uses
    /// jweixin.
    Unknown,
    /// Other files of the unit still use jweixin, so the page works with neither SDK until
    /// they are migrated too.
    OthersStillLegacy { files: Vec<PathBuf> },
}

/// The unit status of the open file at `path`, from its project folder on disk.
pub(crate) fn unit_status(path: &Path, options: &crate::rules::RuleOptions) -> UnitStatus {
    let files = crate::run::text::place_in_unit(path, None, options).others_still_legacy;
    if files.is_empty() {
        UnitStatus::Unknown
    } else {
        UnitStatus::OthersStillLegacy { files }
    }
}

impl UnitStatus {
    /// The words a fix's title gets when applying it leaves the unit half migrated.
    pub(crate) fn warning(&self) -> Option<String> {
        match self {
            UnitStatus::Unknown => None,
            UnitStatus::OthersStillLegacy { files } => {
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                Some(format!(
                    "leaves its page half migrated: {} still {} jweixin",
                    names.join(", "),
                    if files.len() == 1 { "uses" } else { "use" }
                ))
            }
        }
    }
}
