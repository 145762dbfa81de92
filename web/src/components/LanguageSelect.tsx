import { LOCALE_NAMES, LOCALES, locale, setLocale, t, type Locale } from '../i18n/index.js';

/** Switches the catalogue and the direction; `onChange` re-renders the page. */
export function LanguageSelect({ onChange }: { onChange: () => void }) {
  return (
    <select
      value={locale()}
      aria-label={t('lang.label')}
      onChange={(e) => {
        setLocale(e.currentTarget.value as Locale, true);
        onChange();
      }}
    >
      {LOCALES.map((l) => (
        <option value={l} lang={l}>
          {LOCALE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
