/**
 * Password hashing and generated passwords. Web Crypto only, so the same code runs in Node, in a browser and
 * inside MSW. Bulk imports hash the passwords they generate with bulk-passwords.ts, in the same stored form.
 */

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

/** Customer passwords (docs/conventions.md §2): PBKDF2-SHA-256 with a per-user random salt, via Web Crypto. */
export async function hashPassword(
  password: string,
  iterations: number,
): Promise<{ hash: string; salt: string; iterations: number }> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  return { hash: b64(await pbkdf2(password, salt, iterations)), salt: b64(salt), iterations }
}

export async function verifyPassword(
  password: string,
  stored: { hash: string; salt: string; iterations: number },
): Promise<boolean> {
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
