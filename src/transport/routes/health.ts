// Liveness, readiness and metrics for operators and load balancers.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../server.js';

export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', { schema: { summary: 'Liveness' } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { summary: 'Readiness: storage reachable' } }, async (request, reply) => {
    if (services.closing) return reply.status(503).send({ ok: false, reason: 'shutting down' });
    try {
      await services.store.ping();
      return { ok: true };
    } catch (error) {
      request.log.warn({ err: error }, 'storage not reachable');
      return reply.status(503).send({ ok: false, reason: 'storage not reachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}
