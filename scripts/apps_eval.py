#!/usr/bin/env python3
"""Run jweixin-migrate on a corpus of whole apps, as a new user would, and check what it leaves.

Usage: scripts/apps_eval.py [APP ...] [--corpus /work/corpus/apps] [--bin target/release/jweixin-migrate]
                            [--markdown] [--json FILE] [--keep DIR] [--timeout SECONDS]
       scripts/apps_eval.py --from-json FILE [--markdown] [APP ...]   (print an earlier run again)

APP names a folder of the corpus (default: every folder in it). For each app, on a temporary
copy (the corpus is never modified): `check --format json .` from the app's root counts the legacy
findings (severity error); `fix .` applies the safe fixes; `check` counts again; then
scripts/unit_audit.py looks for pages left half migrated. The same again from a fresh copy with
`fix --unsafe-fixes .`. Printed per app and in total: findings before, after the fix (and the
share migrated), files the fix changed, apps with no legacy use left, half-migrated pages
(before and after each fix) and pages the audit still finds on jweixin, and, when the tool's JSON is schema version 2 (`units` with
`status` and `blockers`), units total / migrated / left and the blocker kinds (rule + why).
Exit status: 1 if any app has a half-migrated page after a fix or the tool failed on one, else 0.
"""
import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("unit_audit", os.path.join(HERE, "unit_audit.py"))
unit_audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(unit_audit)


class ToolError(Exception):
    pass


def run_tool(binary, args, cwd, timeout):
    try:
        p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ToolError(f"`{' '.join(args)}` did not finish in {timeout} s")
    if p.returncode not in (0, 1):
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        raise ToolError(f"`{' '.join(args)}` exited {p.returncode}: {' | '.join(tail)}")
    return p


def check(binary, cwd, timeout):
    p = run_tool(binary, ["check", "--format", "json", "."], cwd, timeout)
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        raise ToolError(f"check printed no JSON ({e}): {p.stdout[:200]!r} {p.stderr[-200:]!r}")


def legacy_findings(report):
    return [d for d in report.get("diagnostics", []) if d.get("severity") == "error"]


def tree_digest(root):
    digests = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                continue
            try:
                with open(path, "rb") as f:
                    digests[os.path.relpath(path, root)] = hashlib.sha1(f.read()).hexdigest()
            except OSError:
                pass
    return digests


def units_summary(before, after):
    """Units total / migrated / left and blocker kinds, or None before schema version 2."""
    if before.get("version", 1) < 2 or "units" not in before:
        return None
    legacy_units = {str(d.get("unit")) for d in legacy_findings(before) if d.get("unit") is not None}
    total = [u for u in before["units"] if str(u.get("id")) in legacy_units or u.get("status") != "migrated"]
    left_ids = {str(d.get("unit")) for d in legacy_findings(after) if d.get("unit") is not None}
    after_units = {str(u.get("id")): u for u in after.get("units", [])}
    for uid, u in after_units.items():
        if u.get("status") == "blocked":
            left_ids.add(uid)
    blockers = Counter()
    for uid in left_ids:
        for b in after_units.get(uid, {}).get("blockers", []):
            blockers[(b.get("rule", "?"), b.get("why", "?"))] += 1
    n_total = len(total)
    n_left = len(left_ids)
    return {"total": n_total, "left": n_left, "migrated": max(0, n_total - n_left),
            "blockers": [{"rule": r, "why": w, "count": c} for (r, w), c in blockers.most_common()]}


