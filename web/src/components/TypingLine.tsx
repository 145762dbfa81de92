import { t } from '../i18n/index.js';

export function TypingLine({ names }: { names: string[] }) {
  const text = names.length === 0 ? '' : names.length === 1 ? t('typing.one', { name: names[0] }) : t('typing.many', { names: names.join(', ') });
  return (
    <div class="typing" aria-live="polite">
      {text}
    </div>
  );
}
