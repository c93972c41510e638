/**
 * U6 (and I3, whose created users get a generated password): the hand-written SHA-256, HMAC-SHA-256 and
 * one-iteration PBKDF2-HMAC-SHA-256 of mock-server/crypto/bulk-passwords.ts, which hash the generated passwords of
 * bulk imports, checked against published known answers and against two independent implementations (node:crypto
 * and Web Crypto). A generated password must log in through `verifyPassword` (Web Crypto), so the two must agree bit
 * for bit.
 *
 * Vectors:
 *   - SHA-256: FIPS 180-2 Appendix B ("abc", the 448-bit two-block message, one million "a"; the examples now on NIST
 *     CSRC for FIPS 180-4), the empty message (NIST SHAVS SHA256ShortMsg, Len = 0), and the 896-bit message of the
 *     FIPS 180-2 SHA-384/512 examples;
 *   - HMAC-SHA-256: RFC 4231 §4 test cases 1, 2, 3, 4, 6 and 7 (6 and 7: keys longer than a block);
 *   - PBKDF2-HMAC-SHA-256: RFC 7914 §11 (P = "passwd", S = "salt", c = 1 and P = "Password", S = "NaCl", c = 80,000;
 *     dkLen = 64).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  GENERATED_PASSWORD_LENGTH,
  generatePasswords,
  hashGeneratedPasswords,
  hmacSha256,
  pbkdf2Sha256Once,
  sha256,
} from '../../mock-server/crypto/bulk-passwords.js'
import { hashPassword, verifyPassword } from '../../mock-server/crypto/passwords.js'
import { PasswordPool } from '../../mock-server/crypto/password-pool.js'
import { sha256Hex, sha256HexSync, useSha256 } from '../../mock-server/crypto/tokens.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const bytes = (text: string) => new TextEncoder().encode(text)
const fill = (length: number, byte: number) => new Uint8Array(length).fill(byte)

/** Web Crypto, the implementation `hashPassword` / `verifyPassword` use. */
async function webPbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, bits: number) {
  const key = await crypto.subtle.importKey('raw', password as BufferSource, 'PBKDF2', false, ['deriveBits'])
  const out = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    bits,
  )
  return new Uint8Array(out)
}

/** PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2) written over the module's `hmacSha256`, for any count and length. */
function pbkdf2OverHmac(password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Uint8Array {
  const out = new Uint8Array(dkLen)
  for (let block = 1; (block - 1) * 32 < dkLen; block++) {
    const first = new Uint8Array(salt.length + 4)
    first.set(salt)
    new DataView(first.buffer).setUint32(salt.length, block)
    let u = hmacSha256(password, first)
    const t = u.slice()
    for (let i = 1; i < iterations; i++) {
      u = hmacSha256(password, u)
      for (let k = 0; k < 32; k++) t[k] ^= u[k]
    }
    out.set(t.subarray(0, Math.min(32, dkLen - (block - 1) * 32)), (block - 1) * 32)
  }
  return out
}

const SHA256_VECTORS: { name: string; message: Uint8Array; digest: string }[] = [
  {
    name: 'FIPS 180-2 B.1 "abc"',
    message: bytes('abc'),
    digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  },
  {
    name: 'SHAVS Len = 0 (the empty message)',
    message: new Uint8Array(0),
    digest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  {
    name: 'FIPS 180-2 B.2 448-bit message',
    message: bytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    digest: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  },
  {
    name: '896-bit message',
    message: bytes(
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
    ),
    digest: 'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
  },
  {
    name: 'FIPS 180-2 B.3 one million "a"',
    message: fill(1_000_000, 0x61),
    digest: 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
  },
]

const HMAC_VECTORS: { name: string; key: Uint8Array; data: Uint8Array; mac: string }[] = [
  {
    name: 'RFC 4231 case 1',
    key: fill(20, 0x0b),
    data: bytes('Hi There'),
    mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  },
  {
    name: 'RFC 4231 case 2 (a key shorter than the output)',
    key: bytes('Jefe'),
    data: bytes('what do ya want for nothing?'),
    mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  {
    name: 'RFC 4231 case 3',
    key: fill(20, 0xaa),
    data: fill(50, 0xdd),
    mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  },
  {
    name: 'RFC 4231 case 4',
    key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    data: fill(50, 0xcd),
    mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  {
    name: 'RFC 4231 case 6 (a 131-byte key: hashed first)',
    key: fill(131, 0xaa),
    data: bytes('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    name: 'RFC 4231 case 7 (a 131-byte key and 152 bytes of data)',
    key: fill(131, 0xaa),
    data: bytes(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
]

const PBKDF2_VECTORS = [
  {
    name: 'RFC 7914 §11, c = 1',
    password: 'passwd',
    salt: 'salt',
    iterations: 1,
    dk: '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
  },
  {
    name: 'RFC 7914 §11, c = 80,000',
    password: 'Password',
    salt: 'NaCl',
    iterations: 80_000,
    dk: '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d',
  },
]

/** Lengths around SHA-256's block (64 bytes; 55 is the longest message whose padding fits in one block). */
const BOUNDARIES = [0, 1, 31, 32, 54, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128, 129, 191, 192, 255, 256]

describe('U6 generated passwords are hashed by hand (bulk-passwords.ts) exactly as Web Crypto would', () => {
  it('U6 SHA-256 known answers: FIPS 180-2 "abc", 448-bit and one-million-"a" examples, the empty message, the 896-bit message', () => {
    for (const v of SHA256_VECTORS) {
      expect(createHash('sha256').update(v.message).digest('hex'), `node:crypto, ${v.name}`).toBe(v.digest)
      expect(hex(sha256(v.message)), v.name).toBe(v.digest)
    }
  })

  it('U6 SHA-256 padding across block boundaries (55/56/63/64/65… bytes) and random messages agree with node:crypto and Web Crypto', async () => {
    for (const n of BOUNDARIES) {
      const message = randomBytes(n)
      const expected = createHash('sha256').update(message).digest('hex')
      expect(hex(sha256(message)), `${n} bytes`).toBe(expected)
      expect(hex(new Uint8Array(await crypto.subtle.digest('SHA-256', message))), `Web Crypto, ${n} bytes`).toBe(
        expected,
      )
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (message) => {
        expect(hex(sha256(message))).toBe(createHash('sha256').update(message).digest('hex'))
      }),
      { numRuns: 300 },
    )
  })

  it('U6 HMAC-SHA-256 known answers: RFC 4231 test cases 1, 2, 3, 4, 6, 7 (keys shorter and longer than a block)', () => {
    for (const v of HMAC_VECTORS) {
      expect(createHmac('sha256', v.key).update(v.data).digest('hex'), `node:crypto, ${v.name}`).toBe(v.mac)
      expect(hex(hmacSha256(v.key, v.data)), v.name).toBe(v.mac)
    }
  })

  it('U6 PBKDF2-HMAC-SHA-256 known answers: RFC 7914 §11 ("passwd"/"salt", c = 1; "Password"/"NaCl", c = 80,000; dkLen = 64)', async () => {
    for (const v of PBKDF2_VECTORS) {
      const [password, salt] = [bytes(v.password), bytes(v.salt)]
      expect(pbkdf2Sync(password, salt, v.iterations, 64, 'sha256').toString('hex'), `node:crypto, ${v.name}`).toBe(
        v.dk,
      )
      expect(hex(await webPbkdf2(password, salt, v.iterations, 512)), `Web Crypto, ${v.name}`).toBe(v.dk)
      expect(hex(pbkdf2OverHmac(password, salt, v.iterations, 64)), `over hmacSha256, ${v.name}`).toBe(v.dk)
    }
    // One iteration, 32 bytes: the first block of the c = 1 vector (a 4-byte salt takes the general path).
    const once = PBKDF2_VECTORS[0]
    expect(hex(pbkdf2Sha256Once(bytes(once.password), bytes(once.salt)))).toBe(once.dk.slice(0, 64))
  }, 20_000)

  it('U6 one-iteration PBKDF2 agrees with node:crypto and Web Crypto across block boundaries: passwords of 0–65 bytes and longer than a block, 16-byte and other salts', async () => {
    const check = async (password: Uint8Array, salt: Uint8Array) => {
      const expected = pbkdf2Sync(password, salt, 1, 32, 'sha256').toString('hex')
      const what = `password ${password.length} bytes, salt ${salt.length} bytes`
      expect(hex(pbkdf2Sha256Once(password, salt)), what).toBe(expected)
      expect(hex(await webPbkdf2(password, salt, 1, 256)), `Web Crypto, ${what}`).toBe(expected)
    }
    // The fast path (password ≤ 64 bytes, 16-byte salt), then the general one (longer passwords, other salts).
    for (const p of [...BOUNDARIES, 300]) {
      for (const s of [16, 0, 4, 15, 17, 44, 60, 64, 65]) await check(randomBytes(p), randomBytes(s))
    }
    // Random inputs, the two paths interleaved (they share the module's buffers).
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 160 }),
        fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 130 })),
        check,
      ),
      { numRuns: 300 },
    )
  })

  it('U6 hashGeneratedPasswords stores what node:crypto derives and what login (verifyPassword) accepts', async () => {
    const passwords = generatePasswords(200)
    expect(passwords.every((p) => p.length === GENERATED_PASSWORD_LENGTH)).toBe(true)
    // Outside what the importer passes, but handled: non-ASCII, over 64 bytes, empty.
    const odd = ['é'.repeat(40), 'x'.repeat(65), 'Ünïcødé-Pässwörd-1', '', 'a'.repeat(64)]
    const all = [...passwords, ...odd]
    const stored = hashGeneratedPasswords(all)
    expect(stored).toHaveLength(all.length)
    for (const [i, p] of all.entries()) {
      const h = stored[i]
      expect(h.iterations).toBe(1)
      const salt = Buffer.from(h.salt, 'base64')
      expect(salt).toHaveLength(16)
      expect(Buffer.from(salt).toString('base64')).toBe(h.salt)
      expect(h.hash, JSON.stringify(p)).toBe(pbkdf2Sync(p, salt, 1, 32, 'sha256').toString('base64'))
    }
    expect(new Set(stored.map((h) => h.salt)).size).toBe(all.length)
    for (const p of [...passwords.slice(0, 20), ...odd]) {
      const h = stored[all.indexOf(p)]
      expect(await verifyPassword(p, h), `login with ${JSON.stringify(p)}`).toBe(true)
      expect(await verifyPassword(`${p}x`, h), `login with ${JSON.stringify(p)}x`).toBe(false)
    }
  })
})

