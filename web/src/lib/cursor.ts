// The cursor of docs/protocol.md: `<epoch>` or `<epoch>.<room>:<seq>,...`, the last seq applied per room.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface Cursor {
  epoch: string;
  rooms: Map<string, number>;
}

export function parseCursor(text: string): Cursor | null {
  const dot = text.indexOf('.');
  const epoch = dot < 0 ? text : text.slice(0, dot);
  if (!ID.test(epoch)) return null;
  const rooms = new Map<string, number>();
  if (dot >= 0) {
    for (const part of text.slice(dot + 1).split(',')) {
      const colon = part.lastIndexOf(':');
      const room = part.slice(0, colon);
      const seq = Number(part.slice(colon + 1));
      if (colon < 0 || !ID.test(room) || !Number.isSafeInteger(seq) || seq < 0) return null;
      rooms.set(room, seq);
    }
  }
  return { epoch, rooms };
}

export function formatCursor(cursor: Cursor): string {
  const rooms = [...cursor.rooms].map(([room, seq]) => `${room}:${seq}`).join(',');
  return rooms ? `${cursor.epoch}.${rooms}` : cursor.epoch;
}
