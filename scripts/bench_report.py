#!/usr/bin/env python3
"""Timing harness for scripts/bench.sh: runs each command as a whole process, several times,
on a quiet machine, and prints medians, spreads, ratios against the targets and peak memory.

Not meant to be run by hand (bench.sh passes every path); `--help` lists the options.

How a sample is taken:
- before it, wait until the machine is quiet: other processes used less than QUIET_CORES of a
  core over the last 0.5 s (from /proc/stat), for at most --quiet-wait seconds;
- the command runs with stdout (and stderr) sent to /dev/null, under /usr/bin/time for its
  CPU time and peak resident memory (%M: for a shell pipeline, the largest process in it);
  wall time is time.perf_counter around the whole run;
- the commands are interleaved: each gets its warm-up runs, then every round runs every command
  once, so a slow spell of the host (this is a virtual machine; its neighbours are invisible
  from inside and move timings by up to ~20% over minutes) touches all commands alike;
- before the first sample, wait (up to 10 minutes) for the 1-minute load average to fall
  below --max-load (0.7);
- the CPU used by everything else during the sample is the whole machine's busy time
  (/proc/stat) minus the child's; a sample where that exceeds NOISE_CORES of a core on average
  is thrown away and taken again (at most --retries times), so another engineer's compile
  cannot leak into the figures. Every sample's load average and outside CPU are kept in
  results.json.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

QUIET_CORES = 0.15
NOISE_CORES = 0.10
HZ = os.sysconf("SC_CLK_TCK")

EXTS = ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "vue", "html", "htm"]


def busy_jiffies():
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    v = [int(x) for x in parts]
    # user nice system idle iowait irq softirq steal (guest time is already in user)
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def wait_quiet(max_wait):
    """Waits until other processes use less than QUIET_CORES; returns the seconds waited."""
    start = time.monotonic()
    while True:
        a = busy_jiffies()
        time.sleep(0.5)
        used = (busy_jiffies() - a) / HZ / 0.5
        if used < QUIET_CORES or time.monotonic() - start > max_wait:
            return time.monotonic() - start, used


TIME = "/usr/bin/time"


def run_once(argv, cwd):
    """One whole-process run: (wall s, CPU s, max RSS KiB, exit code, outside CPU s).

    The command runs under /usr/bin/time, which reports its CPU time and peak RSS: a process
    forked straight from this (large) Python process would report Python's own peak RSS as a
    floor, since Linux carries the high-water mark across fork and exec."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        busy0 = busy_jiffies()
        t0 = time.perf_counter()
        proc = subprocess.Popen([TIME, "-f", "%U %S %M", "-o", out.name, *argv], cwd=cwd, stdout=devnull,
                                stderr=devnull, stdin=subprocess.DEVNULL)
        code = proc.wait()
        wall = time.perf_counter() - t0
        busy1 = busy_jiffies()
        os.close(devnull)
        last = out.read().strip().splitlines()[-1].split()
    user, sys_, rss = float(last[0]), float(last[1]), int(last[2])
    cpu = user + sys_
    outside = max(0.0, (busy1 - busy0) / HZ - cpu)
    return wall, cpu, rss, code, outside


def sample(name, argv, cwd, retries, quiet_wait, ok_codes):
    """One sample, taken again (up to `retries` times) while other processes used the CPU."""
    discarded = 0
    for attempt in range(retries + 1):
        waited, _ = wait_quiet(quiet_wait)
        load = loadavg()
        wall, cpu, rss, code, outside = run_once(argv, cwd)
        if code not in ok_codes:
            sys.exit(f"bench: {name}: exit status {code}: {' '.join(argv)}")
        noisy = outside > NOISE_CORES * wall + 0.02
        if not noisy or attempt == retries:
            break
        discarded += 1
    return {"wall": wall, "cpu": cpu, "rss_kib": rss, "load1": load, "outside_cpu": outside,
            "noisy": noisy, "waited": waited}, discarded


