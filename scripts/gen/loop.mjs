#!/usr/bin/env node
// The differential loop over generated legacy pages: generate a range of seeds, run
// `jweixin-migrate fix` on each page's folder (safe fixes; with --unsafe also a copy with
// --unsafe-fixes), run the oracle on legacy vs fixed page under every scenario of the page
// (one `compare.mjs --batch` process per chunk and job), and classify each verdict
// (verdicts.mjs). Prints the counts; exits 1 when any verdict is unexpected.
//
//   node scripts/gen/loop.mjs --seeds 0..300 [--unsafe] [--jobs 2] [--chunk 200]
//        [--tool target/debug/jweixin-migrate] [--oracle ../shared/oracle]
//        [--work DIR] [--keep-failures DIR] [--json] [--quiet]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProgram } from './patterns.mjs';
import { writeProgram } from './program.mjs';
import { classify } from './verdicts.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function parseArgs(argv) {
  const o = { jobs: 2, chunk: 200, unsafe: false, json: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--seeds') {
      const m = /^(\d+)\.\.(\d+)$/.exec(next());
      if (!m) throw new Error('--seeds FROM..TO (TO excluded)');
      o.from = Number(m[1]);
      o.to = Number(m[2]);
    } else if (a === '--unsafe') o.unsafe = true;
    else if (a === '--jobs') o.jobs = Number(next());
    else if (a === '--chunk') o.chunk = Number(next());
    else if (a === '--tool') o.tool = resolve(next());
    else if (a === '--oracle') o.oracle = resolve(next());
    else if (a === '--work') o.work = resolve(next());
    else if (a === '--keep-failures') o.keep = resolve(next());
    else if (a === '--json') o.json = true;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--patterns') o.patterns = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.from === undefined) throw new Error('need --seeds FROM..TO');
  o.tool ||= join(repo, 'target/debug/jweixin-migrate');
  o.oracle ||= process.env.JWEIXIN_ORACLE ? resolve(process.env.JWEIXIN_ORACLE) : resolve(repo, '../shared/oracle');
  if (!existsSync(o.tool)) throw new Error(`no tool at ${o.tool} (cargo build, or --tool PATH)`);
  if (!existsSync(join(o.oracle, 'run'))) throw new Error(`no oracle at ${o.oracle} (--oracle DIR or JWEIXIN_ORACLE)`);
  return o;
}

// Every file under a folder, as relative path -> text.
export function readTree(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

export const sameTree = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]);

// Runs the tool on many page folders, a few hundred arguments at a time.
export function runTool(tool, args, dirs) {
  const outputs = [];
  for (let i = 0; i < dirs.length; i += 300) {
    const r = spawnSync(tool, [...args, ...dirs.slice(i, i + 300)], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status === 2 || r.error) throw new Error(`${tool} ${args.join(' ')} failed: ${r.error || r.stderr}`);
    outputs.push(r.stdout);
  }
  return outputs;
}

