#!/usr/bin/env bash
# Benchmark of jweixin-migrate: builds its inputs, builds the tool in release mode, times
# check / fix --diff / the parse-only baseline / the read floor / ast-grep on the same inputs,
# and prints medians, spreads, ratios against the targets and peak memory (BENCHMARKS.md).
#
#   scripts/bench.sh                 build inputs if missing, build, measure (about 10 minutes)
#   scripts/bench.sh --profile       also record perf profiles of check on both trees
#   scripts/bench.sh --profile-only  build inputs and tool, record the profiles, time nothing
#   scripts/bench.sh --inputs-only   build the inputs and stop
#
# Environment:
#   BENCH_RUNS=5 BENCH_WARMUP=1      timed rounds (every command once per round, interleaved),
#                                    after warm-up runs of each command
#   BENCH_REV=<git revision>         measure that revision (exported with git archive into
#                                    target/bench/rev) instead of the working tree, so edits in
#                                    progress do not change what is measured
#   BENCH_SKIP_SG=1                  leave ast-grep out
#   BENCH_FRESH=1                    rebuild the inputs even when their markers are present
#   BENCH_COMPARE="label=/path/to/binary ..."  also time these builds of jweixin-migrate (check on
#                                    both trees, fix --diff) in the same rounds, for an A/B test
#
# Everything it makes lives in target/bench/ (ignored by git): real/ (npm install of big
# front-end packages, pinned), legacy/ (generated from fixtures/*/*/input.* by
# scripts/bench_gen.py, fixed seed), tools/ (ast-grep), results.json, profile-*.txt.
# Needs: cargo, node 20 + npm (registry access the first time), python3, /usr/bin/time;
# perf for --profile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
B=target/bench
mkdir -p "$B"

PROFILE=0
MEASURE=1
INPUTS_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --profile) PROFILE=1 ;;
    --profile-only) PROFILE=1; MEASURE=0 ;;
    --inputs-only) INPUTS_ONLY=1 ;;
    *) echo "usage: scripts/bench.sh [--profile | --profile-only | --inputs-only]" >&2; exit 2 ;;
  esac
done

NPM_FLAGS=(--no-audit --no-fund --ignore-scripts --legacy-peer-deps --save-exact --loglevel=error)

# (a) The large real tree: big front-end packages at exact versions (they are most of the
# bytes). Their dependencies resolve within the ranges those versions ask for; the
# package-lock.json npm writes in target/bench/real records what was installed, and the run
# prints the tree's file and byte counts. (npm's --before cannot pin them: this registry's
# publish dates are not reliable, e.g. @angular/common 17.3.0 shows December 2024.)
REAL_PKGS=(typescript@5.4.5 three@0.160.0 lodash-es@4.17.21 rxjs@7.8.1 vue@3.4.21
  element-ui@2.15.14 echarts@5.5.0 antd@4.24.16 @babel/core@7.24.0 moment@2.30.1 jquery@3.7.1
  monaco-editor@0.47.0 @mui/material@5.15.14 react@18.2.0 react-dom@18.2.0 pdfjs-dist@4.0.379
  @angular/core@17.3.0 @angular/common@17.3.0 @angular/compiler@17.3.0)
REAL_MARK="$B/real/.bench-ready-v1"
if [[ -n "${BENCH_FRESH:-}" || ! -f "$REAL_MARK" || "$(cat "$REAL_MARK")" != "$(printf '%s\n' "${REAL_PKGS[@]}")" ]]; then
  echo "== building the real tree ($B/real): npm install ${#REAL_PKGS[@]} packages"
  rm -rf "$B/real"
  mkdir -p "$B/real"
  echo '{ "name": "bench-real-tree", "version": "0.0.0", "private": true }' > "$B/real/package.json"
  (cd "$B/real" && npm install "${NPM_FLAGS[@]}" "${REAL_PKGS[@]}")
  printf '%s\n' "${REAL_PKGS[@]}" > "$REAL_MARK"
else
  echo "== real tree present ($REAL_MARK)"
fi

# (b) The legacy-dense tree: 4000 files in 4 parts of 1000, from the fixture inputs.
LEGACY_MARK="$B/legacy/.bench-ready-v1"
GEN_SUM=$(cat scripts/bench_gen.py fixtures/*/*/input.* 2>/dev/null | cksum | cut -d' ' -f1)
if [[ -n "${BENCH_FRESH:-}" || ! -f "$LEGACY_MARK" || "$(cat "$LEGACY_MARK")" != "$GEN_SUM" ]]; then
  echo "== generating the legacy-dense tree ($B/legacy)"
  rm -rf "$B/legacy"
  python3 scripts/bench_gen.py "$B/legacy" --files 4000 --parts 4 --seed 20240501
  echo "$GEN_SUM" > "$LEGACY_MARK"
