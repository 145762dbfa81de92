// Which commands this server offers, read from its OpenAPI description (/docs/json): every command is served at
// /api/<name>. Screens for features that have not landed on the server say so instead of failing.
let commands: Promise<Set<string>> | null = null;

export function serverCommands(): Promise<Set<string>> {
  commands ??= fetch('/docs/json', { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json() : { paths: {} }))
    .then((doc: { paths?: Record<string, unknown> }) => new Set(Object.keys(doc.paths ?? {}).map((path) => path.replace(/^\/api\//, ''))))
    .catch(() => new Set<string>());
  return commands;
}
