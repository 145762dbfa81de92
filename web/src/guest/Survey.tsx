// After the chat: the satisfaction survey when the server offers one (survey_answer), the forum link, ask again.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';
import { serverCommands } from '../lib/features.js';

interface Props {
  chat: string;
  offered: boolean;
  store: ChatStore | null;
  forumUrl: string | null;
  onAgain: () => void;
}

export function Survey({ chat, offered, store, forumUrl, onAgain }: Props) {
  const [available, setAvailable] = useState(false);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => void serverCommands().then((c) => setAvailable(c.has('survey_answer'))), []);
  const send = (e: Event) => {
    e.preventDefault();
    store?.conn.post('survey_answer', { chat, score, comment }).then(
      () => setSent(true),
      (err: Error) => setError(err.message),
    );
  };
  return (
    <section class="card survey" aria-labelledby="ended-title">
      <h2 id="ended-title">{t('guest.ended')}</h2>
      {offered && available && !sent && (
        <form onSubmit={send}>
          <fieldset class="stars">
            <legend>{t('guest.survey')}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n}>
                <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} />
                {t('guest.surveyScore', { score: n })}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="survey-comment">{t('guest.surveyComment')}</label>
            <textarea id="survey-comment" rows={3} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit" class="primary" disabled={score === 0}>
            {t('guest.surveySend')}
          </button>
        </form>
      )}
      {sent && <p role="status">{t('guest.thanks')}</p>}
      {forumUrl && (
        <p>
          <a href={forumUrl} target="_blank" rel="noopener noreferrer">
            {t('guest.forum')}
          </a>
        </p>
      )}
      <button type="button" onClick={onAgain}>
        {t('guest.again')}
      </button>
    </section>
  );
}
