/**
 * The tree model of `<dj-org-tree>` (components/org-tree/tree-model.ts), in Node: no browser, no DOM. The element's
 * browser tests (test/browser/org-tree.test.ts) check the same behaviour through the keyboard and the server; here
 * each rule is checked on its own, and a few properties over random trees: the rows `expand` and `collapse`
 * splice equal the rows computed afresh, and every optimistic change undone puts the tree back as it was.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Schemas } from '@dj-customers/sdk'
import {
  byName,
  defaultExternalId,
  MAX_DEPTH,
  refusal,
  scrollToShow,
  slug,
  TreeModel,
  TYPEAHEAD_MS,
  windowOf,
  type TreeNode,
} from '../../components/org-tree/tree-model.js'

type OrganisationNode = Schemas['OrganisationNode']
type Spec = [name: string, children?: Spec[]]

/** Server records from `[name, children]` specs: ids `o1`, `o2`… in depth-first order, siblings as given. */
function records(specs: Spec[]): OrganisationNode[] {
  let next = 0
  const make = (list: Spec[], parentId: string | null): OrganisationNode[] =>
    list.map(([name, children = []]) => {
      const id = `o${++next}`
      return {
        id,
        externalId: `EXT-${id}`,
        accountId: 'acc_1',
        parentId,
        name,
        status: 'ACTIVE',
        customFields: {},
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        children: make(children, id),
      }
    })
  return make(specs, null)
}

/**
 *   ACME Aerospace
 *     Launchers
 *     Satellites
 *       Research & Development
 *   ACME Industrial
 *     Robotics
 *     Tools
 */
const ACME: Spec[] = [
  ['ACME Aerospace', [['Launchers'], ['Satellites', [['Research & Development']]]]],
  ['ACME Industrial', [['Robotics'], ['Tools']]],
]

function tree(specs: Spec[] = ACME, expandDepth = 1) {
  const model = new TreeModel()
  model.replace(records(specs), { expandDepth, keep: false })
  return model
}

const named = (model: TreeModel, name: string) => {
  const node = [...model.byId.values()].find((n) => n.rec.name === name)
  if (!node) throw new Error(`no ${name}`)
  return node
}
/** The visible rows as an indented outline. */
const outline = (model: TreeModel) => model.rows.map((n) => `${'  '.repeat(n.level - 1)}${n.rec.name}`)
/** The whole tree, open or not, with what a rollback must restore (open state aside: see the properties below). */
const shape = (model: TreeModel) => {
  const walk = (list: TreeNode[]): unknown[] =>
    list.map((n) => ({
      id: n.rec.id,
      name: n.rec.name,
      parentId: n.rec.parentId,
      level: n.level,
      pos: n.pos,
      parent: n.parent?.rec.id ?? null,
      children: walk(n.children),
    }))
  return { roots: walk(model.roots), ids: [...model.byId.keys()].sort() }
}
/** The rows as `refresh` computes them from scratch. */
const freshRows = (model: TreeModel) => {
  const out: TreeNode[] = []
  const collect = (list: TreeNode[]) => {
    for (const n of list) {
      out.push(n)
      if (n.expanded) collect(n.children)
    }
  }
  collect(model.roots)
  return out
}

