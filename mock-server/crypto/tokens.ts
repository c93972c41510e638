/**
 * Secrets that are not passwords: storefront tokens, operator API keys, and the SHA-256 that stores them (and
 * keys idempotent requests). No Node module here, so the same code runs in Node, in a browser and inside MSW.
 *
 * R4: a key or a token is checked on every authenticated call, so its SHA-256 is computed right here, in the
 * calling thread (a few microseconds for a few dozen bytes) — never queued on libuv's threadpool as
 * `crypto.subtle.digest` is under Node, where it waited behind whatever filled that pool. Under Node, node.ts
 * installs node:crypto's `createHash` ({@link useSha256}); elsewhere the plain-TypeScript SHA-256 of
 * bulk-passwords.ts runs. Only large inputs (an idempotent request's body, up to 64 MiB) still go to Web Crypto,
 * which works off the main thread.
 */
import { sha256 } from './bulk-passwords.js'

/** Inputs up to this size are hashed synchronously; larger ones by Web Crypto, off the main thread. */
const SYNC_MAX_BYTES = 64 * 1024

type SyncSha256 = (bytes: Uint8Array) => Uint8Array
let syncSha256: SyncSha256 = sha256

/** Under Node: node:crypto's native SHA-256 instead of the portable one (node.ts). Same results. */
export function useSha256(implementation: SyncSha256) {
  syncSha256 = implementation
}

const hex = (bytes: Uint8Array) => {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

/** SHA-256 in hex, in the calling thread. For keys, tokens and other short inputs. */
export function sha256HexSync(data: string | Uint8Array): string {
  return hex(syncSha256(typeof data === 'string' ? new TextEncoder().encode(data) : data))
}

export async function sha256Hex(data: string | ArrayBuffer): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data)
  if (bytes.length <= SYNC_MAX_BYTES) return hex(syncSha256(bytes))
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)))
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
