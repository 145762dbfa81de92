// The one event shape every transport carries: { type, room, seq, time, payload }.
// Durable events have a per-room seq and can be recovered; ephemeral ones (typing, status, resync, ...) have none.
import type { Audience, DurableKind, GlobalRole, Role, StoredMessage, UserRef, UserStatus } from './types.js';
import type { SupportEvent } from './support-events.js';

interface Durable<K extends DurableKind, P> {
  type: K;
  room: string;
  seq: number;
  time: number;
  payload: P;
  /** 'staff': a whisper, a note or a silent join, delivered to staff viewers only. */
  audience?: Audience;
}

export interface MessagePayload {
  author: UserRef;
  body: string;
  html: string;
  clientId: string | null;
  /** Present on private messages only. */
  to?: UserRef;
  /** Present on a staff note about the chat (audience 'staff'); a whisper has none. */
  note?: true;
}

export type DurableEvent =
  | Durable<'message', MessagePayload>
  | Durable<'join', { user: UserRef; role: Role }>
  | Durable<'part', { user: UserRef }>
  | Durable<'topic', { user: UserRef; topic: string }>
  | Durable<'invite', { user: UserRef; target: UserRef }>
  | Durable<'kick', { user: UserRef; target: UserRef; reason: string }>
  | Durable<'ban', { user: UserRef; target: UserRef; reason: string }>
  | Durable<'unban', { user: UserRef; target: UserRef }>
  | Durable<'role', { user: UserRef; target: UserRef; role: Role }>;

export type ResyncReason = 'epoch_changed' | 'cursor_too_old' | 'cursor_ahead' | 'membership_changed';

export type EphemeralEvent =
  | { type: 'typing'; room: string; time: number; payload: { user: UserRef; state: 'active' | 'stopped' } }
  | { type: 'status'; time: number; payload: { user: UserRef; status: UserStatus } }
  /** Sent to the invitee, who is not yet a member and so does not see the room's own `invite` event. */
  | { type: 'invited'; room: string; time: number; payload: { user: UserRef; name: string; kind: string } }
  /** Support queue notices to guests and helpers (src/domain/support-events.ts). */
  | SupportEvent
  /** Recovery is impossible: refetch history of `room` (or of every room when absent) and continue from `seq`. */
  | { type: 'resync'; room?: string; time: number; payload: { reason: ResyncReason; seq?: number } }
  /**
   * This chat session has ended (the Django session behind it is gone); the transport closes the stream after
   * it. `session` travels on the bus only, so that just the streams of that session take it; it is never sent.
   */
  | { type: 'signed_out'; time: number; payload: { reason: SignOutReason }; session?: string }
  /** The user's site-wide roles changed (e.g. removed from the helpers group): what they may do changed with them. */
  | { type: 'roles_changed'; time: number; payload: { roles: GlobalRole[] } };

/** Django logged the session out or it expired there, the password changed, the account was deactivated or deleted. */
export type SignOutReason = 'logged_out' | 'expired' | 'password_changed' | 'deactivated' | 'deleted';

export type ChatEvent = DurableEvent | EphemeralEvent;

/** True when a batch holds `signed_out`: the transport delivers the batch, then closes the stream. */
export function signsOut(events: readonly ChatEvent[]): boolean {
  return events.some((e) => e.type === 'signed_out');
}

export function isDurable(event: ChatEvent): event is DurableEvent {
  return 'seq' in event;
}

/** The stored row as a client sees it. */
export function toEvent(m: StoredMessage): DurableEvent {
  const base = { room: m.room, seq: m.seq, time: m.time, ...(m.audience ? { audience: m.audience } : {}) };
  if (m.kind === 'message') {
    const payload: MessagePayload = { author: m.author!, body: m.body ?? '', html: m.html ?? '', clientId: m.clientId };
    if (m.to) payload.to = m.to;
    if (m.data?.note === true) payload.note = true;
    return { type: 'message', ...base, payload };
  }
  return { type: m.kind, ...base, payload: { user: m.author!, ...m.data } } as DurableEvent;
}

/** Who is looking: staff (a global role of admin, monitor, helper or trainee) also see staff-only events. */
export interface Viewer {
  id: string;
  staff: boolean;
}

/**
 * Staff-only events reach staff viewers only; private messages reach their author and recipient only;
 * everything else reaches every member. The same rule as the storage filter in src/storage/kysely/events.ts.
 */
export function visibleTo(event: DurableEvent, viewer: Viewer): boolean {
  if (event.audience === 'staff' && !viewer.staff) return false;
  if (event.type !== 'message' || !event.payload.to) return true;
  return event.payload.to.id === viewer.id || event.payload.author.id === viewer.id;
}

/** True when this event ends `userId`'s membership of its room. */
export function endsMembership(event: DurableEvent, userId: string): boolean {
  switch (event.type) {
    case 'part':
      return event.payload.user.id === userId;
    case 'kick':
    case 'ban':
      return event.payload.target.id === userId;
    default:
      return false;
  }
}
