// HTTP long-poll: GET /api/listen?cursor=...&queue=... is held until events exist or the timeout passes, then
// answers every pending event as one batch with the next cursor.
//
// Between polls the stream stays parked under a queue id (as Zulip's event queues), buffering live events, so a
// poll costs no storage read. A poll whose cursor is not the one the queue last answered (a lost response, a new
// tab, another transport) starts a fresh stream from that cursor: storage fills the gap, so nothing is lost.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseCursor } from '../domain/cursor.js';
import { signsOut, type ChatEvent } from '../domain/events.js';
import { AppError } from '../services/errors.js';
import type { Connection } from '../services/hub.js';
import type { EventStream } from '../services/stream.js';
import type { Services } from '../server.js';
import { requireAuth } from './auth.js';
import { encodeItems } from './encode.js';

interface Batch {
  queue: string;
  cursor: string;
  events: ChatEvent[];
  /** Set on shutdown: poll again in a moment, with this cursor. */
  reconnect?: boolean;
}

interface Parked extends Connection {
  id: string;
  userId: string;
  stream: EventStream;
  /** The cursor this queue last answered; a poll with it continues the queue. */
  cursor: string;
  waiting: ((batch: Batch) => void) | null;
  idle: ReturnType<typeof setTimeout> | null;
}

const IDLE_MS = 60_000;

export function registerLongPoll(app: FastifyInstance, services: Services): void {
  const { hub, config, newId } = services;
  const queues = new Map<string, Parked>();

  const dispose = (q: Parked) => {
    if (q.idle) clearTimeout(q.idle);
    // A poll still held gets no events and the cursor it came with: its next poll resumes from storage.
    q.waiting?.({ queue: q.id, cursor: q.cursor, events: [], reconnect: true });
    queues.delete(q.id);
    hub.remove(q);
    hub.close(q.stream);
  };

  const answer = (q: Parked, reconnect = false): Batch => {
    const events = q.stream.take();
    q.cursor = q.stream.cursor();
    const batch: Batch = { queue: q.id, cursor: q.cursor, events };
    if (reconnect) batch.reconnect = true;
    // `signed_out` ended the chat session: this is the queue's last answer, and the next poll gets 401.
    if (signsOut(events)) {
      q.waiting = null;
      dispose(q);
    }
    return batch;
  };

  const park = (q: Parked) => {
    if (q.idle) clearTimeout(q.idle);
    q.idle = setTimeout(() => dispose(q), IDLE_MS);
    q.idle.unref();
  };

  app.get(
    '/api/listen',
    {
      schema: {
        summary: 'Long-poll for events',
        querystring: Type.Object({
          cursor: Type.Optional(Type.String({ maxLength: 65536 })),
          queue: Type.Optional(Type.String({ maxLength: 64 })),
          timeout: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
        }),
      },
    },
    async (request, reply: FastifyReply) => {
      const auth = requireAuth(request);
      const query = request.query as { cursor?: string; queue?: string; timeout?: number };
      const cursor = query.cursor === undefined ? null : parseCursor(query.cursor);
      if (query.cursor !== undefined && !cursor) throw new AppError('bad_cursor');

      let q = query.queue ? queues.get(query.queue) : undefined;
      if (q && q.userId !== auth.user.id) q = undefined;
      if (q && (cursor === null || q.cursor !== query.cursor)) {
        dispose(q);
        q = undefined;
      }
      if (q?.waiting) q.waiting(answer(q)); // a newer poll supersedes a held one
      if (!q) {
        const stream = await hub.open(auth.ref, cursor);
        services.identity.attach(stream, auth);
        const created: Parked = {
          id: newId(),
          userId: auth.user.id,
          stream,
          cursor: query.cursor ?? '',
          waiting: null,
          idle: null,
          transport: 'longpoll',
          goAway: () => (created.waiting ? created.waiting(answer(created, true)) : dispose(created)),
        };
        stream.onFailure = (error) => {
          request.log.error({ err: error }, 'stream recovery failed');
          dispose(created);
        };
        stream.onOverflow = () => dispose(created);
        queues.set(created.id, created);
        hub.add(created);
        q = created;
        // A first poll without a cursor registers: it answers at once with the starting cursor.
        if (cursor === null) {
          park(q);
          return render(reply, answer(q));
        }
      }
      if (q.idle) clearTimeout(q.idle);
      if (q.stream.hasPending || query.timeout === 0 || services.closing) {
        park(q);
        return render(reply, answer(q, services.closing));
      }

      const parked = q;
      const batch = await new Promise<Batch>((resolve) => {
        const timer = setTimeout(() => done(answer(parked)), (query.timeout ?? config.listenTimeoutMs / 1000) * 1000);
        const done = (b: Batch) => {
          clearTimeout(timer);
          parked.waiting = null;
          parked.stream.onReady = () => {};
          resolve(b);
        };
        parked.waiting = done;
        // Events arrive one by one; answering on the next turn lets a burst go out as one batch.
        parked.stream.onReady = () => setImmediate(() => parked.waiting === done && done(answer(parked)));
        // The client went away: keep the queue and its events for the next poll.
        request.raw.on('close', () => parked.waiting === done && !reply.sent && done({ queue: parked.id, cursor: parked.cursor, events: [] }));
      });
      if (queues.has(parked.id)) park(parked);
      return render(reply, batch);
    },
  );

  app.addHook('onClose', async () => {
    for (const q of [...queues.values()]) dispose(q);
  });
}

/** The batch as JSON, each event encoded once for all the streams that carry it. */
function render(reply: FastifyReply, batch: Batch): string {
  reply.type('application/json; charset=utf-8');
  const reconnect = batch.reconnect ? ',"reconnect":true' : '';
  return `{"queue":${JSON.stringify(batch.queue)},"cursor":${JSON.stringify(batch.cursor)},"events":${encodeItems(batch.events)}${reconnect}}`;
}