def measure_all(jobs, cwd, runs, warmup, retries, quiet_wait):
    """Times every job: `warmup` runs each, then `runs` rounds in which every job runs once, so
    a slow spell of the machine (other virtual machines on the host) touches all of them alike
    and the ratios stay fair."""
    results = {}
    for key, name, argv, ok in jobs:
        results[key] = {"name": name, "argv": argv, "samples": [], "discarded": 0}
        for _ in range(warmup):
            sample(name, argv, cwd, retries, quiet_wait, ok)
    for i in range(runs):
        print(f"  round {i + 1}/{runs}", flush=True)
        for key, name, argv, ok in jobs:
            s, discarded = sample(name, argv, cwd, retries, quiet_wait, ok)
            results[key]["samples"].append(s)
            results[key]["discarded"] += discarded
    for key, r in results.items():
        walls = [s["wall"] for s in r["samples"]]
        r.update({
            "median": statistics.median(walls),
            "min": min(walls),
            "max": max(walls),
            "cpu_median": statistics.median(s["cpu"] for s in r["samples"]),
            "rss_kib_max": max(s["rss_kib"] for s in r["samples"]),
            "noisy_kept": sum(s["noisy"] for s in r["samples"]),
            "outside_cpu_max": max(s["outside_cpu"] for s in r["samples"]),
            "load1_max": max(s["load1"] for s in r["samples"]),
        })
        print(f"  {r['name']:<22} median {r['median']:7.3f} s  min {r['min']:7.3f}  max {r['max']:7.3f}  "
              f"cpu {r['cpu_median']:6.2f} s  maxrss {r['rss_kib_max'] / 1024:7.1f} MiB"
              f"{'  (' + str(r['discarded']) + ' noisy samples retaken)' if r['discarded'] else ''}", flush=True)
    return results


def floor_cmd(tree, parallel=False):
    names = " -o ".join(f"-iname '*.{e}'" for e in EXTS) + " -o -name package.json"
    xargs = "xargs -0 -P2 -n 256 cat" if parallel else "xargs -0 cat"
    return ["bash", "-c", f"find {tree} -type f \\( {names} \\) -print0 | {xargs} > /dev/null"]


def tree_size(tree):
    files, size = 0, 0
    for root, _, names in os.walk(tree):
        for n in names:
            low = n.lower()
            if n == "package.json" or ("." in low and low.rsplit(".", 1)[1] in EXTS):
                p = os.path.join(root, n)
                if os.path.isfile(p) and not os.path.islink(p):
                    files += 1
                    size += os.path.getsize(p)
    return files, size


def sanity(a, cwd):
    """One untimed run of each tool, to record what the timed runs do (counts, not speed)."""
    info = {}
    for key, tree, extra in (("real", a.real, ["--no-default-excludes"]), ("legacy", a.legacy, []),
                             ("legacy_small", a.legacy_small, [])):
        out = subprocess.run([a.bin, "check", "--format", "json", *extra, tree], cwd=cwd,
                             capture_output=True, text=True)
        d = json.loads(out.stdout)
        err_files = {x["file"] for x in d["diagnostics"] if x["severity"] == "error"}
        info["check_" + key] = {"files_scanned": d["files_scanned"], "diagnostics": len(d["diagnostics"]),
                                "files_with_errors": len(err_files), "errors": len(d["errors"]),
                                "exit": out.returncode}
    for key, tree, extra in (("real", a.real, ["--no-default-excludes"]), ("legacy", a.legacy, [])):
        out = subprocess.run([a.parse_only, *extra, tree], cwd=cwd, capture_output=True, text=True)
        f = out.stdout.split()
        info["parse_only_" + key] = dict(zip(f[0::2], f[1::2]))
    out = subprocess.run([a.bin, "fix", "--diff", a.legacy], cwd=cwd, capture_output=True, text=True)
    info["fix_diff_legacy"] = {"files_in_diff": out.stdout.count("\n+++ ") + out.stdout.startswith("+++ "),
                               "summary": out.stderr.splitlines()[0] if out.stderr else ""}
    for key, tree in (("real", a.real), ("legacy", a.legacy)):
        out = subprocess.run(sg_cmd(a, tree) + ["--inspect", "summary", "--json=stream"], cwd=cwd,
                             capture_output=True, text=True)
        summary = [l for l in out.stderr.splitlines() if "scannedFileCount" in l]
        info["ast_grep_" + key] = {"matches": len(out.stdout.splitlines()),
                                   "files": summary[0].split("file: ")[-1] if summary else ""}
    return info


