// A WebSocket user for the support queue phase: commands with replies matched by id, events handed to a callback
// with their arrival time (performance.now(), read once per frame).
import type WebSocket from 'ws';
import type { Target } from '../http.js';
import type { Session } from '../session.js';
import { openSocket } from './open-socket.js';

const CALL_TIMEOUT_MS = 30_000;

export interface Item {
  type: string;
  id?: unknown;
  ok?: boolean;
  result?: any;
  error?: { code?: string; message?: string };
  payload?: any;
}

export class CommandError extends Error {
  constructor(
    readonly op: string,
    readonly code: string,
  ) {
    super(`${op}: ${code}`);
  }
}

interface Pending {
  op: string;
  resolve(result: any): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class SupportSocket {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closing = false;
  /** Every item but replies and the stream's own `ready`/`cursor`. */
  onEvent: (item: Item, at: number) => void = () => {};
  onDisconnect: () => void = () => {};

  constructor(
    readonly name: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data: Buffer) => this.onFrame(data));
    socket.on('close', () => {
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`${p.op}: socket closed`));
      }
      this.pending.clear();
      if (!this.closing) this.onDisconnect();
    });
  }

  /** Sends `{"op", "id", ...args}`; resolves with the reply's result, rejects on an error reply or after 30 s. */
  call(op: string, args: Record<string, unknown> = {}): Promise<any> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${op}: no reply in ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { op, resolve, reject, timer });
      this.socket.send(JSON.stringify({ op, id, ...args }));
    });
  }

  close(): void {
    this.closing = true;
    this.socket.terminate();
  }

  private onFrame(data: Buffer): void {
    const at = performance.now();
    for (const item of JSON.parse(data.toString()) as Item[]) {
      if (item.type === 'reply') {
        const p = typeof item.id === 'number' ? this.pending.get(item.id) : undefined;
        if (!p) continue;
        this.pending.delete(item.id as number);
        clearTimeout(p.timer);
        if (item.ok) p.resolve(item.result);
        else p.reject(new CommandError(p.op, item.error?.code ?? 'unknown'));
      } else if (item.type !== 'ready' && item.type !== 'cursor') this.onEvent(item, at);
    }
  }
}

/** Opens the socket and resolves once the server's first frame (`ready`) arrived. */
export async function connectSupport(target: Target, session: Session): Promise<SupportSocket> {
  return new SupportSocket(session.name, await openSocket(target, session));
}
