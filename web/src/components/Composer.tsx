// The message box: Enter sends, Shift+Enter breaks the line. Typing notices are refreshed every few seconds while
// the user types and stopped when they pause or send (the server stops them on send by itself).
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { UserRef } from '../lib/types.js';

/** A canned response the composer can offer: typing `/code` then Tab (or picking a suggestion) inserts `body`. */
export interface Completion {
  shortcode: string;
  title: string;
  body: string;
}

interface Props {
  disabled?: boolean;
  /** When given, a recipient picker for private messages. */
  recipients?: UserRef[];
  recipient?: string;
  onRecipient?: (id: string) => void;
  onSend: (body: string) => void;
  onTyping: (state: 'active' | 'stopped') => void;
  /** Canned responses known to the page, for the suggestion list. */
  completions?: Completion[];
  /** Expands a short code (canned_expand); null when there is none. */
  onExpand?: (shortcode: string) => Promise<string | null>;
}

const SHORTCODE = /(^|\s)\/([A-Za-z0-9_.-]{1,64})$/;

const REFRESH_MS = 3_000;
const IDLE_MS = 4_000;

export function Composer({ disabled, recipients, recipient, onRecipient, onSend, onTyping, completions, onExpand }: Props) {
  const [body, setBody] = useState('');
  const [hint, setHint] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const token = onExpand ? SHORTCODE.exec(body) : null;
  const suggestions = token && completions ? completions.filter((c) => c.shortcode.toLowerCase().startsWith(token[2].toLowerCase())).slice(0, 6) : [];
  const replaceToken = (text: string) => {
    if (!token) return;
    const next = body.slice(0, body.length - token[2].length - 1) + text;
    input(next);
    setHint('');
    area.current?.focus();
  };
  const expand = async () => {
    if (!token || !onExpand) return;
    const exact = completions?.find((c) => c.shortcode === token[2]);
    const only = suggestions.length === 1 ? suggestions[0] : undefined;
    const text = exact?.body ?? (await onExpand(token[2])) ?? only?.body ?? null;
    if (text === null) setHint(t('canned.unknown', { code: token[2] }));
    else replaceToken(text);
  };
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
        ref={area}
        aria-label={t('composer.label')}
        aria-describedby={onExpand ? 'composer-hint' : undefined}
        placeholder={t('composer.placeholder')}
        rows={2}
        value={body}
        disabled={disabled}
        onInput={(e) => input(e.currentTarget.value)}
        onBlur={stop}
        onKeyDown={(e) => {
          if (e.key === 'Tab' && !e.shiftKey && token) {
            e.preventDefault();
            void expand();
            return;
          }
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" class="primary" disabled={disabled || !body.trim()}>
        {t('composer.send')}
      </button>
      {onExpand && (
        <div class="composer-extra">
          <p id="composer-hint" class="small muted" role="status">
            {hint || t('canned.hint')}
          </p>
          {suggestions.length > 0 && (
            <ul class="completions" aria-label={t('canned.title')}>
              {suggestions.map((c) => (
                <li key={c.shortcode}>
                  <button type="button" class="link" onClick={() => replaceToken(c.body)}>
                    /{c.shortcode} · {c.title}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
