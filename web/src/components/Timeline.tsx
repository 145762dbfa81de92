// A room's conversation: durable events in seq order, then our messages still on their way, with "load older" at
// the top. Message HTML is the server's rendering (payload.html, escaped by the server); everything else is text.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatTime, t, type MessageKey } from '../i18n/index.js';
import type { PendingMessage } from '../lib/chat-store.js';
import { actor, recipient, target, text } from '../lib/events.js';
import type { DurableEvent } from '../lib/types.js';

interface Props {
  events: DurableEvent[];
  pending: PendingMessage[];
  meId: string;
  hasOlder: boolean;
  label: string;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** The element id (the helper console's skip link targets the default). */
  domId?: string;
}

export function Timeline({ events, pending, meId, hasOlder, label, onLoadOlder, onRetry, onDiscard, domId = 'conversation' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const lastHeight = useRef(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else if (el.scrollTop < 40) el.scrollTop += el.scrollHeight - lastHeight.current;
    lastHeight.current = el.scrollHeight;
  });
  const onScroll = () => {
    const el = box.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };
  return (
    <div class="timeline" ref={box} onScroll={onScroll} tabIndex={0} aria-label={label} role="region" id={domId}>
      {hasOlder ? (
        <button type="button" class="load-older" onClick={onLoadOlder} style={{ alignSelf: 'center' }}>
          {t('room.loadOlder')}
        </button>
      ) : (
        <p class="notice">{t('room.beginning')}</p>
      )}
      <ol>
        {events.map((e) => (
          <EventView key={e.seq} event={e} meId={meId} />
        ))}
        {pending.map((p) => (
          <PendingView key={p.clientId} pending={p} onRetry={onRetry} onDiscard={onDiscard} />
        ))}
      </ol>
    </div>
  );
}

function EventView({ event, meId }: { event: DurableEvent; meId: string }) {
  const staff = event.audience === 'staff';
  const note = staff && event.payload.note === true;
  if (event.type !== 'message') {
    return (
      <li class={staff ? 'notice staff-only' : 'notice'} data-seq={event.seq} data-audience={event.audience}>
        {staff && <span class="staff-label">{t('staff.only')} · </span>}
        {noticeText(event)}
      </li>
    );
  }
  const author = actor(event);
  const to = recipient(event);
  const classes = ['msg', author?.id === meId ? 'mine' : '', to ? 'private' : '', staff ? 'staff-only' : '', note ? 'staff-note' : ''].join(' ');
  return (
    <li class={classes} data-seq={event.seq} data-client-id={text(event, 'clientId') || undefined} data-audience={event.audience}>
      <header>
        <span class="author">{author?.name}</span>
        {staff && <span class="staff-label">{note ? t('staff.note') : t('staff.whisper')}</span>}
        {to && <span class="note">{t('message.private', { name: to.name })}</span>}
        <time dateTime={new Date(event.time).toISOString()}>{formatTime(event.time)}</time>
      </header>
      <div class="body" dangerouslySetInnerHTML={{ __html: text(event, 'html') }} />
    </li>
  );
}

function PendingView({ pending, onRetry, onDiscard }: { pending: PendingMessage; onRetry: (id: string) => void; onDiscard: (id: string) => void }) {
  return (
    <li class={`msg mine pending${pending.to ? ' private' : ''}`} data-pending={pending.clientId}>
      <div class="body plain">{pending.body}</div>
      {pending.failed ? (
        <div class="row small">
          <span class="error">{t('message.failed', { code: pending.failed })}</span>
          <button type="button" class="link" onClick={() => onRetry(pending.clientId)}>
            {t('message.retry')}
          </button>
          <button type="button" class="link" onClick={() => onDiscard(pending.clientId)}>
            {t('message.discard')}
          </button>
        </div>
      ) : (
        <span class="note">{t('message.sending')}</span>
      )}
    </li>
  );
}

const NOTICES: Record<string, MessageKey> = {
  join: 'event.join',
  part: 'event.part',
  topic: 'event.topic',
  invite: 'event.invite',
  kick: 'event.kick',
  ban: 'event.ban',
  unban: 'event.unban',
  role: 'event.role',
};

export function noticeText(event: DurableEvent): string {
  const key = NOTICES[event.type];
  if (!key) return event.type;
  const role = text(event, 'role');
  const main = t(key, {
    user: actor(event)?.name ?? '?',
    target: target(event)?.name ?? '?',
    topic: text(event, 'topic'),
    role: role ? t(`role.${role}` as MessageKey) : '',
  });
  const reason = text(event, 'reason');
  return reason ? `${main} ${t('event.reason', { reason })}` : main;
}
