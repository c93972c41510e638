/**
 * Passwords for bulk imports (I7, docs/budgets.md §5): thousands per second, in plain TypeScript, so the same code
 * runs in Node, in a browser and inside MSW.
 *
 * Why one PBKDF2 iteration is enough here: key stretching (`hashPassword` with the app's 100,000
 * iterations) makes guessing a *human-chosen* password expensive. A generated password is 18 characters
 * drawn uniformly from 59 (≈ 105 bits of entropy), which no amount of guessing reaches, stretched or not; what
 * protects it is the salted hash itself. So generated passwords are hashed with one iteration of
 * PBKDF2-HMAC-SHA-256 — the same algorithm and stored form as `hashPassword`, so `verifyPassword` (login)
 * checks them unchanged — computed here synchronously (Web Crypto costs ≈ 80 µs of overhead per call, ≈ 8 s for
 * 100,000 users, against ≈ 3 µs here). Passwords a caller chose are never hashed here: they get the full
 * `hashPassword`.
 */
import type { PasswordHash } from '../types.js'

/** The alphabet of `generatePassword` (no look-alikes such as l/1, O/0): 25 + 24 + 8 + 2 = 59 characters. */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_'
export const GENERATED_PASSWORD_LENGTH = 18
/** `crypto.getRandomValues` fills at most 65,536 bytes per call. */
const MAX_RANDOM_WORDS = 16_384

function randomWords(n: number): Uint32Array {
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i += MAX_RANDOM_WORDS)
    crypto.getRandomValues(out.subarray(i, Math.min(n, i + MAX_RANDOM_WORDS)))
  return out
}

/**
 * `n` passwords that pass U5: 18 characters, each uniform over {@link ALPHABET}; a draw that lacks a
 * lower-case letter, an upper-case letter or a digit (≈ 7 % of draws) is drawn again. Uniform over the valid
 * strings: log2(59^18 × 0.93) ≈ 105 bits each.
 */
export function generatePasswords(n: number): string[] {
  const out: string[] = []
  let words = randomWords(n * GENERATED_PASSWORD_LENGTH)
  let w = 0
  while (out.length < n) {
    if (w + GENERATED_PASSWORD_LENGTH > words.length) {
      words = randomWords((n - out.length) * GENERATED_PASSWORD_LENGTH * 2)
      w = 0
    }
    let s = ''
    let classes = 0
    for (let i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
      const k = words[w++] % ALPHABET.length // bias ≤ 59 / 2^32: negligible
      s += ALPHABET[k]
      classes |= k < 25 ? 1 : k < 49 ? 2 : k < 57 ? 4 : 0
    }
    if (classes === 7) out.push(s)
  }
  return out
}

/**
 * PBKDF2-HMAC-SHA-256 with one iteration and a fresh 16-byte salt for each password, in the stored form of
 * `hashPassword` (`iterations: 1`). Only for generated, high-entropy passwords (see the file comment).
 */
export function hashGeneratedPasswords(passwords: readonly string[]): PasswordHash[] {
  const salts = new Uint8Array(passwords.length * 16)
  for (let i = 0; i < salts.length; i += 65_536)
    crypto.getRandomValues(salts.subarray(i, Math.min(salts.length, i + 65_536)))
  const encoder = new TextEncoder()
  const ascii = new Uint8Array(64)
  return passwords.map((p, i) => {
    const salt = salts.subarray(i * 16, i * 16 + 16)
    // Generated passwords are ASCII: their UTF-8 bytes are their char codes, no encoder needed.
    let key: Uint8Array
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is "only ASCII", control characters included
    if (p.length <= 64 && /^[\x00-\x7f]*$/.test(p)) {
      for (let k = 0; k < p.length; k++) ascii[k] = p.charCodeAt(k)
      key = ascii.subarray(0, p.length)
    } else key = encoder.encode(p)
    return { hash: base64(pbkdf2Sha256Once(key, salt)), salt: base64(salt), iterations: 1 }
  })
}

