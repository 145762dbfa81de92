// What must hold of any queue state, checked where a state comes from outside the queue's own commands (a restore
// after a restart, reconciled with storage): one place per guest, chats and seats that agree, and no offer that
// puts a helper over their limit.
import { queueOrder, seatsUsed } from './step.js';
import type { SupportQueueState } from './types.js';

/** Everything wrong with `state`, in words; empty when it is sound. */
export function invariantProblems(state: SupportQueueState): string[] {
  const problems: string[] = [];
  const where = new Map<string, string>();
  const place = (guestId: string, at: string) => {
    const before = where.get(guestId);
    if (before) problems.push(`guest ${guestId} is both ${before} and ${at}`);
    else where.set(guestId, at);
  };
  for (const g of state.guests) place(g.id, 'waiting');
  for (const chat of Object.values(state.chats)) place(chat.guest.id, `in chat ${chat.id} with ${chat.helperId}`);
  for (let i = 1; i < state.guests.length; i++) {
    if (queueOrder(state.guests[i - 1], state.guests[i]) > 0) problems.push(`guest ${state.guests[i].id} is out of queue order`);
  }

  const holders = new Map<string, string>();
  for (const helper of Object.values(state.helpers)) {
    for (const chatId of helper.chats) {
      const chat = state.chats[chatId];
      if (!chat) problems.push(`helper ${helper.id} holds a seat for missing chat ${chatId}`);
      else if (chat.helperId !== helper.id) problems.push(`helper ${helper.id} holds chat ${chatId} of ${chat.helperId}`);
      if (holders.has(chatId)) problems.push(`chat ${chatId} holds seats of ${holders.get(chatId)} and ${helper.id}`);
      holders.set(chatId, helper.id);
    }
  }
  for (const chat of Object.values(state.chats)) if (!holders.has(chat.id)) problems.push(`chat ${chat.id} holds no seat of ${chat.helperId}`);

  const offerIds = new Set<string>();
  for (const g of state.guests) {
    if (!g.offer) continue;
    if (offerIds.has(g.offer.id)) problems.push(`offer ${g.offer.id} is made twice`);
    offerIds.add(g.offer.id);
    const helper = state.helpers[g.offer.helperId];
    if (!helper) problems.push(`guest ${g.id} is offered to unknown helper ${g.offer.helperId}`);
    else if (!helper.approved || helper.status !== 'available') problems.push(`guest ${g.id} is offered to ${helper.id}, who cannot take offers`);
  }
  // Active chats above a lowered limit are allowed (never cut); an offer on top of them is not.
  for (const helper of Object.values(state.helpers)) {
    const offers = seatsUsed(state, helper) - helper.chats.length;
    if (offers > 0 && seatsUsed(state, helper) > helper.limit) problems.push(`helper ${helper.id} holds ${offers} offer(s) beyond their limit of ${helper.limit}`);
  }

  const counter = (id: string) => Number(id.slice(1));
  for (const id of [...Object.keys(state.chats), ...offerIds]) if (!(counter(id) <= state.seq)) problems.push(`id ${id} is beyond the counter ${state.seq}`);
  return problems;
}
