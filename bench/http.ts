// Minimal JSON-over-HTTP for the generator: node:http on a keep-alive agent, no client library in the hot path.
import http from 'node:http';

export interface Target {
  host: string;
  port: number;
  agent: http.Agent;
}

export interface HttpResult {
  status: number;
  setCookie: string[];
  // The server's JSON, loosely typed: the generator reads a few known fields.
  body: any;
}

export function newAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export function request(target: Target, method: 'GET' | 'POST', path: string, headers: http.OutgoingHttpHeaders, json?: unknown): Promise<HttpResult> {
  const payload = json === undefined ? undefined : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        method,
        path,
        agent: target.agent,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON (an HTML error page, a proxy): keep the text for the error message.
          }
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `work` over `items` with at most `limit` in flight (sign-ins and joins at 5,000 users). */
export async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
