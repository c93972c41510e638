/**
 * The organisation tree of `<dj-org-tree>` as data, without the DOM: nodes linked to their parent and children,
 * the visible rows (what a tree view shows, depth first, children of open nodes only), opening and closing,
 * type-ahead, which moves are allowed (O1 depth, O3 cycles) and the changes the element applies before the
 * server answers, each returning the function that undoes it (optimistic update, rollback on error).
 *
 * The element owns what the DOM and the server need (focus, scrolling, dialogs, requests, events); everything
 * here runs in Node (test/components/org-tree-model.test.ts).
 */
import type { Schemas } from '@dj-customers/sdk'
import { fold } from '../shared/text.js'

type Organisation = Schemas['Organisation']
type OrganisationNode = Schemas['OrganisationNode']

/**
 * One organisation as the tree holds it: its record plus links, so that expanding, collapsing and moving
 * are pointer and splice operations, never a rebuild from the server's nested JSON.
 */
export interface TreeNode {
  /** Render key: stable while the node lives, even when a created organisation gets its server id. */
  key: number
  rec: Organisation
  parent: TreeNode | null
  children: TreeNode[]
  /** 1 for a top-level row (`aria-level`). */
  level: number
  /** 1-based place among its siblings (`aria-posinset`). */
  pos: number
  expanded: boolean
  /** Added in the tree, not yet created on the server. */
  draft: boolean
  /** Lower-cased, accent-free name for type-ahead (computed on first use). */
  folded: string | undefined
}

/** A destination of "Move to…": a node, or null for the top level, with the path shown for it. */
export interface MoveTarget {
  node: TreeNode | null
  label: string
}

/** Why a move is refused before any request: `same` (already there), `cycle` (O3), `depth` (O1), `draft` (unsaved). */
export type MoveRefusal = 'same' | 'cycle' | 'depth' | 'draft'

/** Puts a change back (see the optimistic changes of {@link TreeModel}). */
export type Undo = () => void

/** O1: organisations nest at most 10 deep; a move that would go deeper is refused before any request. */
export const MAX_DEPTH = 10
/** Keys typed within this many ms form one type-ahead string. */
export const TYPEAHEAD_MS = 750

/** The server's sibling order (name, then id), so that an optimistic change lands where a reload would put it. */
export const byName = (a: TreeNode, b: TreeNode) =>
  a.rec.name.localeCompare(b.rec.name) || (a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0)

/** The record without the server's nested `children` (stale once the tree changes). */
export const plain = (n: TreeNode): Organisation => {
  const { children: _, ...rec } = n.rec as Organisation & { children?: unknown }
  return rec
}

/** Levels a subtree spans (1 for a leaf). */
export const heightOf = (n: TreeNode): number => 1 + n.children.reduce((h, c) => Math.max(h, heightOf(c)), 0)

/** Organisations in a subtree, its root included. */
export const sizeOf = (n: TreeNode): number => n.children.reduce((s, c) => s + sizeOf(c), 1)

/** `inner` is `outer` or lies under it. */
export function within(inner: TreeNode | null, outer: TreeNode): boolean {
  for (let p = inner; p; p = p.parent) if (p === outer) return true
  return false
}

/** Why `node` may not go under `target` (null: top level), or undefined when it may. */
export function refusal(node: TreeNode, target: TreeNode | null): MoveRefusal | undefined {
  if (node.draft || target?.draft) return 'draft'
  if (target === node.parent) return 'same'
  if (within(target, node)) return 'cycle'
  if ((target ? target.level : 0) + heightOf(node) > MAX_DEPTH) return 'depth'
  return undefined
}

/** Upper-case slug of a name for an externalId: `Café du Nord` → `CAFE-DU-NORD`. */
export const slug = (s: string) =>
  fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toUpperCase()

/**
 * The default externalId of an organisation the user adds: `prefix` (the parent's externalId, or the account's),
 * the name's slug and a random suffix, within `^[A-Za-z0-9_.:-]{1,255}$`.
 */
