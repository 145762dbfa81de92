// The embeddable widget: <script src="https://chat.example.org/widget.js" async data-product="…" data-version="…"
// data-addons="a,b" data-lang="ar"></script>. Adds a launcher button and, on first open, a panel framing the guest
// page of the same server (so the chat runs in its own origin, with its own cookies and styles). Self-contained on
// purpose: a classic script with no imports, so it keeps working under the stable name widget.js.
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script || document.getElementById('parakeet-widget')) return;
  const origin = new URL(script.src).origin;
  const lang = (script.dataset.lang || document.documentElement.lang || navigator.language || 'en').toLowerCase();
  const labels = lang.startsWith('ar') ? { open: 'تحدث مع الدعم', close: 'أغلق الدعم', frame: 'محادثة الدعم' } : { open: 'Chat with support', close: 'Close support chat', frame: 'Support chat' };
  const rtl = lang.startsWith('ar');

  const params = new URLSearchParams({ embed: '1', lang });
  for (const key of ['product', 'version', 'os', 'addons'] as const) {
    const value = script.dataset[key];
    if (value) params.set(key, value);
  }
  params.set('referrer', location.href.slice(0, 2000));

  const host = document.createElement('div');
  host.id = 'parakeet-widget';
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  const side = rtl ? 'left' : 'right';
  style.textContent = `
    :host { all: initial; }
    button { position: fixed; bottom: 1rem; ${side}: 1rem; z-index: 2147483000; font: 600 1rem system-ui, sans-serif;
      padding: .75rem 1.1rem; border-radius: 999px; border: 0; background: #0b6e4f; color: #fff; cursor: pointer;
      box-shadow: 0 4px 16px rgb(0 0 0 / .2); }
    button:focus-visible { outline: 3px solid #1a5fd0; outline-offset: 3px; }
    .panel { position: fixed; bottom: 4.75rem; ${side}: 1rem; z-index: 2147483000; width: min(24rem, calc(100vw - 2rem));
      height: min(40rem, calc(100vh - 6rem)); border: 1px solid #d3d9e1; border-radius: .875rem; overflow: hidden;
      box-shadow: 0 8px 32px rgb(0 0 0 / .25); background: #fff; }
    .panel[hidden] { display: none; }
    iframe { border: 0; width: 100%; height: 100%; }
    @media (max-width: 30rem) { .panel { inset: 0; width: 100vw; height: calc(100vh - 4.5rem); border-radius: 0; } }
  `;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = labels.open;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'parakeet-panel');
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.id = 'parakeet-panel';
  panel.hidden = true;
  root.append(style, panel, button);

  const toggle = (open: boolean) => {
    if (open && !panel.firstChild) {
      const frame = document.createElement('iframe');
      frame.title = labels.frame;
      frame.src = `${origin}/?${params}`;
      frame.allow = 'clipboard-write';
      panel.append(frame);
    }
    panel.hidden = !open;
    button.textContent = open ? labels.close : labels.open;
    button.setAttribute('aria-expanded', String(open));
    if (open) (panel.firstChild as HTMLIFrameElement).focus();
  };
  button.addEventListener('click', () => toggle(button.getAttribute('aria-expanded') !== 'true'));
  // Escape pressed inside the framed chat page (where focus is while the panel is open) arrives as a message.
  window.addEventListener('message', (e) => {
    const frame = panel.firstChild as HTMLIFrameElement | null;
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow) return;
    if ((e.data as { type?: unknown } | null)?.type === 'parakeet:close' && button.getAttribute('aria-expanded') === 'true') {
      toggle(false);
      button.focus();
    }
  });
  root.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
      toggle(false);
      button.focus();
    }
  });
  document.body.append(host);
})();
