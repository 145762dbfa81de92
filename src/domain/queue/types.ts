// The support queue's nouns. Everything here is plain JSON-safe data so a queue can be snapshotted,
// stored and restored; the rules live in the sibling modules.

/** What a guest tells us when joining (all optional parts are null or empty when unknown). */
export interface GuestMetadata {
  product: string | null;
  version: string | null;
  os: string | null;
  locale: string | null;
  userAgent: string | null;
  addons: string[];
  /** Free-form fields from the intake form. */
  fields: Record<string, string>;
  /** The page the guest came from. */
  referrer: string | null;
}

export interface JoinRequest {
  question: string;
  metadata: GuestMetadata;
  /** Higher is served first. Default 0. Set by the service, not by the guest. */
  priority?: number;
  /** Skill tags a helper must all have to match (derived by the service, e.g. from the referring page). */
  tags?: string[];
}

/** The guest's request as a helper sees it; carried into the chat so a transfer can re-queue it. */
export interface GuestTicket {
  id: string;
  /** Arrival counter: orders guests of one priority. Kept across a transfer back, like joinedAt. */
  seq: number;
  question: string;
  metadata: GuestMetadata;
  priority: number;
  tags: string[];
  /** Original join time. Kept across a transfer back so the guest keeps their place. */
  joinedAt: number;
}

export interface PendingOffer {
  id: string;
  helperId: string;
  offeredAt: number;
  expiresAt: number;
}

export interface TransferNote {
  fromHelper: string;
  comment: string;
}

/** The last position/wait values sent to a guest, for coalescing. */
export interface SentPosition {
  position: number;
  waitMs: number | null;
  at: number;
}

export interface WaitingGuest extends GuestTicket {
  /** Start of the current wait (join or transfer back): the clock for the skill-match fallback. */
  queuedAt: number;
  /** Last heartbeat (or join/merge). */
  lastSeen: number;
  offer: PendingOffer | null;
  /** Helpers who rejected, ignored or transferred this guest during the current wait. */
  rejectedBy: string[];
  transfer: TransferNote | null;
  lastSent: SentPosition | null;
  /** The last dispatch decision logged for this guest while no helper could take them, to log only changes. */
  lastDecision: DecisionSignature | null;
}

/**
 * A dispatch decision that offered nobody, in a form cheap to compare on every step. Together with the order
 * of the helpers it gives back the logged candidates, so two decisions are equal exactly when their log
 * entries would be.
 */
export interface DecisionSignature {
  fallback: boolean;
  /** `"id":reason,` for each helper on duty who could be offered no guest (not approved, away, busy, full), in helper order. */
  closed: string;
  /** The same for the other helpers on duty (turned the guest down, or no skill match). */
  open: string;
}

export const HELPER_STATUSES = ['available', 'away', 'busy', 'offline'] as const;
export type HelperStatus = (typeof HELPER_STATUSES)[number];

export interface HelperSkills {
  /** BCP 47 tags; a bare language ('de') covers its regional variants. Empty means any. */
  locales: string[];
  /** Empty means any product. */
  products: string[];
  /** Free tags; a guest's tags must all be present. */
  tags: string[];
}

/** What the service knows about a helper from their account. */
export interface HelperProfile {
  id: string;
  /** Trainees are registered with approved = false and never receive offers. */
  approved: boolean;
  /** Upper bound on the chat limit, set by monitors. Defaults to config.defaultMaxChats. */
  maxChats?: number;
  skills: HelperSkills;
}

export interface HelperRecord {
  id: string;
  approved: boolean;
  maxChats: number;
  skills: HelperSkills;
  status: HelperStatus;
  /** Chats the helper is willing to hold at once, chosen by the helper, at most maxChats. */
  limit: number;
  /** Ids of the helper's active chats. */
  chats: string[];
  /** When their last chat ended or they became available, whichever is later: the fairness tie-break. */
  idleSince: number;
}

export interface ChatRecord {
  id: string;
  helperId: string;
  guest: GuestTicket;
  startedAt: number;
}

export type QueueStatusState = 'open' | 'draining' | 'closed';
export type StatusReason = 'manual' | 'outside_hours' | 'full' | 'wait_too_long';

