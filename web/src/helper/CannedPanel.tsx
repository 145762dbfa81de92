// Canned responses: the shared ones and my own, a form to save one (shared needs a monitor), delete. In a chat,
// `/code` + Tab in the composer inserts one (canned_expand), or pick it from the suggestions.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { CannedStore } from '../lib/canned-store.js';
import { useObservable } from '../lib/observable.js';

export function CannedPanel({ canned, monitor }: { canned: CannedStore; monitor: boolean }) {
  useObservable(canned);
  const [shortcode, setShortcode] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => void canned.load(), [canned]);
  const save = async (e: Event) => {
    e.preventDefault();
    const failed = await canned.save({ shortcode: shortcode.trim(), title: title.trim(), body, shared });
    setError(failed);
    if (!failed) (setShortcode(''), setTitle(''), setBody(''), setShared(false));
  };
  return (
    <details class="canned">
      <summary class="section-title">{t('canned.title')}</summary>
      {(error || canned.error) && <p class="error small" role="alert">{error || canned.error}</p>}
      {canned.items.length === 0 ? (
        <p class="small muted">{t('canned.none')}</p>
      ) : (
        <ul class="people-list">
          {canned.sorted().map((c) => (
            <li key={`${c.owner ?? ''}/${c.shortcode}`} class="small" data-canned={c.shortcode}>
              <strong>/{c.shortcode}</strong> {c.title} <span class="muted">({c.owner === null ? t('canned.sharedBadge') : t('canned.own')})</span>
              <div class="quote muted">{c.body}</div>
              {(c.owner !== null || monitor) && (
                <button type="button" class="link danger" onClick={() => void canned.remove(c.shortcode, c.owner === null).then(setError)}>
                  {t('canned.delete', { code: c.shortcode })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={save} class="canned-form">
        <div class="field">
          <label for="canned-code">{t('canned.shortcode')}</label>
          <input id="canned-code" required maxLength={64} pattern="[A-Za-z0-9_.\-]{1,64}" value={shortcode} onInput={(e) => setShortcode(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="canned-title">{t('canned.titleLabel')}</label>
          <input id="canned-title" required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="canned-body">{t('canned.body')}</label>
          <textarea id="canned-body" required rows={3} maxLength={10000} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </div>
        {monitor && (
          <label class="row small">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
            {t('canned.shared')}
          </label>
        )}
        <button type="submit">{t('canned.save')}</button>
      </form>
    </details>
  );
}
