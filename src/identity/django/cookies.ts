// The Cookie header as Django reads it (django.http.cookie.parse_cookie): split on ';', split each
// piece at the first '=', strip Python whitespace, unquote like http.cookies, and a later duplicate wins.

// str.strip() in Python removes these; JS trim() differs (it keeps \x1c-\x1f and \x85, drops \ufeff).
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGES = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

function pyStrip(s: string): string {
  return s.replace(EDGES, '');
}

/** http.cookies._unquote: a "quoted" value loses its quotes and its \ooo and \x escapes. */
export function unquoteCookieValue(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  return value
    .slice(1, -1)
    .replace(/\\([0-3][0-7][0-7]|[^\n])/g, (_, esc: string) => (esc.length === 3 ? String.fromCharCode(parseInt(esc, 8)) : esc));
}

/** Every cookie in the header; a name seen twice keeps its last value, as in Django. */
export function parseCookieHeader(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=');
    // A piece with no '=' is a value with an empty name (Mozilla bug 169091), as Django treats it.
    const name = pyStrip(eq < 0 ? '' : chunk.slice(0, eq));
    const value = pyStrip(eq < 0 ? chunk : chunk.slice(eq + 1));
    if (name || value) cookies.set(name, unquoteCookieValue(value));
  }
  return cookies;
}

/** Every key Django generates is 32 characters of [a-z0-9]; anything else never reaches SQL. */
export function isValidSessionKey(key: string): boolean {
  return /^[a-z0-9]{8,40}$/.test(key);
}