/** PBKDF2-HMAC-SHA-256, one iteration, 32-byte key: HMAC(password, salt ‖ INT32BE(1)) (RFC 8018 §5.2). */
export function pbkdf2Sha256Once(password: Uint8Array, salt: Uint8Array): Uint8Array {
  if (password.length > 64 || salt.length !== 16) {
    const message = new Uint8Array(salt.length + 4)
    message.set(salt)
    message[salt.length + 3] = 1
    return hmacSha256(password, message)
  }
  // The common case without allocations: both HMAC passes are exactly two SHA-256 blocks, in fixed buffers
  // whose padding and length bytes never change (inner: 64 + 20 bytes = 672 bits; outer: 64 + 32 = 768 bits).
  for (let i = 0; i < 64; i++) {
    const k = i < password.length ? password[i] : 0
    INNER[i] = k ^ 0x36
    OUTER[i] = k ^ 0x5c
  }
  INNER.set(salt, 64)
  H.set(H0)
  compress(INNER, 0)
  compress(INNER, 64)
  writeState(OUTER, 64)
  H.set(H0)
  compress(OUTER, 0)
  compress(OUTER, 64)
  const out = new Uint8Array(32)
  writeState(out, 0)
  return out
}
const INNER = new Uint8Array(128)
INNER[83] = 1 // INT32BE(1) after the 16-byte salt
INNER[84] = 0x80
INNER[126] = 672 >>> 8
INNER[127] = 672 & 255
const OUTER = new Uint8Array(128)
OUTER[96] = 0x80
OUTER[126] = 768 >>> 8
OUTER[127] = 768 & 255

/** HMAC-SHA-256 (RFC 2104). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  if (key.length > 64) key = sha256(key)
  const inner = new Uint8Array(64 + message.length)
  const outer = new Uint8Array(64 + 32)
  for (let i = 0; i < 64; i++) {
    const k = i < key.length ? key[i] : 0
    inner[i] = k ^ 0x36
    outer[i] = k ^ 0x5c
  }
  inner.set(message, 64)
  outer.set(sha256(inner), 64)
  return sha256(outer)
}

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])
const W = new Int32Array(64)
const H = new Int32Array(8)
const H0 = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
])

/** SHA-256 (FIPS 180-4) of a byte string. */
export function sha256(data: Uint8Array): Uint8Array {
  const bitLength = data.length * 8
  const p = new Uint8Array(((data.length + 9 + 63) >> 6) << 6)
  p.set(data)
  p[data.length] = 0x80
  const n = p.length
  const high = Math.floor(bitLength / 2 ** 32)
  p[n - 8] = high >>> 24
  p[n - 7] = high >>> 16
  p[n - 6] = high >>> 8
  p[n - 5] = high
  p[n - 4] = bitLength >>> 24
  p[n - 3] = bitLength >>> 16
  p[n - 2] = bitLength >>> 8
  p[n - 1] = bitLength
  H.set(H0)
  for (let off = 0; off < n; off += 64) compress(p, off)
  const out = new Uint8Array(32)
  writeState(out, 0)
  return out
}

function writeState(out: Uint8Array, at: number) {
  for (let i = 0; i < 8; i++) {
    const v = H[i]
    const o = at + i * 4
    out[o] = v >>> 24
    out[o + 1] = v >>> 16
    out[o + 2] = v >>> 8
    out[o + 3] = v
  }
}

function compress(p: Uint8Array, off: number) {
  for (let t = 0; t < 16; t++) {
    const o = off + t * 4
    W[t] = (p[o] << 24) | (p[o + 1] << 16) | (p[o + 2] << 8) | p[o + 3]
  }
  for (let t = 16; t < 64; t++) {
    const a = W[t - 15],
      b = W[t - 2]
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0
  }
  let a = H[0],
    b = H[1],
    c = H[2],
    d = H[3],
    e = H[4],
    f = H[5],
    g = H[6],
    h = H[7]
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  H[0] = (H[0] + a) | 0
  H[1] = (H[1] + b) | 0
  H[2] = (H[2] + c) | 0
  H[3] = (H[3] + d) | 0
  H[4] = (H[4] + e) | 0
  H[5] = (H[5] + f) | 0
  H[6] = (H[6] + g) | 0
  H[7] = (H[7] + h) | 0
}

const B64 = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0))
const PAD = 61 // '='
/** Standard base64 with padding, as `btoa` writes it (the form `hashPassword` stores). */
function base64(bytes: Uint8Array): string {
  const out: number[] = []
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    out.push(B64[n >> 18], B64[(n >> 12) & 63], B64[(n >> 6) & 63], B64[n & 63])
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8)
    out.push(B64[n >> 18], B64[(n >> 12) & 63], i + 1 < bytes.length ? B64[(n >> 6) & 63] : PAD, PAD)
  }
  return String.fromCharCode(...out)
}