describe('building the tree from the server’s nested organisations', () => {
  it('opens the top level by default: the rows, their levels and their places among siblings', () => {
    const model = tree()
    expect(outline(model)).toEqual([
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      'ACME Industrial',
      '  Robotics',
      '  Tools',
    ])
    expect(model.rows.map((n) => [n.level, n.pos, model.siblingsOf(n).length])).toEqual([
      [1, 1, 2],
      [2, 1, 2],
      [2, 2, 2],
      [1, 2, 2],
      [2, 1, 2],
      [2, 2, 2],
    ])
    expect(model.byId.size).toBe(7)
    expect(model.active?.rec.name).toBe('ACME Aerospace')
  })

  it('expand-depth 0 shows the top level closed; 2 opens one level more', () => {
    expect(outline(tree(ACME, 0))).toEqual(['ACME Aerospace', 'ACME Industrial'])
    expect(outline(tree(ACME, 2))).toContain('    Research & Development')
  })

  it('a reload of the same tree keeps open rows open and the focused row focused', () => {
    const model = tree()
    model.expand(named(model, 'Satellites'))
    model.collapse(named(model, 'ACME Industrial'))
    model.active = named(model, 'Satellites')
    model.replace(records(ACME), { expandDepth: 1, keep: true })
    expect(outline(model)).toEqual([
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      '    Research & Development',
      'ACME Industrial',
    ])
    expect(model.active?.rec.name).toBe('Satellites')
  })

  it('another tree (another account or user) opens to expand-depth again, focus on the selected organisation if any', () => {
    const model = tree()
    model.expand(named(model, 'Satellites'))
    model.replace(records(ACME), { expandDepth: 1, keep: false, selected: 'o6' })
    expect(outline(model)).not.toContain('    Research & Development')
    expect(model.active?.rec.name).toBe('Robotics')
    model.replace([], { expandDepth: 1, keep: false })
    expect([model.rows, model.active, model.byId.size]).toEqual([[], undefined, 0])
  })
})

describe('opening and closing', () => {
  it('expand splices the children in, collapse takes the whole open subtree out', () => {
    const model = tree(ACME, 2)
    expect(model.collapse(named(model, 'ACME Aerospace'))).toBe(true)
    expect(outline(model)).toEqual(['ACME Aerospace', 'ACME Industrial', '  Robotics', '  Tools'])
    expect(model.expand(named(model, 'ACME Aerospace'))).toBe(true)
    // Satellites stayed open while its parent was closed.
    expect(outline(model).slice(0, 4)).toEqual([
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      '    Research & Development',
    ])
  })

  it('does nothing on a leaf, an open node (expand) or a closed one (collapse)', () => {
    const model = tree()
    const before = outline(model)
    expect(model.expand(named(model, 'Tools'))).toBe(false)
    expect(model.expand(named(model, 'ACME Industrial'))).toBe(false)
    expect(model.collapse(named(model, 'Satellites'))).toBe(false)
    expect(outline(model)).toEqual(before)
  })

  it('expandAll, collapseAll, and * (every sibling of a node)', () => {
    const model = tree(ACME, 0)
    model.expandSiblings(named(model, 'ACME Industrial'))
    expect(outline(model)).toHaveLength(6)
    model.expandAll()
    expect(outline(model)).toHaveLength(7)
    model.collapseAll()
    expect(outline(model)).toEqual(['ACME Aerospace', 'ACME Industrial'])
  })

  it('when the focused row is hidden, focus goes to its nearest visible ancestor', () => {
    const model = tree(ACME, 3)
    model.active = named(model, 'Research & Development')
    model.collapseAll()
    expect(model.active?.rec.name).toBe('ACME Aerospace')
  })

  it('property: after any sequence of expands and collapses, the spliced rows equal the rows computed afresh', () => {
    const model = tree(ACME, 0)
    const nodes = [...model.byId.values()]
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(nodes.length - 1)), { maxLength: 40 }), (steps) => {
        model.collapseAll()
        for (const [open, k] of steps) {
          if (open) model.expand(nodes[k])
          else model.collapse(nodes[k])
          expect(model.rows).toEqual(freshRows(model))
        }
      }),
    )
  })
})

