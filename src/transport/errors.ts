// Renders any thrown error as {"error":{"code","message"}} with its status. Client mistakes are 4xx; only our
// own faults are 500, logged with their stack.
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../services/errors.js';

export function errorBody(error: unknown): { status: number; error: { code: string; message: string } } {
  if (error instanceof AppError) return { status: error.status, error: { ...error.details, code: error.code, message: error.message } };
  const e = error as FastifyError;
  if (e.validation) return { status: 400, error: { code: 'bad_request', message: e.message } };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, error: { code: 'body_too_large', message: 'The request body is too large.' } };
  if (e.code?.startsWith('FST_CSRF')) return { status: 403, error: { code: 'csrf', message: 'Missing or invalid CSRF token.' } };
  if (e.statusCode === 429) return { status: 429, error: { code: 'rate_limited', message: e.message } };
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, error: { code: 'bad_request', message: e.message } };
  return { status: 500, error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } };
}

export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, error: body } = errorBody(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'no_route', message: `No route ${request.method} ${request.url.split('?')[0]}.` } }));
}
