//! The human summary's unit part: `check`'s forecast per unit, `fix`'s decision per unit with
//! every blocker of the units left on jweixin, and the warning for a unit that ends the run
//! with both SDKs.

use std::io::{self, Write};

use super::plural;
use crate::project::fate::{Blocker, UnitReport, UnitStatus};

/// Blockers listed per unit in the human summary; the rest are counted (JSON lists all).
const SHOWN_BLOCKERS: usize = 8;

/// One line for blockers of one file that share their reason (the findings one `ww.register`
/// fix covers): `a.vue:19:7 wx-config, 27:7 wx-ready: why`.
fn blocker_line(group: &[&Blocker]) -> String {
    let first = group[0];
    let mut at = first.file.display().to_string();
    for (i, blocker) in group.iter().enumerate() {
        if i > 0 {
            at.push(',');
        }
        match (blocker.line, blocker.column) {
            (Some(line), Some(column)) if i == 0 => at.push_str(&format!(":{line}:{column}")),
            (Some(line), Some(column)) => at.push_str(&format!(" {line}:{column}")),
            _ => {}
        }
        if let Some(rule) = blocker.rule {
            at.push_str(&format!(" {rule}"));
        }
    }
    format!("{at}: {}", first.why)
}

/// Blockers grouped by file and reason, in their order.
fn grouped(blockers: &[Blocker]) -> Vec<Vec<&Blocker>> {
    let mut groups: Vec<Vec<&Blocker>> = Vec::new();
    // (a unit of thousands of files has thousands of groups: found by key, not by a scan)
    let mut index: std::collections::HashMap<(&std::path::Path, &str), usize> = Default::default();
    for blocker in blockers {
        match index.entry((blocker.file.as_path(), blocker.why.as_str())) {
            std::collections::hash_map::Entry::Occupied(at) => groups[*at.get()].push(blocker),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(groups.len());
                groups.push(vec![blocker]);
            }
        }
    }
    groups
}

fn write_unit(unit: &UnitReport, err: &mut dyn Write) -> io::Result<()> {
    writeln!(
        err,
        "  unit `{}` ({} {}), {} {}:",
        unit.id,
        unit.members.len(),
        plural(unit.members.len(), "file", "files"),
        unit.blockers.len(),
        plural(unit.blockers.len(), "blocker", "blockers"),
    )?;
    let groups = grouped(&unit.blockers);
    for group in groups.iter().take(SHOWN_BLOCKERS) {
        writeln!(err, "    {}", blocker_line(group))?;
    }
    if groups.len() > SHOWN_BLOCKERS {
        let rest: usize = groups[SHOWN_BLOCKERS..].iter().map(Vec::len).sum();
        writeln!(err, "    ... and {rest} more (`check --format json` lists them all)")?;
    }
    Ok(())
}

/// `check`: how many units `fix` would move, and what keeps the others.
pub(super) fn write_forecast(units: &[UnitReport], err: &mut dyn Write) -> io::Result<()> {
    let legacy: Vec<&UnitReport> = units.iter().filter(|u| u.status != UnitStatus::Clean).collect();
    if legacy.is_empty() {
        return Ok(());
    }
    let count = |status| legacy.iter().filter(|u| u.status == status).count();
    writeln!(
        err,
        "Migration units with legacy use: {} ({} `fix` would move, {} need --unsafe-fixes, {} blocked); a unit is a page with the scripts and modules it loads, and moves whole or not at all.",
        legacy.len(),
        count(UnitStatus::Fixable),
        count(UnitStatus::NeedsUnsafeFixes),
        count(UnitStatus::Blocked),
    )?;
    for unit in legacy.iter().filter(|u| u.status != UnitStatus::Fixable) {
        write_unit(unit, err)?;
    }
    write_mixed(units, false, err)
}

/// `fix`: the units moved, and every unit left on jweixin with its blockers.
pub(super) fn write_fates(units: &[UnitReport], diff: bool, err: &mut dyn Write) -> io::Result<()> {
    let moved: Vec<&UnitReport> = units.iter().filter(|u| u.status == UnitStatus::Migrated).collect();
    let left: Vec<&UnitReport> = units.iter().filter(|u| u.status == UnitStatus::Blocked).collect();
    if !moved.is_empty() {
        let files: usize = moved.iter().map(|u| u.members.len()).sum();
        writeln!(
            err,
            "{} {} {} to `@wecom/jssdk` whole ({} {}).",
            if diff { "Would move" } else { "Moved" },
            moved.len(),
            plural(moved.len(), "unit", "units"),
            files,
            plural(files, "file", "files"),
        )?;
    }
    if !left.is_empty() {
        writeln!(
            err,
            "Left {} {} on jweixin, every file as it was (a unit moves whole or not at all):",
            left.len(),
            plural(left.len(), "unit", "units"),
        )?;
        for unit in left {
            write_unit(unit, err)?;
        }
    }
    Ok(())
}

/// A unit that uses both SDKs after the run (already mixed before it, or fixed with
/// `--unsafe-fixes` while files outside the run stay on jweixin) works with neither.
pub(super) fn write_mixed(units: &[UnitReport], diff: bool, err: &mut dyn Write) -> io::Result<()> {
    for unit in units {
        let Some((legacy, wecom)) = unit.mixed() else { continue };
        let list = |files: &[&std::path::PathBuf]| {
            files
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            err,
            "warning: unit `{}` {} both SDKs: {} {} jweixin while {} {} `@wecom/jssdk`. The page works with neither until all of it is on `@wecom/jssdk`.",
            unit.id,
            if diff { "would use" } else { "uses" },
            list(&legacy),
            if legacy.len() == 1 { "uses" } else { "use" },
            list(&wecom),
            if wecom.len() == 1 { "uses" } else { "use" },
        )?;
    }
    Ok(())
}
