#!/usr/bin/env node
// One generated page up close: writes seed N's page (legacy/), the tool's safe fix (safe/)
// and the scenario files into a folder, prints the fixed page's diff and the oracle's report.
//
//   node scripts/gen/show.mjs SEED [--scenario NAME] [--unsafe] [--out DIR] [--traces]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateProgram } from './patterns.mjs';
import { writeProgram } from './program.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const seed = Number(args[0]);
const opt = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const out = resolve(opt('--out') || join(tmpdir(), `jweixin-gen-show-${seed}`));
const unsafe = args.includes('--unsafe');
const tool = resolve(opt('--tool') || join(repo, 'target/debug/jweixin-migrate'));
const oracle = resolve(process.env.JWEIXIN_ORACLE || join(repo, '../shared/oracle'));

const program = generateProgram(seed);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeProgram(program, join(out, 'legacy'));
cpSync(join(out, 'legacy'), join(out, 'fixed'), { recursive: true });
for (const s of program.scenarios) writeFileSync(join(out, `scenario.${s.name}.json`), JSON.stringify(s.scenario, null, 2) + '\n');
console.log(`seed ${seed}: ${program.patterns.join(' ')}\n${out}`);
spawnSync(tool, ['fix', '--no-default-excludes', ...(unsafe ? ['--unsafe-fixes'] : []), join(out, 'fixed')], { stdio: 'inherit' });
spawnSync('diff', ['-ru', join(out, 'legacy'), join(out, 'fixed')], { stdio: 'inherit' });
const scenarios = program.scenarios.filter((s) => !opt('--scenario') || s.name === opt('--scenario'));
spawnSync(
  join(oracle, 'run'),
  [
    'compare.mjs',
    '--legacy',
    join(out, 'legacy/index.html'),
    '--wecom',
    join(out, 'fixed/index.html'),
    ...scenarios.flatMap((s) => ['--scenario', join(out, `scenario.${s.name}.json`)]),
    ...(args.includes('--traces') ? ['--show-traces'] : []),
  ],
  { stdio: 'inherit' },
);
