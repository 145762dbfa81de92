// The event stream and the command channel of docs/protocol.md, for a browser page.
// Events arrive over WebSocket, or SSE, or long-poll (each a fallback for the one before, used when the server is
// reachable but the transport is not). The cursor is kept exactly as "Receiving events" says: replaced by each
// `cursor` item or long-poll batch, advanced by each durable event, and handed back on every reconnect, which
// happens silently with a growing backoff. Commands go over the open WebSocket, else over HTTP.
import { formatCursor, parseCursor, type Cursor } from './cursor.js';
import { ApiError, type Args, type Http } from './http.js';
import { isDurable, type ChatEvent } from './types.js';

export type TransportName = 'websocket' | 'sse' | 'longpoll';
/** `connecting`: first attempt or a quick retry. `offline`: retries are failing. `signed_out`: the session is gone. */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'signed_out';

interface Item {
  type: string;
  [key: string]: unknown;
}

interface PendingReply {
  resolve: (result: Args) => void;
  reject: (error: ApiError) => void;
  timer: number;
}

const FALLBACK: Record<TransportName, TransportName> = { websocket: 'sse', sse: 'longpoll', longpoll: 'longpoll' };
const REPLY_TIMEOUT_MS = 15_000;
const MAX_BACKOFF_MS = 8_000;
const networkError = () => new ApiError(0, 'network', 'The connection was lost.');

export class Connection {
  state: ConnectionState = 'connecting';
  /** When the next attempt happens, while offline (ms since the epoch). */
  retryAt = 0;
  private cursor: Cursor | null = null;
  private socket: WebSocket | null = null;
  private closeTransport: () => void = () => {};
  private generation = 0;
  private failures = 0;
  private transportFailures = 0;
  private retryTimer = 0;
  private stopped = false;
  private nextReplyId = 1;
  private readonly replies = new Map<number, PendingReply>();
  private readonly eventListeners = new Set<(event: ChatEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(
    readonly http: Http,
    public transport: TransportName = 'websocket',
  ) {}

  onEvent(listener: (event: ChatEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.reconnect);
    window.addEventListener('offline', this.dropNow);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnect);
    window.removeEventListener('offline', this.dropNow);
    window.clearTimeout(this.retryTimer);
    this.generation++;
    this.closeTransport();
    this.failReplies();
  }

  /** Forget the position (after `resync` `epoch_changed` the server's next cursor item replaces it anyway). */
  cursorText(): string | undefined {
    return this.cursor ? formatCursor(this.cursor) : undefined;
  }

  get(name: string, args: Args = {}): Promise<Args> {
    return this.command('GET', name, args);
  }

  post(name: string, args: Args = {}): Promise<Args> {
    return this.command('POST', name, args);
  }

