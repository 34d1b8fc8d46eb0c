/**
 * target[key] = value as an own, enumerable data property. Plain assignment runs the
 * `__proto__` setter for a key "__proto__" (a class label, say) and the entry is lost.
 */
export function setOwnProperty(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
