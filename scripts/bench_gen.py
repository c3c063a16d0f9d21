#!/usr/bin/env python3
"""Generate the legacy-dense benchmark tree for scripts/bench.sh.

Usage: scripts/bench_gen.py OUT_DIR [--files 4000] [--parts 4] [--seed 20240501]

Every generated file uses the legacy JS-SDK: each one is a fixture input
(`fixtures/<rule>/<case>/input.<ext>`; not `fixtures/demo`, not the `syntax-error` cases,
not the negative cases whose `diagnostics.snap` says `(no findings)`, and folder inputs such
as the mini-program case are not matched by the glob) with
variations: its own declared names renamed, a header comment, filler code that does not
touch `wx` (functions, classes, object tables, JSDoc blocks) and, in some files, a few
extra `wx.*` calls. Filler amounts follow a log-normal distribution, so most files are a
few KB and a few are tens of KB. Line endings and a leading byte order mark are kept.

The output is deterministic for a given seed and fixture set. Files are spread over
OUT_DIR/part-0 .. part-(N-1) (equal counts), so a run over part-0 alone gives the
memory-scaling comparison. A summary line (files, bytes, per-extension counts) is printed.
"""
import argparse
import glob
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Names that must keep their spelling: the SDK object, globals, and object keys the rules read.
KEEP = set("""
wx jWeixin ww window self globalThis top parent document location console this
appId timestamp nonceStr signature jsApiList debug beta corpid corpId agentid agentId
success fail complete cancel trigger errMsg err_msg type url title link desc imgUrl
res err data value ref onMounted default require module exports import export
config ready error invoke on agentConfig checkJsApi
""".split())

WORDS = ("order user list item panel chat contact invoice report share scan pick load "
         "render fetch update cache store route page view card price total count index "
         "token session media image voice file location member group tag note").split()


def ident(rng):
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    return a + b[:1].upper() + b[1:] + str(rng.randint(0, 999))


def templates():
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*", "*", "input.*"))):
        rel = os.path.relpath(path, ROOT).split(os.sep)
        if rel[1] in ("demo", "syntax-error") or not os.path.isfile(path):
            continue
        snap = os.path.join(os.path.dirname(path), "diagnostics.snap")
        if os.path.exists(snap) and "(no findings)" in open(snap, encoding="utf-8").read():
            continue  # a negative case (a local `wx`, JSX text): no legacy use to measure
        with open(path, "rb") as f:
            raw = f.read()
        found.append((rel[1] + "-" + rel[2], os.path.splitext(path)[1], raw.decode("utf-8")))
    if not found:
        sys.exit("bench_gen: no fixture inputs found under fixtures/*/*/input.*")
    return found


DECL = re.compile(r"\b(?:function\s*\*?\s*|var\s+|let\s+|const\s+|class\s+)([A-Za-z_$][\w$]*)")


def rename(text, rng):
    """Renames names the file declares (function, var/let/const, class), consistently,
    leaving property names, object keys and shorthand properties alone."""
    names = sorted(set(DECL.findall(text)) - KEEP)
    for name in names:
        esc = re.escape(name)
        # A shorthand property (`{ name }`) or a key (`name:` outside `? :`) would change meaning.
        if re.search(r"[{,]\s*" + esc + r"\s*[,}]", text) or re.search(r"(?<![?\w$.])\s" + esc + r"\s*:(?!:)", text):
            continue
        new = ident(rng)
        text = re.sub(r"(?<![\w$.'\"])" + esc + r"(?![\w$'\"])", new, text)
    return text