def evaluate_mode(binary, app_dir, unsafe, timeout, keep_dir=None):
    with tempfile.TemporaryDirectory(prefix="apps-eval-") as tmp:
        work = os.path.join(tmp, os.path.basename(app_dir))
        shutil.copytree(app_dir, work, symlinks=True)
        for dirpath, _dirs, files in os.walk(work):
            for name in files:
                path = os.path.join(dirpath, name)
                if not os.path.islink(path):
                    os.chmod(path, os.stat(path).st_mode | 0o200)
        t0 = time.monotonic()
        before = check(binary, work, timeout)
        audit_before = unit_audit.audit(work)["summary"]
        digest = tree_digest(work)
        fix_args = ["fix", "."] + (["--unsafe-fixes"] if unsafe else [])
        fixed = run_tool(binary, fix_args, work, timeout)
        after = check(binary, work, timeout)
        seconds = time.monotonic() - t0
        changed = sum(1 for k, v in tree_digest(work).items() if digest.get(k) != v)
        audit = unit_audit.audit(work)
        half_pages = [p for p in audit["pages"] if p["status"] == "half"]
        if keep_dir:
            dest = os.path.join(keep_dir, os.path.basename(app_dir) + (".unsafe" if unsafe else ".safe"))
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(work, dest, symlinks=True)
        n_before = len(legacy_findings(before))
        n_after = len(legacy_findings(after))
        return {
            "before": n_before,
            "after": n_after,
            "migrated_pct": 100.0 * (n_before - n_after) / n_before if n_before else 0.0,
            "changed_files": changed,
            "no_legacy_left": n_before > 0 and n_after == 0,
            # The audit's view: pages that use an SDK before, and after the fix pages still on
            # jweixin or half migrated. An app is migrated when neither the tool nor the audit
            # finds legacy use left.
            "sdk_pages_before": audit_before["pages"] - audit_before["none"],
            "legacy_pages_after": audit["summary"]["legacy"],
            "migrated_pages_after": audit["summary"]["migrated"],
            "app_migrated": n_after == 0 and audit["summary"]["legacy"] == 0 and not half_pages
                            and audit["summary"]["migrated"] > 0,
            "half_before": audit_before["half"],
            "half_after": len(half_pages),
            "half_pages": [{"page": p["page"], "why": p["why"]} for p in half_pages],
            "units": units_summary(before, after),
            "schema": before.get("version", 1),
            "fix_exit": fixed.returncode,
            "seconds": round(seconds, 2),
        }


def evaluate(binary, app_dir, timeout, keep_dir=None):
    row = {"app": os.path.basename(app_dir)}
    for mode, unsafe in (("safe", False), ("unsafe", True)):
        try:
            row[mode] = evaluate_mode(binary, app_dir, unsafe, timeout, keep_dir)
        except ToolError as e:
            row[mode] = {"error": str(e)}
    return row


COLUMNS = ["app", "before", "safe after", "safe %", "safe files", "half (before)", "half safe", "legacy pages safe",
           "unsafe after", "unsafe %", "unsafe files", "half unsafe", "units safe (tot/mig/left)"]


def cells(row):
    s, u = row["safe"], row["unsafe"]
    if "error" in s:
        return [row["app"], "-", "ERROR", "", "", "", "", "", "", "", "", "", s["error"][:60]]

    def units(m):
        x = m.get("units") if "error" not in m else None
        return f"{x['total']}/{x['migrated']}/{x['left']}" if x else "-"
    u_cells = ["ERROR", "", "", ""] if "error" in u else \
        [str(u["after"]), f"{u['migrated_pct']:.0f}%", str(u["changed_files"]), str(u["half_after"])]
    return [row["app"], str(s["before"]), str(s["after"]), f"{s['migrated_pct']:.0f}%", str(s["changed_files"]),
            str(s["half_before"]), str(s["half_after"]), str(s["legacy_pages_after"])] + u_cells + [units(s)]


def totals(rows):
    t = {}
    for mode in ("safe", "unsafe"):
        ok = [r[mode] for r in rows if "error" not in r[mode]]
        before = sum(m["before"] for m in ok)
        after = sum(m["after"] for m in ok)
        units = [m["units"] for m in ok if m.get("units")]
        blockers = Counter()
        for u in units:
            for b in u["blockers"]:
                blockers[(b["rule"], b["why"])] += b["count"]
        t[mode] = {
            "apps": len(rows),
            "errors": len(rows) - len(ok),
            "apps_with_legacy": sum(1 for m in ok if m["before"] > 0),
            "before": before,
            "after": after,
            "migrated_pct": 100.0 * (before - after) / before if before else 0.0,
            "changed_files": sum(m["changed_files"] for m in ok),
            "apps_no_legacy_left": sum(1 for m in ok if m["no_legacy_left"]),
            "apps_using_sdk": sum(1 for m in ok if m["before"] > 0 or m["sdk_pages_before"] > 0),
            "apps_migrated": sum(1 for m in ok if m["app_migrated"]),
            "legacy_pages_after": sum(m["legacy_pages_after"] for m in ok),
            "migrated_pages_after": sum(m["migrated_pages_after"] for m in ok),
            "apps_with_half_pages": sum(1 for m in ok if m["half_after"]),
            "half_pages": sum(m["half_after"] for m in ok),
            "half_pages_before": sum(m["half_before"] for m in ok),
            "units": {"total": sum(u["total"] for u in units), "migrated": sum(u["migrated"] for u in units),
                      "left": sum(u["left"] for u in units)} if units else None,
            "blockers": [{"rule": r, "why": w, "count": c} for (r, w), c in blockers.most_common()],
        }
    return t