describe('type-ahead (APG tree view: "type a character: focus moves to the next node whose name starts with it")', () => {
  const FRUIT: Spec[] = [['Apple'], ['Apricot'], ['Banana'], ['Éclair'], ['Elderberry']]

  it('a letter goes to the next row starting with it, the same letter again to the one after, wrapping round', () => {
    const model = tree(FRUIT)
    expect(model.typeAhead('a', 0, 0)?.rec.name).toBe('Apricot')
    expect(model.typeAhead('a', 100, 1)?.rec.name).toBe('Apple')
  })

  it('keys typed within 750 ms form a word; after a pause a key starts a new one', () => {
    const model = tree(FRUIT)
    expect(model.typeAhead('a', 0, 2)?.rec.name).toBe('Apple')
    expect(model.typeAhead('p', 100, 0)?.rec.name).toBe('Apple')
    expect(model.typeAhead('r', 200, 0)?.rec.name).toBe('Apricot')
    expect(model.typing(200 + TYPEAHEAD_MS - 1)).toBe(true)
    expect(model.typing(200 + TYPEAHEAD_MS)).toBe(false)
    expect(model.typeAhead('b', 200 + TYPEAHEAD_MS, 1)?.rec.name).toBe('Banana')
  })

  it('ignores case and accents, and finds nothing for a letter no name starts with', () => {
    const model = tree(FRUIT)
    expect(model.typeAhead('E', 0, 0)?.rec.name).toBe('Éclair')
    expect(model.typeAhead('z', 5000, 0)).toBeUndefined()
  })
})

describe('moves: refused before any request (O1 depth, O3 cycles)', () => {
  it('refuses the current parent (same), the node itself or a descendant (cycle), and drafts', () => {
    const model = tree()
    const satellites = named(model, 'Satellites')
    expect(refusal(satellites, named(model, 'ACME Aerospace'))).toBe('same')
    expect(refusal(named(model, 'ACME Aerospace'), null)).toBe('same')
    expect(refusal(satellites, satellites)).toBe('cycle')
    expect(refusal(named(model, 'ACME Aerospace'), named(model, 'Research & Development'))).toBe('cycle')
    expect(refusal(satellites, model.addDraft(null))).toBe('draft')
    expect(refusal(satellites, named(model, 'Tools'))).toBeUndefined()
    expect(refusal(satellites, null)).toBeUndefined()
  })

  it('refuses a move that would nest deeper than 10 levels', () => {
    // A chain L1 › L2 › … › L10, and a two-level branch beside it.
    const chain = (i: number): Spec => [`L${i}`, i < MAX_DEPTH ? [chain(i + 1)] : []]
    const model = tree([chain(1), ['Branch', [['Leaf']]]])
    expect(refusal(named(model, 'Branch'), named(model, 'L8'))).toBeUndefined()
    expect(refusal(named(model, 'Branch'), named(model, 'L9'))).toBe('depth')
    expect(refusal(named(model, 'Leaf'), named(model, 'L9'))).toBeUndefined()
  })

  it('"Move to…" lists every valid destination in tree order, with its path, and never the node’s own subtree', () => {
    const model = tree()
    const { targets, more } = model.targets(named(model, 'Satellites'), '', 'Top level', 100)
    expect(targets.map((t) => t.label)).toEqual([
      'Top level',
      'ACME Aerospace › Launchers',
      'ACME Industrial',
      'ACME Industrial › Robotics',
      'ACME Industrial › Tools',
    ])
    expect(more).toBe(0)
    // A top-level node is offered no "Top level".
    expect(model.targets(named(model, 'ACME Industrial'), '', 'Top level', 100).targets.map((t) => t.label)).toEqual([
      'ACME Aerospace',
      'ACME Aerospace › Launchers',
      'ACME Aerospace › Satellites',
      'ACME Aerospace › Satellites › Research & Development',
    ])
  })

  it('"Move to…" narrows to the paths holding the typed text (case and accents aside) and counts what it leaves out', () => {
    const model = tree()
    const tools = named(model, 'Tools')
    expect(model.targets(tools, ' aerospace ', 'Top level', 100).targets.map((t) => t.node?.rec.name)).toEqual([
      'ACME Aerospace',
      'Launchers',
      'Satellites',
      'Research & Development',
    ])
    expect(model.targets(tools, 'RÉSEARCH', 'Top level', 100).targets).toHaveLength(1)
    expect(model.targets(tools, '', 'Top level', 2)).toMatchObject({ targets: [{}, {}], more: 4 })
  })
})

