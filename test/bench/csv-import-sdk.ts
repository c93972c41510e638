/**
 * §5 Import in the SDK: decode + parse + map + validate a 100,000-row customer-user CSV (≈ 14.5 MB) within
 * 3× papaparse's own parse of the same file.
 *
 *   npx tsx test/bench/csv-import-sdk.ts            (add  --rounds 9  to change the sample size)
 *
 * The file is generated in the same run (deterministic seed, ≈ 14.8 MB): an Excel-style export with `;`, a
 * UTF-8 BOM and CRLF, accented names, multi-value cells, quoted values (3 % hold a `;`, 3 % a quote, 0.6 % a
 * line break), 1 % of rows with a shape error (an invalid email). The baseline is papaparse 5.7.1 parsing
 * the decoded text with its defaults (delimiter detection, arrays of strings, no header mapping, no
 * validation). Ours starts from the bytes: `checkCustomerUserCsv(bytes)` = decodeCsv + parseCsvText +
 * mapCustomerUserHeaders + checkCustomerUserRows, the code behind the SDK's `validateCustomerUserCsv`.
 * After one warm-up each, the two run alternately (papaparse, ours, papaparse, ours…), each after a full GC
 * and each dropping its result, so that noise from the shared machine and each other's garbage do not land
 * on one side; medians are compared. Figures are printed, never asserted; the exit code is non-zero only
 * when a result is wrong (row count, rows failing other than the planted ones, line numbers).
 */
import Papa from 'papaparse'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { checkCustomerUserCsv } from '../../spec/csv/validate.js'
import { decodeCsv, parseCsvText } from '../../spec/csv/parse.js'
import { mapCustomerUserHeaders } from '../../spec/csv/headers.js'
import { checkCustomerUserRows } from '../../spec/csv/rows.js'
import {
  FIRST_NAMES,
  LAST_NAMES,
  DOMAINS,
  STORE_IDS,
  ascii,
  fail,
  ms,
  percentile,
  pick,
  rng,
  table,
  verdict,
  USER_CSV_HEADER_LINE,
} from './fixtures.js'

const GOAL_RATIO = 3

export interface GeneratedCsv {
  bytes: Uint8Array
  rows: number
  /** Rows given a shape error on purpose. */
  badRows: number
  /** Records whose values hold a line break (so the file has more lines than records). */
  multiLineRows: number
}

/** RFC 4180 quoting for `;` files: quote a value holding `;`, `"`, CR or LF. */
const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** A customer-user CSV as Excel (French locale) exports it: `;`, BOM, CRLF, import-page headers. */
export function generateCustomerUserCsv(count: number, seed = 2024): GeneratedCsv {
  const r = rng(seed)
  const lines: string[] = [USER_CSV_HEADER_LINE]
  let badRows = 0
  let multiLineRows = 0
  for (let n = 1; n <= count; n++) {
    const first = pick(r, FIRST_NAMES)
    let last: string = pick(r, LAST_NAMES)
    const x = r()
    if (x < 0.03) last = `${last}; Jr.`
    else if (x < 0.06) last = `${last} "${pick(r, ['Bob', 'Mimi', 'Jo'])}"`
    else if (x < 0.066) {
      last = `${last}\r\n(${pick(r, ['née', 'geb.', 'dite'])} ${pick(r, LAST_NAMES)})`
      multiLineRows++
    }
    const accountNo = 1 + Math.floor(r() * 5000)
    const account = `ACC-${accountNo}`
    const orgCount = r() < 0.6 ? 1 : r() < 0.8 ? 2 : 3
    const orgs = Array.from({ length: orgCount }, (_, k) => `ORG-${accountNo}-${k + 1}`)
    let email = `${ascii(first)}.${ascii(last.split(/[;\r"]/)[0].trim())}.${n}@${pick(r, DOMAINS)}`
    if (n % 100 === 50) {
      email = email.replace('@', ' at ')
      badRows++
    }
    const phone = `+33 ${1 + Math.floor(r() * 9)} ${String(Math.floor(r() * 1e8))
      .padStart(8, '0')
      .replace(/(\d\d)(?=\d)/g, '$1 ')}`
    const values = [
      `CU-${String(n).padStart(7, '0')}`,
      pick(r, ['MR', 'MRS', 'MISS']),
      first,
      last,
      email,
      phone,
      pick(r, ['FOC_User', 'FOC_User', 'FOC_Admin', 'FOC_Admin||FOC_User', 'FOC_User||FOC_Webmaster']),
      r() < 0.9 ? account : `${account}||ACC-${1 + Math.floor(r() * 5000)}`,
      orgs.join('||'),
      orgs.length > 1 || r() < 0.5 ? orgs[0] : '',
      r() < 0.25 ? `Sunny-Day-${10 + Math.floor(r() * 90)}` : '',
      r() < 0.9 ? 'FALSE' : 'TRUE',
      '', // Delete: left empty (= FALSE), as most files do
      r() < 0.7 ? pick(r, STORE_IDS) : `${pick(r, STORE_IDS)}||${pick(r, STORE_IDS)}`,
    ]
    lines.push(values.map(cell).join(';'))
  }
  const text = `\ufeff${lines.join('\r\n')}\r\n`
  return { bytes: new TextEncoder().encode(text), rows: count, badRows, multiLineRows }
}

