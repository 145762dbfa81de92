// Helpers coming and going, and the seats they offer. Any change that makes a helper unable to hold
// their outstanding offers revokes them; the dispatcher re-offers those guests in the same step.
import { trimOffers, type Step } from './step.js';
import type { HelperProfile, HelperRecord, HelperStatus } from './types.js';

export type HelperOutcome = { ok: true; limit: number } | { ok: false; reason: 'unknown_helper' };

function wholeAtLeastZero(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
}

/** Add a helper (offline, default limit) or update their profile; chats, status and limit survive an update. */
export function registerHelper(step: Step, profile: HelperProfile): HelperOutcome {
  const { state, config, now } = step;
  const known = state.helpers[profile.id];
  const maxChats = wholeAtLeastZero(profile.maxChats ?? known?.maxChats ?? config.defaultMaxChats);
  const helper: HelperRecord = known
    ? { ...known, approved: profile.approved, maxChats, skills: profile.skills, limit: Math.min(known.limit, maxChats) }
    : { id: profile.id, approved: profile.approved, maxChats, skills: profile.skills, status: 'offline', limit: Math.min(config.defaultChatLimit, maxChats), chats: [], idleSince: now };
  state.helpers[profile.id] = helper;
  trimOffers(step, helper);
  return { ok: true, limit: helper.limit };
}

export function setHelperStatus(step: Step, helperId: string, status: HelperStatus): HelperOutcome {
  const helper = step.state.helpers[helperId];
  if (!helper) return { ok: false, reason: 'unknown_helper' };
  if (status === 'available' && helper.status !== 'available') helper.idleSince = step.now;
  helper.status = status;
  trimOffers(step, helper);
  return { ok: true, limit: helper.limit };
}

/** The helper's own choice, clamped to 0..maxChats. Active chats above a lowered limit continue. */
export function setChatLimit(step: Step, helperId: string, limit: number): HelperOutcome {
  const helper = step.state.helpers[helperId];
  if (!helper) return { ok: false, reason: 'unknown_helper' };
  helper.limit = Math.min(wholeAtLeastZero(limit), helper.maxChats);
  trimOffers(step, helper);
  return { ok: true, limit: helper.limit };
}

/** A monitor's bound on the helper's limit; lowers the limit with it. */
export function setMaxChats(step: Step, helperId: string, maxChats: number): HelperOutcome {
  const helper = step.state.helpers[helperId];
  if (!helper) return { ok: false, reason: 'unknown_helper' };
  helper.maxChats = wholeAtLeastZero(maxChats);
  helper.limit = Math.min(helper.limit, helper.maxChats);
  trimOffers(step, helper);
  return { ok: true, limit: helper.limit };
}