// A reason as a blocker class: names in backticks elided, cut short.
export const reasonClass = (text) => text.replace(/`[^`]*`/g, '`_`').replace(/\d+/g, 'N').slice(0, 150);

// Fix titles of every program, and why findings have no safe fix (the blockers), from
// `check --format json` on the legacy folders.
export function fixTitles(tool, root, names) {
  const byProgram = new Map(names.map((n) => [n, { safe: new Set(), unsafe: new Set(), blockers: new Set() }]));
  for (const out of runTool(tool, ['check', '--format', 'json', '--no-default-excludes'], names.map((n) => join(root, n)))) {
    const report = JSON.parse(out);
    for (const d of report.diagnostics) {
      const entry = byProgram.get(relative(root, d.file).split('/')[0]);
      if (!entry) continue;
      if (d.severity === 'error' && !d.fix) {
        const at = d.help.indexOf('Not fixed automatically: ');
        entry.blockers.add(`${d.rule}: no fix: ${reasonClass(at < 0 ? d.help : d.help.slice(at + 25))}`);
      }
      if (!d.fix) continue;
      entry[d.fix.applicability === 'safe' ? 'safe' : 'unsafe'].add(d.fix.title);
      if (d.severity === 'error' && d.fix.applicability !== 'safe') {
        const at = d.fix.title.indexOf('Unsafe: ');
        entry.blockers.add(`${d.rule}: unsafe: ${reasonClass(at < 0 ? d.fix.title : d.fix.title.slice(at + 8))}`);
      }
    }
  }
  return byProgram;
}

// Programs whose fixed page still has legacy use beside migrated code: a page the tool moved
// only in part (file by file), which works with neither SDK (DESIGN.md promise 7).
export function partlyMigrated(tool, root, names) {
  const mixed = new Set();
  if (!names.length) return mixed;
  for (const out of runTool(tool, ['check', '--format', 'json', '--no-default-excludes'], names.map((n) => join(root, n)))) {
    for (const d of JSON.parse(out).diagnostics) {
      if (d.severity === 'error') mixed.add(relative(root, d.file).split('/')[0]);
    }
  }
  return mixed;
}

// Runs batch files in up to `jobs` oracle processes at once; resolves with every record.
export function runOracle(oracle, batches, jobs) {
  const records = [];
  let next = 0;
  const one = () => {
    if (next >= batches.length) return Promise.resolve();
    const file = batches[next++];
    return new Promise((ok, fail) => {
      const child = spawn(join(oracle, 'run'), ['compare.mjs', '--batch', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => {
        if (code === 2) return fail(new Error(`oracle harness error on ${file}:\n${err.slice(-2000)}`));
        for (const l of out.split('\n')) {
          if (!l.startsWith('{"id"')) continue;
          records.push(JSON.parse(l));
        }
        ok();
      });
    }).then(one);
  };
  return Promise.all(Array.from({ length: Math.min(jobs, batches.length) }, one)).then(() => records);
}

function emptyCounts() {
  return {
    programs: 0,
    safelyMigrated: 0,
    unchanged: 0,
    runs: 0,
    equivalent: 0,
    inherent: {},
    unexpected: 0,
    partlyMigrated: 0,
    partlyMigratedRuns: 0,
    legacyPageErrors: 0,
    legacyErrorSeeds: [],
    unsafe: { programs: 0, equivalent: 0, runs: 0, equivalentRuns: 0, unexpectedRuns: 0, byReason: {} },
    patterns: {},
    patternsMigrated: {},
    blockers: {},
    failures: [],
  };
}

// Runs one chunk of seeds through the loop; adds to `counts`.
async function runChunk(o, seeds, counts, work) {
  const root = { legacy: join(work, 'legacy'), safe: join(work, 'safe'), unsafe: join(work, 'unsafe') };
  for (const r of Object.values(root)) mkdirSync(r, { recursive: true });
  const programs = new Map();
  for (const seed of seeds) {
    const name = `p${seed}`;
    const program = generateProgram(seed);
    programs.set(name, program);
    writeProgram(program, join(root.legacy, name));
    cpSync(join(root.legacy, name), join(root.safe, name), { recursive: true });
    if (o.unsafe) cpSync(join(root.legacy, name), join(root.unsafe, name), { recursive: true });
  }
  const names = [...programs.keys()];
  const titles = fixTitles(o.tool, root.legacy, names);
  runTool(o.tool, ['fix', '--no-default-excludes'], names.map((n) => join(root.safe, n)));
  if (o.unsafe) runTool(o.tool, ['fix', '--unsafe-fixes', '--no-default-excludes'], names.map((n) => join(root.unsafe, n)));

  const lines = [];
  const changedNames = [];
  for (const [name, program] of programs) {
    counts.programs++;
    for (const p of program.patterns) counts.patterns[p] = (counts.patterns[p] || 0) + 1;
    const legacy = readTree(join(root.legacy, name));
    const safe = readTree(join(root.safe, name));
    const changed = !sameTree(legacy, safe);
    if (changed) changedNames.push(name);
    else counts.unchanged++;
    const scenario = program.scenarios.map((s) => ({ name: s.name, ...s.scenario }));

    if (changed) {
      lines.push({ id: `${name}:safe`, legacy: join(root.legacy, name, 'index.html'), wecom: join(root.safe, name, 'index.html'), scenario });
    }
    if (o.unsafe) {
      const unsafe = readTree(join(root.unsafe, name));
      if (!sameTree(unsafe, safe)) {
        counts.unsafe.programs++;
        lines.push({ id: `${name}:unsafe`, legacy: join(root.legacy, name, 'index.html'), wecom: join(root.unsafe, name, 'index.html'), scenario });
      }
    }
  }
  const mixed = partlyMigrated(o.tool, root.safe, changedNames);
  counts.partlyMigrated += mixed.size;
  counts.safelyMigrated += changedNames.length - mixed.size;
  for (const name of programs.keys()) {
    if (changedNames.includes(name) && !mixed.has(name)) continue;
    for (const b of titles.get(name).blockers) counts.blockers[b] = (counts.blockers[b] || 0) + 1;
  }
  for (const name of changedNames) {
    if (mixed.has(name)) continue;
    for (const p of programs.get(name).patterns) counts.patternsMigrated[p] = (counts.patternsMigrated[p] || 0) + 1;
  }
  const batches = [];
  const per = Math.ceil(lines.length / Math.max(1, o.jobs)) || 1;
  for (let i = 0; i < lines.length; i += per) {
    const file = join(work, `batch-${i}.jsonl`);
    writeFileSync(file, lines.slice(i, i + per).map((l) => JSON.stringify(l)).join('\n') + '\n');
    batches.push(file);
  }
  const records = lines.length ? await runOracle(o.oracle, batches, o.jobs) : [];
  const expected = lines.reduce((n, l) => n + l.scenario.length, 0);
  if (records.length !== expected) throw new Error(`the oracle ran ${records.length} of ${expected} pair x scenario runs`);

  const unsafeEquivalent = new Map();
  for (const r of records) {
    const [name, level] = r.id.split(':');
    const program = programs.get(name);
    const scenario = program.scenarios.find((s) => s.name === r.scenario);
    const t = titles.get(name);
    const applied = level === 'safe' ? [...t.safe] : [...t.safe, ...t.unsafe];
    const verdict = classify(r, scenario, applied);
    if (scenario.name === 'ok' && r.pageErrors.legacy.length && level === 'safe') {
      counts.legacyPageErrors++;
      if (counts.legacyErrorSeeds.length < 20) counts.legacyErrorSeeds.push(`${program.seed}: ${JSON.stringify(r.pageErrors.legacy[0].error).slice(0, 100)}`);
    }
    if (level === 'unsafe') {
      counts.unsafe.runs++;
      const fine = verdict.kind !== 'unexpected';
      if (fine) counts.unsafe.equivalentRuns++;
      else counts.unsafe.unexpectedRuns++;
      unsafeEquivalent.set(name, (unsafeEquivalent.get(name) ?? true) && fine);
      // what differed, by the reasons the unsafe fixes give: a reason names its difference
      const reasons = [...new Set([...t.unsafe].map((u) => reasonClass(u.slice(u.indexOf('Unsafe: ') + 8))))].sort().join(' + ');
      const entry = (counts.unsafe.byReason[reasons] ||= { runs: 0, fine: 0, differences: {} });
      entry.runs++;
      if (fine) entry.fine++;
      else {
        for (const d of r.differences) {
          const kind = `${d.part}: ${reasonClass(d.message)}`;
          entry.differences[kind] = (entry.differences[kind] || 0) + 1;
        }
      }
      continue;
    }
    if (mixed.has(name)) {
      // a page the tool moved only in part (migration units, DESIGN.md promise 7, forbid
      // it): counted apart, and a failure of the run
      counts.partlyMigratedRuns++;
      continue;
    }
    counts.runs++;
    if (verdict.kind === 'equivalent') counts.equivalent++;
    else if (verdict.kind === 'inherent') {
      for (const c of verdict.classes) counts.inherent[c] = (counts.inherent[c] || 0) + 1;
    } else {
      counts.unexpected++;
      const failure = { seed: program.seed, scenario: r.scenario, why: verdict.why, differences: r.differences, pageErrors: r.pageErrors, patterns: program.patterns, titles: applied };
      counts.failures.push(failure);
      if (o.keep) keepFailure(o.keep, root, name, program);
    }
  }
  for (const fine of unsafeEquivalent.values()) if (fine) counts.unsafe.equivalent++;
}

function keepFailure(dir, root, name, program) {
  const to = join(dir, name);
  if (existsSync(to)) return;
  cpSync(join(root.legacy, name), join(to, 'legacy'), { recursive: true });
  cpSync(join(root.safe, name), join(to, 'safe'), { recursive: true });
  for (const s of program.scenarios) writeFileSync(join(to, `scenario.${s.name}.json`), JSON.stringify(s.scenario, null, 2) + '\n');
  writeFileSync(join(to, 'patterns.txt'), program.patterns.join('\n') + '\n');
}

export async function runLoop(o) {
  const counts = emptyCounts();
  const work = o.work || mkdtempSync(join(tmpdir(), 'jweixin-gen-'));
  const started = Date.now();
  try {
    for (let s = o.from; s < o.to; s += o.chunk) {
      const seeds = [];
      for (let k = s; k < Math.min(o.to, s + o.chunk); k++) seeds.push(k);
      const chunkDir = join(work, `chunk-${s}`);
      await runChunk(o, seeds, counts, chunkDir);
      if (!o.work) rmSync(chunkDir, { recursive: true, force: true });
      if (!o.quiet) process.stderr.write(`seeds ${o.from}..${Math.min(o.to, s + o.chunk)}: ${counts.programs} programs, ${counts.unexpected} unexpected, ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
  } finally {
    if (!o.work) rmSync(work, { recursive: true, force: true });
  }
  counts.seconds = Math.round((Date.now() - started) / 1000);
  return counts;
}