function median(xs: number[]) {
  return percentile(xs, 50)
}

/**
 * A full GC before each timed run, so that neither side pays for the other's garbage. `run-all` starts
 * benchmarks without `--expose-gc`, so the flag is set at run time (a fresh context then sees `gc`).
 */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed) return exposed
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

async function main() {
  const argRounds = process.argv.indexOf('--rounds')
  const rounds = argRounds > 0 ? Number(process.argv[argRounds + 1]) : 7
  const N = 100_000

  const t0 = performance.now()
  const file = generateCustomerUserCsv(N)
  const genMs = performance.now() - t0
  const mb = file.bytes.byteLength / 1e6
  console.log(
    `csv-import-sdk: ${N.toLocaleString('en')} customer users, ${mb.toFixed(1)} MB (";", BOM, CRLF; ${file.multiLineRows} multi-line records, ${file.badRows} rows with a planted error), generated in ${ms(genMs, 0)}; ${rounds} alternating rounds after one warm-up\n`,
  )

  const text = new TextDecoder().decode(file.bytes) // what papaparse is given (it takes text)
  // Each timed run drops its result, as the other side does; the results are checked after the timing.
  const papa = () => Papa.parse<string[]>(text, { skipEmptyLines: true }).data.length
  const ours = () => checkCustomerUserCsv(file.bytes).counts.rows
  const gc = collector()
  const time = (f: () => unknown) => {
    gc()
    const s = performance.now()
    f()
    return performance.now() - s
  }

  papa()
  ours()
  const papaMs: number[] = []
  const oursMs: number[] = []
  for (let i = 0; i < rounds; i++) {
    papaMs.push(time(papa))
    oursMs.push(time(ours))
  }
  // Our stages on their own, for the breakdown (each timed apart, so they need not add up to the total).
  const decodeMs: number[] = []
  const parseMs: number[] = []
  const checkMs: number[] = []
  let decoded = decodeCsv(file.bytes)
  let parsed = parseCsvText(decoded.text)
  for (let i = 0; i < rounds; i++) {
    decodeMs.push(time(() => (decoded = decodeCsv(file.bytes))))
    parseMs.push(time(() => (parsed = parseCsvText(decoded.text, { encoding: decoded.encoding, bom: decoded.bom }))))
    checkMs.push(time(() => checkCustomerUserRows(parsed, mapCustomerUserHeaders(parsed.headers))))
  }

  const p = median(papaMs)
  const o = median(oursMs)
  const ratio = o / p
  table([
    ['', 'median', 'min', 'max', 'rows/s'],
    [
      'papaparse 5.7.1 parse (baseline)',
      ms(p, 1),
      ms(Math.min(...papaMs), 1),
      ms(Math.max(...papaMs), 1),
      Math.round(N / (p / 1000)).toLocaleString('en'),
    ],
    [
      'ours: decode+parse+map+validate',
      ms(o, 1),
      ms(Math.min(...oursMs), 1),
      ms(Math.max(...oursMs), 1),
      Math.round(N / (o / 1000)).toLocaleString('en'),
    ],
    ['  of which decodeCsv', ms(median(decodeMs), 1), '', '', ''],
    ['  of which parseCsvText', ms(median(parseMs), 1), '', '', ''],
    ['  of which map + checkCustomerUserRows', ms(median(checkMs), 1), '', '', ''],
  ])
  console.log(
    `\n  ratio ours / papaparse: ${ratio.toFixed(2)}×   goal ≤ ${GOAL_RATIO.toFixed(2)}×: ${verdict(ratio <= GOAL_RATIO)}`,
  )

  // Functional checks: the same records, and errors exactly on the planted rows.
  const papaRows = papa() - 1
  const c = checkCustomerUserCsv(file.bytes)
  if (papaRows !== N) fail(`papaparse read ${papaRows} records, expected ${N}`)
  if (c.counts.rows !== N) fail(`we read ${c.counts.rows} rows, expected ${N}`)
  if (c.counts.failed !== file.badRows) {
    const sample = c.rows.find((r) => r.errors.length && !r.row.email?.includes(' at '))
    fail(
      `${c.counts.failed} rows failed, expected ${file.badRows}${sample ? `; e.g. line ${sample.row.line}: ${JSON.stringify(sample.errors)}` : ''}`,
    )
  }
  if (c.parsed.delimiter !== ';' || !c.parsed.bom || c.parsed.lineEnding !== 'CRLF')
    fail(`detected ${JSON.stringify([c.parsed.delimiter, c.parsed.bom, c.parsed.lineEnding])}`)
  const lastLine = c.rows[N - 1].row.line
  if (lastLine !== N + 1 + file.multiLineRows)
    fail(`last record on line ${lastLine}, expected ${N + 1 + file.multiLineRows}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
