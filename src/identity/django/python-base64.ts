// base64.b64decode(s) as Python's binascii does it without validate=True, for the pre-3.1 session format:
// characters outside the alphabet are skipped, decoding stops at a complete pad, and a short final group
// without enough padding is an error. Node's Buffer.from(s, 'base64') is more lenient than this.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The decoded bytes, or null where Python raises (including for non-ASCII input, which .encode('ascii') rejects). */
export function pythonB64decode(s: string): Buffer | null {
  const out: number[] = [];
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (const ch of s) {
    if (ch.charCodeAt(0) > 0x7f) return null;
    if (ch === '=') {
      if (quad >= 2 && quad + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue;
    pads = 0;
    if (quad === 0) left = v;
    else if (quad === 1) out.push(((left << 2) | (v >> 4)) & 0xff), (left = v & 0x0f);
    else if (quad === 2) out.push(((left << 4) | (v >> 2)) & 0xff), (left = v & 0x03);
    else out.push(((left << 6) | v) & 0xff);
    quad = (quad + 1) % 4;
  }
  return quad === 0 ? Buffer.from(out) : null;
}
