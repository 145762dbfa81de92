// Commands over HTTP (docs/protocol.md "Commands"): GET for reads, POST with the CSRF token from /api/me.
import type { Me } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields of the error answer (for example `comeBackAt` and `forumUrl` of queue_closed). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The request never got an answer, or the server is restarting: worth retrying. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 503;
  }
}

export type Args = Record<string, unknown>;

export class Http {
  private csrf = '';

  /** GET /api/me: who we are (null when signed out) and a fresh CSRF token. */
  async me(): Promise<Me | null> {
    const body = await this.request('GET', '/api/me');
    this.csrf = String(body.csrfToken ?? '');
    return (body.user as Me | null) ?? null;
  }

  async get(name: string, args: Args = {}): Promise<Args> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(args)) if (value !== undefined) query.set(key, String(value));
    const qs = query.toString();
    return this.request('GET', `/api/${name}${qs ? `?${qs}` : ''}`);
  }

  /** Continue as an anonymous guest (POST /api/guest); a signed-in user stays who they are. */
  async guest(displayName: string): Promise<Me> {
    if (!this.csrf) await this.me();
    const body = await this.request('POST', '/api/guest', displayName ? { displayName } : {});
    this.csrf = String(body.csrfToken ?? this.csrf);
    return body.user as Me;
  }

  async post(name: string, args: Args = {}): Promise<Args> {
    if (!this.csrf) await this.me();
    try {
      return await this.request('POST', `/api/${name}`, args);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'csrf') throw error;
      await this.me();
      return this.request('POST', `/api/${name}`, args);
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: Args): Promise<Args> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': this.csrf } : {},
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached.');
    }
    const text = await res.text();
    let parsed: Args = {};
    try {
      parsed = text ? (JSON.parse(text) as Args) : {};
    } catch {
      // a proxy's error page: keep the status
    }
    if (!res.ok) {
      const error = parsed.error as { code?: string; message?: string } | string | undefined;
      const code = typeof error === 'object' && error?.code ? error.code : res.status === 503 ? 'shutting_down' : 'http';
      const message = typeof error === 'object' && error?.message ? error.message : `HTTP ${res.status}`;
      throw new ApiError(res.status, code, message, typeof error === 'object' ? { ...parsed, ...error } : parsed);
    }
    return parsed;
  }
}
