// The support queue's ephemeral events, pushed on the user's own channel (user:<id>) to guests and helpers.
// Shapes and examples: docs/protocol.md and docs/queue.md.
import type { UserRef } from './types.js';

export interface SupportOfferPayload {
  offer: string;
  chat: string;
  guest: UserRef;
  question: string;
  /** product, version, os, locale, userAgent, ua {browser, os, device}, addons, fields, referrer. */
  metadata: Record<string, unknown>;
  expiresAt: number;
  /** Set when the chat comes from another helper (a transfer, or a requeue with a comment). */
  transfer: { from: UserRef; comment: string } | null;
}

export type SupportEvent =
  /** To a waiting guest: their place (0 = a helper is looking at the question) and the expected wait, null when nobody is on duty. */
  | { type: 'queue_position'; time: number; payload: { chat: string; position: number; waitMs: number | null } }
  /** The queue's intake status changed. `reopensAt` is the estimate of when new questions are taken again. */
  | { type: 'queue_status'; time: number; payload: { state: 'open' | 'draining' | 'closed'; reason: string | null; message: string | null; reopensAt?: number } }
  /** To the guest and the helper: the chat has a helper and a room. */
  | { type: 'support_assigned'; time: number; payload: { chat: string; room: string; helper: UserRef } }
  /** To a helper: a guest to accept or reject before `expiresAt`. */
  | { type: 'support_offer'; time: number; payload: SupportOfferPayload }
  /** To a helper: the offer is gone (timeout, guest_left, guest_timeout, queue_closed, helper_unavailable, not_approved, limit_lowered). */
  | { type: 'support_offer_revoked'; time: number; payload: { offer: string; reason: string } }
  /** To the helper who asked for a transfer: how it went. */
  | { type: 'support_transferred'; time: number; payload: { chat: string; offer: string; helper: UserRef; outcome: 'accepted' | 'rejected' | 'timed_out' } }
  /** To the guest (and the helper): the chat or the wait is over. A survey is offered after a real chat. */
  | { type: 'support_ended'; time: number; payload: { chat: string; reason: string; surveyOffered: boolean } };

export const SUPPORT_EVENT_TYPES: ReadonlySet<string> = new Set<SupportEvent['type']>([
  'queue_position', 'queue_status', 'support_assigned', 'support_offer', 'support_offer_revoked', 'support_transferred', 'support_ended',
]);