def sg_cmd(a, tree):
    ignore = []
    for kind in ("hidden", "dot", "exclude", "global", "parent", "vcs"):
        ignore += ["--no-ignore", kind]
    return [a.sg, "run", "--pattern", "wx.$M($$$A)", "--lang", "js", *ignore, tree]


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": sh("free -h | awk '/^Mem:/ {print $2}'"),
        "kernel": platform.release(),
        "rustc": sh("rustc --version"),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def main():
    ap = argparse.ArgumentParser()
    for opt in ("bin", "parse-only", "sg", "real", "legacy", "legacy-small", "out"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--cwd", default=".")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--retries", type=int, default=3)
    ap.add_argument("--quiet-wait", type=float, default=120)
    ap.add_argument("--revision", default="")
    ap.add_argument("--skip-sg", action="store_true", help="leave ast-grep out (it takes most of the time)")
    ap.add_argument("--compare", action="append", default=[], metavar="LABEL=BINARY",
                    help="also time check (both trees) and fix --diff with another build, in the same rounds")
    ap.add_argument("--max-load", type=float, default=0.7,
                    help="wait (up to 10 minutes) for the 1-minute load average to fall below this first")
    a = ap.parse_args()
    cwd = a.cwd
    env = machine()
    env["revision"] = a.revision
    env["ast_grep"] = subprocess.run([a.sg, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {env['nproc']} cores, {env['cpu']}, {env['memory']} memory, {env['rustc']}, {env['date']}")
    print(f"revision: {a.revision}  load average now: {loadavg():.2f}")
    t0 = time.monotonic()
    while loadavg() >= a.max_load and time.monotonic() - t0 < 600:
        time.sleep(5)
    env["load1_at_start"] = loadavg()
    env["waited_for_load_s"] = round(time.monotonic() - t0)
    print(f"load average at start: {env['load1_at_start']:.2f} (waited {env['waited_for_load_s']} s for < {a.max_load})")

    sizes = {}
    for key, tree in (("real", a.real), ("legacy", a.legacy), ("legacy_small", a.legacy_small)):
        files, size = tree_size(os.path.join(cwd, tree))
        sizes[key] = {"files": files, "bytes": size}
        print(f"input {key}: {files} files, {size / 1e6:.1f} MB ({tree})")
    info = sanity(a, cwd)
    for k, v in info.items():
        print(f"  {k}: {v}")

    print(f"timing: {a.runs} rounds after {a.warmup} warm-up run(s) of each command; every command runs once "
          f"per round; each run a whole process, taken when the machine is quiet")
    ok = (0, 1)
    jobs = [
        ("floor_real", "read floor (real)", floor_cmd(a.real), (0,)),
        ("floor_real_p2", "read floor -P2 (real)", floor_cmd(a.real, True), (0,)),
        ("check_real", "check (real)", [a.bin, "check", "--format", "json", "--no-default-excludes", a.real], ok),
        ("parse_only_real", "parse_only (real)", [a.parse_only, "--no-default-excludes", a.real], (0,)),
        ("floor_legacy", "read floor (legacy)", floor_cmd(a.legacy), (0,)),
        ("check_legacy", "check (legacy)", [a.bin, "check", "--format", "json", a.legacy], ok),
        ("check_legacy_small", "check (legacy 1/4)", [a.bin, "check", "--format", "json", a.legacy_small], ok),
        ("fix_diff_legacy", "fix --diff (legacy)", [a.bin, "fix", "--diff", a.legacy], ok),
        ("parse_only_legacy", "parse_only (legacy)", [a.parse_only, a.legacy], (0,)),
    ]
    if not a.skip_sg:
        jobs += [("sg_legacy", "ast-grep (legacy)", sg_cmd(a, a.legacy), ok),
                 ("sg_real", "ast-grep (real)", sg_cmd(a, a.real), ok)]
    for spec in a.compare:
        label, binary = spec.split("=", 1)
        jobs += [(f"check_real[{label}]", f"check (real) [{label}]",
                  [binary, "check", "--format", "json", "--no-default-excludes", a.real], ok),
                 (f"check_legacy[{label}]", f"check (legacy) [{label}]", [binary, "check", "--format", "json", a.legacy], ok),
                 (f"check_legacy_small[{label}]", f"check (legacy 1/4) [{label}]",
                  [binary, "check", "--format", "json", a.legacy_small], ok),
                 (f"fix_diff_legacy[{label}]", f"fix --diff (legacy) [{label}]", [binary, "fix", "--diff", a.legacy], ok)]
    res = measure_all(jobs, cwd, a.runs, a.warmup, a.retries, a.quiet_wait)

    med = {k: v["median"] for k, v in res.items()}
    rss = {k: v["rss_kib_max"] for k, v in res.items()}
    small, big = sizes["legacy_small"]["files"], sizes["legacy"]["files"]
    ratios = []

    def ratio(label, value, target, ok):
        ratios.append({"label": label, "value": value, "target": target, "met": ok})

    for suffix in [""] + [f"[{spec.split('=', 1)[0]}]" for spec in a.compare]:
        tag = f" {suffix}" if suffix else ""
        c_real, c_leg = med["check_real" + suffix], med["check_legacy" + suffix]
        r = c_real / med["floor_real"]
        ratio(f"check / read floor, real tree{tag}", r, "<= 1.5", r <= 1.5)
        if "sg_real" in med:
            r = med["sg_real"] / c_real
            ratio(f"ast-grep / check, real tree (check is N x faster){tag}", r, ">= 20", r >= 20)
        r = med["parse_only_legacy"] / c_leg
        ratio(f"check throughput / parse_only throughput, legacy tree{tag}", r, ">= 0.9", r >= 0.9)
        r = med["fix_diff_legacy" + suffix] / c_leg
        ratio(f"fix --diff / check, legacy tree{tag}", r, "<= 1.5", r <= 1.5)
        r = rss["check_legacy" + suffix] / rss["check_legacy_small" + suffix]
        ratio(f"check max RSS, legacy {big} files / {small} files{tag}", r, "~1 (<= 1.2)", r <= 1.2)
    if "sg_legacy" in med:
        r = med["sg_legacy"] / med["check_legacy"]
        ratio("ast-grep / check, legacy tree (information)", r, "-", None)
    r = med["check_real"] / med["floor_real_p2"]
    ratio("check / parallel read floor (-P2), real tree (information)", r, "-", None)
    r = med["check_real"] / med["parse_only_real"]
    ratio("check / parse_only, real tree (information)", r, "-", None)
    per_file = (rss["check_legacy"] - rss["check_legacy_small"]) / max(1, big - small)

    print()
    print("| command | median s | min s | max s | CPU s (median) | max RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for k, v in res.items():
        print(f"| {v['name']} | {v['median']:.3f} | {v['min']:.3f} | {v['max']:.3f} | {v['cpu_median']:.2f} | {v['rss_kib_max'] / 1024:.1f} |")
    print()
    print("| ratio | value | target | met |")
    print("| --- | ---: | --- | --- |")
    for x in ratios:
        met = "-" if x["met"] is None else ("met" if x["met"] else "NOT met")
        print(f"| {x['label']} | {x['value']:.2f} | {x['target']} | {met} |")
    print()
    for key in ("real", "legacy"):
        mb = sizes[key]["bytes"] / 1e6
        print(f"throughput {key}: check {mb / med['check_' + key]:.1f} MB/s, parse_only {mb / med['parse_only_' + key]:.1f} MB/s")
    print(f"check max RSS: real {rss['check_real'] / 1024:.1f} MiB; legacy {small} files {rss['check_legacy_small'] / 1024:.1f} MiB, "
          f"{big} files {rss['check_legacy'] / 1024:.1f} MiB ({per_file:.1f} KiB per extra file); "
          f"fix --diff legacy {rss['fix_diff_legacy'] / 1024:.1f} MiB")

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"machine": env, "sizes": sizes, "sanity": info, "results": res, "ratios": ratios}, f, indent=1)
    print(f"\nfull results (every sample, load, outside CPU): {os.path.join(a.out, 'results.json')}")


if __name__ == "__main__":
    main()
