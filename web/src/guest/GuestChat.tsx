// The guest's conversation with their helper.
import { Composer } from '../components/Composer.js';
import { Timeline } from '../components/Timeline.js';
import { TypingLine } from '../components/TypingLine.js';
import { t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';
import { useObservable } from '../lib/observable.js';
import type { UserRef } from '../lib/types.js';

export function GuestChat({ store, room, helper, onEnd }: { store: ChatStore; room: string; helper: UserRef | null; onEnd: () => void }) {
  useObservable(store);
  const state = store.rooms.get(room);
  if (!state) return <p class="empty">{t('common.loading')}</p>;
  return (
    <section class="guest-chat" aria-labelledby="chat-title">
      <header class="room-header">
        <h2 id="chat-title">{helper ? t('guest.helper', { name: helper.name }) : state.room.name}</h2>
        <button type="button" onClick={onEnd}>
          {t('guest.end')}
        </button>
      </header>
      <Timeline
        events={state.events}
        pending={state.pending}
        meId={store.me.id}
        hasOlder={state.hasOlder}
        label={t('app.guest')}
        onLoadOlder={() => void store.loadOlder(room)}
        onRetry={(id) => void store.retry(room, id)}
        onDiscard={(id) => store.discard(room, id)}
      />
      <TypingLine names={[...state.typing.values()].map((x) => x.name)} />
      {!state.ended && (
        <Composer onSend={(body) => void store.send(room, body)} onTyping={(s) => void store.conn.post('typing', { room, state: s }).catch(() => {})} />
      )}
    </section>
  );
}
