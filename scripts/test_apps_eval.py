#!/usr/bin/env python3
"""Tests for scripts/apps_eval.py against a stand-in tool (run: python3 scripts/test_apps_eval.py)."""
import contextlib
import importlib.util
import io
import os
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("apps_eval", os.path.join(HERE, "apps_eval.py"))
ev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ev)

# A stand-in for jweixin-migrate speaking JSON schema version 2: every `wx.` line is a legacy
# finding of unit "u1"; `fix` rewrites files that do not say BLOCK (the jweixin tag too), so a
# page ends up half migrated, which the audit must see.
FAKE_TOOL = textwrap.dedent('''\
    #!/usr/bin/env python3
    import json, os, re, sys
    args = sys.argv[1:]
    files = sorted(os.path.join(d, f)[2:] for d, _, fs in os.walk(".") for f in fs)
    if args[0] == "check":
        diags, blockers = [], []
        for f in files:
            text = open(f).read()
            for i, line in enumerate(text.splitlines(), 1):
                if re.search(r"(?<![.\\w])wx\\.", line):
                    diags.append({"rule": "wx-api", "severity": "error", "file": f, "unit": "u1",
                                  "start": {"line": i, "column": 1}})
                    if "BLOCK" in text:
                        blockers.append({"file": f, "line": i, "rule": "wx-invoke", "why": "callback form differs"})
        units = [{"id": "u1", "files": files, "status": "blocked" if blockers else "migrated", "blockers": blockers}]
        print(json.dumps({"version": 2, "diagnostics": diags, "units": units, "files_scanned": len(files), "errors": []}))
        sys.exit(1 if diags else 0)
    if args[0] == "fix":
        for f in files:
            text = open(f).read()
            if "BLOCK" not in text:
                new = re.sub(r"(?<![.\\w])wx\\.", "ww.", text).replace("jweixin-1.2.0.js", "wecom-jssdk-2.3.1.js")
                if new != text:
                    open(f, "w").write(new)
        sys.exit(0)
    sys.exit(2)
''')


class AppsEval(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = self.tmp.name
        self.tool = os.path.join(root, "fake-tool")
        with open(self.tool, "w") as f:
            f.write(FAKE_TOOL)
        os.chmod(self.tool, 0o755)
        self.corpus = os.path.join(root, "apps")
        app = os.path.join(self.corpus, "demo")
        os.makedirs(app)
        files = {
            "index.html": '<script src="https://res.wx.qq.com/open/js/jweixin-1.2.0.js"></script>'
                          '<script src="a.js"></script><script src="b.js"></script>',
            "a.js": "wx.config({})\n",
            "b.js": "// BLOCK\nwx.invoke('x', {}, function () {})\n",
        }
        for name, text in files.items():
            with open(os.path.join(app, name), "w") as f:
                f.write(text)

    def tearDown(self):
        self.tmp.cleanup()

    def test_row_units_blockers_and_half_pages(self):
        row = ev.evaluate(self.tool, os.path.join(self.corpus, "demo"), timeout=60)
        safe = row["safe"]
        self.assertEqual((safe["before"], safe["after"], safe["changed_files"]), (2, 1, 2))
        self.assertEqual(safe["half_before"], 0)
        self.assertEqual(safe["half_after"], 1)
        self.assertIn("b.js:2 wx.invoke", safe["half_pages"][0]["why"])
        self.assertEqual(safe["units"], {"total": 1, "left": 1, "migrated": 0,
                                         "blockers": [{"rule": "wx-invoke", "why": "callback form differs", "count": 1}]})
        self.assertFalse(safe["no_legacy_left"])
        self.assertFalse(safe["app_migrated"])
        self.assertEqual((safe["sdk_pages_before"], safe["legacy_pages_after"]), (1, 0))
        with open(os.path.join(self.corpus, "demo", "a.js")) as f:
            self.assertEqual(f.read(), "wx.config({})\n", "the corpus itself is never modified")

    def test_an_app_the_fix_migrates_whole(self):
        os.remove(os.path.join(self.corpus, "demo", "b.js"))
        row = ev.evaluate(self.tool, os.path.join(self.corpus, "demo"), timeout=60)
        safe = row["safe"]
        self.assertEqual((safe["before"], safe["after"], safe["half_after"]), (1, 0, 0))
        self.assertTrue(safe["no_legacy_left"])
        self.assertTrue(safe["app_migrated"])
        self.assertEqual(safe["units"], {"total": 1, "left": 0, "migrated": 1, "blockers": []})

    def test_cli_markdown_and_exit_status(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = ev.main(["--corpus", self.corpus, "--bin", self.tool, "--markdown"])
        self.assertEqual(code, 1, "a half-migrated page fails the run")
        text = out.getvalue()
        self.assertIn("| demo | 2 | 1 | 50% | 2 | 0 | 1 | 0 | 1 | 50% | 2 | 1 | 1/0/1 |", text)
        self.assertIn("- audit after the fix: 0 pages migrated, 0 still on jweixin, 1 half; 0 of 1 apps that use "
                      "the SDK fully migrated", text)
        self.assertIn("- safe: 2 legacy findings -> 1 (50% migrated), 2 files changed; 0 of 1 apps", text)
        self.assertIn("blocker    1  wx-invoke: callback form differs", text)

    def test_an_earlier_run_printed_again(self):
        saved = os.path.join(self.tmp.name, "run.json")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            ev.main(["--corpus", self.corpus, "--bin", self.tool, "--json", saved])
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(ev.main(["--from-json", saved, "--markdown"]), 0)
        self.assertIn("| **TOTAL** | **2** | **1** | **50%** |", out.getvalue())

    def test_missing_binary(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(ev.main(["--corpus", self.corpus, "--bin", "/nonexistent/tool"]), 2)
        self.assertIn("cargo build --release", err.getvalue())


if __name__ == "__main__":
    unittest.main()