describe('optimistic changes and their rollback', () => {
  it('rename moves the organisation to its place in name order; undo puts name and place back', () => {
    const model = tree()
    const before = shape(model)
    const undo = model.rename(named(model, 'Tools'), 'Assembly')
    model.refresh()
    expect(outline(model).slice(3)).toEqual(['ACME Industrial', '  Assembly', '  Robotics'])
    expect(named(model, 'Assembly').pos).toBe(1)
    undo()
    expect(shape(model)).toEqual(before)
  })

  it('move puts the subtree under its new parent (opened), levels and parentId follow; undo restores all', () => {
    const model = tree()
    const before = shape(model)
    const undo = model.move(named(model, 'Satellites'), named(model, 'Tools'))
    model.refresh()
    expect(outline(model)).toEqual([
      'ACME Aerospace',
      '  Launchers',
      'ACME Industrial',
      '  Robotics',
      '  Tools',
      '    Satellites',
    ])
    expect(named(model, 'Research & Development').level).toBe(4)
    expect(named(model, 'Satellites').rec.parentId).toBe(named(model, 'Tools').rec.id)
    undo()
    expect(shape(model)).toEqual(before)
  })

  it('remove takes the subtree out of the tree and the index; undo brings it back, focused', () => {
    const model = tree()
    const before = shape(model)
    const aerospace = named(model, 'ACME Aerospace')
    const undo = model.remove(aerospace)
    model.refresh()
    expect(outline(model)).toEqual(['ACME Industrial', '  Robotics', '  Tools'])
    expect(model.byId.has('o4')).toBe(false)
    undo()
    model.refresh()
    expect(shape(model)).toEqual(before)
    expect(model.active).toBe(aerospace)
  })

  it('a new organisation: a draft row under its parent (opened, focused), named in place, then the server’s record', () => {
    const model = tree(ACME, 0)
    const industrial = named(model, 'ACME Industrial')
    const draft = model.addDraft(industrial)
    expect([draft.draft, draft.level, model.active, industrial.expanded]).toEqual([true, 2, draft, true])
    expect(outline(model).at(-1)).toBe('  ')
    model.name(draft, 'Packaging', 'ACME-PACKAGING-X')
    model.refresh()
    expect(outline(model).slice(1)).toEqual(['ACME Industrial', '  Packaging', '  Robotics', '  Tools'])
    expect(draft.rec.externalId).toBe('ACME-PACKAGING-X')
    model.settle(draft, { ...draft.rec, id: 'o99', version: 1 })
    expect([model.byId.get('o99'), draft.draft, model.byId.has(`draft-${draft.key}`)]).toEqual([draft, false, false])
  })

  it('a new organisation the server refused goes: undoing its naming removes the row', () => {
    const model = tree()
    const draft = model.addDraft(null)
    const undo = model.name(draft, 'Zeta', 'ZETA-1')
    model.refresh()
    expect(outline(model).at(-1)).toBe('Zeta')
    undo()
    model.refresh()
    expect([outline(model).includes('Zeta'), model.byId.has(draft.rec.id)]).toEqual([false, false])
  })

  it('a cancelled draft goes, and focus goes to its parent', () => {
    const model = tree()
    const robotics = named(model, 'Robotics')
    const draft = model.addDraft(robotics)
    model.dropDraft(draft)
    expect([model.active, robotics.children, model.byId.size]).toEqual([robotics, [], 7])
  })

  /** Random trees of ≤ 12 organisations, siblings in the server's order (name, then id). */
  const randomTree = fc
    .array(fc.tuple(fc.nat(), fc.constantFrom('Alpha', 'beta', 'Gamma', 'delta', 'Éta', 'Zeta', 'alpha')), {
      minLength: 1,
      maxLength: 12,
    })
    .map((items) => {
      // Item k hangs under an earlier item (or the top level): always a tree.
      const specs: { name: string; children: Spec[] }[] = []
      const roots: Spec[] = []
      items.forEach(([p, name], k) => {
        const node: Spec = [name, []]
        specs.push({ name, children: node[1]! })
        const parent = p % (k + 1)
        if (parent === k) roots.push(node)
        else specs[parent].children.push(node)
      })
      const model = new TreeModel()
      model.replace(records(roots), { expandDepth: 10, keep: false })
      // Siblings as the server sends them: in name order.
      const sort = (list: TreeNode[]) => {
        list.sort(byName)
        list.forEach((n, k) => {
          n.pos = k + 1
          sort(n.children)
        })
      }
      sort(model.roots)
      model.refresh()
      return model
    })

  it('property: any sequence of renames, valid moves and removes, undone in reverse order, restores the tree', () => {
    const step = fc.tuple(
      fc.constantFrom('rename', 'move', 'remove'),
      fc.nat(),
      fc.nat(),
      fc.constantFrom('Aa', 'Mm', 'zz'),
    )
    fc.assert(
      fc.property(randomTree, fc.array(step, { maxLength: 8 }), (model, steps) => {
        const before = shape(model)
        const undos: (() => void)[] = []
        for (const [kind, a, b, name] of steps) {
          const nodes = [...model.byId.values()]
          if (!nodes.length) break
          const node = nodes[a % nodes.length]
          if (kind === 'rename') undos.push(model.rename(node, name))
          else if (kind === 'remove') undos.push(model.remove(node))
          else {
            const target = b % (nodes.length + 1) === nodes.length ? null : nodes[b % (nodes.length + 1)]
            if (!refusal(node, target)) undos.push(model.move(node, target))
          }
          model.refresh()
          // Between changes the tree stays consistent: places, levels and parents agree, the index holds the tree.
          const seen: string[] = []
          const check = (list: TreeNode[], parent: TreeNode | null, level: number) =>
            list.forEach((n, k) => {
              expect([n.pos, n.level, n.parent]).toEqual([k + 1, level, parent])
              expect(model.byId.get(n.rec.id)).toBe(n)
              seen.push(n.rec.id)
              check(n.children, n, level + 1)
            })
          check(model.roots, null, 1)
          expect(seen.sort()).toEqual([...model.byId.keys()].sort())
          expect(model.rows).toEqual(freshRows(model))
        }
        for (const undo of undos.reverse()) undo()
        expect(shape(model)).toEqual(before)
      }),
      { numRuns: 200 },
    )
  })
})

