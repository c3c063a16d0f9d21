//! Migration units (issue 8, DESIGN.md promise 7) as the server sees them: whether migrating
//! one file completes the page it belongs to. A quick fix or fix-all that would leave a unit
//! half migrated says so in its title and is never the preferred fix.
//!
//! The project pass that joins files into units is the lead's (`src/project/`). When it lands,
//! [`unit_status`] is the one function to make return what that pass knows about `path`; the
//! code actions already read it. Today the server cannot know a file's unit and says
//! [`UnitStatus::Unknown`], which changes no title.

use std::path::{Path, PathBuf};

/// What migrating one file means for its migration unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UnitStatus {
    /// Not known (no unit information yet).
    Unknown,
    /// Other files of the unit still use jweixin, so the page works with neither SDK until
    /// they are migrated too. Built by issue 8's project pass once it lands (and by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    OthersStillLegacy { files: Vec<PathBuf> },
}

/// The unit status of the open file at `path`. The hook for issue 8's project pass.
pub(crate) fn unit_status(_path: &Path) -> UnitStatus {
    UnitStatus::Unknown
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
