/** Base64 to bytes with atob, which every target runtime has (Node ≥ 16, Deno, Bun, browsers, workers). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
