// The staff tools of one support chat, beside its conversation: the guest's question and details (from
// `transcript`), tags (manual and automatic), needs follow-up, private notes and whispers to staff, transfer to a
// helper on duty or back to the queue with a comment, invite a second helper or a trainee, end with a reason.
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n/index.js';
import type { RoomState } from '../lib/chat-store.js';
import type { Connection } from '../lib/connection.js';
import type { Transcript } from '../lib/staff-types.js';
import type { SupportStore } from '../lib/support-store.js';
import type { Person } from '../lib/types.js';
import { MetadataList } from './SupportPanel.js';

const END_REASONS = ['solved', 'not_solved', 'no_answer', 'abuse'] as const;

interface Props {
  conn: Connection;
  support: SupportStore;
  chat: string;
  state: RoomState;
  meId: string;
}

export function SupportTools({ conn, support, chat, state, meId }: Props) {
  const [info, setInfo] = useState<Transcript | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [tag, setTag] = useState('');
  const [note, setNote] = useState('');
  const [comment, setComment] = useState('');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState<(typeof END_REASONS)[number]>('solved');
  const messages = state.events.filter((e) => e.type === 'message').length;
  const load = () =>
    conn.get('transcript', { chat }).then(
      (r) => setInfo(r.transcript as Transcript),
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(), [chat, messages]);
  const run = async (name: string, args: Record<string, unknown>, after?: () => void, message = '') => {
    try {
      await conn.post(name, args);
      setError('');
      setDone(message);
      after?.();
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const viaQueue = async (name: string, args: Record<string, unknown>, message = '') => {
    const failed = await support.run(name, args);
    setError(failed);
    if (!failed) setDone(message);
  };
  const helpers = (support.view?.helpers ?? []).filter((h) => h.helper.id !== meId && h.status === 'available');
  const ended = Boolean(state.ended) || info?.chat.state === 'ended';
  return (
    <section class="support-tools" aria-labelledby="tools-title">
      <h2 id="tools-title">{t('support.metadata')}</h2>
      {error && <p class="error small" role="alert">{error}</p>}
      {done && <p class="small" role="status">{done}</p>}
      {info && (
        <>
          <p class="quote" data-testid="question">{info.chat.question}</p>
          <p class="small muted">{t('support.guest', { name: info.guest.name })}</p>
          <MetadataList metadata={info.chat.metadata} />
        </>
      )}

      <h3 id="tags-title">{t('support.tags')}</h3>
      <ul class="tags" aria-labelledby="tags-title">
        {info?.tags.map((x) => (
          <li key={x.tag} class={`tag ${x.source}`} data-tag={x.tag}>
            {x.tag}
            {x.source === 'auto' && <span class="small muted"> ({t('tag.auto')})</span>}
            <button type="button" class="link" aria-label={t('tag.remove', { tag: x.tag })} onClick={() => void run('chat_tag_remove', { chat, tag: x.tag })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim().toLowerCase();
          if (value) void run('chat_tag_add', { chat, tag: value }, () => setTag(''));
        }}
      >
        <input aria-label={t('tag.new')} placeholder={t('tag.new')} value={tag} maxLength={64} pattern="[a-z0-9][a-z0-9_.:\-]{0,63}" onInput={(e) => setTag(e.currentTarget.value)} />
        <button type="submit">{t('tag.add')}</button>
      </form>
      <label class="row small">
        <input type="checkbox" checked={info?.followUp ?? false} onChange={(e) => void run('chat_follow_up', { chat, needed: e.currentTarget.checked })} />
        {t('followup.label')}
      </label>

      <h3>{t('note.title')}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) void run('staff_note', { chat, body: note }, () => setNote(''));
        }}
      >
        <textarea aria-label={t('note.label')} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <div class="row">
          <button type="submit" disabled={!note.trim()}>
            {t('note.add')}
          </button>
          <button type="button" disabled={!note.trim() || ended} onClick={() => void run('staff_whisper', { chat, body: note }, () => setNote(''))}>
            {t('whisper.send')}
          </button>
        </div>
      </form>

      {!ended && (
        <>
          <h3>{t('transfer.title')}</h3>
          <div class="field">
            <label for="handover-comment">{t('transfer.comment')}</label>
            <textarea id="handover-comment" rows={2} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
          {helpers.length === 0 ? (
            <p class="small muted">{t('transfer.none')}</p>
          ) : (
            <div class="row">
              <label class="row small">
                {t('transfer.to')}
                <select value={target} onChange={(e) => setTarget(e.currentTarget.value)} data-testid="transfer-to">
                  <option value="">–</option>
                  {helpers.map((h) => (
                    <option value={h.helper.id}>
                      {h.helper.name} ({h.load}/{h.limit})
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                disabled={!target}
                onClick={() => void viaQueue('support_transfer', { chat, helper: target, comment }, t('transfer.sent', { name: helpers.find((h) => h.helper.id === target)?.helper.name ?? '' }))}
              >
                {t('support.transfer')}
              </button>
            </div>
          )}
          <button type="button" onClick={() => void viaQueue('support_requeue', { chat, comment })}>
            {t('support.requeue')}
          </button>

          <InviteHelper conn={conn} onInvite={(user) => void viaQueue('support_invite', { chat, user: user.id }, t('invite.done', { name: user.displayName }))} />

          <h3>{t('support.end')}</h3>
          <div class="row">
            <label class="row small">
              {t('end.reason')}
              <select value={reason} onChange={(e) => setReason(e.currentTarget.value as (typeof END_REASONS)[number])}>
                {END_REASONS.map((r) => (
                  <option value={r}>{t(`end.${r}` as MessageKey)}</option>
                ))}
              </select>
            </label>
            <button type="button" class="danger" onClick={() => void viaQueue('support_end', { chat, reason })}>
              {t('support.end')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function InviteHelper({ conn, onInvite }: { conn: Connection; onInvite: (user: Person) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[]>([]);
  useEffect(() => {
    if (!q.trim()) return setFound([]);
    const timer = window.setTimeout(() => {
      conn.get('users', { q }).then((r) => setFound(r.users as Person[]), () => setFound([]));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [q, conn]);
  return (
    <div class="invite">
      <h3>{t('invite.title')}</h3>
      <input type="search" aria-label={t('invite.search')} placeholder={t('invite.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      <ul class="people-list">
        {found.map((p) => (
          <li key={p.id}>
            <button type="button" class="link" onClick={() => (onInvite(p), setQ(''))}>
              {t('invite.action', { name: p.displayName })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
