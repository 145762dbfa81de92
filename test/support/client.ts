// A test client speaking Parakeet's public protocol: HTTP commands with cookies and CSRF, and an event
// listener over any of the three transports behind one interface, tracking its cursor as a real client would.
import http from 'node:http';
import WebSocket from 'ws';
import { formatCursor, parseCursor } from '../../src/domain/cursor.js';

export type Transport = 'longpoll' | 'sse' | 'websocket';
export const TRANSPORTS: Transport[] = ['longpoll', 'sse', 'websocket'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Item = Record<string, any>;

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`${status} ${code}: ${message}`);
  }
}

export class ChatClient {
  readonly cookies = new Map<string, string>();
  csrf = '';
  user!: { id: string; name: string; displayName: string };

  constructor(readonly base: string) {}

  /** Signs in through PARAKEET_DEV_LOGIN (creating the user). */
  static async dev(base: string, name: string): Promise<ChatClient> {
    const c = new ChatClient(base);
    await c.refreshCsrf();
    const body = await c.call('dev/login', { name });
    c.user = body.user;
    c.csrf = body.csrfToken;
    return c;
  }

  static async login(base: string, username: string, password: string): Promise<ChatClient> {
    const c = new ChatClient(base);
    await c.refreshCsrf();
    const body = await c.call('login', { username, password });
    c.user = body.user;
    c.csrf = body.csrfToken;
    return c;
  }

  async refreshCsrf(): Promise<Item> {
    const me = await this.get('me');
    this.csrf = me.csrfToken;
    return me;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Item }> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        cookie: this.cookieHeader(),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method === 'POST' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Item) : {} };
  }

  /** When set, commands go over this WebSocket instead of HTTP. */
  commandSocket: Listener | null = null;

  /** Sends every later command (call and get) over a WebSocket, as a WebSocket client would. */
  async useWebSocket(): Promise<void> {
    this.commandSocket = await this.listen('websocket');
  }

  /** POST /api/<name> (or the WebSocket op); throws ApiError on an error answer. */
  async call(name: string, args: unknown = {}): Promise<Item> {
    if (this.commandSocket && name !== 'dev/login' && name !== 'login') return this.viaSocket(name, args as Item);
    return this.check(await this.raw('POST', `/api/${name}`, args));
  }

  private async viaSocket(name: string, args: Item): Promise<Item> {
    const reply = await this.commandSocket!.command(name, args);
    if (!reply.ok) throw new ApiError(reply.status, reply.error.code, reply.error.message);
    return reply.result;
  }

  /** GET /api/<name>?args; throws ApiError on a non-2xx answer. */
  async get(name: string, args: Record<string, string | number> = {}): Promise<Item> {
    if (this.commandSocket && name !== 'me') return this.viaSocket(name, args);
    const qs = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)])).toString();
    return this.check(await this.raw('GET', `/api/${name}${qs ? `?${qs}` : ''}`));
  }

  private check(r: { status: number; body: Item }): Item {
    if (r.status >= 300) throw new ApiError(r.status, r.body.error?.code ?? '?', r.body.error?.message ?? JSON.stringify(r.body));
    return r.body;
  }

  listen(transport: Transport, cursor?: string): Promise<Listener> {
    const l = new Listener(this, transport);
    return l.open(cursor).then(() => l);
  }
}

/** Collects events from one transport and keeps the cursor a client would keep. */
export class Listener {
  readonly events: Item[] = [];
  /** Set when the server closed the stream on its own (shutdown, too slow). */
  closedByServer = false;
  private epoch = '';
  private readonly rooms = new Map<string, number>();
  private stopped = false;
  private waiters: Array<() => void> = [];
  private closer: () => void = () => {};
  ws: WebSocket | null = null;
  private pendingReplies = new Map<number, (item: Item) => void>();
  private nextId = 1;

  constructor(readonly client: ChatClient, readonly transport: Transport) {}

  cursor(): string {
    return formatCursor({ epoch: this.epoch, rooms: this.rooms });
  }

  durable(room?: string): Item[] {
    return this.events.filter((e) => typeof e.seq === 'number' && (room === undefined || e.room === room));
  }

  messages(room?: string): Item[] {
    return this.events.filter((e) => e.type === 'message' && (room === undefined || e.room === room));
  }

