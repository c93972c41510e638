/**
 * Every string `<dj-org-tree>` shows or announces, in English and French. The element picks a table by its
 * `lang` (or the nearest `lang` around it); unknown languages fall back to English.
 */
import { messagesLookup } from '../shared/locale.js'

export interface OrgTreeMessages {
  tree: string
  hint: string
  hintReadonly: string
  actions: (name: string) => string
  add: string
  addRoot: string
  rename: string
  move: string
  delete: string
  loading: string
  /** `shown`: `n` written for the language (`1,234`, `1 234`). */
  count: (n: number, shown: string) => string
  empty: string
  error: string
  retry: string
  dismiss: string
  saving: string
  busy: string
  newName: (name: string) => string
  newChild: (parent: string | null) => string
  added: (name: string) => string
  renamed: (from: string, to: string) => string
  moved: (name: string, to: string | null) => string
  deleted: (name: string) => string
  addError: string
  renameError: string
  moveError: string
  deleteError: string
  undone: string
  refused: string
  deleteTitle: (name: string) => string
  deleteBody: string
  cascade: (children: number, shown: string) => string
  hasDependents: string
  hasDependentsHow: string
  nameTaken: string
  dropRoot: string
  /** Why the user cannot change the tree (see `DjOrgTree.readonlyReason`); the host's `readonly` needs no sentence. */
  reasons: { reader: string; 'not-admin': string; unknown: string }
  cancel: string
  confirmDelete: string
  moveTitle: (name: string) => string
  filter: string
  destinations: string
  topLevel: string
  moveHint: string
  noTarget: string
  more: (n: number, shown: string) => string
  confirmMove: string
}

const en: OrgTreeMessages = {
  tree: 'Organisations',
  hint:
    'Arrow keys move between organisations, Right and Left open and close, * opens every sibling, typing a name jumps to it, Enter selects. ' +
    'F2 renames, Insert adds a sub-organisation, Delete deletes, Control+M moves to another place.',
  hintReadonly:
    'Arrow keys move between organisations, Right and Left open and close, * opens every sibling, typing a name jumps to it, Enter selects.',
  actions: (n) => `Actions for ${n}`,
  add: 'Add sub-organisation',
  addRoot: 'Add top-level organisation',
  rename: 'Rename',
  move: 'Move to…',
  delete: 'Delete',
  loading: 'Loading organisations…',
  count: (n, shown) => (n === 1 ? '1 organisation.' : `${shown} organisations.`),
  empty: 'No organisations yet.',
  error: 'The organisations could not be loaded.',
  retry: 'Retry',
  dismiss: 'Dismiss',
  saving: 'Saving…',
  busy: 'Please wait: the previous change is still being saved.',
  newName: (n) => `New name for ${n}`,
  newChild: (p) => (p ? `Name of the new sub-organisation of ${p}` : 'Name of the new top-level organisation'),
  added: (n) => `${n} added.`,
  renamed: (from, to) => `${from} renamed to ${to}.`,
  moved: (n, to) => (to ? `${n} moved under ${to}.` : `${n} moved to the top level.`),
  deleted: (n) => `${n} deleted.`,
  addError: 'The organisation could not be added.',
  renameError: 'The organisation could not be renamed.',
  moveError: 'The organisation could not be moved.',
  deleteError: 'The organisation could not be deleted.',
  undone: 'The change was undone.',
  refused:
    'An organisation cannot move there: not under itself or one of its sub-organisations, nor deeper than 10 levels.',
  deleteTitle: (n) => `Delete “${n}”?`,
  deleteBody: 'This cannot be undone.',
  cascade: (c, shown) =>
    c
      ? `Also delete its ${c === 1 ? 'sub-organisation' : `${shown} sub-organisations`} and detach its members`
      : 'Also detach its members, if it has any',
  hasDependents: 'It was not deleted: it still has sub-organisations or members.',
  hasDependentsHow:
    'To delete it anyway, tick the box below, then choose Delete again: its sub-organisations are deleted with it and its members are detached.',
  nameTaken: 'Another organisation at the same level already has this name. Choose another name.',
  dropRoot: 'Drop here to move it to the top level',
  reasons: {
    reader: 'Your access is read-only: only operators with the User or Admin level can change organisations.',
    'not-admin': 'Only company administrators can change the organisation.',
    unknown: 'Your rights could not be checked, so changes are turned off for now.',
  },
  cancel: 'Cancel',
  confirmDelete: 'Delete',
  moveTitle: (n) => `Move “${n}” to…`,
  filter: 'Find a destination',
  destinations: 'Destinations',
  topLevel: 'Top level',
  moveHint:
    'Up and Down choose a destination, Enter moves. The organisation itself and its sub-organisations are not offered.',
  noTarget: 'No matching destination',
  more: (_, shown) => `${shown} more: type to narrow the list.`,
  confirmMove: 'Move',
}

