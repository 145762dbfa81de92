// Every href in the output passes through here: only http(s) and mailto, never whitespace or
// control characters (browsers strip those, which is how `java\tscript:` tricks work).

const SAFE_HREF = /^(?:https?:\/\/|mailto:)[^\s\x00-\x1f\x7f]+$/i;

export function safeHref(url: string): string | null {
  return SAFE_HREF.test(url) ? url : null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** MediaWiki-style title URL: whitespace and underscore runs become one `_`, the rest is percent-encoded. */
export function kbHref(template: string, title: string): string | null {
  const slug = title.trim().replace(/[\s_]+/g, '_').replace(LONE_SURROGATE, '\uFFFD');
  // split/join rather than replace(): a replacement string would interpret `$&` and friends.
  return safeHref(template.split('{title}').join(encodeURIComponent(slug)));
}

export function assertKbTemplate(template: string): void {
  if (!/^https?:\/\//i.test(template) || !template.includes('{title}')) {
    throw new TypeError(`kbUrlTemplate must be an absolute http(s) URL containing {title}: ${template}`);
  }
}
