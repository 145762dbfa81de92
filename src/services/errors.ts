// The error catalogue: every failure a client can cause has a code, an HTTP status and a message.
// Transports render it as {"error":{"code","message"}}; docs/protocol.md lists the same table.

export const ERRORS = {
  bad_request: { status: 400, message: 'The request is malformed.' },
  bad_cursor: { status: 400, message: 'The cursor is malformed.' },
  unauthenticated: { status: 401, message: 'Sign in first.' },
  bad_credentials: { status: 401, message: 'Unknown user name or wrong password.' },
  csrf: { status: 403, message: 'Missing or invalid CSRF token.' },
  bad_origin: { status: 403, message: 'This origin may not open a connection.' },
  forbidden: { status: 403, message: 'Your role in this room does not allow that.' },
  banned: { status: 403, message: 'You are banned from this room.' },
  not_found: { status: 404, message: 'No such room, or you are not a member.' },
  no_such_user: { status: 404, message: 'No such user.' },
  not_a_member: { status: 409, message: 'That user is not a member of this room.' },
  not_banned: { status: 409, message: 'That user is not banned from this room.' },
  name_taken: { status: 409, message: 'That name is taken.' },
  chat_full: { status: 409, message: 'This chat has reached its size limit; it stays readable but takes no more messages.' },
  body_too_large: { status: 413, message: 'The message is larger than the limit.' },
  queue_closed: { status: 409, message: 'The support queue is not taking new questions right now; see comeBackAt and forumUrl.' },
  no_such_offer: { status: 409, message: 'That offer is gone: taken, expired or withdrawn.' },
  no_such_chat: { status: 404, message: 'No such support chat, or it is not yours.' },
  cannot_assist: { status: 409, message: 'No guest can be given to you now; see reason.' },
  staff_only: { status: 403, message: 'Only helpers, trainees and monitors may do that.' },
  monitor_only: { status: 403, message: 'Only monitors and admins may do that.' },
  rate_limited: { status: 429, message: 'Too many attempts; wait and try again.' },
  shutting_down: { status: 503, message: 'The server is restarting; reconnect shortly.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  /** Extra fields a client can act on (e.g. when to come back), rendered beside code and message. */
  details?: Record<string, unknown>;
  constructor(readonly code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
    if (details) this.details = details;
  }
}
