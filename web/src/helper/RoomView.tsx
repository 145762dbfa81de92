// One open conversation: name and topic, the timeline, who is typing, and the composer.
import { useState } from 'preact/hooks';
import { Composer } from '../components/Composer.js';
import { Timeline } from '../components/Timeline.js';
import { TypingLine } from '../components/TypingLine.js';
import { t } from '../i18n/index.js';
import type { ChatStore, RoomState } from '../lib/chat-store.js';
import { atLeast } from '../lib/events.js';
import type { SupportStore } from '../lib/support-store.js';
import type { CannedStore } from '../lib/canned-store.js';
import { useObservable } from '../lib/observable.js';

export function RoomView({ store, state, support, canned }: { store: ChatStore; state: RoomState; support: SupportStore | null; canned: CannedStore | null }) {
  useObservable(canned ?? store);
  const [editing, setEditing] = useState(false);
  const [topic, setTopic] = useState('');
  const [error, setError] = useState('');
  const id = state.room.id;
  const role = store.roleIn(state);
  const run = (work: Promise<unknown>) => work.then(() => setError(''), (e: Error) => setError(e.message));
  const saveTopic = (e: Event) => {
    e.preventDefault();
    void run(store.conn.post('topic', { room: id, topic }).then(() => setEditing(false)));
  };
  const others = (state.members ?? []).filter((m) => m.id !== store.me.id);
  const chat = support?.chatOfRoom.get(id);
  return (
    <section class="room" aria-labelledby="room-title">
      <header class="room-header">
        <div class="room-title">
          <h2 id="room-title">{state.room.name}</h2>
          {editing ? (
            <form class="row" onSubmit={saveTopic}>
              <input aria-label={t('room.topic')} value={topic} maxLength={1000} onInput={(e) => setTopic(e.currentTarget.value)} />
              <button type="submit" class="primary">{t('common.save')}</button>
              <button type="button" onClick={() => setEditing(false)}>{t('common.cancel')}</button>
            </form>
          ) : (
            <p class="topic small muted" data-testid="topic">
              {state.room.topic || t('room.noTopic')}
            </p>
          )}
        </div>
        <div class="row">
          {!editing && !state.ended && atLeast(role, 'halfop') && (
            <button type="button" onClick={() => (setTopic(state.room.topic), setEditing(true))}>
              {t('room.editTopic')}
            </button>
          )}
          {chat && <span class="badge support-badge">{t('support.title')}</span>}
          <button type="button" onClick={() => void run(store.close(id))}>
            {state.ended ? t('common.close') : t('room.leave')}
          </button>
        </div>
      </header>
      {error && <p class="error small" role="alert">{error}</p>}
      <Timeline
        events={state.events}
        pending={state.pending}
        meId={store.me.id}
        hasOlder={state.hasOlder}
        label={state.room.name}
        onLoadOlder={() => void run(store.loadOlder(id))}
        onRetry={(clientId) => void store.retry(id, clientId)}
        onDiscard={(clientId) => store.discard(id, clientId)}
      />
      <TypingLine names={[...state.typing.values()].map((x) => x.name)} />
      {state.ended ? (
        <p class="banner">{t('room.ended')}</p>
      ) : (
        <Composer
          disabled={role === 'watcher'}
          recipients={others}
          recipient={state.privateTo}
          onRecipient={(to) => store.setPrivateTo(id, to)}
          onSend={(body) => {
            const to = others.find((m) => m.id === state.privateTo);
            void store.send(id, body, to);
          }}
          onTyping={(s) => void store.conn.post('typing', { room: id, state: s }).catch(() => {})}
          completions={canned?.items}
          onExpand={canned ? (code) => canned.expand(code) : undefined}
        />
      )}
    </section>
  );
}
