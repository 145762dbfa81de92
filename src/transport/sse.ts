// Server-Sent Events: GET /api/events?cursor=... (or the browser's Last-Event-ID on reconnect).
// Each write carries the cursor as the SSE id of its last event, so EventSource resumes exactly where it was.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { parseCursor } from '../domain/cursor.js';
import { AppError } from '../services/errors.js';
import type { Connection } from '../services/hub.js';
import type { Services } from '../server.js';
import { requireAuth } from './auth.js';

export function registerSse(app: FastifyInstance, services: Services): void {
  const { hub, config } = services;

  app.get(
    '/api/events',
    {
      schema: {
        summary: 'Server-Sent Events stream',
        querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 65536 })) }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const lastEventId = request.headers['last-event-id'];
      const text = (typeof lastEventId === 'string' && lastEventId) || (request.query as { cursor?: string }).cursor;
      const cursor = text === undefined ? null : parseCursor(text);
      if (text !== undefined && !cursor) throw new AppError('bad_cursor');
      if (services.closing) throw new AppError('shutting_down');

      const stream = await hub.open(auth.ref, cursor);
      const res = reply.raw;
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });

      let scheduled = false;
      const flush = () => {
        scheduled = false;
        const events = stream.take();
        let out = '';
        for (const e of events) out += `data: ${JSON.stringify(e)}\n\n`;
        const position = stream.cursor();
        out += `id: ${position}\ndata: {"type":"cursor","cursor":${JSON.stringify(position)}}\n\n`;
        res.write(out);
        if (res.writableLength > config.maxSocketBufferBytes) end(); // too slow: it resumes from its last id
      };
      const schedule = () => {
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      };
      const keepalive = setInterval(() => res.write(': keepalive\n\n'), config.keepaliveMs);
      const connection: Connection = { transport: 'sse', goAway: () => end() };
      const end = () => {
        clearInterval(keepalive);
        hub.remove(connection);
        hub.close(stream);
        if (!res.writableEnded) res.end();
      };
      res.write(`retry: 1000\n\n`);
      flush();
      stream.onReady = schedule;
      stream.onOverflow = end;
      stream.onFailure = (error) => {
        request.log.error({ err: error }, 'stream recovery failed');
        end();
      };
      hub.add(connection);
      res.on('close', end);
    },
  );
}