describe('R4 the Node implementations agree with the portable ones', () => {
  it('R4 the worker pool (node:crypto) and Web Crypto store the same form: each verifies what the other stores', async () => {
    const pool = new PasswordPool({ size: 2 })
    try {
      const passwords = [
        'Sunny-Day-42',
        'Ünïcødé-Pässwörd-1',
        'Emoji-🔑-Pass-9',
        'Lone-\ud800-Surrogate-1',
        'x'.repeat(255),
      ]
      for (const p of passwords) {
        const fromPool = await pool.hash(p, 1000)
        expect(Buffer.from(fromPool.salt, 'base64')).toHaveLength(16)
        expect(fromPool.iterations).toBe(1000)
        expect(await verifyPassword(p, fromPool), `Web Crypto verifies the pool's hash of ${JSON.stringify(p)}`).toBe(
          true,
        )
        expect(await verifyPassword(`${p}x`, fromPool)).toBe(false)
        const fromWeb = await hashPassword(p, 1000)
        expect(await pool.verify(p, fromWeb), `the pool verifies Web Crypto's hash of ${JSON.stringify(p)}`).toBe(true)
        expect(await pool.verify(`${p}x`, fromWeb)).toBe(false)
        // And the one-iteration form of imports.
        const [generated] = hashGeneratedPasswords([p])
        expect(await pool.verify(p, generated)).toBe(true)
      }
    } finally {
      await pool.close()
    }
  })

  it('R4 sha256Hex (keys, tokens, request bodies) agrees with node:crypto, portable or native, short or long', async () => {
    const inputs = ['', 'abc', 'djk_key', 'é'.repeat(1000), 'x'.repeat(70_000)]
    const expected = (s: string) => createHash('sha256').update(s).digest('hex')
    const check = async () => {
      for (const s of inputs) {
        expect(await sha256Hex(s)).toBe(expected(s))
        expect(await sha256Hex(new TextEncoder().encode(s).buffer as ArrayBuffer)).toBe(expected(s))
        expect(sha256HexSync(s)).toBe(expected(s))
      }
    }
    await check() // the portable SHA-256 (browsers, MSW)
    useSha256((b) => createHash('sha256').update(b).digest())
    try {
      await check() // node:crypto, as node.ts installs it
    } finally {
      useSha256(sha256)
    }
  })
})
