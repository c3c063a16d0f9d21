#!/usr/bin/env node
// The `jweixin-migrate` command of the npm package: runs the native binary from the package
// for this platform (`@jweixin-migrate/cli-<os>-<arch>`, an optional dependency that npm,
// pnpm and yarn install only where its `os` and `cpu` match), with the same arguments,
// standard streams and exit status. JWEIXIN_MIGRATE_BINARY names another binary to run.
'use strict';
const { spawnSync } = require('node:child_process');

const SUPPORTED = ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'win32-arm64', 'win32-x64'];

function binary() {
  if (process.env.JWEIXIN_MIGRATE_BINARY) {
    return process.env.JWEIXIN_MIGRATE_BINARY;
  }
  const platform = `${process.platform}-${process.arch}`;
  const name = process.platform === 'win32' ? 'jweixin-migrate.exe' : 'jweixin-migrate';
  const pkg = `@jweixin-migrate/cli-${platform}`;
  try {
    return require.resolve(`${pkg}/bin/${name}`);
  } catch {
    const why = SUPPORTED.includes(platform)
      ? `its package ${pkg} is not installed: install again without --no-optional / --omit=optional`
      : `there is no prebuilt binary for ${platform} (there are for ${SUPPORTED.join(', ')}); build one with \`cargo install\` and set JWEIXIN_MIGRATE_BINARY to it`;
    process.stderr.write(`error: jweixin-migrate cannot run here: ${why}\n`);
    process.exit(2);
  }
}

const result = spawnSync(binary(), process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (result.error) {
  process.stderr.write(`error: cannot run jweixin-migrate: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 2 : result.status);