def total_cells(t):
    s, u = t["safe"], t["unsafe"]
    units = s["units"]
    return ["TOTAL", str(s["before"]), str(s["after"]), f"{s['migrated_pct']:.0f}%", str(s["changed_files"]),
            str(s["half_pages_before"]), str(s["half_pages"]), str(s["legacy_pages_after"]), str(u["after"]),
            f"{u['migrated_pct']:.0f}%",
            str(u["changed_files"]), str(u["half_pages"]),
            f"{units['total']}/{units['migrated']}/{units['left']}" if units else "-"]


def summary_lines(t):
    lines = []
    for mode in ("safe", "unsafe"):
        m = t[mode]
        lines.append(f"{mode}: {m['before']} legacy findings -> {m['after']} ({m['migrated_pct']:.0f}% migrated), "
                     f"{m['changed_files']} files changed; {m['apps_no_legacy_left']} of {m['apps_with_legacy']} "
                     f"apps with legacy use have none left; {m['half_pages']} half-migrated pages in "
                     f"{m['apps_with_half_pages']} apps (before the fix: {m['half_pages_before']})"
                     + (f"; {m['errors']} tool errors" if m["errors"] else ""))
        lines.append(f"  audit after the fix: {m['migrated_pages_after']} pages migrated, {m['legacy_pages_after']} still "
                     f"on jweixin, {m['half_pages']} half; {m['apps_migrated']} of {m['apps_using_sdk']} apps that use "
                     f"the SDK fully migrated (no finding left and every SDK page migrated)")
        if m["units"]:
            lines.append(f"  units: {m['units']['total']} with legacy use, {m['units']['migrated']} migrated, "
                         f"{m['units']['left']} left")
        for b in m["blockers"][:15]:
            lines.append(f"  blocker {b['count']:4}  {b['rule']}: {b['why']}")
    return lines


def print_text(rows, t):
    table = [COLUMNS] + [cells(r) for r in rows] + [total_cells(t)]
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    for i, r in enumerate(table):
        print("  ".join(c.ljust(widths[k]) if k == 0 else c.rjust(widths[k]) for k, c in enumerate(r)))
        if i == 0 or i == len(table) - 2:
            print("  ".join("-" * w for w in widths))
    print()
    for line in summary_lines(t):
        print(line)
    for r in rows:
        for mode in ("safe", "unsafe"):
            m = r[mode]
            if "error" in m:
                print(f"{r['app']} ({mode}): tool error: {m['error']}")
            for p in m.get("half_pages", [])[:3]:
                print(f"{r['app']} ({mode}): HALF {p['page']}: {p['why']}")


def print_markdown(rows, t):
    print("| " + " | ".join(COLUMNS) + " |")
    print("| " + " | ".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + " |")
    for r in rows:
        print("| " + " | ".join(cells(r)) + " |")
    print("| " + " | ".join(f"**{c}**" for c in total_cells(t)) + " |")
    print()
    for line in summary_lines(t):
        print(f"- {line.strip()}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("apps", nargs="*", help="app folders of the corpus (default: all)")
    ap.add_argument("--corpus", default="/work/corpus/apps")
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "jweixin-migrate"))
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    ap.add_argument("--keep", metavar="DIR", help="keep each fixed copy in DIR/<app>.safe and .unsafe")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per tool run (default 600)")
    ap.add_argument("--from-json", metavar="FILE", help="print the tables of an earlier --json run instead of running")
    a = ap.parse_args(argv)
    if a.from_json:
        with open(a.from_json) as f:
            saved = json.load(f)
        rows = [r for r in saved["apps"] if not a.apps or r["app"] in a.apps]
        (print_markdown if a.markdown else print_text)(rows, totals(rows))
        return 0
    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        print(f"apps_eval: {binary} is not an executable (build it: cargo build --release)", file=sys.stderr)
        return 2
    names = a.apps or sorted(d for d in os.listdir(a.corpus) if os.path.isdir(os.path.join(a.corpus, d)))
    rows = []
    for name in names:
        app_dir = os.path.join(a.corpus, name) if not os.path.isdir(name) else name
        if not os.path.isdir(app_dir):
            print(f"apps_eval: no app folder {app_dir}", file=sys.stderr)
            return 2
        print(f"... {name}", file=sys.stderr)
        rows.append(evaluate(binary, os.path.abspath(app_dir), a.timeout, a.keep))
    t = totals(rows)
    if a.markdown:
        print_markdown(rows, t)
    else:
        print_text(rows, t)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"binary": binary, "apps": rows, "totals": t}, f, indent=1, ensure_ascii=False)
    failed = any("error" in r[m] or r[m]["half_after"] for r in rows for m in ("safe", "unsafe"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
