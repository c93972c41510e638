/**
 * docs/ is the project's reference for rule ids (`U5`, `A7`, `I3`) and design sections (`§2`, `§5`): test names
 * start with them and source comments cite them. This keeps the three in step:
 *
 * - every rule id that starts a test name, or is cited in a comment of spec/, sdk/, mock-server/ or components/, is
 *   a `### <id> …` heading of docs/rules.md or an entry of its Planned section;
 * - every rule of the catalogue has a test whose name starts with its id, and no planned rule has one (it would be
 *   implemented: it belongs in the catalogue then);
 * - every `§` section that starts a test name or is cited in such a comment has a heading in docs/;
 * - every problem code of spec/errors.ts, and every row code of the CSV import, is documented.
 *
 * Test names and comments are read with the TypeScript parser, so strings, regular expressions and code never pass
 * for either.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { problemCodes } from '../../spec/errors.js'
import { IMPORT_ISSUE_CODES } from '../../spec/resources/import-jobs.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')

/** The areas of docs/README.md ("How ids are formed"). Longer prefixes first, so `OP5` is not read as `O`. */
const PREFIXES = ['OP', 'CF', 'SS', 'S', 'A', 'O', 'U', 'B', 'I', 'N', 'L', 'R']
const PREFIX = `(?:${PREFIXES.join('|')})`
const RULE_ID = new RegExp(`^${PREFIX}\\d+$`)
/** A rule id, or a range of one area (`I1–I8`, `OP1-OP6`), standing alone in prose. */
const CITED_ID = new RegExp(`(?<![\\w§.])(${PREFIX})(\\d+)(?:[–-](?:\\1)?(\\d+))?(?!\\w)`, 'g')
const CITED_SECTION = /(?<![\w§])§(\d+[a-z]?)(?!\w)/g
/** The first word of a test name that is a rule id, a range, or a section. */
const LEADING = new RegExp(`^(?:(${PREFIX})(\\d+)(?:[–-](?:\\1)?(\\d+))?|§(\\d+[a-z]?))(?=\\s|$)`)
/** Looks like an id but has no known prefix (`X1`); keys such as `F2` are not ids. */
const ID_LIKE = /^(?!F\d{1,2}\b)[A-Z]{1,3}\d+\b/

/** `I3`–`I6` → I3, I4, I5, I6. */
function expand(prefix: string, from: string, to?: string): string[] {
  const [a, b] = [Number(from), Number(to ?? from)]
  if (b < a || b - a > 50) return [`${prefix}${from}`]
  return Array.from({ length: b - a + 1 }, (_, i) => `${prefix}${a + i}`)
}

// ---- the docs --------------------------------------------------------------------------------------------------

const docs = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ path: `docs/${f}`, text: read(`docs/${f}`) }))
const rulesMd = read('docs/rules.md').split('\n')

interface Catalogue {
  documented: Map<string, string>
  planned: Set<string>
  problems: string[]
}

function readCatalogue(): Catalogue {
  const documented = new Map<string, string>()
  const planned = new Set<string>()
  const problems: string[] = []
  let section = ''
  rulesMd.forEach((line, i) => {
    const where = `docs/rules.md:${i + 1}`
    if (/^## /.test(line)) section = line
    const inPlanned = /^## Planned/.test(section)
    const heading = /^### (\S+)(?: (.*))?$/.exec(line)
    if (heading) {
      const [, id, title] = heading
      if (!RULE_ID.test(id)) problems.push(`${where}: "${line}" is not "### <rule id> <title>"`)
      else if (!title?.trim()) problems.push(`${where}: ${id} has no title`)
      else if (inPlanned) problems.push(`${where}: planned rule ${id} has a heading; list it as "- **${id}** …"`)
      else if (documented.has(id)) problems.push(`${where}: ${id} is documented twice`)
      else documented.set(id, title)
    }
    const entry = /^- \*\*([^*]+)\*\*/.exec(line)
    if (entry && inPlanned) {
      if (!RULE_ID.test(entry[1])) problems.push(`${where}: planned entry "${entry[1]}" is not a rule id`)
      else if (planned.has(entry[1])) problems.push(`${where}: ${entry[1]} is planned twice`)
      else planned.add(entry[1])
    }
  })
  for (const id of planned) if (documented.has(id)) problems.push(`${id} is both documented and planned`)
  return { documented, planned, problems }
}

/** Every `§` section with a heading in docs/: `## §2 API conventions` resolves `§2`. */
const sectionHeadings = new Set(docs.flatMap((d) => [...d.text.matchAll(/^#{1,6} §(\d+[a-z]?)\s/gm)].map((m) => m[1])))

// ---- the code ---------------------------------------------------------------------------------------------------

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'cdn', 'fixtures', 'public'])

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...sourceFiles(path))
    } else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

function parse(path: string) {
  const kind = /\.m?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS
  return ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, false, kind)
}

