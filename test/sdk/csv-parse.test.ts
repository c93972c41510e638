/**
 * I2 (and I7 "a file that cannot be read as CSV"): decoding and parsing, over the corpus of real-world
 * shapes in test/fixtures/csv.
 */
import { describe, expect, it } from 'vitest'
import { CsvReadError, decodeCsv, parseCsvText, readCsv, type CsvReadErrorCode } from '../../spec/csv/index.js'
import { fixture } from './csv-fixtures.js'

/** The CsvReadError `run` throws (fails the test when it throws nothing or something else). */
function readError(run: () => unknown): CsvReadError {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(CsvReadError)
    return e as CsvReadError
  }
  throw new Error('expected a CsvReadError, but the file was read')
}
const expectReadError = (run: () => unknown, code: CsvReadErrorCode) => {
  const e = readError(run)
  expect(e.code).toBe(code)
  return e
}

describe('I2 encodings', () => {
  it('I2 reads an Excel export: ";", UTF-8 BOM, CRLF, quoted values with ";", "" and a line break', () => {
    const p = readCsv(fixture('excel-fr-semicolon-bom-crlf.csv'))
    expect(p).toMatchObject({
      delimiter: ';',
      delimiterDetected: true,
      encoding: 'utf-8',
      bom: true,
      lineEnding: 'CRLF',
    })
    expect(p.headers[0]).toBe('Customer User External Id')
    expect(p.records.map((r) => r.length)).toEqual([14, 14, 14])
    expect(p.records[0].slice(0, 4)).toEqual(['CU-1001', 'MRS', 'Élodie', 'Dupont'])
    expect(p.records[1][3]).toBe('Müller; "Jo"')
    expect(p.records[2][3]).toBe('Lefèvre\r\n(née Martin)')
    // The header is line 1; the third record starts on line 4 and spans two lines; the ";;;;" rows are skipped.
    expect(p.lines).toEqual([2, 3, 4])
  })

  it('I2 reads Windows-1252 bytes (not valid UTF-8) as the same text as the UTF-8 file', () => {
    const cp1252 = readCsv(fixture('windows-1252-semicolon.csv'))
    const utf8 = readCsv(fixture('utf8-no-bom-semicolon.csv'))
    expect(cp1252.encoding).toBe('windows-1252')
    expect(utf8).toMatchObject({ encoding: 'utf-8', bom: false })
    expect(cp1252.records).toEqual(utf8.records)
    expect(cp1252.records[1][3]).toBe('D’Œillet-François')
  })

  it('I2 decodes Windows-1252 by the WHATWG table (0x80–0x9F are not Latin-1 controls)', () => {
    // (Node's own TextDecoder('windows-1252') reads these bytes as Latin-1, hence the table in parse.ts.)
    const high = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i)
    const ours = decodeCsv(Uint8Array.from([0x61, ...high, 0xa0, 0xe9, 0xff]))
    expect(ours.encoding).toBe('windows-1252')
    expect(ours.text).toBe('a€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ\xa0éÿ')
  })

  it('I2 plain ASCII is UTF-8; a BOM is reported and removed', () => {
    expect(decodeCsv(new TextEncoder().encode('a,b\n'))).toEqual({ text: 'a,b\n', encoding: 'utf-8', bom: false })
    expect(decodeCsv(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a', encoding: 'utf-8', bom: true })
  })

  it('I2 a UTF-8 BOM followed by bytes that are not UTF-8 is an ENCODING error naming the line', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a,b\nc,'), 0xe9, 0x0a])
    const e = expectReadError(() => decodeCsv(bytes), 'ENCODING')
    expect(e.line).toBe(2)
  })

  it('I2 UTF-16, with or without BOM, is an ENCODING error that says to save as CSV UTF-8', () => {
    for (const name of ['utf16le-bom.csv', 'utf16le-no-bom.csv']) {
      const e = expectReadError(() => readCsv(fixture(name)), 'ENCODING')
      expect(e.message).toMatch(/UTF-16.*CSV UTF-8/)
    }
  })

  it('I2 binary junk, an Excel workbook and control characters are NOT_TEXT', () => {
    expectReadError(() => readCsv(fixture('binary-junk.bin')), 'NOT_TEXT')
    expect(expectReadError(() => readCsv(fixture('workbook.xlsx')), 'NOT_TEXT').message).toMatch(/\.xlsx/)
    expectReadError(() => decodeCsv(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), 'NOT_TEXT')
    expectReadError(() => decodeCsv(Uint8Array.from([0x61, 0x01, 0x02, 0x03, 0x2c, 0x62, 0x05, 0x0a])), 'NOT_TEXT')
  })

  it('I2 a NUL byte is NOT_TEXT, in valid UTF-8 as in bytes that are not (then before any Windows-1252 reading)', () => {
    const text = new TextEncoder().encode('email,firstName\na@example.com,Zoé\n'.repeat(50))
    const withNul = (bytes: Uint8Array) => Uint8Array.from([...bytes.subarray(0, 700), 0, ...bytes.subarray(700)])
    expect(expectReadError(() => decodeCsv(withNul(text)), 'NOT_TEXT').message).toMatch(/NUL bytes/)
    const notUtf8 = Uint8Array.from(text, (b) => (b === 0xa9 ? 0xe9 : b)) // é as Windows-1252 writes it
    expect(decodeCsv(notUtf8).encoding).toBe('windows-1252')
    expect(expectReadError(() => decodeCsv(withNul(notUtf8)), 'NOT_TEXT').message).toMatch(/NUL bytes/)
  })
})

