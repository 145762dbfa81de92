// A user on the WebSocket transport: one socket, commands as {"op":"message",...}, frames as JSON arrays.
import type WebSocket from 'ws';
import type { Target } from '../http.js';
import type { Session } from '../session.js';
import { openSocket } from './open-socket.js';
import type { Recorder } from '../step.js';
import type { BenchClient } from './client.js';


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
export async function connectWs(target: Target, session: Session, room: string, recorder: Recorder): Promise<BenchClient> {
  return new WsClient(await openSocket(target, session), room, recorder);
}