export function defaultExternalId(name: string, prefix: string, random: () => number = Math.random): string {
  const suffix = random().toString(36).slice(2, 7).toUpperCase()
  return `${(prefix || 'ORG').slice(0, 180)}-${slug(name).slice(0, 60) || 'ORG'}-${suffix}`
}

/**
 * The row indices to render around the scroll position (`overscan` rows beyond each edge), plus the focused row
 * wherever it is, so that focus never sits on a row that is not in the DOM. All rows have `rowHeight`.
 */
export function windowOf(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewHeight: number,
  overscan: number,
  focused: number,
): number[] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan)
  const out: number[] = []
  for (let i = first; i < last; i++) out.push(i)
  if (focused >= 0 && (focused < first || focused >= last)) out.push(focused)
  return out
}

/** The scroll position that shows row `index` whole, moving as little as possible from `scrollTop`. */
export function scrollToShow(index: number, rowHeight: number, viewHeight: number, scrollTop: number): number {
  let s = scrollTop
  if (index * rowHeight < s) s = index * rowHeight
  else if ((index + 1) * rowHeight > s + viewHeight) s = (index + 1) * rowHeight - viewHeight
  return Math.max(0, s)
}

/** Appends the visible rows of `list` (depth first, children of expanded nodes only) to `out`. */
function collect(list: TreeNode[], out: TreeNode[]) {
  for (const n of list) {
    out.push(n)
    if (n.expanded && n.children.length) collect(n.children, out)
  }
}

function renumber(list: TreeNode[]) {
  for (let k = 0; k < list.length; k++) list[k].pos = k + 1
}

function setLevel(n: TreeNode, level: number) {
  n.level = level
  for (const c of n.children) setLevel(c, level + 1)
}

/**
 * The tree, its visible rows and the row that holds focus (`active`: the roving tab stop). Structure changes
 * (`replace`, the optimistic changes, `expandAll`…) recompute the rows; `expand` and `collapse` splice them.
 */
export class TreeModel {
  roots: TreeNode[] = []
  byId = new Map<string, TreeNode>()
  /** The visible rows, in order: what the tree would show without virtualisation. */
  rows: TreeNode[] = []
  /** The row with `tabindex="0"`. */
  active: TreeNode | undefined
  private nextKey = 0
  private typed = ''
  private typedAt = -Infinity

  /**
   * Replaces the tree with the server's. Levels up to `expandDepth` open, or, with `keep` (a reload of the same
   * account and user), the rows open before stay open and the focused row stays focused; else focus goes to
   * `selected` when it is there.
   */
  replace(list: OrganisationNode[], options: { expandDepth: number; keep: boolean; selected?: string }) {
    const open = options.keep ? new Set([...this.byId.values()].filter((n) => n.expanded).map((n) => n.rec.id)) : null
    const activeId = options.keep ? this.active?.rec.id : undefined
    this.byId = new Map()
    this.roots = this.build(list, null, 1, open, options.expandDepth)
    const { selected } = options
    this.active = (activeId && this.byId.get(activeId)) || (selected && this.byId.get(selected)) || undefined
    this.refresh()
  }

  private build(
    list: OrganisationNode[],
    parent: TreeNode | null,
    level: number,
    open: Set<string> | null,
    expandDepth: number,
  ): TreeNode[] {
    const out: TreeNode[] = new Array(list.length)
    for (let k = 0; k < list.length; k++) {
      const rec = list[k]
      const node: TreeNode = {
        key: this.nextKey++,
        rec,
        parent,
        children: [],
        level,
        pos: k + 1,
        expanded: open ? open.has(rec.id) : level <= expandDepth,
        draft: false,
        folded: undefined,
      }
      if (rec.children?.length) node.children = this.build(rec.children, node, level + 1, open, expandDepth)
      this.byId.set(rec.id, node)
      out[k] = node
    }
    return out
  }

  /** The list `node` belongs to: its parent's children, or the top level. */
  siblingsOf(node: TreeNode): TreeNode[] {
    return node.parent ? node.parent.children : this.roots
  }

