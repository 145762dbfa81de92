// Chats in progress with the monitor's tools, each with the real arguments of src/transport/commands/staff.ts:
// watch, whisper (body), barge in, take over, hand back (helper), the dispatch log and the monitor action log, and
// the chat's conversation in the page once the monitor is in its room.
import { useState } from 'preact/hooks';
import { Composer } from '../components/Composer.js';
import { Timeline } from '../components/Timeline.js';
import { TypingLine } from '../components/TypingLine.js';
import { formatTime, t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';
import { useObservable } from '../lib/observable.js';
import type { MonitorAction } from '../lib/staff-types.js';
import type { SupportStore } from '../lib/support-store.js';
import type { QueueView } from '../lib/support-types.js';

type Chat = QueueView['chats'][number];

interface Props {
  support: SupportStore;
  chats: ChatStore;
  commands: Set<string>;
  onError: (message: string) => void;
}

export function ChatsCard({ support, chats, commands, onError }: Props) {
  useObservable(chats);
  const [open, setOpen] = useState<string | null>(null);
  const [log, setLog] = useState<{ chat: string; lines: Array<Record<string, unknown>> } | null>(null);
  const [actions, setActions] = useState<{ chat: string; actions: MonitorAction[] } | null>(null);
  const view = support.view;
  const act = async (name: string, args: Record<string, unknown>, room?: string | null) => {
    const failed = await support.run(name, args);
    onError(failed);
    if (!failed && room) {
      await chats.refreshRooms();
      await chats.select(room);
      setOpen(room);
    }
    if (!failed && actions?.chat === args.chat) await showActions(String(args.chat));
    return failed;
  };
  const showLog = (chat: string) =>
    support.conn.get('support_log', { chat }).then(
      (r) => setLog({ chat, lines: r.lines as Array<Record<string, unknown>> }),
      (e: Error) => onError(e.message),
    );
  const showActions = (chat: string) =>
    support.conn.get('staff_actions', { chat }).then(
      (r) => setActions({ chat, actions: r.actions as MonitorAction[] }),
      (e: Error) => onError(e.message),
    );
  const name = (id: unknown) => view?.helpers.find((h) => h.helper.id === id)?.helper.name ?? view?.chats.find((c) => c.guest.id === id)?.guest.name ?? String(id ?? '');
  const openRoom = open ? chats.rooms.get(open) : undefined;
  return (
    <section class="card wide" aria-labelledby="chats-title">
      <h2 id="chats-title">
        {t('monitor.chats')} ({view?.chats.length ?? 0})
      </h2>
      {view?.chats.length === 0 && <p class="small muted">{t('monitor.noChats')}</p>}
      <ul class="chat-list">
        {view?.chats.map((c) => (
          <ChatRow
            key={c.chat}
            chat={c}
            helpers={view.helpers.map((h) => h.helper)}
            commands={commands}
            inRoom={Boolean(c.room && chats.rooms.get(c.room) && !chats.rooms.get(c.room)?.ended)}
            onAct={act}
            onLog={() => void showLog(c.chat)}
            onActions={() => void showActions(c.chat)}
            onOpen={() => c.room && (void chats.select(c.room), setOpen(c.room))}
          />
        ))}
      </ul>
      {openRoom && (
        <div class="watch-pane" data-testid="watch-pane">
          <header class="row">
            <h3>{t('monitor.conversation', { name: openRoom.room.name })}</h3>
            <button type="button" onClick={() => setOpen(null)}>
              {t('common.close')}
            </button>
          </header>
          <Timeline
            events={openRoom.events}
            pending={openRoom.pending}
            meId={chats.me.id}
            hasOlder={openRoom.hasOlder}
            label={openRoom.room.name}
            domId="watched-conversation"
            onLoadOlder={() => void chats.loadOlder(openRoom.room.id)}
            onRetry={(id) => void chats.retry(openRoom.room.id, id)}
            onDiscard={(id) => chats.discard(openRoom.room.id, id)}
          />
          <TypingLine names={[...openRoom.typing.values()].map((x) => x.name)} />
          {openRoom.ended ? (
            <p class="banner">{t('room.ended')}</p>
          ) : chats.roleIn(openRoom) === 'watcher' ? (
            <p class="small muted">{t('monitor.watcherHint')}</p>
          ) : (
            <Composer onSend={(body) => void chats.send(openRoom.room.id, body)} onTyping={(s) => void chats.conn.post('typing', { room: openRoom.room.id, state: s }).catch(() => {})} />
          )}
        </div>
      )}
      {log && (
        <div class="log">
          <h3>{t('monitor.logOf', { chat: log.chat })}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitor.time')}</th>
                <th scope="col">{t('monitor.event')}</th>
                <th scope="col">{t('monitor.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {log.lines.map((l, i) => (
                <tr key={i}>
                  <td>{typeof l.at === 'number' ? formatTime(l.at) : ''}</td>
                  <td>{String(l.event ?? '')}</td>
                  <td class="small">{logDetail(l, name)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {actions && (
        <div class="log" data-testid="action-log">
          <h3>{t('monitor.actionsOf', { chat: actions.chat })}</h3>
          {actions.actions.length === 0 ? (
            <p class="small muted">{t('monitor.noActions')}</p>
          ) : (
            <ol>
              {actions.actions.map((a, i) => (
                <li key={i}>
                  {formatTime(a.time)} · {a.monitor.name} · <strong>{a.action}</strong>
                  {Object.keys(a.detail).length > 0 && <span class="small muted"> {JSON.stringify(a.detail)}</span>}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}

function logDetail(line: Record<string, unknown>, name: (id: unknown) => string): string {
  const parts: string[] = [];
  if (line.helperId) parts.push(`${t('monitor.helper')}: ${name(line.helperId)}`);
  if (line.offeredTo) parts.push(`→ ${name(line.offeredTo)}`);
  if (Array.isArray(line.candidates)) parts.push(t('monitor.candidates', { count: line.candidates.length }));
  for (const key of ['reason', 'how', 'comment']) if (line[key]) parts.push(`${key}: ${String(line[key])}`);
  return parts.join(' · ');
}

interface RowProps {
  chat: Chat;
  helpers: Array<{ id: string; name: string }>;
  commands: Set<string>;
  inRoom: boolean;
  onAct: (name: string, args: Record<string, unknown>, room?: string | null) => Promise<string>;
  onLog: () => void;
  onActions: () => void;
  onOpen: () => void;
}

function ChatRow({ chat: c, helpers, commands, inRoom, onAct, onLog, onActions, onOpen }: RowProps) {
  const [whisper, setWhisper] = useState('');
  const [helper, setHelper] = useState(c.helper?.id ?? '');
  const has = (name: string) => commands.has(name);
  const label = `${c.guest.name} ↔ ${c.helper?.name ?? '–'}`;
  return (
    <li data-chat={c.chat} aria-label={label}>
      <div>
        <strong>{c.guest.name}</strong> ↔ {c.helper?.name ?? '–'} {c.since && <span class="small muted">{formatTime(c.since)}</span>}
      </div>
      <div class="row">
        <button type="button" onClick={onLog}>
          {t('monitor.log')}
        </button>
        {has('staff_actions') && (
          <button type="button" onClick={onActions}>
            {t('monitor.actions')}
          </button>
        )}
        {has('staff_watch') && (
          <button type="button" onClick={() => void onAct('staff_watch', { chat: c.chat }, c.room)}>
            {t('monitor.watch')}
          </button>
        )}
        {inRoom && (
          <button type="button" onClick={onOpen}>
            {t('monitor.show')}
          </button>
        )}
        {has('staff_barge') && (
          <button type="button" onClick={() => void onAct('staff_barge', { chat: c.chat }, c.room)}>
            {t('monitor.barge')}
          </button>
        )}
        {has('staff_takeover') && (
          <button type="button" onClick={() => void onAct('staff_takeover', { chat: c.chat }, c.room)}>
            {t('monitor.takeover')}
          </button>
        )}
        <a href={`/transcripts/${encodeURIComponent(c.chat)}.html`} target="_blank" rel="noopener">
          {t('monitor.transcript')}
        </a>
      </div>
      {has('staff_whisper') && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (whisper.trim()) void onAct('staff_whisper', { chat: c.chat, body: whisper }).then((failed) => failed || setWhisper(''));
          }}
        >
          <input aria-label={t('monitor.whisperTo', { name: label })} placeholder={t('monitor.whisperText')} value={whisper} onInput={(e) => setWhisper(e.currentTarget.value)} />
          <button type="submit" disabled={!whisper.trim()}>
            {t('monitor.whisper')}
          </button>
        </form>
      )}
      {has('staff_handback') && (
        <div class="row">
          <label class="row small">
            {t('monitor.handbackTo')}
            <select value={helper} onChange={(e) => setHelper(e.currentTarget.value)} aria-label={t('monitor.handbackFor', { name: label })}>
              <option value="">–</option>
              {helpers.map((h) => (
                <option value={h.id}>{h.name}</option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!helper} onClick={() => void onAct('staff_handback', { chat: c.chat, helper })}>
            {t('monitor.handback')}
          </button>
        </div>
      )}
    </li>
  );
}
