// The support queue's public surface, for the service layer.
export { SupportQueue, emptyQueueState } from './support-queue.js';
export { DEFAULT_QUEUE_CONFIG, resolveQueueConfig, type QueueConfig } from './config.js';
export { isWithinHours, nextScheduleChange, type OpeningHours, type WeeklySchedule } from './schedule.js';
export { helperMatches, localeCovers } from './matching.js';
export type { JoinOutcome, GuestOutcome } from './intake.js';
export type { HelperOutcome } from './helpers.js';
export type { AcceptOutcome, RejectOutcome, PickOutcome, PickRefusal } from './offers.js';
export type { ChatOutcome } from './chats.js';
export { invariantProblems } from './invariants.js';
export * from './types.js';
