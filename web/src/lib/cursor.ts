// The cursor of docs/protocol.md: the browser uses the server's own pure parser and formatter, so the two
// can never read the text form differently.
export { formatCursor, parseCursor, type Cursor } from '../../../src/domain/cursor.js';