describe('I2 delimiters', () => {
  it('I2 detects "," and ";" from the header, outside quotes', () => {
    expect(parseCsvText('a;b,c;d\n1;2,3;4').delimiter).toBe(';')
    expect(parseCsvText('"a;b;c",d\n1,2').delimiter).toBe(',')
    expect(parseCsvText('a;b\n1;2')).toMatchObject({ delimiter: ';', headers: ['a', 'b'], records: [['1', '2']] })
  })

  it('I2 a tie in the header is settled by the next lines', () => {
    const p = parseCsvText('"a,x";"b;y"\n1;2\n3;4')
    expect(p).toMatchObject({
      delimiter: ';',
      headers: ['a,x', 'b;y'],
      records: [
        ['1', '2'],
        ['3', '4'],
      ],
    })
  })

  it('I2 a wrong delimiter is a SINGLE_COLUMN error, never a silent success', () => {
    const semi = fixture('excel-fr-semicolon-bom-crlf.csv')
    let e = expectReadError(() => readCsv(semi, { delimiter: ',' }), 'SINGLE_COLUMN')
    expect(e.message).toContain('","')
    expect(e.message).toContain('choose ";"')
    expect(e.line).toBe(1)
    e = expectReadError(
      () => readCsv(fixture('field-names-shuffled-comma-lf.csv'), { delimiter: ';' }),
      'SINGLE_COLUMN',
    )
    expect(e.message).toContain('choose ","')
  })

  it('I2 a tab-separated file is SINGLE_COLUMN, with advice about tabs', () => {
    const e = expectReadError(() => readCsv(fixture('tab-separated.txt')), 'SINGLE_COLUMN')
    expect(e.message).toMatch(/tabs/)
  })

  it('I2 a header with one name is SINGLE_COLUMN even when other lines have delimiters', () => {
    expectReadError(() => parseCsvText('externalId\nCU-1,MR\n'), 'SINGLE_COLUMN')
    expectReadError(() => parseCsvText('externalId,,,\nCU-1\n'), 'SINGLE_COLUMN')
  })

  it('I2 the delimiter can only be "," or ";"', () => {
    expect(() => parseCsvText('a|b', { delimiter: '|' as ',' })).toThrow(TypeError)
  })
})

describe('I2 records and lines', () => {
  it('I2 RFC 4180: quoted delimiters, escaped quotes, line breaks inside quotes (LF and CRLF kept as written)', () => {
    const p = parseCsvText('a,b,c\r\n"x,1","say ""hi""","two\nlines"\r\n"","""",\r\n')
    expect(p.records).toEqual([
      ['x,1', 'say "hi"', 'two\nlines'],
      ['', '"', ''],
    ])
    expect(p.lines).toEqual([2, 4])
  })

  it('I2 CRLF or LF, mixed, and no final line break', () => {
    expect(parseCsvText('a,b\r\n1,2\n3,4').records).toEqual([
      ['1', '2'],
      ['3', '4'],
    ])
    expect(parseCsvText('a,b\n1,2\r\n3,4\r\n')).toMatchObject({
      lineEnding: 'LF',
      records: [
        ['1', '2'],
        ['3', '4'],
      ],
    })
    expect(parseCsvText('a,b')).toMatchObject({ lineEnding: 'none', records: [] })
  })

  it('I2 classic Mac files (CR only) are read too, quoted CRs kept', () => {
    const p = readCsv(fixture('classic-mac-cr.csv'))
    expect(p.records.map((r) => r[2])).toEqual(['Paul', 'Anne\rMarie'])
    expect(p.lines).toEqual([2, 3])
  })

  it("I2 blank lines and rows of only delimiters are skipped anywhere, and line numbers stay the file's", () => {
    const p = readCsv(fixture('blank-lines.csv'))
    expect(p.headers[0]).toBe('externalId')
    expect(p.records.map((r) => r[0])).toEqual(['CU-5001', 'CU-5002'])
    expect(p.lines).toEqual([4, 7])
  })

  it('I2 an empty file, or one with only a BOM or blank lines, is EMPTY; a header alone gives no records', () => {
    expectReadError(() => readCsv(fixture('empty.csv')), 'EMPTY')
    expectReadError(() => readCsv(fixture('bom-only.csv')), 'EMPTY')
    expectReadError(() => parseCsvText('\r\n\r\n ;;\n'), 'EMPTY')
    const p = readCsv(fixture('header-only.csv'))
    expect(p.headers).toHaveLength(14)
    expect(p.records).toEqual([])
  })

  it('I2 an unterminated quote is MALFORMED, naming the line where the value starts', () => {
    const e = expectReadError(() => readCsv(fixture('unterminated-quote.csv')), 'MALFORMED')
    expect(e.line).toBe(3)
    expect(e.message).toMatch(/^Line 3:/)
  })

  it('I2 short records are padded; extra cells are kept when not empty, dropped when empty', () => {
    const p = parseCsvText('a,b,c,\n1\n1,2,3,,,\n1,2,3,4\n')
    expect(p.headers).toEqual(['a', 'b', 'c'])
    expect(p.records).toEqual([
      ['1', '', ''],
      ['1', '2', '3'],
      ['1', '2', '3', '4'],
    ])
  })

  it('I2 lenient about stray quotes: inside a value they are kept, after a closing quote the rest is appended', () => {
    expect(parseCsvText('a,b\nab"c,"x"y\n').records).toEqual([['ab"c', 'xy']])
  })

  it('I2 header cells are trimmed; a BOM in the text and a final DOS end-of-file mark are removed', () => {
    const p = parseCsvText('\ufeff email , firstName\n1,2\n\x1a')
    expect(p).toMatchObject({ headers: ['email', 'firstName'], bom: true, records: [['1', '2']] })
  })
})