  private async command(method: 'GET' | 'POST', name: string, args: Args): Promise<Args> {
    const socket = this.socket;
    if (socket && socket.readyState === WebSocket.OPEN) {
      try {
        return await this.viaSocket(socket, name, args);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 0) throw error;
        // The socket went away before the reply: the same command over HTTP (messages are idempotent by clientId).
      }
    }
    return method === 'GET' ? this.http.get(name, args) : this.http.post(name, args);
  }

  private viaSocket(socket: WebSocket, name: string, args: Args): Promise<Args> {
    const id = this.nextReplyId++;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.replies.delete(id);
        reject(networkError());
      }, REPLY_TIMEOUT_MS);
      this.replies.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ ...args, op: name, id }));
    });
  }

  private failReplies(): void {
    for (const pending of this.replies.values()) {
      window.clearTimeout(pending.timer);
      pending.reject(networkError());
    }
    this.replies.clear();
  }

  /** Tries again now (the "Retry now" button, the browser going online). */
  readonly reconnect = () => {
    if (this.stopped || this.state === 'online' || this.state === 'signed_out') return;
    window.clearTimeout(this.retryTimer);
    this.open();
  };

  private readonly dropNow = () => {
    if (this.state === 'online') this.lost(this.generation, false);
  };

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private open(): void {
    const generation = ++this.generation;
    const query = this.cursor ? `?cursor=${encodeURIComponent(formatCursor(this.cursor))}` : '';
    if (this.transport === 'websocket') this.openWebSocket(generation, query);
    else if (this.transport === 'sse') this.openSse(generation, query);
    else void this.openLongPoll(generation);
  }

  private connected(generation: number): void {
    if (generation !== this.generation) return;
    this.failures = 0;
    this.transportFailures = 0;
    this.retryAt = 0;
    this.setState('online');
  }

  /** The transport ended: reconnect with the cursor after a backoff, falling back when the transport is blocked. */
  private lost(generation: number, neverOpened: boolean): void {
    if (generation !== this.generation || this.stopped) return;
    this.generation++;
    this.socket = null;
    this.closeTransport();
    this.failReplies();
    this.failures++;
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.failures) * (0.5 + Math.random() / 2);
    this.retryAt = Date.now() + delay;
    this.setState(this.failures > 1 || !navigator.onLine ? 'offline' : 'connecting');
    const schedule = () => {
      if (!this.stopped && this.state !== 'signed_out') this.retryTimer = window.setTimeout(() => this.open(), delay);
    };
    if (!neverOpened || !navigator.onLine) return schedule();
    // It never opened: ask plain HTTP whether the server is there and we are still signed in.
    this.http.me().then(
      (me) => {
        if (!me) return this.setState('signed_out');
        if (++this.transportFailures >= 2) {
          this.transport = FALLBACK[this.transport];
          this.transportFailures = 0;
        }
        schedule();
      },
      schedule,
    );
  }

  private accept(generation: number, item: Item): void {
    if (generation !== this.generation) return;
    if (item.type === 'ready') return;
    if (item.type === 'cursor') {
      this.cursor = parseCursor(String(item.cursor));
      return;
    }
    if (item.type === 'reply') {
      const pending = this.replies.get(item.id as number);
      if (!pending) return;
      this.replies.delete(item.id as number);
      window.clearTimeout(pending.timer);
      if (item.ok) pending.resolve(item.result as Args);
      else {
        const error = item.error as { code: string; message: string };
        pending.reject(new ApiError(Number(item.status), error.code, error.message, { ...error }));
      }
      return;
    }
    const event = item as unknown as ChatEvent;
    if (this.cursor && isDurable(event)) this.cursor.rooms.set(event.room, event.seq);
    if (this.cursor && event.type === 'resync' && event.room && typeof event.payload.seq === 'number') {
      this.cursor.rooms.set(event.room, event.payload.seq);
    }
    for (const listener of this.eventListeners) listener(event);
  }

  private openWebSocket(generation: number, query: string): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/ws${query}`);
    let ready = false;
    socket.onmessage = (message) => {
      for (const item of JSON.parse(String(message.data)) as Item[]) {
        if (item.type === 'ready' && generation === this.generation) {
          ready = true;
          this.socket = socket;
          this.connected(generation);
        }
        this.accept(generation, item);
      }
    };
    socket.onclose = () => this.lost(generation, !ready);
    this.closeTransport = () => {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
    };
  }

  private openSse(generation: number, query: string): void {
    const source = new EventSource(`/api/events${query}`);
    let opened = false;
    source.onmessage = (message) => {
      const item = JSON.parse(String(message.data)) as Item;
      if (!opened && item.type === 'cursor') {
        opened = true;
        this.accept(generation, item);
        return this.connected(generation);
      }
      this.accept(generation, item);
    };
    // EventSource would retry by itself; we retry ourselves, with our cursor and our backoff.
    source.onerror = () => this.lost(generation, !opened);
    this.closeTransport = () => source.close();
  }

  private async openLongPoll(generation: number): Promise<void> {
    const abort = new AbortController();
    this.closeTransport = () => abort.abort();
    let queue = '';
    let first = true;
    while (generation === this.generation) {
      const params = new URLSearchParams();
      if (this.cursor) params.set('cursor', formatCursor(this.cursor));
      if (queue) params.set('queue', queue);
      if (first) params.set('timeout', '0');
      let batch: { queue: string; cursor: string; events: Item[]; reconnect?: boolean };
      try {
        const res = await fetch(`/api/listen?${params}`, { credentials: 'same-origin', signal: abort.signal });
        if (!res.ok) throw new Error(`listen answered ${res.status}`);
        batch = await res.json();
      } catch {
        return this.lost(generation, first);
      }
      if (first) this.connected(generation);
      first = false;
      queue = batch.queue;
      for (const item of batch.events) this.accept(generation, item);
      if (generation === this.generation) this.cursor = parseCursor(batch.cursor);
      if (batch.reconnect) return this.lost(generation, false);
    }
  }
}
