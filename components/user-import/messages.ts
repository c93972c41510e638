/**
 * The element's own strings, in English and French. The element picks a table by its `lang` (or the nearest
 * `lang` around it); unknown languages fall back to English.
 *
 * What the user reads about the rows and the file (a cell's problem, why a file cannot be read) is not here: the
 * SDK's rules and the server speak English with codes (`F-E-004`, `SINGLE_COLUMN`…), written for developers, and
 * the sentences for users live with the rules, in the import module (`csvSentences`, `csvIssueSentence`,
 * `csvReadSentence` in `@dj-customers/sdk/import`), which the element loads only when an import starts. Its engine
 * sends each issue back with its sentence in the element's language; the codes go to the events' details.
 */
import { messagesLookup } from '../shared/locale.js'

export interface ImportCounts {
  created: number
  updated: number
  deleted: number
  failed: number
}

export interface UserImportMessages {
  drop: string
  choose: string
  template: string
  reading: string
  fileRows: (n: string) => string
  delimiter: string
  /** The delimiters offered: comma, semicolon. */
  delimiters: [string, string]
  encoding: string
  /** The encodings offered: UTF-8 (with a BOM, when the file has one), Windows-1252. */
  encodings: [string, string, string]
  detected: string
  readError: string
  retry: string
  columns: string
  /** The headings of the mapping table: the column in the file, its first value, the field it is imported as, notes. */
  mappingHeadings: [string, string, string, string]
  ignore: string
  customField: (id: string) => string
  fieldFor: (header: string) => string
  guessed: string
  guessedHint: string
  confirm: string
  confirmAll: string
  usedBy: (header: string) => string
  taken: (field: string, header: string) => string
  unknownColumn: string
  suggestion: (field: string) => string
  ignored: string
  reportColumn: string
  missing: (fields: string) => string
  rows: string
  summary: (rows: string, failed: string) => string
  errorsOnly: string
  rowsHint: string
  line: string
  rowIssues: string
  cell: (line: number, header: string) => string
  rowDetails: (line: number, n: number) => string
  noErrors: string
  job: string
  stores: string
  storesHint: string
  check: string
  import: string
  importHint: string
  checking: string
  importing: string
  saving: string
  dryRunTitle: string
  reportTitle: string
  /** The labels of a dry run's counts: created, updated, deleted, failed ("to create", "to update"…). */
  wouldCounts: [string, string, string, string]
  /** The labels of an import's counts: created, updated, deleted, failed ("created", "updated"…). */
  counts: [string, string, string, string]
  progress: (processed: string, total: string) => string
  failedRows: string
  more: (n: string) => string
  downloadReport: string
  importAnother: string
  confirmText: (ok: string, skipped: string) => string
  confirmImport: (ok: string) => string
  cancel: string
  jobFailed: string
  jobFailedReason: string
  requestFailed: string
  forbidden: string
  unknownStores: string
  editStores: string
  useDelimiter: (delimiter: string) => string
  chooseAnother: string
  noClient: string
  /** Why a Reader operator gets no import (`readonlyReason` `reader`), shown instead of the import's controls. */
  reader: string
  /** `summary`: the file's {@link summary} (`20 rows, 2 with errors`). */
  parsed: (name: string, summary: string) => string
  milestone: (percent: number) => string
  /**
   * A job ended: a dry run (`dryRun`) or the import. `counts`: each count with its label (`wouldCounts` or `counts`),
   * as in "3 to create, 1 to update, 0 to delete, 2 would fail".
   */
  done: (dryRun: boolean, counts: string) => string
  vetoed: string
  /** What a problem of a row says when its own sentence could not be had (the import engine stopped). */
  unsaid: string
}

/** `n` rows, `n` as written for the language (`1 row`, `20,000 rows`; French: `0 ligne`, `2 lignes`). */
const rows = (n: string) => (n === '1' ? '1 row' : `${n} rows`)
const lignes = (n: string) => `${n} ${n === '0' || n === '1' ? 'ligne' : 'lignes'}`

