/**
 * Runs in headless Chromium (see ../user-import-render.ts). `<dj-user-import>` with its module worker (bundled by
 * the bench and served beside this page, where the element's `new URL('./import.worker.js', import.meta.url)` finds
 * it), over generated customer-user files:
 *
 * - first rows: a 100,000-row file (about 8.5 MB, one row in ten failing a rule) handed to the element as a picked
 *   file is (`readFile`, what the file input's change does), to the first rows of the grid laid out: the file read,
 *   posted to the worker, decoded, parsed, mapped, checked and said there, posted back, and rendered. Each run is a
 *   new element, so its worker starts with the run (what picking a file costs the first time).
 * - scrolling: a 20,000-row file in the grid, scrolled from the top to the last row by setting `scrollTop` once per
 *   animation frame, 25 rows (1,800 px) at a time — a fast fling: the whole window of rows changes every frame. The
 *   frame time is the interval between consecutive animation frames (what the user sees; 16.7 ms at best at 60 Hz).
 *
 * Baselines, same page, same files: for the first rows, the file read and decoded (`TextDecoder`), split into lines
 * and cells, and its first 20 rows put on screen as a `<table>` by `innerHTML` — the least any reader does before
 * it shows something; for scrolling, a plain scrolling list of 20,000 rows of the same height, all in the DOM
 * (one `innerHTML`), scrolled the same way.
 */
import '../../../components/user-import/index.js'
import type { DjUserImport } from '../../../components/user-import/index.js'

const BIG = 100_000
const SCROLLED = 20_000
const RUNS = 5
const WARMUP = 1
const STEP_ROWS = 25
const ROW_HEIGHT = 72

const HEADER =
  'Customer User External Id,Customer User Civility,Customer User First Name,Customer User Last Name,Customer User Email,Customer User Phone,Customer User Groups,Customer User Account Ids,Customer User Store Ids'
const FIRST = ['Élodie', 'Claire', 'Hugo', 'Inès', 'Léa', 'Jürgen', 'José', 'Giulia', 'Wouter', 'Maëlle']
const LAST = ['Martin', 'Lefèvre', 'Müller', 'García', 'Rossi', 'Peeters', 'Ødegård', 'Çelik', 'Dubois', 'Krüger']

/** A CSV file of `n` customer users; every tenth row has an email that is not one (F-E-004 on the cell). */
function file(n: number): File {
  const lines = [HEADER]
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length]
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]
    const email = i % 10 === 9 ? 'not-an-email' : `u${i}.${i % 7}@example.com`
    lines.push(
      `CU-${String(i).padStart(7, '0')},${i % 3 ? 'MR' : 'MRS'},${first},${last},${email},+33 6 12 34 ${String(i % 100).padStart(2, '0')} 00,FOC_User,ACME,FR`,
    )
  }
  return new File([`${lines.join('\r\n')}\r\n`], `users-${n}.csv`, { type: 'text/csv' })
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(r))
const rowsShown = (el: DjUserImport) => el.shadowRoot?.querySelectorAll('.body [role="row"]').length ?? 0

function mount(): DjUserImport {
  const el = document.createElement('dj-user-import') as DjUserImport
  document.body.append(el)
  return el
}

/** From handing the file over to its first rows laid out in the grid (ms); checks the worker did the work. */
async function firstRows(el: DjUserImport, f: File): Promise<number> {
  const t0 = performance.now()
  void el.readFile(f)
  while (rowsShown(el) === 0) await new Promise((r) => setTimeout(r, 1))
  void el.shadowRoot!.querySelector('.body')!.getBoundingClientRect()
  const ms = performance.now() - t0
  if (el.parsedIn !== 'worker') throw new Error(`parsed on the ${el.parsedIn}, not in the worker`)
  return ms
}

async function baselineFirstRows(f: File): Promise<number> {
  const host = document.createElement('div')
  document.body.append(host)
  const t0 = performance.now()
  const text = new TextDecoder().decode(await f.arrayBuffer())
  const rows = text.split('\r\n').map((line) => line.split(','))
  host.innerHTML = `<table>${rows
    .slice(0, 21)
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</table>`
  void host.offsetHeight
  const ms = performance.now() - t0
  host.remove()
  return ms
}

/** Scrolls `scroller` from the top to the bottom, STEP_ROWS rows per frame; the intervals between frames (ms). */
async function scrollThrough(scroller: HTMLElement): Promise<number[]> {
  scroller.scrollTop = 0
  await frame()
  await frame()
  const frames: number[] = []
  let last = await frame()
  const end = scroller.scrollHeight - scroller.clientHeight
  while (scroller.scrollTop < end) {
    scroller.scrollTop = Math.min(end, scroller.scrollTop + STEP_ROWS * ROW_HEIGHT)
    const now = await frame()
    frames.push(now - last)
    last = now
  }
  return frames
}

async function baselineScroll(): Promise<number[]> {
  const scroller = document.createElement('div')
  scroller.style.cssText = 'height: 26rem; overflow: auto; font: 14px system-ui'
  const rows: string[] = []
  for (let i = 0; i < SCROLLED; i++)
    rows.push(
      `<div style="height:${ROW_HEIGHT}px;box-sizing:border-box;border-bottom:1px solid #ccc">${i + 2} CU-${i} MR Jean Martin u${i}@example.com +33 6 12 34 56 00 FOC_User ACME FR</div>`,
    )
  scroller.innerHTML = rows.join('')
  document.body.append(scroller)
  const frames = await scrollThrough(scroller)
  scroller.remove()
  return frames
}

export async function run() {
  const big = file(BIG)
  const r = {
    rows: BIG,
    scrolled: SCROLLED,
    megabytes: big.size / 1e6,
    runs: RUNS,
    firstRows: [] as number[],
    baselineFirstRows: [] as number[],
    frames: [] as number[],
    baselineFrames: [] as number[],
    domRows: 0,
  }
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const el = mount()
    const ms = await firstRows(el, big)
    el.remove()
    await frame()
    const b = await baselineFirstRows(big)
    await frame()
    if (i < WARMUP) continue
    r.firstRows.push(ms)
    r.baselineFirstRows.push(b)
  }
  const el = mount()
  await firstRows(el, file(SCROLLED))
  await el.updateComplete
  const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroller')!
  r.frames = await scrollThrough(scroller)
  r.domRows = rowsShown(el)
  const lastLine = Math.max(
    ...[...el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]')].map((row) => Number(row.dataset.line)),
  )
  if (lastLine !== SCROLLED + 1) throw new Error(`the grid did not reach the last row (line ${lastLine})`)
  el.remove()
  r.baselineFrames = await baselineScroll()
  return r
}