export interface QueueStatus {
  state: QueueStatusState;
  reason: StatusReason | null;
  /** The monitor's text for a manual state. */
  message: string | null;
  /** When a new guest should come back: the next posted opening, or an estimate after an automatic close. */
  comeBackAt: number | null;
}

export interface ManualStatus {
  state: QueueStatusState;
  message: string;
}

export interface AutoClose {
  reason: 'full' | 'wait_too_long';
  comeBackAt: number | null;
}

export interface SupportQueueState {
  /** Latest time seen; commands with an earlier `now` are treated as happening at this time. */
  now: number;
  /** Counter for offer and chat ids and guest arrival order. */
  seq: number;
  /** Waiting guests (offered or not), kept in queue order. */
  guests: WaitingGuest[];
  helpers: Record<string, HelperRecord>;
  chats: Record<string, ChatRecord>;
  /** Handling times of the most recent ended chats, oldest first. */
  durations: number[];
  manual: ManualStatus | null;
  auto: AutoClose | null;
  /** The status last announced. */
  status: QueueStatus;
}

export type SkipReason =
  | 'not_approved'
  | 'away'
  | 'busy'
  | 'offline'
  | 'full'
  | 'rejected'
  | 'no_match'
  /** Eligible, but another helper came first in the fair order. */
  | 'outranked';

export type RevokeReason =
  | 'timeout'
  | 'guest_left'
  | 'guest_timeout'
  | 'queue_closed'
  | 'helper_unavailable'
  | 'not_approved'
  | 'limit_lowered';

export type LeaveReason = 'left' | 'timeout' | 'queue_closed';

export interface Candidate {
  helperId: string;
  /** Null for the helper who got the offer. */
  skip: SkipReason | null;
}

/** One dispatch-log line. The service stores these; the domain keeps none. */
export type LogEntry = { at: number } & (
  | { event: 'joined'; guestId: string; priority: number }
  | { event: 'merged'; guestId: string }
  | { event: 'refused'; guestId: string; reason: 'closed' | 'draining' }
  | { event: 'dispatch'; guestId: string; fallback: boolean; candidates: Candidate[]; offeredTo: string | null; offerId: string | null }
  | { event: 'accepted'; guestId: string; helperId: string; offerId: string; chatId: string }
  | { event: 'rejected'; guestId: string; helperId: string; offerId: string }
  | { event: 'timed_out'; guestId: string; helperId: string; offerId: string }
  | { event: 'revoked'; guestId: string; helperId: string; offerId: string; reason: RevokeReason }
  | { event: 'picked'; guestId: string; helperId: string; chatId: string; how: 'next' | 'this' }
  | { event: 'left'; guestId: string; reason: LeaveReason }
  | { event: 'ended'; chatId: string; guestId: string; helperId: string; durationMs: number }
  | { event: 'transferred'; chatId: string; guestId: string; helperId: string; comment: string }
);

/** Something the service must deliver. Order within one command's list is meaningful. */
export type Notice =
  | { type: 'guest.position'; guestId: string; position: number; waitMs: number | null }
  | { type: 'guest.offered'; guestId: string; helperId: string; offerId: string }
  | { type: 'guest.left'; guestId: string; reason: LeaveReason; message: string | null }
  | { type: 'helper.offer'; helperId: string; offerId: string; guestId: string; expiresAt: number; ticket: GuestTicket; transfer: TransferNote | null }
  | { type: 'helper.offerRevoked'; helperId: string; offerId: string; guestId: string; reason: RevokeReason }
  | { type: 'chat.assigned'; chatId: string; guestId: string; helperId: string; ticket: GuestTicket; transfer: TransferNote | null }
  | { type: 'queue.status'; status: QueueStatus }
  | { type: 'log'; entry: LogEntry };

/** A guest's place as shown to them: offered guests are at position 0 with no wait. */
export interface Estimate {
  guestId: string;
  position: number;
  /** Null when no helper is on duty, so no estimate is possible. */
  waitMs: number | null;
}

export interface Result<T> {
  outcome: T;
  notices: Notice[];
}
