/**
 * Every string `<dj-tag-picker>` shows, in English and French. The element picks a table by its `lang`
 * (or the nearest `lang` around it); unknown languages fall back to English.
 */
import { messagesLookup } from '../shared/locale.js'

export interface TagPickerMessages {
  label: string
  placeholder: string
  chips: string
  remove: (name: string) => string
  restore: (name: string) => string
  added: string
  removed: string
  unknown: string
  create: (text: string) => string
  noMatch: string
  empty: string
  loading: string
  error: string
  retry: string
  save: string
  reset: string
  saving: string
  saved: string
  pending: (n: number) => string
  conflict: string
  theirAdded: string
  theirRemoved: string
  conflictHint: string
  createError: string
  saveError: string
  hint: string
  /** Why the tags cannot be changed: the operator's level is Reader (OP2). */
  readerOnly: string
  /** Why the tags cannot be changed: who is using the picker could not be read (OP7), so nothing is offered. */
  unchecked: string
  /** After "no matching tag" when `allow-create` is set but the operator is not an Admin (A6). */
  createAdminOnly: string
  /** What to do when a save was refused while unknown tags were staged (A7: the whole change is refused). */
  unknownRefused: (names: string) => string
}

const en: TagPickerMessages = {
  label: 'Customer tags',
  placeholder: 'Add a tag',
  chips: 'Selected tags',
  remove: (n) => `Remove ${n}`,
  restore: (n) => `Keep ${n}`,
  added: 'to add',
  removed: 'to remove',
  unknown: 'unknown tag',
  create: (t) => `Create tag “${t}”`,
  noMatch: 'No matching tag',
  empty: 'No tags.',
  loading: 'Loading tags…',
  error: 'The tags could not be loaded.',
  retry: 'Retry',
  save: 'Save',
  reset: 'Reset',
  saving: 'Saving…',
  saved: 'Tags saved.',
  pending: (n) => (n === 1 ? '1 unsaved change' : `${n} unsaved changes`),
  conflict: 'Someone else changed these tags meanwhile. Nothing was saved.',
  theirAdded: 'They added:',
  theirRemoved: 'They removed:',
  conflictHint: 'Your changes are kept on top of theirs: check them and save again.',
  createError: 'The tag could not be created.',
  saveError: 'The tags could not be saved.',
  hint: 'Arrow keys choose a tag, Enter adds it, Backspace removes the last one.',
  readerOnly:
    'You can see these tags but not change them: your access is read-only. Ask an administrator if you need to.',
  unchecked: 'Your permissions could not be checked, so the tags cannot be changed here. Reload the page to try again.',
  createAdminOnly: 'Only an administrator can create a tag.',
  unknownRefused: (names) => `These tags do not exist: ${names}. Remove them, then save again.`,
}

const fr: TagPickerMessages = {
  label: 'Étiquettes client',
  placeholder: 'Ajouter une étiquette',
  chips: 'Étiquettes choisies',
  remove: (n) => `Retirer ${n}`,
  restore: (n) => `Garder ${n}`,
  added: 'à ajouter',
  removed: 'à retirer',
  unknown: 'étiquette inconnue',
  create: (t) => `Créer l’étiquette « ${t} »`,
  noMatch: 'Aucune étiquette ne correspond',
  empty: 'Aucune étiquette.',
  loading: 'Chargement des étiquettes…',
  error: 'Impossible de charger les étiquettes.',
  retry: 'Réessayer',
  save: 'Enregistrer',
  reset: 'Annuler les modifications',
  saving: 'Enregistrement…',
  saved: 'Étiquettes enregistrées.',
  pending: (n) => (n <= 1 ? `${n} modification non enregistrée` : `${n} modifications non enregistrées`),
  conflict: 'Quelqu’un d’autre a modifié ces étiquettes entre-temps. Rien n’a été enregistré.',
  theirAdded: 'Ajoutées :',
  theirRemoved: 'Retirées :',
  conflictHint: 'Vos modifications sont conservées par-dessus les leurs : vérifiez-les et enregistrez à nouveau.',
  createError: 'Impossible de créer l’étiquette.',
  saveError: 'Impossible d’enregistrer les étiquettes.',
  hint: 'Les flèches choisissent une étiquette, Entrée l’ajoute, Retour arrière retire la dernière.',
  readerOnly:
    'Vous pouvez voir ces étiquettes mais pas les modifier : votre accès est en lecture seule. Demandez à un administrateur si besoin.',
  unchecked:
    'Vos droits n’ont pas pu être vérifiés : les étiquettes ne peuvent pas être modifiées ici. Rechargez la page pour réessayer.',
  createAdminOnly: 'Seul un administrateur peut créer une étiquette.',
  unknownRefused: (names) => `Ces étiquettes n’existent pas : ${names}. Retirez-les, puis enregistrez à nouveau.`,
}

export const messages: Record<string, TagPickerMessages> = { en, fr }

/** The messages for a BCP 47 language tag (`fr`, `fr-CA` → French), English otherwise. */
export const messagesFor = messagesLookup(messages, en)
