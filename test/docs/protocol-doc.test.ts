// docs/protocol.md against the code, as Fastify's test/internals/errors.test.js holds docs/Reference/Errors.md to
// lib/errors.js: every error code with its status and message, every command with its method, every event type
// with a JSON example, every WebSocket close code, and every setting in docs/architecture.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeSettings } from '../../src/config.js';
import type { ChatEvent } from '../../src/domain/events.js';
import { DURABLE_KINDS } from '../../src/domain/types.js';
import { ERRORS } from '../../src/services/errors.js';
import { COMMANDS } from '../../src/transport/commands.js';
import { CLOSE } from '../../src/transport/ws.js';

const protocol = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
const architecture = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');

// No constant lists the ephemeral event types, so they are listed here; the two type checks below make tsc
// (run first by `npm test`) fail when the union in src/domain/events.ts gains or loses a type.
const SUPPORT_EPHEMERAL = ['queue_position', 'queue_status', 'support_assigned', 'support_offer', 'support_offer_revoked', 'support_transferred', 'support_ended'] as const;
const EPHEMERAL = ['typing', 'status', 'invited', 'resync', ...SUPPORT_EPHEMERAL, 'signed_out', 'roles_changed'] as const;
const EVENT_TYPES = [...DURABLE_KINDS, ...EPHEMERAL];
type Listed = (typeof EVENT_TYPES)[number];
const everyTypeListed: [Exclude<ChatEvent['type'], Listed>] extends [never] ? true : never = true;
const noTypeInvented: [Exclude<Listed, ChatEvent['type']>] extends [never] ? true : never = true;

/** The text of the `## title` section, up to the next `## ` heading. */
function section(doc: string, title: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  assert.ok(start >= 0, `docs/protocol.md has no "## ${title}" section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Table rows as arrays of trimmed cells (backticks removed), header and separator rows included. */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.trimStart().startsWith('|'))
    .map((l) =>
      l
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/`/g, '')),
    );
}

test('the type lists match the event union', () => {
  assert.equal(everyTypeListed && noTypeInvented, true);
  assert.equal(new Set(EVENT_TYPES).size, EVENT_TYPES.length);
});

test('every error of ERRORS is in the catalogue table with its status and message', () => {
  const table = rows(section(protocol, 'Errors'));
  for (const [code, { status, message }] of Object.entries(ERRORS)) {
    const row = table.find((r) => r[0] === code && r[1] === String(status));
    assert.ok(row, `error ${code} (${status}) is missing from the table in docs/protocol.md "## Errors"`);
    assert.equal(row[2], message, `error ${code}: the documented message differs from src/services/errors.ts`);
  }
});

test('the transport-level error codes are documented', () => {
  const table = rows(section(protocol, 'Errors'));
  for (const [code, status] of [['no_route', 404], ['internal', 500], ['bad_request', 400], ['body_too_large', 413], ['csrf', 403]] as const) {
    assert.ok(table.some((r) => r[0] === code && r[1] === String(status)), `${code} ${status} is missing from "## Errors"`);
  }
});

test('every command has a heading with its method and path, and a row in the summary table', () => {
  const text = section(protocol, 'Commands');
  const table = rows(text);
  for (const [name, command] of Object.entries(COMMANDS)) {
    const heading = `### \`${name}\` · ${command.method} /api/${name}`;
    assert.ok(text.split('\n').includes(heading), `docs/protocol.md "## Commands" lacks the heading: ${heading}`);
    assert.ok(table.some((r) => r[0] === name && r[1] === command.method), `the command table lacks a row for ${name} (${command.method})`);
  }
  const documented = [...text.matchAll(/^### `([a-z_]+)`/gm)].map((m) => m[1]);
  assert.deepEqual(documented.filter((n) => !Object.hasOwn(COMMANDS, n)), [], 'documented commands that do not exist');
});

test('every event type has a heading and a JSON example', () => {
  const text = section(protocol, 'Events');
  for (const type of EVENT_TYPES) {
    assert.match(text, new RegExp(`^### \`${type}\`$`, 'm'), `docs/protocol.md "## Events" lacks "### \`${type}\`"`);
    assert.ok(text.includes(`"type": "${type}"`), `no JSON example with "type": "${type}" in "## Events"`);
    const durable = (DURABLE_KINDS as readonly string[]).includes(type);
    assert.ok(rows(text).some((r) => r[0] === type && r[1] === (durable ? 'yes' : 'no')), `the events table lacks ${type} (durable: ${durable})`);
  }
});

test('the transport items that are not events are documented', () => {
  const table = rows(section(protocol, 'Transport items that are not events'));
  for (const item of ['ready', 'cursor', 'reply']) assert.ok(table.some((r) => r[0] === item), `item ${item} is undocumented`);
});

test('every WebSocket close code is in the close-code table', () => {
  const table = rows(section(protocol, 'Keepalives and close codes'));
  for (const [name, code] of Object.entries(CLOSE)) {
    assert.ok(table.some((r) => r[0] === String(code)), `close code ${code} (${name}) is missing from the table`);
  }
});

test('every setting of src/config.ts is in docs/architecture.md', () => {
  const names = [...describeSettings().matchAll(/^\s+([A-Z_]+)\s/gm)].map((m) => m[1]);
  assert.ok(names.length > 10, 'describeSettings() changed shape');
  for (const name of names) assert.ok(architecture.includes(`\`${name}\``), `${name} is not documented in docs/architecture.md`);
});
