#!/usr/bin/env node
// Minimises a generated page that fails the loop, and keeps it as a fixture. Removes code
// nodes (statements, blocks, else branches) while the page still gets an unexpected oracle
// verdict of the same kind under the failing scenario, a round at a time: every one-node
// removal of a round is fixed and compared in one tool run and one oracle batch, and the
// largest removal that still fails is kept.
//
//   node scripts/gen/minimise.mjs SEED --scenario NAME --fixture fixtures/<rule>/<case>
//        [--tool PATH (the build that fails, e.g. one from before the fix)] [--unsafe]
//        [--note TEXT] [--keep-scenarios ok,config-fail,...] [--require REGEX]
//
// The fixture gets `input/` (the minimised page), `wrong-<label>/` (what --tool wrote: the
// files it changed), the scenario files, and `oracle.json` with the wrong output expected
// `different` under the failing scenario. Run FIXTURES_UPDATE=1 INSTA_UPDATE=always cargo
// test --test fixtures afterwards to record today's output and diagnostics, and add today's
// output to oracle.json.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProgram } from './patterns.mjs';
import { allNodes, cloneProgram, writeProgram } from './program.mjs';
import { classify } from './verdicts.mjs';
import { fixTitles, readTree, runOracle, runTool } from './loop.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const o = { seed: Number(argv[0]), unsafe: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--scenario') o.scenario = next();
    else if (a === '--fixture') o.fixture = resolve(next());
    else if (a === '--tool') o.tool = resolve(next());
    else if (a === '--unsafe') o.unsafe = true;
    else if (a === '--note') o.note = next();
    else if (a === '--label') o.label = next();
    else if (a === '--keep-scenarios') o.keepScenarios = next().split(',');
    else if (a === '--require') o.require = new RegExp(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (Number.isNaN(o.seed) || !o.scenario || !o.fixture) throw new Error('usage: minimise.mjs SEED --scenario NAME --fixture DIR');
  o.tool ||= join(repo, 'target/debug/jweixin-migrate');
  o.oracle = process.env.JWEIXIN_ORACLE ? resolve(process.env.JWEIXIN_ORACLE) : resolve(repo, '../shared/oracle');
  o.label ||= 'fix';
  return o;
}

// The kind of a failure, which a smaller page must keep: its first difference (part and message), and how many
// page errors the legacy page has (a removal must not break the legacy page itself).
const kindOf = (record) =>
  `${record.differences.slice(0, 1).map((d) => `${d.part}: ${d.message}`).join('; ')} legacy-errors:${record.pageErrors.legacy.length}`;

// Fixes and compares many candidate pages at once; returns, per candidate, the failing
// record (or null when it passes or does not run).
async function evaluate(o, programs, work) {
  rmSync(work, { recursive: true, force: true });
  const names = programs.map((_, i) => `c${i}`);
  for (const [i, p] of programs.entries()) {
    writeProgram(p, join(work, 'legacy', names[i]));
    cpSync(join(work, 'legacy', names[i]), join(work, 'fixed', names[i]), { recursive: true });
  }
  const titles = fixTitles(o.tool, join(work, 'legacy'), names);
  runTool(o.tool, ['fix', '--no-default-excludes', ...(o.unsafe ? ['--unsafe-fixes'] : [])], names.map((n) => join(work, 'fixed', n)));
  const lines = [];
  for (const [i, p] of programs.entries()) {
    const s = p.scenarios.find((x) => x.name === o.scenario);
    if (!s) continue;
    lines.push(JSON.stringify({ id: names[i], legacy: join(work, 'legacy', names[i], 'index.html'), wecom: join(work, 'fixed', names[i], 'index.html'), scenario: [{ name: s.name, ...s.scenario }] }));
  }
  const batch = join(work, 'batch.jsonl');
  writeFileSync(batch, lines.join('\n') + '\n');
  let records = [];
  try {
    records = await runOracle(o.oracle, [batch], 1);
  } catch {
    // a candidate the runner cannot assemble (a removed file it loads): no verdict
    return programs.map(() => null);
  }
  return programs.map((p, i) => {
    const r = records.find((x) => x.id === names[i]);
    if (!r) return null;
    const t = titles.get(names[i]);
    const applied = o.unsafe ? [...t.safe, ...t.unsafe] : [...t.safe];
    const scenario = p.scenarios.find((x) => x.name === o.scenario);
    const failing = classify(r, scenario, applied).kind === 'unexpected';
    // --require: the failure must still show this (what the fixture is about)
    const shows = !o.require || o.require.test(JSON.stringify(r.differences) + JSON.stringify(r.pageErrors));
    return failing && shows ? r : null;
  });
}

