/** The CSV corpus under test/fixtures/csv (see its README.md), read as bytes. */
import { readFileSync } from 'node:fs'

export const fixture = (name: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url)))
export const fixtureText = (name: string): string => new TextDecoder().decode(fixture(name))
