// A user on the WebSocket transport: one socket, commands as {"op":"message",...}, frames as JSON arrays.
import WebSocket from 'ws';
import type { Target } from '../http.js';
import type { Session } from '../session.js';
import type { Recorder } from '../step.js';
import type { BenchClient } from './client.js';

const CONNECT_TIMEOUT_MS = 15_000;

interface Item {
  type: string;
  room?: string;
  seq?: number;
  payload?: { body?: string };
  ok?: boolean;
  error?: { code?: string };
}

class WsClient implements BenchClient {
  readonly seen = new Map<string, Set<number>>();
  private nextId = 0;
  private closing = false;

  constructor(
    private readonly socket: WebSocket,
    readonly room: string,
    private readonly recorder: Recorder,
  ) {
    socket.on('message', (data: Buffer) => this.onFrame(data));
    socket.on('close', () => this.closing || recorder.disconnect());
  }

  send(body: string, clientId: string): void {
    // Room ids, bodies and client ids are plain ASCII without quotes: a template spares a JSON.stringify per message.
    this.socket.send(`{"op":"message","id":${++this.nextId},"room":"${this.room}","body":"${body}","clientId":"${clientId}"}`);
  }

  close(): void {
    this.closing = true;
    this.socket.terminate();
  }

  private onFrame(data: Buffer): void {
    const items = JSON.parse(data.toString()) as Item[];
    for (const item of items) {
      if (item.type === 'message') this.recorder.deliver(this, item.room!, item.seq!, item.payload?.body ?? '');
      else if (item.type === 'reply' && !item.ok) this.recorder.sendError(`ws reply ${item.error?.code}`);
    }
  }
}

/** Opens the socket and resolves once the server's first frame (`ready`) arrived. */
export function connectWs(target: Target, session: Session, room: string, recorder: Recorder): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${target.host}:${target.port}/api/ws`, { headers: { cookie: session.cookieHeader }, perMessageDeflate: false });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`ws connect ${session.name}: no ready frame in ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`ws connect ${session.name}: ${error.message}`));
    };
    socket.once('error', fail);
    socket.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    socket.once('message', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      socket.on('error', () => {}); // a reset after open shows up as 'close', counted there
      resolve(new WsClient(socket, room, recorder));
    });
  });
}
