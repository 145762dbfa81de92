import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeHtml, renderMarkup } from '../../src/domain/markup.js';

const options = { kbUrlTemplate: 'https://support.example.org/kb/{title}' };
const render = (raw: string): string => renderMarkup(raw, options);

const EXT = 'rel="nofollow noopener noreferrer ugc" target="_blank"';
const ext = (href: string, label = href): string => `<a href="${href}" ${EXT}>${label}</a>`;
const kb = (slug: string, label: string): string => `<a href="https://support.example.org/kb/${slug}">${label}</a>`;

// The only markup renderMarkup may emit. Attribute values are double-quoted and escaped, so
// `[^"<>]*` is the whole value.
const TAG = /<(\/?)(strong|em|br|a)((?: href="[^"<>]*")?(?: rel="nofollow noopener noreferrer ugc" target="_blank")?)>/g;
const ENTITY = /&(amp|lt|gt|quot|#39);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const decode = (html: string): string => html.replace(ENTITY, (_, name: string) => DECODED[name]);

/** Fails unless `html` is escaped text plus well-nested allowed tags with http(s)/mailto hrefs. */
function assertSafe(html: string): void {
  const open: string[] = [];
  let rest = '';
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    rest += html.slice(last, m.index);
    last = m.index + m[0].length;
    const [, slash, name, attrs] = m;
    if (name === 'br') {
      assert.equal(slash + attrs, '', m[0]);
      continue;
    }
    if (slash) {
      assert.equal(attrs, '', m[0]);
      assert.equal(open.pop(), name, `misnested ${m[0]} in ${html}`);
      continue;
    }
    if (name === 'a') {
      const href = decode(/href="([^"]*)"/.exec(attrs)?.[1] ?? '');
      assert.match(href, /^(?:https?:\/\/|mailto:)[^\s\x00-\x1f\x7f]+$/i, m[0]);
      assert.ok(!open.includes('a'), `nested link in ${html}`);
    } else {
      assert.equal(attrs, '', m[0]);
    }
    open.push(name);
  }
  rest += html.slice(last);
  assert.deepEqual(open, [], `unclosed tags in ${html}`);
  assert.doesNotMatch(rest, /[<>"']/, `raw markup character in text of ${html}`);
  assert.doesNotMatch(rest.replace(ENTITY, ''), /&/, `bare & in ${html}`);
}

/** What a reader sees: tags dropped, <br> as a newline, entities decoded. */
const textOf = (html: string): string => decode(html.replace(/<br>/g, '\n').replace(/<[^>]*>/g, ''));

describe('escapeHtml', () => {
  test('escapes the five HTML-significant characters and nothing else', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a> é😀`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; é😀');
    assert.equal(escapeHtml(''), '');
  });
});

describe('renderMarkup: text', () => {
  test('empty input renders nothing', () => assert.equal(render(''), ''));

  test('plain and unicode text is escaped only', () => {
    assert.equal(render('Hello, wörld 😀 مرحبا ñ\u0301'), 'Hello, wörld 😀 مرحبا ñ\u0301');
    assert.equal(render('lone \uD800 surrogate'), 'lone \uD800 surrogate');
    assert.equal(render("don't & <b>won't</b>"), 'don&#39;t &amp; &lt;b&gt;won&#39;t&lt;/b&gt;');
  });

  test('user HTML never survives', () => {
    assert.equal(render('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
    assert.equal(render('"><img src=x onerror=alert(1)>'), '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(render('&lt;script&gt;'), '&amp;lt;script&amp;gt;');
  });

  test('newlines of every flavour become <br>', () => {
    assert.equal(render('a\nb\r\nc\rd\n\ne'), 'a<br>b<br>c<br>d<br><br>e');
    assert.equal(render('\n'), '<br>');
  });
});

describe('renderMarkup: bold and italic', () => {
  test('basic forms', () => {
    assert.equal(render("'''bold'''"), '<strong>bold</strong>');
    assert.equal(render("''italic''"), '<em>italic</em>');
    assert.equal(render("'''''both'''''"), '<strong><em>both</em></strong>');
    assert.equal(render("a ''b'' c '''d''' e"), 'a <em>b</em> c <strong>d</strong> e');
  });

  test('nesting either way, and runs of five that open and close different things', () => {
    assert.equal(render("'''bold ''both'' bold'''"), '<strong>bold <em>both</em> bold</strong>');
    assert.equal(render("''it '''both''' it''"), '<em>it <strong>both</strong> it</em>');
    assert.equal(render("'''''both''' italic''"), '<em><strong>both</strong> italic</em>');
    assert.equal(render("'''''both'' bold'''"), '<strong><em>both</em> bold</strong>');
    assert.equal(render("''it'''''bold'''"), '<em>it</em><strong>bold</strong>');
    assert.equal(render("''it '''both'''''"), '<em>it <strong>both</strong></em>');
  });

  test('misnested tags are closed and reopened so the HTML stays well formed', () => {
    assert.equal(render("'''a ''b''' c''"), '<strong>a <em>b</em></strong><em> c</em>');
  });

  test('four and six-plus apostrophes keep the extras as text on the left', () => {
    assert.equal(render("''''bold''''"), '&#39;<strong>bold&#39;</strong>');
    assert.equal(render("''''''x''''''"), '&#39;<strong><em>x&#39;</em></strong>');
  });

  test('unclosed markup renders literally', () => {
    assert.equal(render("'''bold"), '&#39;&#39;&#39;bold');
    assert.equal(render("''it"), '&#39;&#39;it');
    assert.equal(render("'''''x"), '&#39;&#39;&#39;&#39;&#39;x');
    assert.equal(render("'''a''' '''b"), '<strong>a</strong> &#39;&#39;&#39;b');
    assert.equal(render("'''''x'''"), '&#39;&#39;<strong>x</strong>');
    assert.equal(render("''it'''s''"), '<em>it&#39;&#39;&#39;s</em>');
  });

  test('markup does not span lines', () => {
    assert.equal(render("'''a\nb'''"), '&#39;&#39;&#39;a<br>b&#39;&#39;&#39;');
  });
});

describe('renderMarkup: knowledge-base links', () => {
  test('title, label, and MediaWiki-style URLs', () => {
    assert.equal(render('[[Clear cache]]'), kb('Clear_cache', 'Clear cache'));
    assert.equal(render('[[Clear cache|clear it]]'), kb('Clear_cache', 'clear it'));
    assert.equal(render('[[  Clear __ cache  | label ]]'), kb('Clear_cache', 'label'));
    assert.equal(render('[[A|b|c]]'), kb('A', 'b|c'));
    assert.equal(render('[[A|]]'), kb('A', 'A'));
    assert.equal(render('[[Q&A? #1/2 é]]'), kb('Q%26A%3F_%231%2F2_%C3%A9', 'Q&amp;A? #1/2 é'));
  });

  test('the title is encoded into the template, everywhere it occurs, without replacement patterns', () => {
    const opts = { kbUrlTemplate: 'https://kb.example/{title}?from={title}&x="' };
    assert.equal(renderMarkup('[[$&]]', opts), '<a href="https://kb.example/%24%26?from=%24%26&amp;x=&quot;">$&amp;</a>');
  });

  test('labels may carry bold/italic but no links', () => {
    assert.equal(render("[[A|'''b''' c]]"), kb('A', '<strong>b</strong> c'));
    assert.equal(render('[[A|see https://x.org]]'), kb('A', 'see https://x.org'));
    assert.equal(render("[[A|'''b]]"), kb('A', '&#39;&#39;&#39;b'));
    assert.equal(render("[[Don''t]]"), kb('Don&#39;&#39;t', 'Don&#39;&#39;t'));
  });

  test('attribute injection through the title stays inside the escaped, encoded href', () => {
    assert.equal(
      render('[[x" onmouseover="y]]'),
      kb('x%22_onmouseover%3D%22y', 'x&quot; onmouseover=&quot;y'),
    );
    assert.equal(render('[[<script>]]'), kb('%3Cscript%3E', '&lt;script&gt;'));
  });

  test('lone surrogates in a title do not throw', () => {
    assert.equal(render('[[a\uD800]]'), kb('a%EF%BF%BD', 'a\uD800'));
  });

  test('malformed forms render literally', () => {
    for (const raw of ['[[]]', '[[ ]]', '[[|x]]', '[[A', '[[A]', '[[A\nB]]', '[[A[B]]']) {
      assert.equal(render(raw), escapeHtml(raw).replace('\n', '<br>'), raw);
    }
  });

  test('a URL in double brackets is an external link between brackets', () => {
    assert.equal(render('[[https://x.org y]]'), `[${ext('https://x.org', 'y')}]`);
  });

  test('a template that is not an absolute http(s) URL with {title} is refused', () => {
    for (const kbUrlTemplate of ['javascript:alert("{title}")', '/kb/{title}', 'https://kb.example/']) {
      assert.throws(() => renderMarkup('x', { kbUrlTemplate }), TypeError);
    }
  });
});

describe('renderMarkup: external links', () => {
  test('with and without a label', () => {
    assert.equal(render('[https://example.org the site]'), ext('https://example.org', 'the site'));
    assert.equal(render('[https://example.org]'), ext('https://example.org'));
    assert.equal(render('[http://example.org/a?b=1&c=2 x]'), ext('http://example.org/a?b=1&amp;c=2', 'x'));
    assert.equal(render('[mailto:help@example.org mail us]'), ext('mailto:help@example.org', 'mail us'));
    assert.equal(render('[HTTPS://EXAMPLE.ORG x]'), ext('HTTPS://EXAMPLE.ORG', 'x'));
    assert.equal(render("[https://x.org '''big''' deal]"), ext('https://x.org', '<strong>big</strong> deal'));
  });

  test('bold and italic wrap links', () => {
    assert.equal(render("'''[https://x.org y]'''"), `<strong>${ext('https://x.org', 'y')}</strong>`);
    assert.equal(render("''[[A]] and https://x.org''"), `<em>${kb('A', 'A')} and ${ext('https://x.org')}</em>`);
  });

  test('links never nest', () => {
    assert.equal(render('[https://x.org https://y.org]'), ext('https://x.org', 'https://y.org'));
    assert.equal(render('[https://x.org [[A]]]'), `[${ext('https://x.org')} ${kb('A', 'A')}]`);
  });

  test('dangerous and unsupported schemes render as escaped text', () => {
    const raws = [
      '[javascript:alert(1) x]',
      '[JaVaScRiPt:alert(1) x]',
      '[data:text/html;base64,PHNjcmlwdD4= x]',
      '[vbscript:msgbox(1) x]',
      '[&#106;avascript:alert(1) x]',
      '[&#x6A;avascript:alert(1) x]',
      '[java\tscript:alert(1) x]',
      '[ javascript:alert(1) x]',
      '[\u0000javascript:alert(1) x]',
      '[javascript&colon;alert(1) x]',
      '[ftp://example.org x]',
      '[https:alert(1) x]',
      '[http:// x]',
    ];
    for (const raw of raws) assert.equal(render(raw), escapeHtml(raw), raw);
    assert.equal(render('javascript:alert(1) vbscript:x data:text/html,x'), 'javascript:alert(1) vbscript:x data:text/html,x');
  });

  test('attribute injection through the URL is impossible', () => {
    // `"` ends a bracketed URL, so this is literal text around an escaped bare URL.
    assert.equal(
      render('[https://a.b/"onmouseover=x y]'),
      `[${ext('https://a.b/&quot;onmouseover=x')} y]`,
    );
    assertSafe(render('[https://a.b/\'onmouseover=x y]'));
    assertSafe(render('https://a.b/"><script>alert(1)</script>'));
  });

  test('unclosed brackets render literally, bare URLs inside still link', () => {
    assert.equal(render('[https://x.org label'), `[${ext('https://x.org')} label`);
  });
});

describe('renderMarkup: bare URLs', () => {
  test('are linked, with trailing punctuation left out', () => {
    assert.equal(render('see https://example.org/a?b=1.'), `see ${ext('https://example.org/a?b=1')}.`);
    assert.equal(render('(http://x.io/p), ok'), `(${ext('http://x.io/p')}), ok`);
    assert.equal(render('www.example.org!'), `${ext('http://www.example.org', 'www.example.org')}!`);
    assert.equal(render('mail help@example.org'), `mail ${ext('mailto:help@example.org', 'help@example.org')}`);
  });

  test("a single apostrophe stays in the URL, a run of them is markup", () => {
    assert.equal(render("http://x.org/O'Brien"), ext('http://x.org/O&#39;Brien'));
    assert.equal(render("'''https://x.org'''"), `<strong>${ext('https://x.org')}</strong>`);
  });

  test('unicode URLs', () => {
    assert.equal(render('http://例え.jp/パス'), ext('http://例え.jp/パス'));
  });
});

describe('renderMarkup: performance', () => {
  test('30 KB of pathological input renders quickly', () => {
    const bodies = ["'''".repeat(10_000), "''a".repeat(10_000), '[['.repeat(15_000), '[[a'.repeat(10_000), '[https://a.b '.repeat(2_500), '[a' + ' '.repeat(30_000), "'''a ''b".repeat(4_000)];
    const started = performance.now();
    for (const body of bodies) assertSafe(render(body));
    assert.ok(performance.now() - started < 2_000, `took ${performance.now() - started} ms`);
    assert.equal(render("'''".repeat(10_000)), escapeHtml("'''".repeat(10_000)));
  });
});

describe('renderMarkup: properties', () => {
  const soup = fc
    .array(
      fc.oneof(
        fc.constantFrom("'", "''", "'''", "'''''", '[', '[[', ']', ']]', '|', ' ', '\n', '\r', '\t', '\u0000'),
        fc.constantFrom('http://', 'https://a.b/', 'HTTPS://x.org', 'mailto:a@b.co', 'javascript:', 'data:', 'www.x.org', 'a@b.co', '&#106;'),
        fc.constantFrom('<', '>', '"', '&', '<script>', 'onerror=', 'é', '😀', '\uD800'),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));
  // Dense apostrophe runs, to reach misnested and unpaired bold/italic often.
  const quoteSoup = fc
    .array(fc.constantFrom("'", "''", "'''", 'a', ' ', '[[A]]', '\n'), { maxLength: 30 })
    .map((parts) => parts.join(''));

  test('(1) any input renders to escaped text and allowed tags only', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), soup, quoteSoup), (raw) => assertSafe(render(raw))),
      { numRuns: 2_000 },
    );
  });

  test('(2) input without markup characters renders to exactly escapeHtml(input)', () => {
    // Without `.`, `:` and `@` (nor their full-width forms) linkify finds nothing but `localhost`.
    const plain = fc
      .string({ unit: 'binary' })
      .map((s) => s.replace(/['[\]\n\r.:@\u3002\uFF0E\uFF61\uFF1A\uFF20]/g, ''))
      .filter((s) => !/localhost/i.test(s));
    fc.assert(fc.property(plain, (raw) => assert.equal(render(raw), escapeHtml(raw))), { numRuns: 2_000 });
  });

  test('(3) the visible text of well-formed markup is the input minus its syntax', () => {
    // A node renders `raw` and shows `text`.
    interface Node {
      raw: string;
      text: string;
      emphasis?: 'strong' | 'em';
    }
    const chars = fc.constantFrom(...[...'ab Z09<>&"|{}=.-/:;!?é😀ß'], '\u00a0', '\u200f');
    const text = fc.string({ unit: chars, minLength: 1, maxLength: 8 }).map((s): Node => ({ raw: s, text: s }));
    const url = fc
      .webUrl({ withQueryParameters: true, withFragments: true })
      .filter((u) => !/['[\]<>"\s]/.test(u));
    const bareUrl = url.map((u): Node => ({ raw: ` ${u} `, text: ` ${u} ` }));

    // Sequences never put two emphasis nodes side by side: ''a'''''b'' would merge the runs.
    const seq = (item: fc.Arbitrary<Node>): fc.Arbitrary<Node> =>
      fc.array(item, { minLength: 1, maxLength: 4 }).map((nodes) => {
        const out: Node[] = [];
        for (const node of nodes) {
          if (node.emphasis && out.at(-1)?.emphasis) out.push({ raw: ' ', text: ' ' });
          out.push(node);
        }
        return { raw: out.map((n) => n.raw).join(''), text: out.map((n) => n.text).join('') };
      });
    const emphasis = (inner: (tags: Set<string>) => fc.Arbitrary<Node>, tags: Set<string>): fc.Arbitrary<Node>[] =>
      (['strong', 'em'] as const)
        .filter((tag) => !tags.has(tag))
        .map((tag) =>
          seq(inner(new Set([...tags, tag]))).map((body): Node => {
            const q = tag === 'strong' ? "'''" : "''";
            return { raw: q + body.raw + q, text: body.text, emphasis: tag };
          }),
        );

    // Inside link labels: text and bold/italic only.
    const labelItem = (tags: Set<string>): fc.Arbitrary<Node> => fc.oneof(text, ...emphasis(labelItem, tags));
    const label = seq(labelItem(new Set())).filter((n) => n.raw.trim() === n.raw);
    // A URL-like target (`[[a://]]`) is not a knowledge-base link, as in MediaWiki: the generator leaves those out.
    const title = fc.string({ unit: chars, minLength: 1, maxLength: 10 }).filter((s) => s.trim() === s && !s.includes('|') && !/^[a-z][a-z\d+.-]*:\/\/|^mailto:/i.test(s));
    const kbLink = fc.tuple(title, fc.option(label)).map(([t, l]): Node =>
      l ? { raw: `[[${t}|${l.raw}]]`, text: l.text } : { raw: `[[${t}]]`, text: t },
    );
    const extLink = fc.tuple(url, fc.option(label)).map(([u, l]): Node =>
      l ? { raw: `[${u} ${l.raw}]`, text: l.text } : { raw: `[${u}]`, text: u },
    );

    const lineItem = (tags: Set<string>): fc.Arbitrary<Node> =>
      fc.oneof(text, bareUrl, kbLink, extLink, ...emphasis(lineItem, tags));
    const line = seq(lineItem(new Set()));
    const body = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines): Node => ({
      raw: lines.map((l) => l.raw).join('\n'),
      text: lines.map((l) => l.text).join('\n'),
    }));

    fc.assert(
      fc.property(body, ({ raw, text: expected }) => {
        const html = render(raw);
        assertSafe(html);
        assert.equal(textOf(html), expected);
      }),
      { numRuns: 2_000 },
    );
  });
});