  /**
   * Recomputes the visible rows after a change of structure (O(visible rows)). If the focused row is no longer
   * visible, focus goes to its nearest visible ancestor, else to the row now at its place.
   */
  refresh() {
    const old = this.active ? this.rows.indexOf(this.active) : 0
    const rows: TreeNode[] = []
    collect(this.roots, rows)
    this.rows = rows
    if (this.active && !rows.includes(this.active)) {
      let p = this.active.parent
      while (p && !rows.includes(p)) p = p.parent
      this.active = p ?? rows[Math.min(Math.max(old, 0), rows.length - 1)]
    }
    this.active ??= rows[0]
  }

  /** Opens `node`, splicing its newly visible rows in: no walk of the rest of the tree. False when nothing changed. */
  expand(node: TreeNode): boolean {
    if (node.expanded || !node.children.length) return false
    node.expanded = true
    const i = this.rows.indexOf(node)
    if (i < 0) return false
    const added: TreeNode[] = []
    collect(node.children, added)
    // concat, not splice(...added): a spread of 10,000 arguments is slow and near engines' argument limits.
    this.rows = this.rows.slice(0, i + 1).concat(added, this.rows.slice(i + 1))
    return true
  }

  /** Closes `node`, removing the run of deeper rows that follows it. False when nothing changed. */
  collapse(node: TreeNode): boolean {
    if (!node.expanded) return false
    node.expanded = false
    const i = this.rows.indexOf(node)
    if (i < 0) return false
    let j = i + 1
    while (j < this.rows.length && this.rows[j].level > node.level) j++
    this.rows.splice(i + 1, j - i - 1)
    return true
  }

  /** Opens every organisation that has children. */
  expandAll() {
    for (const n of this.byId.values()) n.expanded = n.children.length > 0
    this.refresh()
  }

  /** Closes every organisation. */
  collapseAll() {
    for (const n of this.byId.values()) n.expanded = false
    this.refresh()
  }

  /** Opens every sibling of `node` that has children (APG `*`). */
  expandSiblings(node: TreeNode) {
    for (const s of this.siblingsOf(node)) s.expanded = s.children.length > 0 || s.expanded
    this.refresh()
  }

  /** A type-ahead string is being typed: a key at time `at` (ms) would add to it. */
  typing(at: number): boolean {
    return at - this.typedAt < TYPEAHEAD_MS
  }

  /**
   * Type-ahead: the next visible node after row `from` whose name starts with the typed string; keys typed
   * within TYPEAHEAD_MS add to the string. The same letter typed again cycles through the nodes starting with it.
   */
  typeAhead(key: string, at: number, from: number): TreeNode | undefined {
    this.typed = this.typing(at) ? this.typed + key : key
    this.typedAt = at
    const q = fold(this.typed)
    const repeated = [...q].every((c) => c === q[0])
    const needle = repeated ? q[0] : q
    const rows = this.rows
    const start = repeated ? from + 1 : from
    for (let k = 0; k < rows.length; k++) {
      const n = rows[(start + k) % rows.length]
      if ((n.folded ??= fold(n.rec.name)).startsWith(needle)) return n
    }
    return undefined
  }

  /**
   * Every valid destination of `node`, in tree order: "top level" (`topLevel` is its label) unless it is there
   * already, never the node itself, one of its descendants (O3) or its current parent, never too deep (O1).
   * `filter` keeps the paths that contain it (case- and accent-insensitive); at most `max` are listed, `more`
   * counts the others.
   */
  targets(node: TreeNode, filter: string, topLevel: string, max: number): { targets: MoveTarget[]; more: number } {
    const q = fold(filter.trim())
    const height = heightOf(node)
    const targets: MoveTarget[] = []
    let more = 0
    const offer = (t: TreeNode | null, label: string) => {
      if (q && !fold(label).includes(q)) return
      if (targets.length < max) targets.push({ node: t, label })
      else more++
    }
    if (node.parent) offer(null, topLevel)
    const walk = (list: TreeNode[], path: string) => {
      for (const t of list) {
        // The node's own subtree is skipped as a whole: moving under it would make a cycle (O3).
        if (t === node || t.draft) continue
        const label = path ? `${path} › ${t.rec.name}` : t.rec.name
        if (t !== node.parent && t.level + height <= MAX_DEPTH) offer(t, label)
        walk(t.children, label)
      }
    }
    walk(this.roots, '')
    return { targets, more }
  }

