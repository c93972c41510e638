/** Web Crypto only, so the same code runs in Node, in a browser and inside MSW. */

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** A new operator API key (OP6): 32 random bytes, base64url, with a recognisable prefix. */
export function newApiKeySecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return 'djk_' + btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}
