/**
 * Every string `<dj-operator-table>` shows, in English and French. The element picks a table by its `lang`
 * (or the nearest `lang` around it); unknown languages fall back to English.
 */
import { messagesLookup } from '../shared/locale.js'

export interface OperatorTableMessages {
  caption: string
  search: string
  searchPlaceholder: string
  filters: string
  status: string
  groups: string
  stores: string
  /** The operator has no store assigned (OP3): nothing to filter by. */
  noStores: string
  columns: string
  values: Record<string, string>
  fields: Record<string, string>
  /** The result count; `shown` is `n` written for the language (`1 234`). */
  count: (n: number, shown: string) => string
  loading: string
  empty: string
  error: string
  retry: string
  paging: string
  first: string
  previous: string
  next: string
  last: string
  /** The rows shown and the total, numbers already written for the language: `1–25 of 65`. */
  range: (from: string, to: string, total: string) => string
  pageSize: string
  /** Extra text for a sort level other than the first (the first one is announced through `aria-sort`). */
  sortLevel: (level: number, descending: boolean) => string
  sortHint: string
}

const en: OperatorTableMessages = {
  caption: 'Operators',
  search: 'Search',
  searchPlaceholder: 'Name or email',
  filters: 'Filters',
  status: 'Status',
  groups: 'Groups',
  stores: 'Stores',
  noStores: 'No store is assigned to you.',
  columns: 'Columns',
  values: { ACTIVE: 'Active', INACTIVE: 'Inactive', Admin: 'Admin', User: 'User', Reader: 'Reader' },
  fields: {
    id: 'Id',
    externalId: 'External id',
    email: 'Email',
    civility: 'Civility',
    firstName: 'First name',
    lastName: 'Last name',
    fullName: 'Name',
    locale: 'Locale',
    status: 'Status',
    groups: 'Groups',
    storeIds: 'Stores',
    createdAt: 'Created',
    updatedAt: 'Updated',
  },
  count: (n, shown) => (n === 1 ? '1 operator' : `${shown} operators`),
  loading: 'Loading operators…',
  empty: 'No operator matches these criteria.',
  error: 'The operators could not be loaded.',
  retry: 'Retry',
  paging: 'Pages',
  first: 'First page',
  previous: 'Previous page',
  next: 'Next page',
  last: 'Last page',
  range: (from, to, total) => `${from}–${to} of ${total}`,
  pageSize: 'Rows per page',
  sortLevel: (level, desc) => `sort level ${level}, ${desc ? 'descending' : 'ascending'}`,
  sortHint: 'Shift+click or Shift+Enter adds a sort level.',
}

const fr: OperatorTableMessages = {
  caption: 'Opérateurs',
  search: 'Rechercher',
  searchPlaceholder: 'Nom ou e-mail',
  filters: 'Filtres',
  status: 'Statut',
  groups: 'Groupes',
  stores: 'Magasins',
  noStores: 'Aucun magasin ne vous est attribué.',
  columns: 'Colonnes',
  values: { ACTIVE: 'Actif', INACTIVE: 'Inactif', Admin: 'Administrateur', User: 'Utilisateur', Reader: 'Lecteur' },
  fields: {
    id: 'Identifiant',
    externalId: 'Identifiant externe',
    email: 'E-mail',
    civility: 'Civilité',
    firstName: 'Prénom',
    lastName: 'Nom de famille',
    fullName: 'Nom',
    locale: 'Langue',
    status: 'Statut',
    groups: 'Groupes',
    storeIds: 'Magasins',
    createdAt: 'Créé le',
    updatedAt: 'Modifié le',
  },
  count: (n, shown) => (n <= 1 ? `${shown} opérateur` : `${shown} opérateurs`),
  loading: 'Chargement des opérateurs…',
  empty: 'Aucun opérateur ne correspond à ces critères.',
  error: 'Impossible de charger les opérateurs.',
  retry: 'Réessayer',
  paging: 'Pages',
  first: 'Première page',
  previous: 'Page précédente',
  next: 'Page suivante',
  last: 'Dernière page',
  range: (from, to, total) => `${from}–${to} sur ${total}`,
  pageSize: 'Lignes par page',
  sortLevel: (level, desc) => `tri de niveau ${level}, ${desc ? 'décroissant' : 'croissant'}`,
  sortHint: 'Maj+clic ou Maj+Entrée ajoute un niveau de tri.',
}

export const messages: Record<string, OperatorTableMessages> = { en, fr }

/** The messages for a BCP 47 language tag (`fr`, `fr-CA` → French), English otherwise. */
export const messagesFor = messagesLookup(messages, en)
