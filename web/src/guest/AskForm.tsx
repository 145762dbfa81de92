// "Ask a question": the question, an optional name, and the details helpers need, prefilled from the browser and
// from what the embedding site passed. Shows whether the queue is open, and why not.
import { useState } from 'preact/hooks';
import { formatTime, locale, t } from '../i18n/index.js';
import type { Metadata, QueueStatus } from '../lib/support-types.js';
import { siteDetails } from './browser-info.js';

export interface Question {
  question: string;
  name: string;
  metadata: Metadata;
}

interface Props {
  details: URLSearchParams;
  door: QueueStatus | null;
  forumUrl: string | null;
  error: string;
  /** The name of a visitor already signed in (for example through the Django site): no name field then. */
  signedInName?: string | null;
  onAsk: (q: Question) => void;
}

export function AskForm({ details, door, forumUrl, error, signedInName, onAsk }: Props) {
  const site = siteDetails(details);
  const [question, setQuestion] = useState(details.get('question') ?? '');
  const [name, setName] = useState('');
  const [product, setProduct] = useState(site.product);
  const [version, setVersion] = useState(site.version);
  const [os, setOs] = useState(site.os);
  const closed = door && door.state !== 'open';
  const submit = (e: Event) => {
    e.preventDefault();
    if (!question.trim()) return;
    const metadata: Metadata = { product, version, os, locale: locale(), addons: site.addons, ...(site.referrer ? { referrer: site.referrer.slice(0, 2000) } : {}) };
    onAsk({ question: question.trim(), name: name.trim(), metadata });
  };
  return (
    <section class="card ask" aria-labelledby="ask-title">
      {signedInName && (
        <p class="greeting" data-testid="greeting">
          {t('guest.hello', { name: signedInName })}
        </p>
      )}
      <h2 id="ask-title">{t('guest.title')}</h2>
      <p class="muted">{t('guest.intro')}</p>
      {door && (
        <div class={closed ? 'banner door closed' : 'door open small'} role="status">
          {closed ? t('guest.closed') : t('guest.open')}
          {closed && door.message && <span> {door.message}</span>}
          {closed && !door.message && door.reason && <span> {t('guest.closedReason', { reason: door.reason })}</span>}
          {closed && door.reopensAt && <span> {t('guest.comeBack', { time: formatTime(door.reopensAt) })}</span>}
        </div>
      )}
      <form onSubmit={submit}>
        <div class="field">
          <label for="question">{t('guest.question')}</label>
          <textarea id="question" required rows={4} maxLength={2000} value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
        </div>
        {!signedInName && (
          <div class="field">
            <label for="guest-name">{t('guest.name')}</label>
            <input id="guest-name" maxLength={64} autocomplete="nickname" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
        )}
        <div class="grid-3">
          <div class="field">
            <label for="product">{t('guest.product')}</label>
            <input id="product" maxLength={100} value={product} onInput={(e) => setProduct(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="version">{t('guest.version')}</label>
            <input id="version" maxLength={50} value={version} onInput={(e) => setVersion(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="os">{t('guest.os')}</label>
            <input id="os" maxLength={100} value={os} onInput={(e) => setOs(e.currentTarget.value)} />
          </div>
        </div>
        {site.addons.length > 0 && (
          <p class="small muted">
            {t('guest.addons')}: {site.addons.join(', ')}
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={!question.trim()}>
          {t('guest.ask')}
        </button>
      </form>
      {forumUrl && (
        <p class="small">
          <a href={forumUrl} target="_blank" rel="noopener noreferrer">
            {t('guest.forum')}
          </a>
        </p>
      )}
    </section>
  );
}