const en: UserImportMessages = {
  drop: 'Drop a CSV file of customer users here',
  choose: 'Choose a file',
  template: 'Download the template',
  reading: 'Reading the file…',
  fileRows: rows,
  delimiter: 'Delimiter',
  delimiters: ['Comma (,)', 'Semicolon (;)'],
  encoding: 'Encoding',
  encodings: ['UTF-8', 'UTF-8 with BOM', 'Windows-1252 (Latin-1)'],
  detected: '(detected)',
  readError: 'This file cannot be imported.',
  retry: 'Retry',
  columns: 'Columns',
  mappingHeadings: ['Column in the file', 'First value', 'Imported as', 'Notes'],
  ignore: '— ignore —',
  customField: (id) => `custom field ${id}`,
  fieldFor: (h) => `Field for the column “${h}”`,
  guessed: 'guessed',
  guessedHint: 'Guessed from the column’s name: check it.',
  confirm: 'Confirm',
  confirmAll: 'Confirm all guesses',
  usedBy: (h) => `used by “${h}”`,
  taken: (f, h) => `“${f}” is already the field of the column “${h}”: change that column first.`,
  unknownColumn: 'Unknown column: ignored.',
  suggestion: (f) => `Did you mean ${f}?`,
  ignored: 'Ignored.',
  reportColumn: 'Column of an import report: ignored.',
  missing: (f) =>
    `Required columns missing: ${f}. Rows that delete users (Delete = TRUE) still work; every other row fails without them.`,
  rows: 'Rows',
  summary: (n, failed) => `${rows(n)}, ${failed} with errors`,
  errorsOnly: 'Rows with errors only',
  rowsHint: 'Tab goes through the cells of one row; Up and Down go to the row above or below.',
  line: 'Line',
  rowIssues: 'Row issues',
  cell: (line, h) => `Line ${line}, ${h}`,
  rowDetails: (line, n) => `Line ${line}: ${n === 1 ? '1 problem' : `${n} problems`}`,
  noErrors: 'No row has errors.',
  job: 'Import',
  stores: 'Stores for every user (optional)',
  storesHint: 'Store ids, separated by commas. When given, the file’s store column is ignored.',
  check: 'Check with server',
  import: 'Import',
  importHint: 'Check the rows with the server first: the import starts after a successful check.',
  checking: 'Checking with the server…',
  importing: 'Importing…',
  saving: 'Saving…',
  dryRunTitle: 'Server check (nothing written yet)',
  reportTitle: 'Import finished',
  wouldCounts: ['to create', 'to update', 'to delete', 'would fail'],
  counts: ['created', 'updated', 'deleted', 'failed'],
  progress: (p, t) => `${p} of ${t} rows`,
  failedRows: 'Rows that fail',
  more: (n) => `…and ${n} more: download the report.`,
  downloadReport: 'Download the report (CSV)',
  importAnother: 'Import another file',
  confirmText: (ok, skipped) => `${rows(ok)} will be imported, ${skipped} skipped (they are in the report). Continue?`,
  confirmImport: (ok) => `Import ${rows(ok)}`,
  cancel: 'Cancel',
  jobFailed: 'The server could not import the file.',
  jobFailedReason: 'Check the file, then try again; if it happens again, contact support.',
  requestFailed: 'The request failed.',
  forbidden: 'Your account may not import users. Ask an administrator for the right to import, then check again.',
  unknownStores: 'One of the stores given for every user does not exist: correct the stores, then check again.',
  editStores: 'Edit the stores',
  useDelimiter: (d) => `Use “${d}”`,
  chooseAnother: 'Choose another file',
  noClient: 'The import is not connected to the server. Ask the site’s administrator.',
  reader: 'Your access is read-only: only operators with the User or Admin level can import users.',
  parsed: (name, summary) => `${name} read: ${summary}.`,
  milestone: (p) => `Import ${p}% done.`,
  done: (dryRun, c) => `${dryRun ? 'Server check done' : 'Import finished'}: ${c}.`,
  vetoed: 'The page stopped the import.',
  unsaid: 'This value cannot be imported: see the report.',
}

