import { useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';

export function RoomList({ store }: { store: ChatStore }) {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const rooms = store.list();
  const create = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      const id = await store.create('conference', name.trim());
      setName('');
      setError('');
      await store.select(id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section>
      <h2>{t('rooms.title')}</h2>
      {store.invitations.length > 0 && (
        <div class="invitations" aria-label={t('invites.title')} role="group">
          {store.invitations.map((i) => (
            <div class="invitation card" key={i.room}>
              <p>{t('invites.text', { user: i.by.name, room: i.name })}</p>
              <div class="row">
                <button type="button" class="primary" onClick={() => void store.join(i.room).then(() => store.select(i.room))}>
                  {t('invites.join')}
                </button>
                <button type="button" onClick={() => store.dismissInvitation(i.room)}>
                  {t('invites.dismiss')}
                </button>
              </div>
            </div>
          ))}
        </div>
      )}
      {rooms.length === 0 ? (
        <p class="muted small">{t('rooms.empty')}</p>
      ) : (
        <ul class="room-list">
          {rooms.map((r) => (
            <li key={r.room.id}>
              <button
                type="button"
                class={r.room.id === store.active ? 'room current' : 'room'}
                aria-current={r.room.id === store.active ? 'page' : undefined}
                onClick={() => void store.select(r.room.id)}
              >
                <span class="room-name">
                  {r.room.kind === 'direct' && <span aria-hidden="true">@ </span>}
                  {r.room.name}
                </span>
                {r.unread > 0 && (
                  <span class="badge">
                    {r.unread}
                    <span class="sr-only"> {t('rooms.unread', { count: r.unread })}</span>
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="row" onSubmit={create}>
        <input aria-label={t('rooms.createName')} placeholder={t('rooms.createName')} value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={100} />
        <button type="submit">{t('rooms.create')}</button>
      </form>
      {error && <p class="error small" role="alert">{error}</p>}
    </section>
  );
}
