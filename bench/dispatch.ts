// Phase dispatch: the support queue's dispatcher under a steady stream of freed seats.
//
// `helpers` helpers connect over WebSocket and go on duty with `limit` seats each; `guests` guests connect over
// WebSocket (an open stream is their heartbeat) and ask over HTTP, `concurrency` at a time. The first
// helpers x limit guests are offered at once; the rest wait. Helpers accept every offer as it arrives. Once the
// first seats are taken, helpers end chats (`support_end`) at `endRate` per second in total, round-robin, each end
// freeing one seat that the dispatcher must fill from the queue: exactly guests - seats ends, so the queue is
// never empty when a seat frees. While every other helper is full, the fairest eligible helper for the freed seat
// is the one who ended (docs/queue.md, "The dispatcher"), so the next `support_offer` that helper receives is the
// refill; seat-to-offer is measured from the send time of the end (one process, one clock) to its arrival.
//
// The send time, not the end's reply: the queue publishes the offer in the same synchronous step as the end,
// while the reply waits for the chat's room work (`offersBeforeEndReply` counts how often the offer came first).
import { connectSupport, type SupportSocket } from './clients/support-ws.js';
import { pool, type Target } from './http.js';
import { ServerProbe } from './server-process.js';
import { ok, signIn, type Session } from './session.js';
import { cpuPct, Latencies, printLine, round } from './stats.js';

const CONNECT_CONCURRENCY = 50;
const TICK_MS = 2;
const POLL_MS = 20;
/** Waits for the first fill, and for the last refills after the ends, are bounded by this. */
const SETTLE_LIMIT_MS = 30_000;

export interface DispatchSpec {
  guests: number;
  helpers: number;
  /** Chat limit each helper asks for (the server caps it at the helper's max, 3 by default). */
  limit: number;
  /** support_end commands per second, in total. */
  endRate: number;
  /** Sign-ins and asks in flight. */
  concurrency: number;
  prefix: string;
  p99LimitMs: number;
  log(text: string): void;
}

interface Freed {
  sentAt: number;
  repliedAt: number | null;
}

interface Helper {
  socket: SupportSocket;
  /** Accepted chats not yet ended, oldest first. */
  chats: string[];
  /** Ends sent whose seat has not been refilled yet, oldest first. */
  freed: Freed[];
}

class Counters {
  offers = 0;
  firstOfferAt = 0;
  lastOfferAt = 0;
  refills = 0;
  lastRefillAt = 0;
  offersBeforeEndReply = 0;
  accepted = 0;
  ended = 0;
  endSent = 0;
  revoked = 0;
  assigned = 0;
  /** Waits ended without a chat (timeout, queue closed): should stay 0. */
  waitsEnded = 0;
  errors = 0;
  firstError = '';
  disconnects = 0;
  readonly seatToOffer = new Latencies();
  readonly endReply = new Latencies();
  readonly ask = new Latencies();
  readonly accept = new Latencies();

