// After the chat: the satisfaction survey when one is offered (`survey`: built in, answered with survey_answer's
// rating 1-5 and comment, or an external link), the forum link for a problem not solved, and "ask again".
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';
import { serverCommands } from '../lib/features.js';
import type { SurveyOffer } from '../lib/staff-types.js';

interface Props {
  chat: string;
  offered: boolean;
  store: ChatStore | null;
  forumUrl: string | null;
  onAgain: () => void;
}

export function Survey({ chat, offered, store, forumUrl, onAgain }: Props) {
  const [survey, setSurvey] = useState<SurveyOffer | null>(null);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [resolved, setResolved] = useState<'' | 'yes' | 'no'>('');
  const [sent, setSent] = useState(false);
  const [forum, setForum] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!offered || !store) return;
    void serverCommands().then((c) => {
      if (!c.has('survey')) return;
      store.conn.get('survey', { chat }).then(
        (r) => setSurvey(r as unknown as SurveyOffer),
        () => {},
      );
    });
  }, [chat, offered, store]);
  const send = (e: Event) => {
    e.preventDefault();
    const args: Record<string, unknown> = { chat, rating, comment: comment.trim() };
    if (resolved) args.resolved = resolved === 'yes';
    store?.conn.post('survey_answer', args).then(
      (r) => {
        setSent(true);
        if (typeof r.forumUrl === 'string') setForum(r.forumUrl);
      },
      (err: Error) => setError(err.message),
    );
  };
  const forumLink = forum ?? survey?.forumUrl ?? forumUrl;
  return (
    <section class="card survey" aria-labelledby="ended-title">
      <h2 id="ended-title">{t('guest.ended')}</h2>
      {survey?.kind === 'external' && survey.url && !survey.answered && (
        <p>
          <a class="button primary" href={survey.url} target="_blank" rel="noopener noreferrer">
            {t('guest.surveyExternal')}
          </a>
        </p>
      )}
      {survey?.kind === 'builtin' && survey.answered && !sent && <p role="status">{t('guest.surveyDone')}</p>}
      {survey?.kind === 'builtin' && !survey.answered && !sent && (
        <form onSubmit={send}>
          <fieldset class="stars">
            <legend>{t('guest.survey')}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n}>
                <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
                {t('guest.surveyScore', { score: n })}
              </label>
            ))}
          </fieldset>
          <fieldset class="stars">
            <legend>{t('guest.resolved')}</legend>
            <label>
              <input type="radio" name="resolved" value="yes" checked={resolved === 'yes'} onChange={() => setResolved('yes')} />
              {t('common.yes')}
            </label>
            <label>
              <input type="radio" name="resolved" value="no" checked={resolved === 'no'} onChange={() => setResolved('no')} />
              {t('common.no')}
            </label>
          </fieldset>
          <div class="field">
            <label for="survey-comment">{t('guest.surveyComment')}</label>
            <textarea id="survey-comment" rows={3} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit" class="primary" disabled={rating === 0}>
            {t('guest.surveySend')}
          </button>
        </form>
      )}
      {sent && <p role="status">{t('guest.thanks')}</p>}
      {forumLink && (
        <p>
          <a href={forumLink} target="_blank" rel="noopener noreferrer" data-testid="forum-link">
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
