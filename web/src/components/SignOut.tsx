// Sign out (POST /api/logout), then reload: the staff pages send a signed-out visitor to the sign-in page.
import { useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { Http } from '../lib/http.js';

export function SignOut({ http, onDone }: { http: Http; onDone?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const signOut = async () => {
    setBusy(true);
    try {
      // Http.post targets /api/<name>: POST /api/logout with the CSRF token.
      await http.post('logout');
      if (onDone) onDone();
      else location.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void signOut()} disabled={busy} data-testid="sign-out">
        {t('signout')}
      </button>
      {error && <span class="error small">{error}</span>}
    </>
  );
}
