/**
 * Serializes a value once however many subscribers send it: a broadcast to a thousand sockets
 * should not run JSON.stringify a thousand times.
 */
export function encodeOnce<T extends object>(encode: (value: T) => string): (value: T) => string {
  const cache = new WeakMap<T, string>();
  return (value) => {
    let encoded = cache.get(value);
    if (encoded === undefined) {
      encoded = encode(value);
      cache.set(value, encoded);
    }
    return encoded;
  };
}
