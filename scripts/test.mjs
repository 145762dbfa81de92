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

/**
 * Debian packages the tests need: Chromium for the browser tests, and a real Django (with its PostgreSQL and MySQL
 * drivers) to make the sessions the Django identity tests check against. Installed when missing, if we may.
 */
function ensureSystemPackages(wantBrowser) {
  const missing = [];
  const chromium = process.env.PARAKEET_CHROMIUM ?? '/usr/bin/chromium';
  if (wantBrowser && !existsSync(chromium)) missing.push('chromium');
  const python = process.env.PARAKEET_DJANGO_PYTHON ?? '/usr/bin/python3';
  const modules = { django: 'python3-django', psycopg2: 'python3-psycopg2', MySQLdb: 'python3-mysqldb' };
  for (const [module, pkg] of Object.entries(modules)) {
    if (spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status !== 0) missing.push(pkg);
  }
  if (missing.length === 0) return;
  const aptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).stdout.trim();
  if (process.getuid?.() !== 0 || !aptGet) {
    console.log(`test.mjs: missing ${missing.join(', ')} and apt-get cannot run here; those tests will skip (or fail under CI=true).`);
    return;
  }
  console.log(`test.mjs: installing ${missing.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', ...missing]]) {
    const r = spawnSync(aptGet, args, { stdio: 'inherit', env });
    if (r.status !== 0) return console.log(`test.mjs: apt-get ${args.join(' ')} failed; the tests that need ${missing.join(', ')} will skip.`);
  }
}

const only = process.argv.slice(2);
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('npx', ['tsc', '-p', 'web/tsconfig.json', '--noEmit']);
console.log('test.mjs: building the web UIs (npm run build:web)');
run('npm', ['run', 'build:web', '--silent']);
ensureSystemPackages(only.length === 0 || only.some((f) => f.includes('e2e')));
const files = only.length ? only : find('test').sort();
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files]);
