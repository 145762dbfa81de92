// Runs the whole suite: type-check, then every test/**/*.test.ts under node's test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const only = process.argv.slice(2);
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const files = only.length ? only : find('test').sort();
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files]);