  error(message: string): void {
    if (this.errors++ === 0) this.firstError = message;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

export async function dispatchPhase(target: Target, pid: number | null, spec: DispatchSpec): Promise<void> {
  const { log } = spec;
  const c = new Counters();
  const helperNames = Array.from({ length: spec.helpers }, (_, i) => `${spec.prefix}h${i}`);
  const guestNames = Array.from({ length: spec.guests }, (_, i) => `${spec.prefix}g${i}`);
  log(`dispatch: signing in ${spec.helpers} helpers and ${spec.guests} guests (dev login)`);
  const helperSessions = await pool(helperNames, spec.concurrency, (name) => signIn(target, name));
  const guestSessions: Session[] = await pool(guestNames, spec.concurrency, (name) => signIn(target, name));

  const helpers: Helper[] = [];
  const sockets: SupportSocket[] = [];
  const onOffer = (helper: Helper, offer: string, at: number) => {
    if (c.offers++ === 0) c.firstOfferAt = at;
    c.lastOfferAt = at;
    const freed = helper.freed.shift();
    if (freed) {
      c.refills++;
      c.lastRefillAt = at;
      c.seatToOffer.add(at - freed.sentAt);
      if (freed.repliedAt === null) c.offersBeforeEndReply++;
    }
    // Accept at once: the chat takes the offer's seat.
    helper.socket.call('support_accept', { offer }).then(
      (result: { chat: string }) => {
        c.accepted++;
        c.accept.add(performance.now() - at);
        helper.chats.push(result.chat);
      },
      (error: Error) => c.error(error.message),
    );
  };

  try {
    await pool(helperSessions, CONNECT_CONCURRENCY, async (session) => {
      const socket = await connectSupport(target, session);
      sockets.push(socket);
      const helper: Helper = { socket, chats: [], freed: [] };
      helpers.push(helper);
      socket.onDisconnect = () => c.disconnects++;
      socket.onEvent = (item, at) => {
        if (item.type === 'support_offer') onOffer(helper, item.payload.offer as string, at);
        else if (item.type === 'support_offer_revoked') c.revoked++;
      };
    });
    log(`dispatch: ${helpers.length} helpers connected; going on duty with limit ${spec.limit}`);
    const seatsEach = await pool(helpers, spec.concurrency, async (h) => {
      await h.socket.call('support_limit', { limit: spec.limit });
      return (await h.socket.call('support_status', { status: 'available' })).limit as number;
    });
    const seats = seatsEach.reduce((a, b) => a + b, 0);

    const guestSockets = await pool(guestSessions, CONNECT_CONCURRENCY, async (session) => {
      const socket = await connectSupport(target, session);
      sockets.push(socket);
      socket.onDisconnect = () => c.disconnects++;
      socket.onEvent = (item) => {
        if (item.type === 'support_assigned') c.assigned++;
        else if (item.type === 'support_ended' && !item.payload.surveyOffered) c.waitsEnded++;
      };
      return socket;
    });
    log(`dispatch: ${guestSockets.length} guests connected; ${seats} seats on duty; asking (${spec.concurrency} in flight)`);

    const probe = new ServerProbe(pid);
    probe.start();
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();

    await pool(guestSessions, spec.concurrency, async (session, i) => {
      const sent = performance.now();
      try {
        ok(`support_ask ${session.name}`, await session.post(target, '/api/support_ask', { question: `Bench question ${i}: my bookmarks are gone` }));
        c.ask.add(performance.now() - sent);
      } catch (error) {
        c.error(error instanceof Error ? error.message : String(error));
      }
    });
    const askSeconds = (performance.now() - startedAt) / 1000;
    const firstFill = Math.min(spec.guests, seats);
    if (!(await until(() => c.accepted >= firstFill || c.errors > 0, SETTLE_LIMIT_MS))) log(`dispatch: first fill incomplete: ${c.accepted}/${firstFill} accepted`);
    log(`dispatch: ${spec.guests} asks in ${round(askSeconds, 1)} s, ${c.accepted} chats; ending ${spec.guests - firstFill} chats at ${spec.endRate}/s`);

    // Ends at endRate, round-robin over helpers holding a chat; a late timer catches up (open loop).
    const endsNeeded = Math.max(0, spec.guests - c.accepted);
    const endsStartedAt = performance.now();
    const endsDeadline = endsStartedAt + (endsNeeded / spec.endRate) * 1000 + SETTLE_LIMIT_MS;
    let cursor = 0;
    while (c.endSent < endsNeeded && performance.now() < endsDeadline) {
      const due = Math.min(endsNeeded, Math.floor(((performance.now() - endsStartedAt) / 1000) * spec.endRate) + 1);
      while (c.endSent < due) {
        let helper: Helper | null = null;
        for (let k = 0; k < helpers.length && !helper; k++) {
          const h = helpers[(cursor + k) % helpers.length];
          if (h.chats.length > 0) helper = h;
        }
        if (!helper) break; // every chat's accept still in flight: try again next tick
        cursor = (helpers.indexOf(helper) + 1) % helpers.length;
        const chat = helper.chats.shift()!;
        const freed: Freed = { sentAt: performance.now(), repliedAt: null };
        helper.freed.push(freed);
        c.endSent++;
        helper.socket.call('support_end', { chat, reason: 'solved' }).then(
          () => {
            freed.repliedAt = performance.now();
            c.ended++;
            c.endReply.add(freed.repliedAt - freed.sentAt);
          },
          (error: Error) => c.error(error.message),
        );
      }
      await sleep(TICK_MS);
    }
    if (!(await until(() => (c.offers >= spec.guests && c.accepted >= spec.guests && c.ended >= c.endSent) || c.errors > 0, SETTLE_LIMIT_MS))) {
      log(`dispatch: stopped waiting: ${c.offers}/${spec.guests} offers, ${c.accepted} accepted, ${c.ended}/${c.endSent} ends answered`);
    }
    const wallMs = performance.now() - startedAt;
    const server = probe.end();
    const seatToOffer = c.seatToOffer.summary();
    const unfilled = helpers.reduce((n, h) => n + h.freed.length, 0);
    const offerSeconds = (c.lastOfferAt - startedAt) / 1000;
    const refillSeconds = (c.lastRefillAt - endsStartedAt) / 1000;
    const line: Record<string, unknown> = {
      phase: 'dispatch',
      guests: spec.guests,
      helpers: helpers.length,
      limit: spec.limit,
      seats,
      endRate: spec.endRate,
      seconds: round(offerSeconds, 1),
      offers: c.offers,
      offersPerSec: offerSeconds > 0 ? round(c.offers / offerSeconds, 1) : 0,
      askSeconds: round(askSeconds, 1),
      ask: c.ask.summary(),
      refills: c.refills,
      refillsPerSec: refillSeconds > 0 ? round(c.refills / refillSeconds, 1) : 0,
      seatToOffer,
      offersBeforeEndReply: c.offersBeforeEndReply,
      endReply: c.endReply.summary(),
      offerToAccept: c.accept.summary(),
      accepted: c.accepted,
      ended: c.ended,
      assigned: c.assigned,
      unfilled,
      revoked: c.revoked,
      waitsEnded: c.waitsEnded,
      errors: c.errors,
      disconnects: c.disconnects,
      ...server,
      generatorCpuPct: cpuPct(cpuBefore, wallMs),
      clean: seatToOffer.p99 <= spec.p99LimitMs && unfilled === 0 && c.errors === 0 && c.disconnects === 0 && c.offers === spec.guests,
    };
    if (c.firstError) line.firstError = c.firstError;
    printLine(line);
  } finally {
    for (const s of sockets) s.close();
  }
}
