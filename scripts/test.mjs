// Runs the whole suite: type-check (server and web), build the web UIs, make sure Chromium is there for the
// browser tests, then every test/**/*.test.ts under node's test runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** The browser tests need Chromium from Debian; install it when missing, if we may (root with apt-get). */
function ensureChromium() {
  const chromium = process.env.PARAKEET_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  const aptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).stdout.trim();
  if (process.getuid?.() !== 0 || !aptGet) {
    console.log(`test.mjs: ${chromium} is missing and apt-get cannot run here; the browser tests will skip (or fail under CI=true).`);
    return;
  }
  console.log('test.mjs: installing Chromium for the browser tests: apt-get update && apt-get install -y chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync(aptGet, args, { stdio: 'inherit', env });
    if (r.status !== 0) return console.log(`test.mjs: apt-get ${args.join(' ')} failed; the browser tests will skip.`);
  }
}

const only = process.argv.slice(2);
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('npx', ['tsc', '-p', 'web/tsconfig.json', '--noEmit']);
console.log('test.mjs: building the web UIs (npm run build:web)');
run('npm', ['run', 'build:web', '--silent']);
if (only.length === 0 || only.some((f) => f.includes('e2e'))) ensureChromium();
const files = only.length ? only : find('test').sort();
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files]);
