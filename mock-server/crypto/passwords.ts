/**
 * Password hashing and generated passwords. Web Crypto only, so the same code runs in Node, in a browser and
 * inside MSW. Bulk imports hash the passwords they generate with bulk-passwords.ts, in the same stored form.
 *
 * The app hashes and verifies through a {@link PasswordHasher} (R4): {@link webCryptoPasswords} here (browsers,
 * MSW, tests), or under Node the bounded worker pool of password-pool.ts, injected by node.ts — so PBKDF2 never
 * runs on libuv's four shared threads, where it starved file writes and everything else that uses them.
 */
import type { PasswordHash } from '../types.js'

/**
 * `interactive`: a request is waiting for it (a login, a user created or changed through the API). `bulk`: an
 * import job's given passwords. A pool serves every waiting interactive job before the next bulk one, so a login
 * does not wait behind a 4,000-password import.
 */
export type HashPriority = 'interactive' | 'bulk'

/** Where password hashing runs (R4): Web Crypto, or the Node worker pool of password-pool.ts. */
export interface PasswordHasher {
  /** PBKDF2-SHA-256 with a fresh 16-byte salt, in the stored form. */
  hash(password: string, iterations: number, priority?: HashPriority): Promise<PasswordHash>
  /** Whether `password` matches `stored`, compared in constant time. */
  verify(password: string, stored: PasswordHash, priority?: HashPriority): Promise<boolean>
  /** Releases what the hasher holds (the pool's threads). */
  close?(): Promise<void>
}

/** The portable hasher: Web Crypto, as in browsers and MSW. */
export const webCryptoPasswords: PasswordHasher = {
  hash: (password, iterations) => hashPassword(password, iterations),
  verify: (password, stored) => verifyPassword(password, stored),
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

/** Customer passwords (docs/conventions.md §2): PBKDF2-SHA-256 with a per-user random salt, via Web Crypto. */
export async function hashPassword(password: string, iterations: number): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  return { hash: b64(await pbkdf2(password, salt, iterations)), salt: b64(salt), iterations }
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const actual = await pbkdf2(password, unb64(stored.salt), stored.iterations)
  const expected = unb64(stored.hash)
  // Constant-time comparison: the time taken does not tell how many bytes matched.
  let diff = actual.length ^ expected.length
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) diff |= actual[i] ^ expected[i]
  return diff === 0
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits'])
  return new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
      key,
      256,
    ),
  )
}

/** U6: a generated password that passes U5 — 16 characters with each required class. */
export function generatePassword(): string {
  const sets = [
    'abcdefghijkmnopqrstuvwxyz',
    'ABCDEFGHJKLMNPQRSTUVWXYZ',
    '23456789',
    'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_',
  ]
  const random = crypto.getRandomValues(new Uint32Array(16))
  const chars = Array.from(random, (r, i) => {
    const set = sets[Math.min(i, 3)]
    return set[r % set.length]
  })
  // Shuffle so the required classes are not always in the first three places.
  const order = crypto.getRandomValues(new Uint32Array(16))
  return chars
    .map((c, i) => [order[i], c] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => c)
    .join('')
}
