// Webhooks: the configured targets (PARAKEET_WEBHOOKS), the signature a receiver checks, and the retry schedule.
//
//   [{"url": "https://crm.example.org/parakeet", "secret": "…", "events": ["chat.ended", "survey.answered"]}]
//
// Signature: X-Parakeet-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>, with the timestamp
// (ms since the epoch) in X-Parakeet-Timestamp, so a captured request cannot be replayed later unnoticed.
import { createHmac } from 'node:crypto';

export const WEBHOOK_EVENTS = [
  'chat.queued',
  'chat.offered',
  'chat.accepted',
  'chat.transferred',
  'chat.ended',
  'survey.answered',
  'followup.requested',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookTarget {
  url: string;
  secret: string;
  events: readonly WebhookEvent[];
}

export class WebhookConfigError extends Error {}

/** Parses PARAKEET_WEBHOOKS. Throws WebhookConfigError naming the bad entry. */
export function parseWebhooks(json: string): WebhookTarget[] {
  if (json.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new WebhookConfigError(`not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new WebhookConfigError('expected a JSON list of {url, secret, events}');
  return raw.map((entry: unknown, i): WebhookTarget => {
    const where = `webhook ${i + 1}`;
    const w = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof w.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(w.url)) throw new WebhookConfigError(`${where}: "url" must be an http(s) URL`);
    if (typeof w.secret !== 'string' || w.secret.length < 16) throw new WebhookConfigError(`${where}: "secret" must be at least 16 characters`);
    const events = w.events === undefined ? [...WEBHOOK_EVENTS] : w.events;
    if (!Array.isArray(events) || events.length === 0) throw new WebhookConfigError(`${where}: "events" must be a non-empty list`);
    for (const e of events) {
      if (!(WEBHOOK_EVENTS as readonly unknown[]).includes(e)) throw new WebhookConfigError(`${where}: unknown event "${String(e)}" (one of ${WEBHOOK_EVENTS.join(', ')})`);
    }
    return { url: w.url, secret: w.secret, events: events as WebhookEvent[] };
  });
}

/** The X-Parakeet-Signature value for a body sent at `timestamp`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Attempts per delivery, the first included: about 1 h 8 min of retries in all. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;

/**
 * After `attempts` failed attempts: when to try again (exponential, 30 s doubling up to 30 min, with up to 10 %
 * jitter from `random` in [0, 1) so receivers coming back are not hit by every sender at once), or null to give up.
 */
export function nextAttemptAt(attempts: number, now: number, random: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
  return now + Math.round(delay * (1 + random / 10));
}
