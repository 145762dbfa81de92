import { useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import { applyTheme, savedTheme, type Theme } from '../lib/theme.js';

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(savedTheme);
  const change = (value: Theme) => {
    setTheme(value);
    applyTheme(value, true);
  };
  return (
    <label>
      <span class="sr-only">{t('theme.label')}</span>
      <select value={theme} onChange={(e) => change(e.currentTarget.value as Theme)} aria-label={t('theme.label')}>
        <option value="auto">{t('theme.auto')}</option>
        <option value="light">{t('theme.light')}</option>
        <option value="dark">{t('theme.dark')}</option>
      </select>
    </label>
  );
}