  // ---- the optimistic changes: applied at once, each returning its undo ----

  /** A new, unnamed row under `parent` (null: top level), opened to and focused; created once it is named. */
  addDraft(parent: TreeNode | null): TreeNode {
    const rec = {
      id: `draft-${this.nextKey}`,
      externalId: '',
      accountId: parent?.rec.accountId ?? '',
      parentId: parent?.rec.id ?? null,
      name: '',
      status: 'ACTIVE',
      customFields: {},
      version: 0,
      createdAt: '',
      updatedAt: '',
    } as Organisation
    const node: TreeNode = {
      key: this.nextKey++,
      rec,
      parent,
      children: [],
      level: parent ? parent.level + 1 : 1,
      pos: 0,
      expanded: false,
      draft: true,
      folded: undefined,
    }
    const list = this.siblingsOf(node)
    list.push(node)
    renumber(list)
    this.byId.set(rec.id, node)
    if (parent) parent.expanded = true
    this.refresh()
    this.active = node
    return node
  }

  /** Removes a draft row (cancelled, or vetoed by the page); focus goes to its parent. */
  dropDraft(node: TreeNode) {
    this.detach(node)
    this.byId.delete(node.rec.id)
    if (this.active === node) this.active = node.parent ?? undefined
    this.refresh()
  }

  /** Names a draft row, which takes its place in name order. Undo removes it. */
  name(node: TreeNode, name: string, externalId: string): Undo {
    node.rec.externalId = externalId
    this.setName(node, name)
    return () => {
      this.detach(node)
      this.byId.delete(node.rec.id)
    }
  }

  /** Renames `node`, which moves to its place in name order. */
  rename(node: TreeNode, name: string): Undo {
    const old = node.rec.name
    this.setName(node, name)
    return () => this.setName(node, old)
  }

  /** Moves `node` under `target` (null: top level), which opens to show it. Check {@link refusal} first. */
  move(node: TreeNode, target: TreeNode | null): Undo {
    const from = node.parent
    const fromId = node.rec.parentId
    if (target) target.expanded = true
    this.attach(node, target)
    node.rec.parentId = target?.rec.id ?? null
    return () => {
      this.attach(node, from)
      node.rec.parentId = fromId
    }
  }

  /** Deletes `node` and its subtree. Undo puts them back and focuses `node`. */
  remove(node: TreeNode): Undo {
    const parent = node.parent
    this.detach(node)
    this.forget(node)
    return () => {
      this.attach(node, parent)
      this.remember(node)
      this.active = node
    }
  }

  /** The server's answer for `node`: its record (a created organisation gets its id), no longer a draft. */
  settle(node: TreeNode, answer: Organisation) {
    if (answer.id !== node.rec.id) {
      this.byId.delete(node.rec.id)
      this.byId.set(answer.id, node)
    }
    node.rec = answer
    node.draft = false
  }

  private setName(node: TreeNode, name: string) {
    node.rec.name = name
    node.folded = undefined
    this.attach(node, node.parent)
  }

  private detach(node: TreeNode) {
    const list = this.siblingsOf(node)
    const k = list.indexOf(node)
    if (k < 0) return
    list.splice(k, 1)
    renumber(list)
  }

  /** Puts `node` under `parent` (null: top level) at its place in name order. */
  private attach(node: TreeNode, parent: TreeNode | null) {
    this.detach(node)
    const list = parent ? parent.children : this.roots
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (byName(list[mid], node) < 0) lo = mid + 1
      else hi = mid
    }
    list.splice(lo, 0, node)
    renumber(list)
    node.parent = parent
    setLevel(node, parent ? parent.level + 1 : 1)
  }

  private forget(node: TreeNode) {
    this.byId.delete(node.rec.id)
    for (const c of node.children) this.forget(c)
  }

  private remember(node: TreeNode) {
    this.byId.set(node.rec.id, node)
    for (const c of node.children) this.remember(c)
  }
}
