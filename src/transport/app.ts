// The Fastify application: plugins, hooks and routes. Built by a factory so tests can run it on port 0.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { Logger } from 'pino';
import { AppError } from '../services/errors.js';
import type { Services } from '../server.js';
import { cookiePolicy, registerAuth } from './auth.js';
import { registerErrors } from './errors.js';
import { registerLongPoll } from './listen.js';
import { registerPageAuth } from './page-auth.js';
import { registerLoginPage } from './routes/login-page.js';
import { registerCommandRoutes } from './routes/commands.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerTranscriptRoutes } from './routes/transcripts.js';
import { registerStatic } from './routes/static.js';
import { registerSse } from './sse.js';
import { registerWebSocket } from './ws.js';

export async function buildApp(services: Services, logger?: Logger): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: logger,
    trustProxy: config.trustProxy,
    // JSON escaping can grow a body up to 6×; the service enforces the real limit with a clear 413.
    bodyLimit: Math.max(256 * 1024, config.maxBodyBytes * 6 + 16 * 1024),
    forceCloseConnections: true,
    return503OnClosing: false,
  }) as unknown as FastifyInstance;
  registerErrors(app);
  await app.register(cookie, { secret: services.secret });
  app.decorate('cookiePolicy', cookiePolicy(config.cookieSameSite));
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { ...cookiePolicy(config.cookieSameSite), signed: true },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: { info: { title: 'Parakeet', description: 'Live support chat: see docs/protocol.md', version: '0.1.0' } },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket, {
    options: { maxPayload: Math.max(256 * 1024, config.maxBodyBytes * 6 + 16 * 1024) },
    preClose: async () => {
      services.hub.goAwayAll();
    },
  });
  registerAuth(app, services.identity);
  registerPageAuth(app, services);
  app.addHook('onRequest', async () => {
    if (services.closing) throw new AppError('shutting_down');
  });
  app.addHook('preClose', async () => {
    services.closing = true;
    services.hub.goAwayAll();
  });
  registerHealthRoutes(app, services);
  registerSessionRoutes(app, services);
  await registerLoginPage(app, services);
  registerCommandRoutes(app, services);
  registerTranscriptRoutes(app, services);
  registerLongPoll(app, services);
  registerSse(app, services);
  registerWebSocket(app, services);
  await registerStatic(app);
  return app;
}