interface Citation {
  id: string
  where: string
}

/** Every comment of a file (line, block and JSDoc), as text with its start. Each comment precedes some token. */
function comments(file: ts.SourceFile): { pos: number; text: string }[] {
  const text = file.getFullText()
  const found = new Map<number, string>()
  const visit = (node: ts.Node) => {
    for (const r of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [])
      found.set(r.pos, text.slice(r.pos, r.end))
    for (const child of node.getChildren(file)) visit(child)
  }
  visit(file)
  return [...found].map(([pos, t]) => ({ pos, text: t }))
}

/** Rule ids and sections cited in the comments of spec/, sdk/, mock-server/ and components/. */
function commentCitations(): { ids: Citation[]; sections: Citation[] } {
  const ids: Citation[] = []
  const sections: Citation[] = []
  for (const path of ['spec', 'sdk', 'mock-server', 'components'].flatMap(sourceFiles)) {
    const file = parse(path)
    for (const c of comments(file)) {
      const where = (offset: number) => `${path}:${file.getLineAndCharacterOfPosition(c.pos + offset).line + 1}`
      for (const m of c.text.matchAll(CITED_ID))
        for (const id of expand(m[1], m[2], m[3])) ids.push({ id, where: where(m.index) })
      for (const m of c.text.matchAll(CITED_SECTION)) sections.push({ id: `§${m[1]}`, where: where(m.index) })
    }
  }
  return { ids, sections }
}

interface TestName {
  name: string
  /** `it`/`test` that runs (not `describe`, `.skip`, `.todo`): what makes a rule tested. */
  runs: boolean
  where: string
}

const CALLS = new Set(['it', 'test', 'describe', 'suite'])