// Each pattern with how often a program using it got a safe migration (lowest first).
export function patternRates(c) {
  return Object.entries(c.patterns)
    .map(([p, n]) => [p, n, (c.patternsMigrated[p] || 0) / n])
    .sort((a, b) => a[2] - b[2]);
}

export function summary(o, c) {
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
  const lines = [
    `seeds ${o.from}..${o.to} (${c.seconds} s)`,
    `programs            ${c.programs}`,
    `safely migrated     ${c.safelyMigrated} (${pct(c.safelyMigrated, c.programs)})`,
    `unchanged           ${c.unchanged}`,
    `partly migrated     ${c.partlyMigrated} (legacy use left beside migrated code on one page; ${c.partlyMigratedRuns} runs not classified)`,
    `runs (pair x scenario, safe fixes): ${c.runs}`,
    `  equivalent        ${c.equivalent}`,
    ...Object.entries(c.inherent).map(([k, v]) => `  inherent ${k.padEnd(28)} ${v}`),
    `  different, unexpected: ${c.unexpected}`,
    `legacy pages with a page error under ok: ${c.legacyPageErrors}${c.legacyErrorSeeds.length ? ' (' + c.legacyErrorSeeds.slice(0, 5).join('; ') + ')' : ''}`,
    'why programs were not migrated (unchanged or partly; programs per reason, top 12):',
    ...Object.entries(c.blockers)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => `  ${String(v).padStart(5)}  ${k}`),
  ];
  if (o.unsafe) {
    lines.push(
      `unsafe fixes: ${c.unsafe.programs} programs changed further by --unsafe-fixes; ${c.unsafe.equivalent} of them equivalent on every scenario (${pct(c.unsafe.equivalent, c.unsafe.programs)}); runs ${c.unsafe.runs}, equivalent or inherent ${c.unsafe.equivalentRuns} (${pct(c.unsafe.equivalentRuns, c.unsafe.runs)})`,
      'unsafe runs by the reasons their fixes give (top 10): runs, equivalent or inherent, what differed in the others',
      ...Object.entries(c.unsafe.byReason)
        .sort((a, b) => b[1].runs - a[1].runs)
        .slice(0, 10)
        .flatMap(([reason, e]) => [
          `  ${String(e.runs).padStart(5)} ${String(e.fine).padStart(5)}  ${reason.slice(0, 150)}`,
          ...Object.entries(e.differences)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3)
            .map(([d, n]) => `              ${String(n).padStart(5)}x ${d.slice(0, 120)}`),
        ]),
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const o = parseArgs(process.argv.slice(2));
    const c = await runLoop(o);
    for (const f of c.failures) {
      console.log(`FAIL seed ${f.seed} [${f.scenario}]: ${f.why}\n  patterns: ${f.patterns.join(' ')}`);
      for (const d of f.differences) {
        console.log(`  ! ${d.part}: ${d.message}`);
        for (const l of d.diff || []) if (!l.startsWith('  ')) console.log(`      ${l.slice(0, 200)}`);
      }
    }
    console.log(summary(o, c));
    if (o.patterns) {
      console.log('patterns (programs, safely migrated share):');
      for (const [p, n, r] of patternRates(c)) console.log(`  ${p.padEnd(40)} ${String(n).padStart(6)}  ${(100 * r).toFixed(0)}%`);
    }
    if (o.json) {
      const { failures, ...rest } = c;
      console.log(JSON.stringify({ ...rest, failures: failures.map((f) => ({ seed: f.seed, scenario: f.scenario, why: f.why })) }));
    }
    process.exit(c.unexpected || c.partlyMigrated ? 1 : 0);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
}
