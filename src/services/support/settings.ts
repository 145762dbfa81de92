// The queue settings from the server configuration, and the forum link offered when the queue is closed.
import type { Config } from '../../config.js';
import type { QueueConfig, WeeklySchedule } from '../../domain/queue/index.js';

export function queueConfig(config: Config): Partial<QueueConfig> {
  const schedule: WeeklySchedule | null = config.queueHours ? { timeZone: config.queueTimeZone, hours: JSON.parse(config.queueHours) } : null;
  return {
    maxWaiting: config.queueMaxWaiting,
    // 80 %: room for a burst before the queue closes itself again.
    reopenBelowWaiting: Math.max(1, Math.floor(config.queueMaxWaiting * 0.8)),
    offerTimeoutMs: config.queueOfferTimeoutMs,
    guestTimeoutMs: config.queueGuestTimeoutMs,
    schedule,
  };
}

/** The forum's "new question" page with the question prefilled. */
export function forumLink(template: string, question: string): string {
  return template.replaceAll('{question}', encodeURIComponent(question));
}