def filler_js(rng, ts, nl):
    """One piece of plain code that does not use the SDK."""
    n = ident(rng)
    kind = rng.randrange(8)
    ann = (lambda typ: ": " + typ) if ts else (lambda typ: "")
    if kind == 0:
        body = [
            f"function {n}(items{ann('any[]')}, limit{ann('number')}){ann('number')} {{",
            "  let total = 0;",
            "  for (let i = 0; i < items.length && i < limit; i++) {",
            f"    const entry = items[i] || {{ amount: {rng.randint(1, 99)}, rate: {rng.random():.3f} }};",
            "    if (entry.amount > 10) { total += entry.amount * (1 + entry.rate); }",
            "    else { total -= Math.min(entry.amount, 3); }",
            "  }",
            f"  return Math.round(total * {rng.randint(10, 1000)}) / {rng.randint(10, 1000)};",
            "}",
        ]
    elif kind == 1:
        rows = [f"  {{ id: {rng.randint(1, 99999)}, name: '{rng.choice(WORDS)} {rng.choice(WORDS)}', "
                f"enabled: {str(rng.random() < 0.5).lower()}, weight: {rng.randint(0, 100)} }}," for _ in range(rng.randint(3, 12))]
        body = [f"const {n} = ["] + rows + ["];"]
    elif kind == 2:
        body = [
            "/**",
            f" * {rng.choice(WORDS).capitalize()} helper for the {rng.choice(WORDS)} screen.",
            f" * Keeps the {rng.choice(WORDS)} state in sync with the server and retries {rng.randint(2, 9)} times.",
            " * @param {string} key the cache key",
            " * @returns {Promise<object>} the cached value",
            " */",
            f"async function {n}(key{ann('string')}) {{",
            f"  const cached = sessionStorage.getItem('{n}:' + key);",
            "  if (cached) { return JSON.parse(cached); }",
            f"  const response = await fetch('/api/{rng.choice(WORDS)}/' + encodeURIComponent(key), {{ credentials: 'include' }});",
            "  if (!response.ok) { throw new Error('request failed: ' + response.status); }",
            "  const body = await response.json();",
            f"  sessionStorage.setItem('{n}:' + key, JSON.stringify(body));",
            "  return body;",
            "}",
        ]
    elif kind == 3:
        cls = n[:1].upper() + n[1:]
        body = [
            f"class {cls} {{",
            f"  constructor(options{ann('any')}) {{",
            "    this.options = Object.assign({ retries: 3, timeout: 5000 }, options);",
            "    this.queue = [];",
            "  }",
            f"  push(task{ann('any')}) {{ this.queue.push(task); return this.queue.length; }}",
            "  drain() {",
            "    const done = [];",
            "    while (this.queue.length) { const task = this.queue.shift(); done.push(task && task.run ? task.run() : task); }",
            "    return done;",
            "  }",
            "}",
        ]
    elif kind == 4:
        cases = [f"    case '{rng.choice(WORDS)}{i}': return {rng.randint(0, 500)} + value * {i};" for i in range(rng.randint(3, 10))]
        body = [f"function {n}(action{ann('string')}, value{ann('number')}) {{", "  switch (action) {"] + cases + [
            "    default: return value;", "  }", "}"]
    elif kind == 5:
        body = [
            f"const {n} = {{",
            f"  title: '{rng.choice(WORDS)} {rng.choice(WORDS)}',",
            f"  format(date) {{ return date.getFullYear() + '-' + (date.getMonth() + 1) + '-' + date.getDate(); }},",
            f"  describe(user) {{ return `${{user.name}} (${{user.dept || '{rng.choice(WORDS)}'}}) — ${{user.id}}`; }},",
            "  sum(list) { return list.reduce((a, b) => a + b, 0); },",
            "};",
        ]
    elif kind == 6:
        body = [f"// {rng.choice(WORDS)}: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(6, 16)))}"
                for _ in range(rng.randint(2, 8))]
    else:
        body = [
            f"function {n}(el{ann('any')}) {{",
            "  if (!el) { return; }",
            f"  el.addEventListener('click', function (event) {{",
            "    event.preventDefault();",
            f"    const target = event.target.closest('[data-{rng.choice(WORDS)}]');",
            "    if (target) { target.classList.toggle('active'); }",
            "  });",
            "}",
        ]
    return nl.join(body) + nl


def extra_calls(rng, nl):
    n = ident(rng)
    api = rng.choice(["getLocation", "scanQRCode", "chooseImage", "getNetworkType", "hideOptionMenu"])
    if rng.random() < 0.5:
        line = f"  wx.invoke('{api}', {{}}, function (res) {{ console.log(res.err_msg); }});"
    else:
        line = f"  wx.{api}({{ success: function (res) {{ console.log(res); }} }});"
    return nl.join([f"function {n}() {{", line, "}"]) + nl


def vary(name, ext, text, rng):
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    nl = "\r\n" if "\r\n" in text else "\n"
    text = rename(text, rng)
    ts = ext in (".ts",) or 'lang="ts"' in text
    count = min(int(rng.lognormvariate(1.8, 1.0)), 150)
    filler = "".join(filler_js(rng, ts, nl) + nl for _ in range(count))
    if ext in (".js", ".jsx", ".ts") and rng.random() < 0.3:
        filler += "".join(extra_calls(rng, nl) for _ in range(rng.randint(1, 3)))
    header = f"/* generated from fixture {name}; {rng.choice(WORDS)} module, revision {rng.randint(1, 9999)} */"
    if ext == ".html":
        block = f"<script>{nl}{filler}</script>{nl}" if filler else ""
        comment = f"<!-- generated from fixture {name} -->{nl}"
        if "</body>" in text:
            i = text.rindex("</body>")
            text = text[:i] + block + text[i:]
        else:
            text = text + nl + block
        text = comment + text if not text.lstrip().lower().startswith("<!doctype") else text + comment
    elif ext == ".vue":
        i = text.rfind("</script>")
        if i >= 0 and filler:
            text = text[:i] + nl + filler + text[i:]
        text = f"<!-- generated from fixture {name} -->{nl}" + text
    else:
        text = header + nl + text + (nl if not text.endswith(nl) else "") + nl + filler
    return ("\ufeff" if bom else "") + text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=4000)
    ap.add_argument("--parts", type=int, default=4)
    ap.add_argument("--seed", type=int, default=20240501)
    a = ap.parse_args()
    tpl = templates()
    per_part = a.files // a.parts
    total, by_ext = 0, {}
    for i in range(per_part * a.parts):
        rng = random.Random(a.seed * 1_000_003 + i)
        name, ext, text = tpl[i % len(tpl)]
        out = vary(name, ext, text, rng)
        part, j = divmod(i, per_part)
        folder = os.path.join(a.out, f"part-{part}", "src", f"{WORDS[j // 50 % len(WORDS)]}-{j // 50:02d}")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{name}-{j:04d}{ext}")
        data = out.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
        by_ext[ext] = by_ext.get(ext, 0) + 1
    print(f"bench_gen: {per_part * a.parts} files, {total} bytes, {len(tpl)} fixture inputs, "
          + " ".join(f"{k}={v}" for k, v in sorted(by_ext.items())))


if __name__ == "__main__":
    main()
