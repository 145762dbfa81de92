// A client's position in its event stream: the storage epoch plus the last seq seen per room.
// Text form, documented in docs/protocol.md so any client can build it: `<epoch>` or `<epoch>.<room>:<seq>,<room>:<seq>`.

export interface Cursor {
  epoch: string;
  rooms: Map<string, number>;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_ROOMS = 1000;

export function formatCursor(cursor: Cursor): string {
  if (cursor.rooms.size === 0) return cursor.epoch;
  const parts: string[] = [];
  for (const [room, seq] of cursor.rooms) parts.push(`${room}:${seq}`);
  return `${cursor.epoch}.${parts.join(',')}`;
}

/** Parses a cursor; returns null for anything malformed (the caller answers 400). */
export function parseCursor(text: string): Cursor | null {
  const dot = text.indexOf('.');
  const epoch = dot < 0 ? text : text.slice(0, dot);
  if (!ID.test(epoch)) return null;
  const rooms = new Map<string, number>();
  if (dot >= 0) {
    const parts = text.slice(dot + 1).split(',');
    if (parts.length > MAX_ROOMS) return null;
    for (const part of parts) {
      const colon = part.indexOf(':');
      const room = part.slice(0, colon);
      const seqText = part.slice(colon + 1);
      if (colon < 0 || !ID.test(room) || !/^\d{1,15}$/.test(seqText)) return null;
      rooms.set(room, Number(seqText));
    }
  }
  return { epoch, rooms };
}
