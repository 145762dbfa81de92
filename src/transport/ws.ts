// WebSocket: GET /api/ws?cursor=... . The upgrade runs through the same hooks as HTTP (session cookie), plus the
// Origin check that stands in for CSRF. Server frames are JSON arrays of items: events, `cursor` checkpoints and
// command replies. Client frames are commands: {"op": <name>, "id": <any>, ...args} (see commands.ts).
import { Type } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { parseCursor } from '../domain/cursor.js';
import { signsOut } from '../domain/events.js';
import { AppError } from '../services/errors.js';
import type { Connection } from '../services/hub.js';
import type { Services } from '../server.js';
import { checkOrigin, requireAuth, type Auth } from './auth.js';
import { COMMAND_TABLE } from './commands.js';
import { encodeItems } from './encode.js';
import { errorBody } from './errors.js';

/**
 * Close codes (docs/protocol.md): 1001 going away and 4008 too slow mean "reconnect with your cursor"; 4401
 * follows `signed_out`: the chat session has ended, so sign in again instead.
 */
export const CLOSE = { goingAway: 1001, tooSlow: 4008, failure: 1011, signedOut: 4401 } as const;

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
          services.identity.attach(stream, auth);
          let scheduled = false;
          let alive = true;
          const send = (items: object[]) => socket.send(encodeItems(items));
          const flush = () => {
            scheduled = false;
            if (socket.readyState !== socket.OPEN) return;
            const taken = stream.take();
            const events: object[] = [...taken];
            if (stream.takeBaselineMoved()) events.push({ type: 'cursor', cursor: stream.cursor() });
            if (events.length > 0) send(events);
            if (signsOut(taken)) return socket.close(CLOSE.signedOut, 'signed out');
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

          const events: object[] = stream.take();
          stream.takeBaselineMoved();
          send([{ type: 'ready', user: auth.ref }, ...events, { type: 'cursor', cursor: stream.cursor() }]);

          const onCommand = (raw: string) =>
            void runCommand(services, auth, raw).then(
              (reply) => socket.readyState === socket.OPEN && send([reply]),
              (error: unknown) => request.log.error({ err: error }, 'websocket command failed'),
            );
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
  const refuse = (id: unknown, message: string) => ({ type: 'reply', id, ok: false, ...errorBody(new AppError('bad_request', message)) });
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return refuse(null, 'Frames must be JSON.');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return refuse(null, 'Frames must be JSON objects.');
  const { op, id = null, ...given } = message as Record<string, unknown>;
  const command = typeof op === 'string' && Object.hasOwn(COMMAND_TABLE, op) ? COMMAND_TABLE[op] : undefined;
  if (!command) return refuse(id, `Unknown op ${JSON.stringify(op)}.`);
  // Defaults first, as HTTP validation does, so both transports accept the same arguments.
  const args = Value.Default(command.args, given);
  const check = checks.get(op as string)!;
  if (!check.Check(args)) {
    const first = check.Errors(args).First();
    return refuse(id, first ? `${first.path || 'args'}: ${first.message}` : 'Invalid arguments.');
  }
  try {
    const result = await command.run(services, auth, args);
    services.metrics.commands.inc({ command: op as string, outcome: 'ok' });
    return { type: 'reply', id, ok: true, result };
  } catch (error) {
    const body = errorBody(error);
    services.metrics.commands.inc({ command: op as string, outcome: body.error.code });
    return { type: 'reply', id, ok: false, ...body };
  }
}
