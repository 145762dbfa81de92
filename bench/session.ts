// A signed-in bench user: dev login, its cookies (`_csrf` and `parakeet_session`) and current CSRF token.
import { request, type HttpResult, type Target } from './http.js';

export class Session {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  cookieHeader = '';

  constructor(readonly name: string) {}

  absorb(setCookie: string[]): void {
    for (const line of setCookie) {
      const end = line.indexOf(';');
      const pair = end < 0 ? line : line.slice(0, end);
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    this.cookieHeader = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(target: Target, path: string): Promise<HttpResult> {
    return request(target, 'GET', path, { cookie: this.cookieHeader });
  }

  post(target: Target, path: string, json: unknown): Promise<HttpResult> {
    return request(target, 'POST', path, { cookie: this.cookieHeader, 'x-csrf-token': this.csrf }, json);
  }
}

export class ApiError extends Error {}

/** Throws unless the answer is 2xx; returns its JSON body. */
export function ok(what: string, result: HttpResult): any {
  if (result.status < 200 || result.status >= 300) throw new ApiError(`${what}: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
  return result.body;
}

export async function signIn(target: Target, name: string): Promise<Session> {
  const session = new Session(name);
  const me = await session.get(target, '/api/me');
  session.absorb(me.setCookie);
  session.csrf = ok('GET /api/me', me).csrfToken;
  const login = await session.post(target, '/api/dev/login', { name });
  session.absorb(login.setCookie);
  session.csrf = ok(`POST /api/dev/login ${name}`, login).csrfToken;
  return session;
}

export async function createRoom(target: Target, owner: Session, name: string): Promise<string> {
  return ok('POST /api/create_room', await owner.post(target, '/api/create_room', { kind: 'conference', name })).room.id;
}

export async function join(target: Target, session: Session, room: string): Promise<void> {
  ok(`POST /api/join ${session.name}`, await session.post(target, '/api/join', { room }));
}