/** `it('…')`, `test.only('…')`, `describe('…')`: the name of every test and suite under test/. */
function testNames(): TestName[] {
  const out: TestName[] = []
  for (const path of sourceFiles('test')) {
    const file = parse(path)
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.arguments.length >= 2) {
        const chain: string[] = []
        let callee: ts.Expression = node.expression
        while (ts.isPropertyAccessExpression(callee)) {
          chain.unshift(callee.name.text)
          callee = callee.expression
        }
        const first = node.arguments[0]
        const name = ts.isStringLiteralLike(first)
          ? first.text
          : ts.isTemplateExpression(first)
            ? first.head.text
            : null
        if (ts.isIdentifier(callee) && CALLS.has(callee.text) && name !== null) {
          out.push({
            name,
            runs: (callee.text === 'it' || callee.text === 'test') && !chain.some((m) => m === 'skip' || m === 'todo'),
            where: `${path}:${file.getLineAndCharacterOfPosition(first.getStart(file)).line + 1}`,
          })
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return out
}

/** The ids and sections a test name starts with: `A2 U9 …` → A2, U9; `O5 §2 …` → O5, §2; `I3–I6 …` → I3…I6. */
function leadingIds(name: string): { ids: string[]; sections: string[]; unknown: string | null } {
  const ids: string[] = []
  const sections: string[] = []
  let rest = name
  for (let m = LEADING.exec(rest); m; m = LEADING.exec(rest)) {
    if (m[4] !== undefined) sections.push(`§${m[4]}`)
    else ids.push(...expand(m[1], m[2], m[3]))
    rest = rest.slice(m[0].length).trimStart()
  }
  return { ids, sections, unknown: ID_LIKE.exec(rest)?.[0] ?? null }
}

const list = (items: Iterable<Citation>) => {
  const byId = new Map<string, string[]>()
  for (const { id, where } of items) byId.set(id, [...(byId.get(id) ?? []), where])
  return [...byId].sort(([a], [b]) => a.localeCompare(b)).map(([id, w]) => `${id} (${w.slice(0, 3).join(', ')})`)
}

// ---- the checks ---------------------------------------------------------------------------------------------------

describe('docs/ documents every rule id and section the code uses', () => {
  const catalogue = readCatalogue()
  const known = new Set([...catalogue.documented.keys(), ...catalogue.planned])
  const tests = testNames()
  const fromTests = tests.map((t) => ({ t, ...leadingIds(t.name) }))
  const fromComments = commentCitations()

  it('docs/rules.md has one "### <id> <title>" heading per rule and a Planned section, each id once', () => {
    expect(catalogue.problems).toEqual([])
    expect(catalogue.documented.size).toBeGreaterThan(0)
    // The Planned section stays, empty or not: it is where the next designed rule goes first.
    expect(rulesMd.some((line) => /^## Planned/.test(line))).toBe(true)
  })

  it('every rule id a test name starts with is documented or planned', () => {
    const cited = fromTests.flatMap(({ t, ids }) => ids.map((id) => ({ id, where: t.where })))
    expect(cited.length).toBeGreaterThan(0)
    expect(list(cited.filter((c) => !known.has(c.id))), 'add these to docs/rules.md').toEqual([])
  })

  it('test names start with ids of known areas only', () => {
    const odd = fromTests.filter((x) => x.unknown).map(({ t, unknown }) => ({ id: unknown!, where: t.where }))
    expect(list(odd), `not a prefix of docs/README.md (${PREFIXES.join(', ')})`).toEqual([])
  })

  it('every rule id cited in a comment of spec/, sdk/, mock-server/ or components/ is documented or planned', () => {
    expect(fromComments.ids.length).toBeGreaterThan(0)
    expect(list(fromComments.ids.filter((c) => !known.has(c.id))), 'add these to docs/rules.md').toEqual([])
  })

  it('every documented rule has a test whose name starts with its id', () => {
    const tested = new Set(fromTests.filter(({ t }) => t.runs).flatMap(({ ids }) => ids))
    const untested = [...catalogue.documented.keys()].filter((id) => !tested.has(id))
    expect(untested, 'write a test named after each, or move it to Planned').toEqual([])
  })

  it('no planned rule has a test named after it (implemented rules belong in the catalogue)', () => {
    const early = fromTests.flatMap(({ t, ids }) =>
      ids.filter((id) => catalogue.planned.has(id)).map((id) => ({ id, where: t.where })),
    )
    expect(list(early), 'document these as "### <id> …" in docs/rules.md').toEqual([])
  })

  it('every § section a test name starts with, or a comment cites, has a heading in docs/', () => {
    const cited = [
      ...fromTests.flatMap(({ t, sections }) => sections.map((id) => ({ id, where: t.where }))),
      ...fromComments.sections,
    ]
    expect(cited.length).toBeGreaterThan(0)
    const missing = cited.filter((c) => !sectionHeadings.has(c.id.slice(1)))
    expect(list(missing), 'add a heading such as "## §5 …" to a page of docs/').toEqual([])
  })

  it('every problem code of spec/errors.ts and every CSV row code is documented', () => {
    const conventions = read('docs/conventions.md')
    const rules = rulesMd.join('\n')
    const missing = [
      ...Object.keys(problemCodes).filter((code) => !conventions.includes(`\`${code}\``)),
      ...IMPORT_ISSUE_CODES.filter((code) => !rules.includes(`\`${code}\``)),
    ]
    expect(missing, 'list them in docs/conventions.md (problem codes) or docs/rules.md (row codes)').toEqual([])
  })
})
