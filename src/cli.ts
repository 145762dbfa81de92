#!/usr/bin/env node
// parakeet serve | migrate | user add | user grant | user revoke | user list | demo
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, describeSettings, loadConfig } from './config.js';
import { ensureDemo } from './demo.js';
import type { GlobalRole } from './domain/types.js';
import { djangoConfigFromEnv } from './identity/django/config.js';
import { createServer, createServices } from './server.js';
import { openStore } from './storage/kysely/kysely-store.js';

const USAGE = `Usage: parakeet <command>

  serve [--demo]           Start the server (--demo: create demo accounts and a room, print them)
  migrate                  Bring the database schema up to date
  user add NAME --password P [--display-name D] [--role R ...]
                           Create a local account (roles: admin, monitor, helper, trainee)
  user grant NAME ROLE     Give a local account a role (a running server sees it within 30 s)
  user revoke NAME ROLE    Take a role from a local account
  user list                List accounts
  demo                     Create the demo accounts and room, then exit

Settings (environment variables):
${describeSettings()}`;

const ROLE_NAMES: GlobalRole[] = ['admin', 'monitor', 'helper', 'trainee'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, name, roleName] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig(process.env, values.demo ? { demo: true } : {});
  const log = pino({ level: config.logLevel });

  switch (command) {
    case 'serve': {
      // A Django site when PARAKEET_DJANGO_DATABASE_URL is set (docs/django.md); a bad PARAKEET_DJANGO_* stops here.
      const server = await createServer(config, log, undefined, { django: djangoConfigFromEnv(process.env) });
      const demo = config.demo ? await ensureDemo(server.services) : null;
      await server.app.listen({ port: config.port, host: config.host });
      if (demo) {
        // For the person who just ran `npm start`: plain text, not a JSON log line.
        const base = `http://localhost:${config.port}`;
        console.log(`\nParakeet is running at ${base}\n  guest page:  ${base}/\n  helpers:     ${base}/helper\n  monitors:    ${base}/monitor\n  sign in:     ${base}/login\n\nDemo accounts (name / password, roles):\n${demo.join('\n')}\n`);
      }
      let stopping = false;
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, () => {
          if (stopping) return;
          stopping = true;
          log.info({ signal }, 'shutting down');
          void server.close().then(
            () => process.exit(0),
            (error: unknown) => {
              log.error({ err: error }, 'shutdown failed');
              process.exit(1);
            },
          );
        });
      }
      return -1; // keep running
    }
    case 'migrate': {
      const store = await openStore(config.databaseUrl, { log: (line) => log.info(line) });
      log.info({ epoch: store.epoch }, 'schema up to date');
      await store.close();
      return 0;
    }
    case 'user': {
      const services = await createServices(config, log);
      try {
        if (sub === 'add' && name) {
          const roles = (values.role ?? ['helper']) as GlobalRole[];
          const bad = roles.find((r) => !ROLE_NAMES.includes(r));
          if (bad) throw new ConfigError(`--role: unknown role "${bad}" (one of ${ROLE_NAMES.join(', ')})`);
          if (!values.password) throw new ConfigError('--password is required');
          const user = await services.accounts.create({ name, password: values.password, displayName: values['display-name'], roles });
          console.log(`created ${user.name} (${user.id}) roles: ${user.roles.join(', ')}`);
          return 0;
        }
        if ((sub === 'grant' || sub === 'revoke') && name && roleName) {
          const role = roleName as GlobalRole;
          if (!ROLE_NAMES.includes(role)) throw new ConfigError(`unknown role "${roleName}" (one of ${ROLE_NAMES.join(', ')})`);
          const user = await services.accounts[sub](name, role);
          console.log(`${user.name} roles: ${user.roles.join(', ') || '(none)'}`);
          return 0;
        }
        if (sub === 'list') {
          for (const u of await services.store.listUsers()) console.log(`${u.name}\t${u.displayName}\t${u.source}\t${u.roles.join(',')}\t${u.id}`);
          return 0;
        }
        console.error(USAGE);
        return 2;
      } finally {
        await services.store.close();
      }
    }
    case 'demo': {
      const services = await createServices(config, log);
      try {
        console.log((await ensureDemo(services)).join('\n'));
        return 0;
      } finally {
        await services.store.close();
      }
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`parakeet: ${(error as Error).message}`);
      process.exit(2);
    }
    const message = (error as { message?: string }).message ?? String(error);
    console.error(`parakeet: ${message}`);
    process.exit(1);
  },
);
