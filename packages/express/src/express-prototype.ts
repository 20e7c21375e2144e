/**
 * The prototype one copy of Express gives all its requests or responses: the object just above
 * Node's own (`IncomingMessage.prototype`, `ServerResponse.prototype`) in `object`'s prototype
 * chain. Every app's and sub-app's `app.request` / `app.response` inherits from it, so what is
 * defined there serves all of them. Undefined for an object Express did not make.
 */
export function expressPrototypeOf<T extends object>(object: object, node: object): T | undefined {
  let proto: object | null = Object.getPrototypeOf(object);
  if (proto === node) return undefined;
  while (proto !== null) {
    const next: object | null = Object.getPrototypeOf(proto);
    if (next === node) return proto as T;
    proto = next;
  }
  return undefined;
}