function without(program, index) {
  const copy = cloneProgram(program);
  allNodes(copy)[index].removed = true;
  return copy;
}

function subtreeSize(node) {
  if (node.kind !== 'block') return 1;
  return 1 + [...node.body, ...(node.elseBody || [])].reduce((n, c) => n + subtreeSize(c), 0);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'jweixin-minimise-'));
  let program = generateProgram(o.seed);
  const [first] = await evaluate(o, [program], join(work, 'round'));
  if (!first) throw new Error(`seed ${o.seed} does not fail under ${o.scenario} with ${o.tool}`);
  const kind = kindOf(first);
  process.stderr.write(`seed ${o.seed} fails under ${o.scenario} (${kind}); minimising\n`);
  for (let round = 0; round < 200; round++) {
    const nodes = allNodes(program);
    const candidates = nodes
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => !n.removed && !n.keep && !declares(n) && !isUnder(nodes, n))
      .sort((a, b) => subtreeSize(b.n) - subtreeSize(a.n))
      .slice(0, 60);
    if (!candidates.length) break;
    const programs = candidates.map(({ i }) => without(program, i));
    const results = await evaluate(o, programs, join(work, 'round'));
    const pick = results.findIndex((r) => r && kindOf(r) === kind);
    if (pick < 0) break;
    program = programs[pick];
    process.stderr.write(`round ${round}: removed a ${subtreeSize(candidates[pick].n)}-node piece\n`);
  }
  writeFixture(o, program, work);
  rmSync(work, { recursive: true, force: true });
}

// A declaration is removed only with the block around it: without it, the names it declared
// resolve to globals (`app` to the element with id="app"), and the page stays broken quietly.
const declares = (n) => n.kind === 'line' && /^(var|let|const) /.test(n.text);

// Whether a node sits under a removed block (it is gone already).
function isUnder(nodes, node) {
  const inside = (b) => b.kind === 'block' && [...b.body, ...(b.elseBody || [])].some((c) => c === node || inside(c));
  return nodes.some((b) => b.removed && inside(b));
}

function writeFixture(o, program, work) {
  const dir = o.fixture;
  if (existsSync(dir)) throw new Error(`${dir} exists`);
  mkdirSync(dir, { recursive: true });
  writeProgram(program, join(dir, 'input'));
  // What the failing build wrote: the files it changed.
  const tmp = join(work, 'final');
  cpSync(join(dir, 'input'), tmp, { recursive: true });
  runTool(o.tool, ['fix', '--no-default-excludes', ...(o.unsafe ? ['--unsafe-fixes'] : [])], [tmp]);
  const before = readTree(join(dir, 'input'));
  const after = readTree(tmp);
  const wrong = `wrong-${o.label}`;
  for (const [path, text] of Object.entries(after)) {
    if (before[path] === text) continue;
    mkdirSync(dirname(join(dir, wrong, path)), { recursive: true });
    writeFileSync(join(dir, wrong, path), text);
  }
  const keep = o.keepScenarios || ['ok', o.scenario];
  const scenarios = program.scenarios.filter((s) => keep.includes(s.name));
  for (const s of scenarios) writeFileSync(join(dir, `scenario.${s.name}.json`), JSON.stringify(s.scenario, null, 2) + '\n');
  const pairs = [
    { wecom: wrong, scenarios: [`scenario.${o.scenario}.json`], expect: 'different', note: o.note || `generated page ${o.seed}, minimised; what ${relative(repo, o.tool)} wrote` },
  ];
  writeFileSync(join(dir, 'oracle.json'), '[\n' + pairs.map((p) => '  ' + JSON.stringify(p)).join(',\n') + '\n]\n');
  writeFileSync(join(dir, 'generated.txt'), `seed ${program.seed}\n${program.patterns.join('\n')}\n`);
  process.stderr.write(`wrote ${dir}\n`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(2);
});
