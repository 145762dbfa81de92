// Queue status: a monitor's manual state beats the posted hours; capacity closes the queue on top of
// either unless a monitor closed or drained it. The status only gates intake: guests already in line
// are served whatever it says (a monitor's close is the one exception, it dismisses them at once).
import { averageHandlingMs, capacity, predictedWaitForNewGuest, waitAt } from './estimate.js';
import { isWithinHours, nextScheduleChange } from './schedule.js';
import { removeGuest, type Step } from './step.js';
import type { AutoClose, QueueStatus, QueueStatusState } from './types.js';

export const OPEN: QueueStatus = Object.freeze({ state: 'open', reason: null, message: null, comeBackAt: null });

/** Close when full or slow; reopen only once both are below the lower thresholds. Unknown waits neither close nor hold closed. */
function nextAuto(step: Step): AutoClose | null {
  const { state, config, now } = step;
  const waiting = state.guests.length;
  const predicted = predictedWaitForNewGuest(state, config);
  if (state.auto) {
    const calm = waiting < config.reopenBelowWaiting && (predicted === null || predicted < config.reopenBelowWaitMs);
    return calm ? null : state.auto;
  }
  if (waiting >= config.maxWaiting) {
    // Enough guests must be served to get below the reopening threshold.
    const toServe = waiting - config.reopenBelowWaiting + 1;
    const ms = waitAt(toServe, capacity(state), averageHandlingMs(state, config));
    return { reason: 'full', comeBackAt: ms === null ? null : now + ms };
  }
  if (predicted !== null && predicted > config.maxPredictedWaitMs) {
    // A new guest's wait shrinks about as fast as time passes.
    return { reason: 'wait_too_long', comeBackAt: now + predicted - config.reopenBelowWaitMs };
  }
  return null;
}

function derive(step: Step): QueueStatus {
  const { state, config, now } = step;
  const manual = state.manual;
  if (manual && manual.state !== 'open') return { state: manual.state, reason: 'manual', message: manual.message, comeBackAt: null };
  if (!manual && config.schedule && !isWithinHours(config.schedule, now)) {
    return { state: 'closed', reason: 'outside_hours', message: null, comeBackAt: nextScheduleChange(config.schedule, now) };
  }
  if (state.auto) return { state: 'closed', reason: state.auto.reason, message: null, comeBackAt: state.auto.comeBackAt };
  return manual ? { ...OPEN, reason: 'manual', message: manual.message } : OPEN;
}

function same(a: QueueStatus, b: QueueStatus): boolean {
  return a.state === b.state && a.reason === b.reason && a.message === b.message && a.comeBackAt === b.comeBackAt;
}

/** Recompute the status; announce it when it changed. A drained queue becomes closed once its line is empty. */
export function updateStatus(step: Step): void {
  const { state } = step;
  state.auto = nextAuto(step);
  if (state.manual?.state === 'draining' && state.guests.length === 0) state.manual = { ...state.manual, state: 'closed' };
  const status = derive(step);
  if (same(status, state.status)) return;
  state.status = status;
  step.notices.push({ type: 'queue.status', status });
}

/** A monitor's state overrides the posted hours until cleared. Closing by hand also dismisses the line; draining does not. */
export function setManualStatus(step: Step, state: QueueStatusState, message: string): void {
  step.state.manual = { state, message };
  if (state !== 'closed') return;
  for (const guest of [...step.state.guests]) removeGuest(step, guest, 'queue_closed', message);
}

export function clearManualStatus(step: Step): void {
  step.state.manual = null;
}
