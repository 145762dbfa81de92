// Events are shared by every receiver of a room: each is serialized once, however many streams carry it.
const encoded = new WeakMap<object, string>();

export function encodeItem(item: object): string {
  let json = encoded.get(item);
  if (json === undefined) {
    json = JSON.stringify(item);
    encoded.set(item, json);
  }
  return json;
}

/** A JSON array of items, reusing each item's encoding. */
export function encodeItems(items: readonly object[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + encodeItem(items[i]);
  return `${out}]`;
}
