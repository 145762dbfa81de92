// Members of the open room with role and presence; invite, private message, kick, ban and role changes as the
// helper's own role allows (the server checks again).
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n/index.js';
import type { ChatStore, RoomState } from '../lib/chat-store.js';
import { atLeast, outranks, rolesBelow } from '../lib/events.js';
import type { Member, Person, RoomRole } from '../lib/types.js';

export function MemberList({ store, state }: { store: ChatStore; state: RoomState }) {
  const [error, setError] = useState('');
  const me = store.roleIn(state);
  const room = state.room.id;
  const run = (work: Promise<unknown>) => work.then(() => setError(''), (e: Error) => setError(e.message));
  const members = state.members ?? [];
  return (
    <section>
      <h2>{t('room.members')}</h2>
      {error && <p class="error small" role="alert">{error}</p>}
      {atLeast(me, 'halfop') && <Invite store={store} room={room} onError={setError} />}
      <ul class="member-list">
        {members.map((m) => (
          <li key={m.id} data-member={m.name}>
            <MemberRow store={store} member={m} mine={me} isMe={m.id === store.me.id} room={room} run={run} onPrivate={() => store.setPrivateTo(room, m.id)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

interface RowProps {
  store: ChatStore;
  member: Member;
  mine: RoomRole | undefined;
  isMe: boolean;
  room: string;
  run: (work: Promise<unknown>) => void;
  onPrivate: () => void;
}

function MemberRow({ store, member, mine, isMe, room, run, onPrivate }: RowProps) {
  const above = outranks(mine, member.role);
  return (
    <div class="member">
      <div>
        <span class={`presence ${member.status}`} aria-hidden="true" />
        <span class="member-name">{member.name}</span> {isMe && <span class="muted small">{t('member.you')}</span>}
        <div class="small muted">
          {t(`role.${member.role}` as MessageKey)} · {t(`status.${member.status}` as MessageKey)}
        </div>
      </div>
      {!isMe && (
        <div class="row member-actions">
          <button type="button" class="link" onClick={onPrivate}>
            {t('member.private', { name: member.name })}
          </button>
          {above && atLeast(mine, 'halfop') && (
            <button type="button" class="link danger" onClick={() => run(store.conn.post('kick', { room, user: member.id }))}>
              {t('member.kick', { name: member.name })}
            </button>
          )}
          {above && atLeast(mine, 'op') && (
            <>
              <button type="button" class="link danger" onClick={() => run(store.conn.post('ban', { room, user: member.id }))}>
                {t('member.ban', { name: member.name })}
              </button>
              <select
                aria-label={`${member.name}: ${t('room.members')}`}
                value={member.role}
                onChange={(e) => run(store.conn.post('role', { room, user: member.id, role: e.currentTarget.value }))}
              >
                {[member.role, ...rolesBelow(mine).filter((r) => r !== member.role)].map((r) => (
                  <option value={r}>{t(`role.${r}` as MessageKey)}</option>
                ))}
              </select>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function Invite({ store, room, onError }: { store: ChatStore; room: string; onError: (message: string) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[]>([]);
  useEffect(() => {
    if (!q.trim()) return setFound([]);
    const timer = window.setTimeout(() => {
      store.conn.get('users', { q }).then((r) => setFound(r.users as Person[]), (e: Error) => onError(e.message));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [q, store, onError]);
  const invite = (p: Person) =>
    store.conn.post('invite', { room, user: p.id }).then(
      () => (setQ(''), onError('')),
      (e: Error) => onError(e.message),
    );
  return (
    <div class="invite">
      <input type="search" aria-label={t('member.inviteWho')} placeholder={t('member.invite')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      <ul class="people-list">
        {found.map((p) => (
          <li key={p.id}>
            <button type="button" class="link" onClick={() => void invite(p)}>
              {t('member.invite')}: {p.displayName}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