const fr: OrgTreeMessages = {
  tree: 'Organisations',
  hint:
    'Les flèches passent d’une organisation à l’autre, Droite et Gauche ouvrent et ferment, * ouvre toutes les sœurs, taper un nom y mène, Entrée sélectionne. ' +
    'F2 renomme, Inser ajoute une sous-organisation, Suppr supprime, Contrôle+M déplace ailleurs.',
  hintReadonly:
    'Les flèches passent d’une organisation à l’autre, Droite et Gauche ouvrent et ferment, * ouvre toutes les sœurs, taper un nom y mène, Entrée sélectionne.',
  actions: (n) => `Actions pour ${n}`,
  add: 'Ajouter une sous-organisation',
  addRoot: 'Ajouter une organisation de premier niveau',
  rename: 'Renommer',
  move: 'Déplacer vers…',
  delete: 'Supprimer',
  loading: 'Chargement des organisations…',
  count: (n, shown) => `${shown} organisation${n <= 1 ? '' : 's'}.`,
  empty: 'Aucune organisation pour l’instant.',
  error: 'Impossible de charger les organisations.',
  retry: 'Réessayer',
  dismiss: 'Fermer',
  saving: 'Enregistrement…',
  busy: 'Veuillez patienter : la modification précédente est en cours d’enregistrement.',
  newName: (n) => `Nouveau nom de ${n}`,
  newChild: (p) =>
    p ? `Nom de la nouvelle sous-organisation de ${p}` : 'Nom de la nouvelle organisation de premier niveau',
  added: (n) => `${n} ajoutée.`,
  renamed: (from, to) => `${from} renommée en ${to}.`,
  moved: (n, to) => (to ? `${n} déplacée sous ${to}.` : `${n} déplacée au premier niveau.`),
  deleted: (n) => `${n} supprimée.`,
  addError: 'Impossible d’ajouter l’organisation.',
  renameError: 'Impossible de renommer l’organisation.',
  moveError: 'Impossible de déplacer l’organisation.',
  deleteError: 'Impossible de supprimer l’organisation.',
  undone: 'La modification a été annulée.',
  refused:
    'Une organisation ne peut pas aller là : ni sous elle-même ou l’une de ses sous-organisations, ni à plus de 10 niveaux.',
  deleteTitle: (n) => `Supprimer « ${n} » ?`,
  deleteBody: 'Cette action est définitive.',
  cascade: (c, shown) =>
    c
      ? `Supprimer aussi ${c === 1 ? 'sa sous-organisation' : `ses ${shown} sous-organisations`} et détacher ses membres`
      : 'Détacher aussi ses membres, s’il en a',
  hasDependents: 'Elle n’a pas été supprimée : elle a encore des sous-organisations ou des membres.',
  hasDependentsHow:
    'Pour la supprimer quand même, cochez la case ci-dessous puis choisissez à nouveau Supprimer : ses sous-organisations sont supprimées avec elle et ses membres détachés.',
  nameTaken: 'Une autre organisation du même niveau porte déjà ce nom. Choisissez un autre nom.',
  dropRoot: 'Déposer ici pour la placer au premier niveau',
  reasons: {
    reader:
      'Votre accès est en lecture seule : seuls les opérateurs de niveau Utilisateur ou Administrateur peuvent modifier les organisations.',
    'not-admin': 'Seuls les administrateurs de l’entreprise peuvent modifier l’organisation.',
    unknown: 'Vos droits n’ont pas pu être vérifiés : les modifications sont désactivées pour l’instant.',
  },
  cancel: 'Annuler',
  confirmDelete: 'Supprimer',
  moveTitle: (n) => `Déplacer « ${n} » vers…`,
  filter: 'Chercher une destination',
  destinations: 'Destinations',
  topLevel: 'Premier niveau',
  moveHint:
    'Haut et Bas choisissent une destination, Entrée déplace. L’organisation elle-même et ses sous-organisations ne sont pas proposées.',
  noTarget: 'Aucune destination ne correspond',
  more: (_, shown) => `${shown} de plus : tapez pour réduire la liste.`,
  confirmMove: 'Déplacer',
}

export const messages: Record<string, OrgTreeMessages> = { en, fr }

/** The messages for a BCP 47 language tag (`fr`, `fr-CA` → French), English otherwise. */
export const messagesFor = messagesLookup(messages, en)
