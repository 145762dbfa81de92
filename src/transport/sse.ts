// Server-Sent Events: GET /api/events?cursor=... (or the browser's Last-Event-ID on reconnect).
// Each write carries the cursor as the SSE id of its last event, so EventSource resumes exactly where it was.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { formatCursor, parseCursor } from '../domain/cursor.js';
import { isDurable, signsOut } from '../domain/events.js';
import { AppError } from '../services/errors.js';
import { encodeItem } from './encode.js';
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
      services.identity.attach(stream, auth);
      const res = reply.raw;
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });

      let scheduled = false;
      let first = true;
      // Every durable event carries, as its SSE id, the cursor just after it: a connection cut mid-write
      // resumes after the last event the browser dispatched, so nothing arrives twice.
      const flush = () => {
        scheduled = false;
        const events = stream.take();
        const position = parseCursor(stream.cursor())!;
        const firsts = new Map<string, number>();
        for (const e of events) if (isDurable(e) && !firsts.has(e.room)) firsts.set(e.room, e.seq - 1);
        for (const [room, seq] of firsts) position.rooms.set(room, seq);
        let out = '';
        for (const e of events) {
          if (isDurable(e)) {
            position.rooms.set(e.room, e.seq);
            out += `id: ${formatCursor(position)}\n`;
          }
          out += `data: ${encodeItem(e)}\n\n`;
        }
        if (stream.takeBaselineMoved() || first) {
          const text = stream.cursor();
          out += `id: ${text}\ndata: {"type":"cursor","cursor":${JSON.stringify(text)}}\n\n`;
          first = false;
        }
        if (out) res.write(out);
        if (signsOut(events)) return end(); // the chat session has ended: EventSource must not reconnect into a 401 loop unseen
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