const fr: UserImportMessages = {
  drop: 'Déposez ici un fichier CSV d’utilisateurs clients',
  choose: 'Choisir un fichier',
  template: 'Télécharger le modèle',
  reading: 'Lecture du fichier…',
  fileRows: lignes,
  delimiter: 'Séparateur',
  delimiters: ['Virgule (,)', 'Point-virgule (;)'],
  encoding: 'Encodage',
  encodings: ['UTF-8', 'UTF-8 avec BOM', 'Windows-1252 (Latin-1)'],
  detected: '(détecté)',
  readError: 'Ce fichier ne peut pas être importé.',
  retry: 'Réessayer',
  columns: 'Colonnes',
  mappingHeadings: ['Colonne du fichier', 'Première valeur', 'Importée comme', 'Remarques'],
  ignore: '— ignorer —',
  customField: (id) => `champ personnalisé ${id}`,
  fieldFor: (h) => `Champ de la colonne « ${h} »`,
  guessed: 'déduit',
  guessedHint: 'Déduit du nom de la colonne : à vérifier.',
  confirm: 'Confirmer',
  confirmAll: 'Confirmer toutes les déductions',
  usedBy: (h) => `pris par « ${h} »`,
  taken: (f, h) => `« ${f} » est déjà le champ de la colonne « ${h} » : changez d’abord cette colonne.`,
  unknownColumn: 'Colonne inconnue : ignorée.',
  suggestion: (f) => `Vouliez-vous dire ${f} ?`,
  ignored: 'Ignorée.',
  reportColumn: 'Colonne d’un rapport d’import : ignorée.',
  missing: (f) =>
    `Colonnes obligatoires absentes : ${f}. Les lignes qui suppriment (Delete = TRUE) passent ; toutes les autres échouent sans elles.`,
  rows: 'Lignes',
  summary: (n, failed) => `${lignes(n)}, ${failed} en erreur`,
  errorsOnly: 'Lignes en erreur seulement',
  rowsHint: 'Tab parcourt les cellules d’une ligne ; Haut et Bas passent à la ligne du dessus ou du dessous.',
  line: 'Ligne',
  rowIssues: 'Problèmes de la ligne',
  cell: (line, h) => `Ligne ${line}, ${h}`,
  rowDetails: (line, n) => `Ligne ${line} : ${n === 1 ? '1 problème' : `${n} problèmes`}`,
  noErrors: 'Aucune ligne en erreur.',
  job: 'Import',
  stores: 'Boutiques de chaque utilisateur (facultatif)',
  storesHint:
    'Identifiants de boutiques, séparés par des virgules. S’ils sont donnés, la colonne des boutiques du fichier est ignorée.',
  check: 'Vérifier avec le serveur',
  import: 'Importer',
  importHint: 'Vérifiez d’abord les lignes avec le serveur : l’import se lance après une vérification réussie.',
  checking: 'Vérification par le serveur…',
  importing: 'Import en cours…',
  saving: 'Enregistrement…',
  dryRunTitle: 'Vérification par le serveur (rien n’est encore écrit)',
  reportTitle: 'Import terminé',
  wouldCounts: ['à créer', 'à mettre à jour', 'à supprimer', 'en échec'],
  counts: ['créés', 'mis à jour', 'supprimés', 'en échec'],
  progress: (p, t) => `${p} lignes sur ${t}`,
  failedRows: 'Lignes en échec',
  more: (n) => `…et ${n} de plus : téléchargez le rapport.`,
  downloadReport: 'Télécharger le rapport (CSV)',
  importAnother: 'Importer un autre fichier',
  confirmText: (ok, skipped) =>
    `${ok} ${ok === '0' || ok === '1' ? 'ligne sera importée' : 'lignes seront importées'}, ${skipped} ignorées (elles sont dans le rapport). Continuer ?`,
  confirmImport: (ok) => `Importer ${lignes(ok)}`,
  cancel: 'Annuler',
  jobFailed: 'Le serveur n’a pas pu importer le fichier.',
  jobFailedReason: 'Vérifiez le fichier, puis réessayez ; si cela se reproduit, contactez le support.',
  requestFailed: 'La requête a échoué.',
  forbidden:
    'Votre compte ne peut pas importer d’utilisateurs. Demandez ce droit à un administrateur, puis vérifiez à nouveau.',
  unknownStores:
    'L’une des boutiques données pour chaque utilisateur n’existe pas : corrigez les boutiques, puis vérifiez à nouveau.',
  editStores: 'Modifier les boutiques',
  useDelimiter: (d) => `Utiliser « ${d} »`,
  chooseAnother: 'Choisir un autre fichier',
  noClient: 'L’import n’est pas relié au serveur. Contactez l’administrateur du site.',
  reader:
    'Votre accès est en lecture seule : seuls les opérateurs de niveau Utilisateur ou Administrateur peuvent importer des utilisateurs.',
  parsed: (name, summary) => `${name} lu : ${summary}.`,
  milestone: (p) => `Import effectué à ${p} %.`,
  done: (dryRun, c) => `${dryRun ? 'Vérification terminée' : 'Import terminé'} : ${c}.`,
  vetoed: 'La page a arrêté l’import.',
  unsaid: 'Cette valeur ne peut pas être importée : voir le rapport.',
}

export const messages: Record<string, UserImportMessages> = { en, fr }

/** The messages for a BCP 47 language tag (`fr`, `fr-CA` → French), English otherwise. */
export const messagesFor = messagesLookup(messages, en)
