// Queue settings: a plain object with documented defaults (see docs/queue.md for the reasoning).
import { validateSchedule, type WeeklySchedule } from './schedule.js';

export interface QueueConfig {
  /** A waiting guest with no heartbeat for this long leaves the queue. */
  guestTimeoutMs: number;
  /** A helper must accept or reject an offer within this time. */
  offerTimeoutMs: number;
  /** After waiting this long, a guest may be offered to any eligible helper, matching or not. */
  matchFallbackMs: number;
  /** The queue closes itself at this many waiting guests... */
  maxWaiting: number;
  /** ...and reopens only below this many. */
  reopenBelowWaiting: number;
  /** The queue closes itself when a new guest's predicted wait exceeds this... */
  maxPredictedWaitMs: number;
  /** ...and reopens only below this. */
  reopenBelowWaitMs: number;
  /** Handling time assumed before any chat has ended. */
  defaultHandlingMs: number;
  /** How many recent chat durations the moving average uses. */
  handlingSampleSize: number;
  /** Minimum gap between two position/wait notices to the same guest. */
  noticeIntervalMs: number;
  /** Chat limit of a newly registered helper (they change it themselves). */
  defaultChatLimit: number;
  /** Upper bound on a helper's limit when their profile does not say. */
  defaultMaxChats: number;
  /** Posted hours; null means no schedule (always within hours). */
  schedule: WeeklySchedule | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const DEFAULT_QUEUE_CONFIG: Readonly<QueueConfig> = Object.freeze({
  guestTimeoutMs: 60 * SECOND,
  offerTimeoutMs: 30 * SECOND,
  matchFallbackMs: 2 * MINUTE,
  maxWaiting: 50,
  reopenBelowWaiting: 40,
  maxPredictedWaitMs: 30 * MINUTE,
  reopenBelowWaitMs: 20 * MINUTE,
  defaultHandlingMs: 10 * MINUTE,
  handlingSampleSize: 20,
  noticeIntervalMs: 1 * SECOND,
  defaultChatLimit: 1,
  defaultMaxChats: 3,
  schedule: null,
});

const POSITIVE: (keyof QueueConfig)[] = [
  'guestTimeoutMs', 'offerTimeoutMs', 'maxWaiting', 'reopenBelowWaiting', 'maxPredictedWaitMs',
  'reopenBelowWaitMs', 'defaultHandlingMs', 'handlingSampleSize',
];
const NON_NEGATIVE: (keyof QueueConfig)[] = ['matchFallbackMs', 'noticeIntervalMs', 'defaultChatLimit', 'defaultMaxChats'];

/** Defaults merged with overrides; throws RangeError on a setting that cannot work. */
export function resolveQueueConfig(overrides: Partial<QueueConfig> = {}): QueueConfig {
  const config: QueueConfig = { ...DEFAULT_QUEUE_CONFIG, ...overrides };
  for (const key of POSITIVE) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`${key} must be a positive number`);
  }
  for (const key of NON_NEGATIVE) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`${key} must be a non-negative number`);
  }
  if (config.reopenBelowWaiting > config.maxWaiting) throw new RangeError('reopenBelowWaiting must not exceed maxWaiting');
  if (config.reopenBelowWaitMs > config.maxPredictedWaitMs) throw new RangeError('reopenBelowWaitMs must not exceed maxPredictedWaitMs');
  if (config.defaultChatLimit > config.defaultMaxChats) throw new RangeError('defaultChatLimit must not exceed defaultMaxChats');
  if (config.schedule) validateSchedule(config.schedule);
  return config;
}
