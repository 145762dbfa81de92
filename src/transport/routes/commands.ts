// Serves the command table over HTTP: GET /api/<name>?args for reads, POST /api/<name> {args} for changes.
import type { FastifyInstance } from 'fastify';
import '@fastify/csrf-protection';
import type { Services } from '../../server.js';
import { requireAuth } from '../auth.js';
import { COMMAND_TABLE } from '../commands.js';
import { errorBody } from '../errors.js';

export function registerCommandRoutes(app: FastifyInstance, services: Services): void {
  for (const [name, command] of Object.entries(COMMAND_TABLE)) {
    const read = command.method === 'GET';
    app.route({
      method: command.method,
      url: `/api/${name}`,
      schema: { summary: command.summary, ...(read ? { querystring: command.args } : { body: command.args }) },
      ...(read ? {} : { onRequest: app.csrfProtection }),
      handler: async (request) => {
        try {
          const result = await command.run(services, requireAuth(request), read ? request.query : request.body);
          services.metrics.commands.inc({ command: name, outcome: 'ok' });
          return result;
        } catch (error) {
          services.metrics.commands.inc({ command: name, outcome: errorBody(error).error.code });
          throw error;
        }
      },
    });
  }
}
