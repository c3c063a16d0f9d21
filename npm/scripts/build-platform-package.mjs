#!/usr/bin/env node
// Builds the npm package `@jweixin-migrate/cli-<os>-<arch>` around one jweixin-migrate binary
// (by default for the machine this runs on), ready for `npm pack` or `npm publish`:
//   node npm/scripts/build-platform-package.mjs --binary target/release/jweixin-migrate --out target/npm
//     [--os linux|darwin|win32] [--cpu x64|arm64]
// Prints the package's folder. The version is Cargo.toml's, which must be the launcher
// package's (npm/jweixin-migrate/package.json) and each of its optionalDependencies'.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const fail = (message) => {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
};
if (!args.binary || !args.out) fail('usage: build-platform-package.mjs --binary PATH --out DIR [--os OS] [--cpu CPU]');
const os = args.os ?? process.platform;
const cpu = args.cpu ?? process.arch;

const cargo = fs.readFileSync(path.join(repo, 'Cargo.toml'), 'utf8');
const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
if (!version) fail('no version in Cargo.toml');
const launcher = JSON.parse(fs.readFileSync(path.join(repo, 'npm/jweixin-migrate/package.json'), 'utf8'));
const name = `@jweixin-migrate/cli-${os}-${cpu}`;
if (launcher.version !== version) fail(`npm/jweixin-migrate/package.json has version ${launcher.version}, Cargo.toml ${version}`);
if (launcher.optionalDependencies?.[name] !== version) {
  fail(`npm/jweixin-migrate/package.json does not depend on ${name}@${version}`);
}

const folder = path.join(path.resolve(args.out), `cli-${os}-${cpu}`);
const exe = os === 'win32' ? 'jweixin-migrate.exe' : 'jweixin-migrate';
fs.rmSync(folder, { recursive: true, force: true });
fs.mkdirSync(path.join(folder, 'bin'), { recursive: true });
fs.copyFileSync(path.resolve(args.binary), path.join(folder, 'bin', exe));
fs.chmodSync(path.join(folder, 'bin', exe), 0o755);
const manifest = {
  name,
  version,
  description: `The jweixin-migrate binary for ${os} ${cpu} (installed by the jweixin-migrate package)`,
  license: launcher.license,
  repository: launcher.repository,
  os: [os],
  cpu: [cpu],
  files: ['bin/'],
  preferUnplugged: true,
};
fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
fs.writeFileSync(
  path.join(folder, 'README.md'),
  `# ${name}\n\nThe \`jweixin-migrate\` binary for ${os} ${cpu}. Install \`jweixin-migrate\`, which picks this package when it matches the machine.\n`,
);
process.stdout.write(`${folder}\n`);
