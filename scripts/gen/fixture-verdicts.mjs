#!/usr/bin/env node
// The oracle's verdict on each migrated version of a whole-page fixture (`output/`,
// `output-unsafe/`, `wrong-*/`, laid over `input/`) under each of its scenario files, to
// write or check its oracle.json. With --write, oracle.json gets one entry per version and
// verdict (notes kept from the entries it replaces; new `different` entries need a note).
//
//   node scripts/gen/fixture-verdicts.mjs fixtures/<rule>/<case> [--write]
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOracle } from './loop.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = resolve(process.argv[2]);
const write = process.argv.includes('--write');
const oracle = process.env.JWEIXIN_ORACLE ? resolve(process.env.JWEIXIN_ORACLE) : resolve(repo, '../shared/oracle');

const versions = readdirSync(dir).filter((n) => (n === 'output' || n === 'output-unsafe' || n.startsWith('wrong-')) && existsSync(join(dir, n, 'index.html')) || ((n === 'output' || n === 'output-unsafe' || n.startsWith('wrong-')) && !n.includes('.')));
const scenarios = readdirSync(dir).filter((n) => /^scenario\..*\.json$/.test(n)).sort();
const work = mkdtempSync(join(tmpdir(), 'fixture-verdicts-'));
const lines = [];
for (const v of versions) {
  const tree = join(work, v);
  cpSync(join(dir, 'input'), tree, { recursive: true });
  cpSync(join(dir, v), tree, { recursive: true });
  lines.push(JSON.stringify({ id: v, legacy: join(dir, 'input/index.html'), wecom: join(tree, 'index.html'), scenario: scenarios.map((s) => join(dir, s)) }));
}
writeFileSync(join(work, 'batch.jsonl'), lines.join('\n') + '\n');
const records = await runOracle(oracle, [join(work, 'batch.jsonl')], 1);
rmSync(work, { recursive: true, force: true });

const old = existsSync(join(dir, 'oracle.json')) ? JSON.parse(readFileSync(join(dir, 'oracle.json'), 'utf8')) : [];
const entries = [];
for (const v of versions) {
  for (const got of ['equivalent', 'different']) {
    const ss = records.filter((r) => r.id === v && r.got === got).map((r) => r.scenario);
    if (!ss.length) continue;
    console.log(`${v.padEnd(24)} ${got.padEnd(11)} ${ss.join(' ')}`);
    const before = old.find((e) => e.wecom === v && e.expect === got);
    entries.push({ wecom: v, scenarios: ss, expect: got, ...(before?.note ? { note: before.note } : {}) });
  }
}
if (write) {
  writeFileSync(join(dir, 'oracle.json'), '[\n' + entries.map((e) => '  ' + JSON.stringify(e)).join(',\n') + '\n]\n');
}
