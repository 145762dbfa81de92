import { t } from '../i18n/index.js';

/** Shown to a signed-out visitor (or one without the role) of the staff pages: the sign-in page is /login. */
export function SignIn({ role, error }: { role?: string; error?: string }) {
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <main class="empty" id="main">
      <div class="card" style={{ maxWidth: '28rem', margin: '10vh auto', textAlign: 'start' }}>
        <h1>{t('signin.title')}</h1>
        <p>{role ? t('signin.forbidden', { role }) : t('signin.body')}</p>
        {error && <p class="error">{t('common.error', { message: error })}</p>}
        <a class="button primary" href={`/login?next=${next}`}>
          {t('signin.link')}
        </a>
      </div>
    </main>
  );
}
