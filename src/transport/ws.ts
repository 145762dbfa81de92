// WebSocket: GET /api/ws?cursor=... . The upgrade runs through the same hooks as HTTP (session cookie), plus the
// Origin check that stands in for CSRF. Server frames are JSON arrays of items: events, `cursor` checkpoints and
// command replies. Client frames are commands: {"op": <name>, "id": <any>, ...args} (see commands.ts).
import { Type } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { parseCursor } from '../domain/cursor.js';
import { AppError } from '../services/errors.js';
import type { Connection } from '../services/hub.js';
import type { Services } from '../server.js';
import { checkOrigin, requireAuth, type Auth } from './auth.js';
import { COMMAND_TABLE } from './commands.js';
import { errorBody } from './errors.js';

/** Close codes (docs/protocol.md): 1001 going away and 4008 too slow mean "reconnect with your cursor". */
export const CLOSE = { goingAway: 1001, tooSlow: 4008, failure: 1011 } as const;

const checks = new Map<string, TypeCheck<TSchema>>(
  Object.entries(COMMAND_TABLE).map(([name, c]) => [name, TypeCompiler.Compile(c.args)]),
);

export function registerWebSocket(app: FastifyInstance, services: Services): void {
  const { hub, config } = services;

  app.get(
    '/api/ws',
    {
      websocket: true,
      schema: { summary: 'WebSocket stream and commands', querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 65536 })) }) },
      preValidation: async (request) => {
        checkOrigin(request, config.publicOrigin);
        requireAuth(request);
        const text = (request.query as { cursor?: string }).cursor;
        if (text !== undefined && !parseCursor(text)) throw new AppError('bad_cursor');
        if (services.closing) throw new AppError('shutting_down');
      },
    },
    (socket: WebSocket, request) => {
      const auth = request.auth!;
      const text = (request.query as { cursor?: string }).cursor;
      // Commands that arrive while the stream opens wait for it, so replies never precede the catch-up.
      const inbox: string[] = [];
      socket.on('message', (data) => inbox.push(data.toString()));
      void hub.open(auth.ref, text === undefined ? null : parseCursor(text)).then(
        (stream) => {
          if (socket.readyState !== socket.OPEN) return hub.close(stream);
          let scheduled = false;
          let alive = true;
          const send = (items: unknown[]) => socket.send(JSON.stringify(items));
          const flush = () => {
            scheduled = false;
            if (socket.readyState !== socket.OPEN) return;
            const events: unknown[] = stream.take();
            if (stream.takeBaselineMoved()) events.push({ type: 'cursor', cursor: stream.cursor() });
            if (events.length > 0) send(events);
            if (socket.bufferedAmount > config.maxSocketBufferBytes) socket.close(CLOSE.tooSlow, 'too slow: resume from your cursor');
          };
          stream.onReady = () => {
            if (!scheduled) {
              scheduled = true;
              setImmediate(flush);
            }
          };
          stream.onOverflow = () => socket.close(CLOSE.tooSlow, 'too slow: resume from your cursor');
          stream.onFailure = (error) => {
            request.log.error({ err: error }, 'stream recovery failed');
            socket.close(CLOSE.failure, 'server error: reconnect');
          };
          const connection: Connection = { transport: 'websocket', goAway: () => socket.close(CLOSE.goingAway, 'server restarting: reconnect') };
          hub.add(connection);

          const events: unknown[] = stream.take();
          stream.takeBaselineMoved();
          send([{ type: 'ready', user: auth.ref }, ...events, { type: 'cursor', cursor: stream.cursor() }]);

          const onCommand = (raw: string) => void runCommand(services, auth, raw).then((reply) => socket.readyState === socket.OPEN && send([reply]));
          socket.removeAllListeners('message');
          socket.on('message', (data) => onCommand(data.toString()));
          for (const raw of inbox.splice(0)) onCommand(raw);

          socket.on('pong', () => (alive = true));
          const keepalive = setInterval(() => {
            if (!alive) return socket.terminate();
            alive = false;
            socket.ping();
          }, config.keepaliveMs);
          socket.on('close', () => {
            clearInterval(keepalive);
            hub.remove(connection);
            hub.close(stream);
          });
        },
        (error: unknown) => {
          request.log.error({ err: error }, 'stream open failed');
          socket.close(CLOSE.failure, 'server error: reconnect');
        },
      );
    },
  );
}

async function runCommand(services: Services, auth: Auth, raw: string): Promise<Record<string, unknown>> {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { type: 'reply', id: null, ok: false, ...errorBody(new AppError('bad_request', 'Frames must be JSON.')) };
  }
  const id = message.id ?? null;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { type: 'reply', id: null, ok: false, ...errorBody(new AppError('bad_request', 'Frames must be JSON objects.')) };
  }
  const { op, id: _id, ...args } = message;
  const command = typeof op === 'string' && Object.hasOwn(COMMAND_TABLE, op) ? COMMAND_TABLE[op] : undefined;
  if (!command) return { type: 'reply', id, ok: false, ...errorBody(new AppError('bad_request', `Unknown op ${JSON.stringify(op)}.`)) };
  const check = checks.get(op as string)!;
  if (!check.Check(args)) {
    const first = check.Errors(args).First();
    return { type: 'reply', id, ok: false, ...errorBody(new AppError('bad_request', first ? `${first.path || 'args'}: ${first.message}` : undefined)) };
  }
  try {
    return { type: 'reply', id, ok: true, result: await command.run(services, auth, args) };
  } catch (error) {
    return { type: 'reply', id, ok: false, ...errorBody(error) };
  }
}