else
  echo "== legacy-dense tree present ($LEGACY_MARK)"
fi

# The peer: ast-grep, run as its platform binary (the npm wrapper's postinstall is skipped).
SG="$B/tools/node_modules/@ast-grep/cli-linux-x64-gnu/ast-grep"
if [[ ! -x "$SG" ]]; then
  echo "== installing ast-grep into $B/tools"
  mkdir -p "$B/tools"
  echo '{ "name": "bench-tools", "version": "0.0.0", "private": true }' > "$B/tools/package.json"
  (cd "$B/tools" && npm install "${NPM_FLAGS[@]}" @ast-grep/cli@0.39.5)
fi
[[ "$INPUTS_ONLY" == 1 ]] && exit 0

# The tool, release mode.
if [[ -n "${BENCH_REV:-}" ]]; then
  REV=$(git rev-parse --short "$BENCH_REV")
  SRC="$B/rev/$REV"
  if [[ ! -d "$SRC" ]]; then
    mkdir -p "$SRC"
    git archive "$REV" | tar -x -C "$SRC"
  fi
  REVISION="$REV (git archive of $BENCH_REV)"
  export CARGO_TARGET_DIR="$REPO/$B/rev-target"
  BUILD_DIR="$SRC"
else
  REVISION=$(git rev-parse --short HEAD)
  git diff --quiet HEAD -- src Cargo.toml Cargo.lock examples || REVISION="$REVISION + uncommitted changes in the working tree"
  BUILD_DIR="$REPO"
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
fi
echo "== cargo build --release ($REVISION)"
(cd "$BUILD_DIR" && cargo build --release --quiet && cargo build --release --quiet --example parse_only)
BIN="$CARGO_TARGET_DIR/release/jweixin-migrate"
PARSE_ONLY="$CARGO_TARGET_DIR/release/examples/parse_only"

if [[ "$MEASURE" == 1 ]]; then
echo "== measuring (load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
EXTRA=()
[[ -n "${BENCH_SKIP_SG:-}" ]] && EXTRA=(--skip-sg)
for spec in ${BENCH_COMPARE:-}; do EXTRA+=(--compare "$spec"); done
python3 scripts/bench_report.py --cwd "$REPO" --out "$B" --revision "$REVISION" \
  --runs "${BENCH_RUNS:-5}" --warmup "${BENCH_WARMUP:-1}" "${EXTRA[@]}" \
  --bin "$BIN" --parse-only "$PARSE_ONLY" --sg "$SG" \
  --real "$B/real" --legacy "$B/legacy" --legacy-small "$B/legacy/part-0"
fi

if [[ "$PROFILE" == 1 ]]; then
  # A second build with line tables and frame pointers, in its own target folder, so perf can
  # attribute time to functions and call chains. Same code, same optimisation level.
  echo "== profiling: perf record of check on both trees"
  PROF_TARGET="$REPO/$B/prof-target"
  (cd "$BUILD_DIR" && CARGO_TARGET_DIR="$PROF_TARGET" CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
    RUSTFLAGS="-C force-frame-pointers=yes" cargo build --release --quiet)
  for tree in real legacy; do
    extra=()
    [[ "$tree" == real ]] && extra=(--no-default-excludes)
    perf record -q -e cpu-clock -F 2000 -g -o "$B/perf-$tree.data" -- \
      "$PROF_TARGET/release/jweixin-migrate" check --format json "${extra[@]}" "$B/$tree" > /dev/null || true
    perf report -i "$B/perf-$tree.data" --no-children --sort symbol --stdio -g none 2>/dev/null \
      | awk '/^ +[0-9]/ && n++ < 80' > "$B/profile-$tree-self.txt"
    perf report -i "$B/perf-$tree.data" --children --sort symbol --stdio -g none 2>/dev/null \
      | awk '/^ +[0-9]/ && n++ < 400' > "$B/profile-$tree-children.txt"
    echo "-- $tree: where the time goes (share of all samples, callees included)"
    for f in 'walk::walk' 'pipeline::read_text' 'prefilter::may_use_legacy' 'parse::too_deep' \
      'parse::parse_block' 'sdk::resolve::build' 'rules::walk::check_block' 'rules::planner::plan_block' \
      'drop_in_place<jweixin_migrate::parse::ParsedBlock>' 'report::CheckRenderer::render' \
      'report::CheckWriter::file'; do
      awk -v f="$f" 'index($0, f) && !done { printf "   %8s  %s\n", $1, f; done = 1 }' "$B/profile-$tree-children.txt"
    done
  done
fi
