/**
 * Secrets that are not passwords: storefront tokens, operator API keys, and the SHA-256 that stores them (and
 * keys idempotent requests). Web Crypto only, so the same code runs in Node, in a browser and inside MSW.
 */

export async function sha256Hex(data: string | ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', typeof data === 'string' ? new TextEncoder().encode(data) : data)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** A new operator API key (OP6): 32 random bytes, base64url, with a recognisable prefix. */
export function newApiKeySecret(): string {
  return `djk_${newToken()}`
}

/** An opaque bearer token (storefront sessions): 32 random bytes, base64url. */
export function newToken(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}
