#!/usr/bin/env node
// What a page downloads: the web build of the whole package, and of the permission engine
// without the `passwords` feature (strength, policies, account state, generator), with and
// without the `casbin` feature (Casbin import). Writes the "Size" section of BENCHMARKS.md.
//
//   node pkg-scripts/bench/size.mjs        (builds each into target/bench-size/, ~5 minutes)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_DIR, log, writeSection } from './common.mjs';
import { compressedSizes, formatKiB, gitDescription, table } from './format.mjs';

const OUT = join(REPO_DIR, 'target', 'bench-size');
const BUILDS = [
  { label: 'whole package (default features)', dir: 'full', cargoArgs: [] },
  {
    label: 'permission engine with Casbin import (`--no-default-features --features casbin`)',
    dir: 'access-casbin',
    cargoArgs: ['--no-default-features', '--features', 'casbin'],
  },
  { label: 'permission engine alone (`--no-default-features`)', dir: 'access', cargoArgs: ['--no-default-features'] },
];

function build({ dir, cargoArgs }) {
  const outDir = join(OUT, dir);
  log(`building ${dir}`);
  execFileSync(
    'wasm-pack',
    ['--quiet', 'build', '--release', '--target', 'web', '--out-dir', outDir, '--out-name', 'account_rules', '--no-pack', '--', ...cargoArgs],
    { cwd: REPO_DIR, stdio: 'inherit', env: { ...process.env, PATH: `${join(REPO_DIR, 'node_modules', '.bin')}:${process.env.PATH}`, CARGO_TARGET_DIR: join(OUT, `target-${dir}`) } },
  );
  return compressedSizes(['account_rules.js', 'account_rules_bg.wasm'].map((f) => join(outDir, f)));
}

const rows = BUILDS.map((b) => {
  const size = build(b);
  return [b.label, formatKiB(size.raw), formatKiB(size.gzip), formatKiB(size.brotli)];
});
const body = [
  '## Size of what a page loads',
  '',
  `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; command: \`node pkg-scripts/bench/size.mjs\` (repository ${gitDescription(REPO_DIR)})`,
  '- The web build (JS glue + `.wasm`, release profile, wasm-opt), each file compressed on its own with node zlib (gzip 9, brotli 11).',
  '',
  table(['build', 'raw', 'gzip', 'brotli'], rows),
  '',
].join('\n');
process.stdout.write(`${body}\n`);
writeSection(['<!-- size:start -->', '<!-- size:end -->'], body);
