/**
 * Which language an element speaks, and its strings in that language (docs/components.md §4: every string localisable,
 * English and French shipped). Each element keeps its own message tables; the lookup is the same for all four.
 */

/** The primary language subtag, lower-cased, which picks a message table: `fr-CA` → `fr`; `en` when none. */
export function primaryLanguage(tag: string | null | undefined): string {
  return (tag || 'en').toLowerCase().split('-')[0]
}

/**
 * An element's public `messagesFor`: the table of `tables` for a BCP 47 language tag (`fr`, `fr-CA` → `fr`), else
 * `fallback` (English). `tables` is read at each call, so a page may add a language or replace a table.
 */
export function messagesLookup<M>(tables: Record<string, M>, fallback: M): (lang: string | null | undefined) => M {
  return (lang) => tables[primaryLanguage(lang)] ?? fallback
}

/**
 * The language `element` speaks: its own `lang`, else the nearest `lang` around it, else the document's. Read
 * when needed rather than kept: a page can change an ancestor's `lang` without the element being told.
 */
export function languageOf(element: HTMLElement): string {
  return element.lang || element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang
}

/**
 * An element's language and its messages in that language. `messagesFor` is the element's own (public) lookup,
 * so a page that replaced one of its tables sees it used. Nothing to do at any point of the element's
 * lifecycle (the language is read when asked), hence a helper the element holds rather than a controller.
 *
 * @example
 * ```ts
 * private locale = new Locale(this, messagesFor)
 * render() { const m = this.locale.messages … }
 * ```
 */
export class Locale<M> {
  constructor(
    private readonly host: HTMLElement,
    private readonly messagesFor: (tag: string) => M,
  ) {}

  /** The language tag in effect now (`fr-CA`, `en`…; empty when none is set anywhere). */
  get language(): string {
    return languageOf(this.host)
  }

  /** The messages in that language. Walks up the tree for `lang`: read it once per render, not once per row. */
  get messages(): M {
    return this.messagesFor(this.language)
  }

  /** `n` written for the language: `20 000` in French, `20,000` in English. */
  number(n: number): string {
    return formatNumber(n, this.language)
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>()

/** `n` written for the BCP 47 language `tag` (`fr` → `20 000`; `en` when none or unknown to the browser). */
export function formatNumber(n: number, tag: string | null | undefined): string {
  const key = tag || 'en'
  let format = numberFormats.get(key)
  if (!format) {
    try {
      format = new Intl.NumberFormat(key)
    } catch {
      format = new Intl.NumberFormat('en')
    }
    numberFormats.set(key, format)
  }
  return format.format(n)
}
