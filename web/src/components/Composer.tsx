// The message box: Enter sends, Shift+Enter breaks the line. Typing notices are refreshed every few seconds while
// the user types and stopped when they pause or send (the server stops them on send by itself).
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { UserRef } from '../lib/types.js';

interface Props {
  disabled?: boolean;
  /** When given, a recipient picker for private messages. */
  recipients?: UserRef[];
  recipient?: string;
  onRecipient?: (id: string) => void;
  onSend: (body: string) => void;
  onTyping: (state: 'active' | 'stopped') => void;
}

const REFRESH_MS = 3_000;
const IDLE_MS = 4_000;

export function Composer({ disabled, recipients, recipient, onRecipient, onSend, onTyping }: Props) {
  const [body, setBody] = useState('');
  const lastActive = useRef(0);
  const idle = useRef(0);
  const stop = () => {
    window.clearTimeout(idle.current);
    if (lastActive.current) onTyping('stopped');
    lastActive.current = 0;
  };
  const input = (value: string) => {
    setBody(value);
    if (!value.trim()) return stop();
    const now = Date.now();
    if (now - lastActive.current > REFRESH_MS) {
      lastActive.current = now;
      onTyping('active');
    }
    window.clearTimeout(idle.current);
    idle.current = window.setTimeout(stop, IDLE_MS);
  };
  const send = () => {
    if (!body.trim() || disabled) return;
    window.clearTimeout(idle.current);
    lastActive.current = 0;
    onSend(body);
    setBody('');
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {recipients && recipients.length > 0 && (
        <select aria-label={t('composer.to')} value={recipient ?? ''} onChange={(e) => onRecipient?.(e.currentTarget.value)}>
          <option value="">{t('composer.everyone')}</option>
          {recipients.map((r) => (
            <option value={r.id}>{r.name}</option>
          ))}
        </select>
      )}
      <textarea
        aria-label={t('composer.label')}
        placeholder={t('composer.placeholder')}
        rows={2}
        value={body}
        disabled={disabled}
        onInput={(e) => input(e.currentTarget.value)}
        onBlur={stop}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" class="primary" disabled={disabled || !body.trim()}>
        {t('composer.send')}
      </button>
    </form>
  );
}