describe('windowing and externalIds', () => {
  it('renders the rows around the scroll position, plus the focused row wherever it is', () => {
    // 32 px rows, a 320 px viewport scrolled to row 100, 8 rows of overscan: rows 92–117.
    const rows = windowOf(1000, 32, 3200, 320, 8, 500)
    expect([rows[0], rows.at(-2), rows.at(-1), rows.length]).toEqual([92, 117, 500, 27])
    expect(windowOf(5, 32, 0, 320, 8, 2)).toEqual([0, 1, 2, 3, 4])
    expect(windowOf(0, 32, 0, 320, 8, -1)).toEqual([])
  })

  it('scrolls as little as possible to show a row whole', () => {
    expect(scrollToShow(10, 32, 320, 0)).toBe(32)
    expect(scrollToShow(10, 32, 320, 1000)).toBe(320)
    expect(scrollToShow(10, 32, 320, 100)).toBe(100)
  })

  it('a new organisation’s externalId: prefix, slug of its name, random suffix, within the pattern', () => {
    const id = defaultExternalId('Café du Nord', 'ACME', () => 0.123456789)
    expect(id).toMatch(/^ACME-CAFE-DU-NORD-[0-9A-Z]{1,5}$/)
    expect(defaultExternalId('???', '', () => 0.5)).toMatch(/^ORG-ORG-/)
    expect(defaultExternalId('x'.repeat(300), 'P'.repeat(300))).toMatch(/^[A-Za-z0-9_.:-]{1,255}$/)
    expect(slug('  Été — 2026 ')).toBe('ETE-2026')
  })
})
