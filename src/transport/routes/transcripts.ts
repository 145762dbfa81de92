// GET /transcripts/<chat>.html: a chat's transcript as a readable page, for staff. Every value is escaped by
// renderTranscriptHtml; the Content-Security-Policy forbids scripts and every other resource besides.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { renderTranscriptHtml } from '../../domain/staff/transcript-html.js';
import type { Services } from '../../server.js';
import { requireAuth } from '../auth.js';

export function registerTranscriptRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/transcripts/:file',
    {
      schema: {
        summary: 'Staff: a support chat transcript as an HTML page',
        params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}\\.html$' }) }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const chat = (request.params as { file: string }).file.slice(0, -'.html'.length);
      const transcript = await services.staff.transcripts.get({ ref: auth.ref, roles: auth.user.roles }, chat);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="transcript-${chat}.html"`)
        .send(renderTranscriptHtml(transcript));
    },
  );
}
