// The web UIs built by `npm run build:web` (web/dist): `/` the guest chat, `/helper`, `/monitor`, `/widget.js` and the
// hashed assets. Registered after the API routes. Without a build the server still runs and these pages answer 503
// saying how to build them. Access to /helper and /monitor is checked by page-auth.ts before this runs.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** web/dist of this checkout: the nearest folder above this file (src/ or dist/src/) that holds package.json. */
function webDist(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'web', 'dist');
}

const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/helper': 'helper/index.html',
  '/helper/': 'helper/index.html',
  '/monitor': 'monitor/index.html',
  '/monitor/': 'monitor/index.html',
};

// Scripts only from our own origin: the one HTML inserted (a message's server-rendered `html`) can never run code.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'";

export async function registerStatic(app: FastifyInstance, root = webDist()): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    const missing = async (_request: unknown, reply: FastifyReply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`The web UI is not built: run \`npm run build:web\` (looked in ${root}).\n`);
    for (const path of [...Object.keys(PAGES), '/widget.js']) app.get(path, { schema: { hide: true } }, missing);
    return;
  }
  await app.register(fastifyStatic, { root: join(root, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', 'no-cache').header('content-security-policy', CSP).sendFile(file, root, { cacheControl: false }),
    );
  }
  app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').sendFile('widget.js', root, { cacheControl: false }),
  );
}