  async waitFor(predicate: (events: Item[]) => boolean, timeoutMs = 5000, what = 'events'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} over ${this.transport}; got ${JSON.stringify(this.events.map((e) => [e.type, e.room?.slice(0, 4), e.seq]).slice(-20))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** A WebSocket command; resolves with the reply item. */
  command(op: string, args: Item): Promise<Item> {
    if (!this.ws) throw new Error('commands need the websocket transport');
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pendingReplies.set(id, resolve);
      this.ws!.send(JSON.stringify({ op, id, ...args }));
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.closer();
  }

  private setCursor(text: string): void {
    const c = parseCursor(text);
    if (!c) throw new Error(`server sent a malformed cursor ${text}`);
    this.epoch = c.epoch;
    this.rooms.clear();
    for (const [r, s] of c.rooms) this.rooms.set(r, s);
  }

  private accept(item: Item): void {
    if (item.type === 'reply') {
      this.pendingReplies.get(item.id)?.(item);
      this.pendingReplies.delete(item.id);
      return;
    }
    if (item.type === 'cursor') return this.setCursor(item.cursor);
    if (item.type === 'ready') return;
    if (typeof item.seq === 'number') this.rooms.set(item.room, item.seq);
    if (item.type === 'resync' && item.room && typeof item.payload.seq === 'number') this.rooms.set(item.room, item.payload.seq);
    this.events.push(item);
    for (const w of this.waiters.splice(0)) w();
  }

  async open(cursor?: string): Promise<void> {
    if (cursor) this.setCursor(cursor);
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const base = this.client.base;
    if (this.transport === 'websocket') {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws${q}`, { headers: { cookie: this.client.cookieHeader() } });
      this.ws = ws;
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.on('message', (data) => {
          const items = JSON.parse(data.toString()) as Item[];
          for (const item of items) this.accept(item);
          if (items.some((i) => i.type === 'ready')) resolve();
        });
        ws.on('unexpected-response', (_req, res) => reject(new Error(`handshake answered ${res.statusCode}`)));
      });
      ws.on('close', () => {
        if (!this.stopped) this.closedByServer = true;
        for (const w of this.waiters.splice(0)) w();
      });
      this.closer = () => ws.terminate();
      return;
    }
    if (this.transport === 'sse') {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${base}/api/events${q}`, { headers: { cookie: this.client.cookieHeader(), accept: 'text/event-stream' } }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
          let buffer = '';
          let first = true;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              for (const line of block.split('\n')) if (line.startsWith('data: ')) this.accept(JSON.parse(line.slice(6)) as Item);
              if (first && block.includes('"type":"cursor"')) {
                first = false;
                resolve();
              }
            }
          });
          res.on('close', () => {
            if (!this.stopped) this.closedByServer = true;
            for (const w of this.waiters.splice(0)) w();
          });
        });
        req.on('error', (e) => (this.stopped ? undefined : reject(e)));
        this.closer = () => req.destroy();
      });
      return;
    }
    // Long-poll: the first answer comes at once (registration or catch-up); then poll in the background.
    let queue = '';
    const agent = new http.Agent({ keepAlive: true });
    const poll = (timeout?: number) =>
      new Promise<Item>((resolve, reject) => {
        const params = new URLSearchParams();
        if (this.epoch) params.set('cursor', this.cursor());
        if (queue) params.set('queue', queue);
        if (timeout !== undefined) params.set('timeout', String(timeout));
        const req = http.get(`${base}/api/listen?${params}`, { agent, headers: { cookie: this.client.cookieHeader() } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text) as Item) : reject(new Error(`listen answered ${res.statusCode}: ${text}`))));
        });
        req.on('error', reject);
        this.closer = () => {
          req.destroy();
          agent.destroy();
        };
      });
    const take = (batch: Item) => {
      queue = batch.queue;
      for (const e of batch.events as Item[]) this.accept(e);
      this.setCursor(batch.cursor);
      if (batch.reconnect) this.closedByServer = true;
    };
    take(await poll(this.epoch ? 0 : undefined));
    void (async () => {
      while (!this.stopped && !this.closedByServer) {
        try {
          take(await poll());
        } catch {
          if (!this.stopped) this.closedByServer = true;
        }
      }
      for (const w of this.waiters.splice(0)) w();
    })();
  }
}
