// Continuing the support queue after a restart: the saved snapshot (persist.ts) reconciled with the stored
// support_chats rows. The rows are the source of truth for which requests are open and which became chats (each
// row is written before its room's events reach anyone); the snapshot adds what rows do not hold (places and
// arrival order, who turned a guest down, helpers' limits and skills, handling times, the door). See
// docs/queue.md, "Restarts".
import {
  emptyQueueState, invariantProblems, type ChatRecord, type GuestTicket, type HelperRecord, type HelperStatus, type QueueConfig,
  type SupportQueueState, type WaitingGuest,
} from '../../domain/queue/index.js';
import type { SupportChat } from '../../storage/store.js';
import { queueMetadata, type StoredMetadata } from './metadata.js';

export interface Reconciled {
  state: SupportQueueState;
  /** Rows that are still open requests: waiting guests and chats in progress. */
  open: SupportChat[];
  /** The queue's chat id → our chat id, for the chats in progress. */
  chats: Map<string, string>;
  /** Open rows that no longer stand for a live request (an older row of the same guest, a wait that ended unrecorded). */
  stale: SupportChat[];
  /** Offers outstanding at the restart, all revoked: their helpers' streams are gone. */
  revoked: Array<{ guestId: string; helperId: string; offerId: string }>;
  /** Helpers who were on duty, now offline: their status comes back if they reconnect soon (service.ts). */
  wasOnDuty: Map<string, HelperStatus>;
}

export interface ReconcileInput {
  /** The last saved snapshot, or null when none was saved (or it could not be read). */
  saved: SupportQueueState | null;
  /** Every support_chats row not ended. */
  rows: SupportChat[];
  now: number;
  config: QueueConfig;
  /** Whether a helper named by a chat in progress but unknown to the snapshot may take offers (from their roles). */
  approved: (helperId: string) => boolean;
}

const byTime = (a: SupportChat, b: SupportChat) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Pure: the queue state to continue from. Per guest, the newest open row decides:
 * - `active` with a helper: a chat holding a seat of that helper (the snapshot's chat if it had one, moved to the
 *   row's helper if a transfer was stored after the snapshot; a new one otherwise);
 * - `queued` / `offered`: waiting. With the snapshot's place if it had the guest waiting; with the ticket's
 *   original place if the snapshot had them in a chat that the row no longer shows (sent back to the queue, or an
 *   accept whose row was never written); at the end of the line, in arrival order, if they joined after the
 *   snapshot. A row older than the snapshot that the snapshot does not know is a wait that ended unrecorded: stale.
 * Waiting guests and chats the rows do not show are dropped. Every offer is revoked and every helper set offline.
 */
export function reconcile({ saved, rows, now, config, approved }: ReconcileInput): Reconciled {
  const state = saved ? structuredClone(saved) : emptyQueueState();
  const savedGuests = new Map(state.guests.map((g) => [g.id, g]));
  const savedChats = new Map(Object.values(state.chats).map((c) => [c.guest.id, c]));
  const revoked: Reconciled['revoked'] = [];
  for (const g of state.guests) if (g.offer) revoked.push({ guestId: g.id, helperId: g.offer.helperId, offerId: g.offer.id });
  const wasOnDuty = new Map<string, HelperStatus>();
  for (const h of Object.values(state.helpers)) {
    if (h.status !== 'offline') wasOnDuty.set(h.id, h.status);
    h.status = 'offline';
    h.chats = [];
  }
  state.guests = [];
  state.chats = {};

  // A guest has one open request; should storage hold more, the newest stands and the others are stale.
  const stale: SupportChat[] = [];
  const newest = new Map<string, SupportChat>();
  for (const row of [...rows].sort(byTime).reverse()) {
    if (newest.has(row.guestId)) stale.push(row);
    else newest.set(row.guestId, row);
  }

  const open: SupportChat[] = [];
  const chats = new Map<string, string>();
  const joinedLater: SupportChat[] = [];
  for (const row of [...newest.values()].sort(byTime)) {
    const waiting = savedGuests.get(row.guestId);
    const chat = savedChats.get(row.guestId);
    if (row.state === 'active' && row.helperId) {
      const helper = (state.helpers[row.helperId] ??= newHelper(row.helperId, approved(row.helperId), config, now));
      const id = chat?.id ?? `c${++state.seq}`;
      const record: ChatRecord = { id, helperId: helper.id, guest: chat?.guest ?? (waiting && ticketOf(waiting)) ?? newTicket(state, row), startedAt: chat?.startedAt ?? row.assignedAt ?? now };
      state.chats[id] = record;
      helper.chats.push(id);
      chats.set(id, row.id);
      open.push(row);
    } else if (waiting) {
      state.guests.push({ ...waiting, offer: null, lastSeen: now, lastSent: null, lastDecision: null });
      open.push(row);
    } else if (chat) {
      // Sent back to the queue after the snapshot (the row kept the room), or accepted with the row never updated.
      const sentBack = row.roomId !== null;
      state.guests.push({
        ...chat.guest,
        queuedAt: now,
        lastSeen: now,
        offer: null,
        rejectedBy: sentBack ? [chat.helperId] : [],
        transfer: sentBack ? { fromHelper: chat.helperId, comment: '' } : null,
        lastSent: null,
        lastDecision: null,
      });
      open.push(row);
    } else if (!saved || row.queuedAt >= saved.now) {
      joinedLater.push(row);
    } else {
      stale.push(row);
    }
  }
  // They joined after every guest the snapshot knows: new arrival numbers, in the order they came.
  for (const row of joinedLater) {
    state.guests.push({
      ...newTicket(state, row),
      queuedAt: row.queuedAt,
      lastSeen: now,
      offer: null,
      rejectedBy: [],
      transfer: null,
      lastSent: null,
      lastDecision: null,
    });
    open.push(row);
  }
  state.guests.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
  return { state, open, chats, stale, revoked, wasOnDuty };
}

/** reconcile, checked: a snapshot that cannot be reconciled soundly is set aside and the rows alone decide. */
export function reconcileChecked(input: ReconcileInput, warn: (problems: string[]) => void): Reconciled {
  const result = reconcile(input);
  const problems = invariantProblems(result.state);
  if (problems.length === 0) return result;
  warn(problems);
  const fromRows = reconcile({ ...input, saved: null });
  const left = invariantProblems(fromRows.state);
  if (left.length > 0) throw new Error(`support queue restore: ${left.join('; ')}`);
  return fromRows;
}

function ticketOf(g: WaitingGuest): GuestTicket {
  const { id, seq, question, metadata, priority, tags, joinedAt } = g;
  return { id, seq, question, metadata, priority, tags, joinedAt };
}

function newTicket(state: SupportQueueState, row: SupportChat): GuestTicket {
  return {
    id: row.guestId,
    seq: ++state.seq,
    question: row.question,
    metadata: queueMetadata(row.metadata as unknown as StoredMetadata),
    priority: 0,
    tags: [],
    joinedAt: row.queuedAt,
  };
}

function newHelper(id: string, approved: boolean, config: QueueConfig, now: number): HelperRecord {
  const maxChats = config.defaultMaxChats;
  return { id, approved, maxChats, skills: { locales: [], products: [], tags: [] }, status: 'offline', limit: Math.min(config.defaultChatLimit, maxChats), chats: [], idleSince: now };
}
