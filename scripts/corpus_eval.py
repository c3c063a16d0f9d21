#!/usr/bin/env python3
"""Measure jweixin-migrate on a corpus of real legacy code kept outside this repository.

Usage: scripts/corpus_eval.py CORPUS_DIR [--bin target/debug/jweixin-migrate]

CORPUS_DIR holds legacy/ (files with legacy use), negative/ (files, and mini-program folders,
where nothing must be reported) and MANIFEST.tsv with a hand count `expected_call_sites` per
file. Prints, per file and in total: call sites found by `check`, call sites migrated by safe
fixes (`fix --diff`), whether every changed file still parses, and whether a second fix
changes nothing. Nothing in the corpus is modified: fixes run on a temporary copy.
"""
import argparse, csv, json, os, shutil, subprocess, sys, tempfile

CALL_RULES = {"wx-config", "wx-agent-config", "wx-ready", "wx-error", "wx-invoke", "wx-on", "wx-api", "wx-import", "wx-script-tag"}

def run(binary, args, cwd=None):
    return subprocess.run([binary] + args, capture_output=True, text=True, cwd=cwd)

def findings(binary, path):
    out = run(binary, ["check", "--format", "json", path])
    data = json.loads(out.stdout)
    return data, out.returncode

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "debug", "jweixin-migrate"))
    ap.add_argument("--unsafe", action="store_true", help="also count unsafe fixes")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    rows = list(csv.DictReader(open(os.path.join(a.corpus, "MANIFEST.tsv")), delimiter="\t"))
    expected_total = found_total = fixed_total = 0
    print(f"{'file':60} {'exp':>4} {'found':>5} {'fixed':>5}  notes")
    problems = []
    for row in rows:
        path = row["path"]
        if not path.startswith("legacy/"):
            continue
        exp = int(row["expected_call_sites"] or 0)
        full = os.path.join(a.corpus, path)
        data, code = findings(binary, full)
        calls = [d for d in data["diagnostics"] if d["rule"] in CALL_RULES and "reads a member" not in d["message"]]
        errors = data["errors"] + [d for d in data["diagnostics"] if d["rule"] == "syntax-error"]
        found = min(len(calls), exp)
        # Fix a copy and count the call sites that are gone.
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, os.path.basename(full))
            shutil.copy(full, copy)
            os.chmod(copy, 0o644)
            args = ["fix", copy] + (["--unsafe-fixes"] if a.unsafe else [])
            run(binary, args)
            after, _ = findings(binary, copy)
            left = [d for d in after["diagnostics"] if d["rule"] in CALL_RULES and "reads a member" not in d["message"]]
            parses = not any(d["rule"] == "syntax-error" for d in after["diagnostics"]) or errors
            changed_text = open(copy, encoding="utf-8", errors="replace").read() != open(full, encoding="utf-8", errors="replace").read()
            before_second = open(copy, "rb").read()
            run(binary, args)
            stable = open(copy, "rb").read() == before_second
        fixed = max(0, min(exp, len(calls)) - len(left)) if changed_text else 0
        note = []
        if len(calls) != exp: note.append(f"tool {len(calls)} vs hand {exp}")
        if errors: note.append("syntax error / unreadable")
        if changed_text and not parses: problems.append(f"{path}: output does not parse")
        if not stable: problems.append(f"{path}: second fix changed the file")
        expected_total += exp; found_total += found; fixed_total += fixed
        print(f"{path:60} {exp:4} {len(calls):5} {fixed:5}  {'; '.join(note)}")
    neg_findings = []
    for root in ["negative"]:
        data, code = findings(binary, os.path.join(a.corpus, root))
        for d in data["diagnostics"]:
            neg_findings.append(f"{d['file']}:{d['start']['line']} {d['rule']} {d['message']}")
    print()
    print(f"call sites: expected {expected_total}, found {found_total} ({100*found_total/max(1,expected_total):.1f}%), "
          f"migrated by {'safe+unsafe' if a.unsafe else 'safe'} fixes {fixed_total} ({100*fixed_total/max(1,expected_total):.1f}%)")
    print(f"negatives: {len(neg_findings)} findings")
    for n in neg_findings: print("   ", n)
    for p in problems: print("PROBLEM", p)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
