/**
 * Every string `<dj-user-import>` shows, in English and French. The element picks a table by its `lang` (or
 * the nearest `lang` around it); unknown languages fall back to English. Row and file messages that come from
 * the SDK's rules (and the server's) are in English; their codes (`F-E-004`…, and a file's read failure:
 * `EMPTY`, `SINGLE_COLUMN`…) get a localised title here.
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
  fileRows: (n: number) => string
  delimiter: string
  comma: string
  semicolon: string
  encoding: string
  utf8: string
  utf8Bom: string
  windows1252: string
  detected: string
  readError: string
  retry: string
  columns: string
  fileColumn: string
  sample: string
  field: string
  notes: string
  ignore: string
  customField: (id: string) => string
  fieldFor: (header: string) => string
  guessed: string
  unknownColumn: string
  suggestion: (field: string) => string
  ignored: string
  reportColumn: string
  missing: (fields: string) => string
  rows: string
  summary: (rows: number, failed: number) => string
  errorsOnly: string
  rowsHint: string
  line: string
  rowIssues: string
  cell: (line: number, header: string) => string
  noErrors: string
  job: string
  stores: string
  storesHint: string
  check: string
  import: string
  importHint: string
  checking: string
  importing: string
  dryRunTitle: string
  reportTitle: string
  wouldCreate: string
  wouldUpdate: string
  wouldDelete: string
  wouldFail: string
  created: string
  updated: string
  deleted: string
  failed: string
  progress: (processed: number, total: number) => string
  failedRows: string
  more: (n: number) => string
  downloadReport: string
  jobFailed: string
  requestFailed: string
  forbidden: string
  unknownStores: string
  editStores: string
  useDelimiter: (delimiter: string) => string
  chooseAnother: string
  noClient: string
  parsed: (name: string, rows: number, failed: number) => string
  dryRunDone: (c: ImportCounts) => string
  milestone: (percent: number) => string
  done: (c: ImportCounts) => string
  vetoed: string
  codes: Record<string, string>
}

const en: UserImportMessages = {
  drop: 'Drop a CSV file of customer users here, or',
  choose: 'Choose a file',
  template: 'Download the template',
  reading: 'Reading the file…',
  fileRows: (n) => (n === 1 ? '1 row' : `${n} rows`),
  delimiter: 'Delimiter',
  comma: 'Comma (,)',
  semicolon: 'Semicolon (;)',
  encoding: 'Encoding',
  utf8: 'UTF-8',
  utf8Bom: 'UTF-8 with BOM',
  windows1252: 'Windows-1252 (Latin-1)',
  detected: '(detected)',
  readError: 'This file cannot be imported.',
  retry: 'Retry',
  columns: 'Columns',
  fileColumn: 'Column in the file',
  sample: 'First value',
  field: 'Imported as',
  notes: 'Notes',
  ignore: '— ignore —',
  customField: (id) => `custom field ${id}`,
  fieldFor: (h) => `Field for the column “${h}”`,
  guessed: 'guessed from the name: check it',
  unknownColumn: 'unknown column: ignored',
  suggestion: (f) => `did you mean ${f}?`,
  ignored: 'ignored',
  reportColumn: 'column of an import report: ignored',
  missing: (f) =>
    `Required columns missing: ${f}. Rows that delete users (Delete = TRUE) still work; every other row fails without them.`,
  rows: 'Rows',
  summary: (rows, failed) => `${rows} ${rows === 1 ? 'row' : 'rows'}, ${failed} with errors`,
  errorsOnly: 'Rows with errors only',
  rowsHint: 'Tab goes through the cells of one row; Up and Down go to the row above or below.',
  line: 'Line',
  rowIssues: 'Row issues',
  cell: (line, h) => `Line ${line}, ${h}`,
  noErrors: 'No row has errors.',
  job: 'Import',
  stores: 'Stores for every user (optional)',
  storesHint: 'Store external ids, separated by commas. When given, the file’s store column is ignored.',
  check: 'Check with server',
  import: 'Import',
  importHint: 'Check the rows with the server first: the import starts after a successful check.',
  checking: 'Checking with the server…',
  importing: 'Importing…',
  dryRunTitle: 'Server check (dry run, nothing written)',
  reportTitle: 'Import report',
  wouldCreate: 'to create',
  wouldUpdate: 'to update',
  wouldDelete: 'to delete',
  wouldFail: 'would fail',
  created: 'created',
  updated: 'updated',
  deleted: 'deleted',
  failed: 'failed',
  progress: (p, t) => `${p} of ${t} rows`,
  failedRows: 'Rows that fail',
  more: (n) => `…and ${n} more: download the report.`,
  downloadReport: 'Download the report (CSV)',
  jobFailed: 'The server could not import the file.',
  requestFailed: 'The request failed.',
  forbidden:
    'Your operator may not import users. Ask an administrator for the User level (or Admin), then check again.',
  unknownStores:
    'The server does not know one of the stores given for every user: correct the stores, then check again.',
  editStores: 'Edit the stores',
  useDelimiter: (d) => `Use “${d}”`,
  chooseAnother: 'Choose another file',
  noClient: 'No API connection: set base-url and api-key, or the client property.',
  parsed: (name, rows, failed) => `${name} read: ${rows} ${rows === 1 ? 'row' : 'rows'}, ${failed} with errors.`,
  dryRunDone: (c) =>
    `Server check done: ${c.created} to create, ${c.updated} to update, ${c.deleted} to delete, ${c.failed} would fail.`,
  milestone: (p) => `Import ${p}% done.`,
  done: (c) => `Import finished: ${c.created} created, ${c.updated} updated, ${c.deleted} deleted, ${c.failed} failed.`,
  vetoed: 'The page stopped the import.',
  codes: {
    'F-E-001': 'required value missing',
    'F-E-002': 'unknown reference',
    'F-E-003': 'duplicate value',
    'F-E-004': 'invalid format',
    'F-E-005': 'password policy',
    'F-E-006': 'main organisation not in organisations',
    'F-E-008': 'value not allowed',
    'F-W-001': 'unknown column',
    'F-W-002': 'store column ignored',
    EMPTY: 'The file is empty.',
    NOT_TEXT: 'It is not a CSV text file.',
    ENCODING: 'Its encoding cannot be read: save it as “CSV UTF-8”.',
    SINGLE_COLUMN: 'Only one column was found: check the delimiter.',
    MALFORMED: 'The CSV text is malformed.',
    NO_HEADER: 'No column is a customer-user field: map them below.',
  },
}

const fr: UserImportMessages = {
  drop: 'Déposez ici un fichier CSV d’utilisateurs clients, ou',
  choose: 'Choisir un fichier',
  template: 'Télécharger le modèle',
  reading: 'Lecture du fichier…',
  fileRows: (n) => (n <= 1 ? `${n} ligne` : `${n} lignes`),
  delimiter: 'Séparateur',
  comma: 'Virgule (,)',
  semicolon: 'Point-virgule (;)',
  encoding: 'Encodage',
  utf8: 'UTF-8',
  utf8Bom: 'UTF-8 avec BOM',
  windows1252: 'Windows-1252 (Latin-1)',
  detected: '(détecté)',
  readError: 'Ce fichier ne peut pas être importé.',
  retry: 'Réessayer',
  columns: 'Colonnes',
  fileColumn: 'Colonne du fichier',
  sample: 'Première valeur',
  field: 'Importée comme',
  notes: 'Remarques',
  ignore: '— ignorer —',
  customField: (id) => `champ personnalisé ${id}`,
  fieldFor: (h) => `Champ de la colonne « ${h} »`,
  guessed: 'déduit du nom : à vérifier',
  unknownColumn: 'colonne inconnue : ignorée',
  suggestion: (f) => `vouliez-vous dire ${f} ?`,
  ignored: 'ignorée',
  reportColumn: 'colonne d’un rapport d’import : ignorée',
  missing: (f) =>
    `Colonnes obligatoires absentes : ${f}. Les lignes qui suppriment (Delete = TRUE) passent ; toutes les autres échouent sans elles.`,
  rows: 'Lignes',
  summary: (rows, failed) => `${rows} ${rows <= 1 ? 'ligne' : 'lignes'}, ${failed} en erreur`,
  errorsOnly: 'Lignes en erreur seulement',
  rowsHint: 'Tab parcourt les cellules d’une ligne ; Haut et Bas passent à la ligne du dessus ou du dessous.',
  line: 'Ligne',
  rowIssues: 'Problèmes de la ligne',
  cell: (line, h) => `Ligne ${line}, ${h}`,
  noErrors: 'Aucune ligne en erreur.',
  job: 'Import',
  stores: 'Boutiques de chaque utilisateur (facultatif)',
  storesHint:
    'Identifiants externes de boutiques, séparés par des virgules. S’ils sont donnés, la colonne des boutiques du fichier est ignorée.',
  check: 'Vérifier avec le serveur',
  import: 'Importer',
  importHint: 'Vérifiez d’abord les lignes avec le serveur : l’import se lance après une vérification réussie.',
  checking: 'Vérification par le serveur…',
  importing: 'Import en cours…',
  dryRunTitle: 'Vérification par le serveur (simulation, rien n’est écrit)',
  reportTitle: 'Rapport d’import',
  wouldCreate: 'à créer',
  wouldUpdate: 'à mettre à jour',
  wouldDelete: 'à supprimer',
  wouldFail: 'en échec',
  created: 'créés',
  updated: 'mis à jour',
  deleted: 'supprimés',
  failed: 'en échec',
  progress: (p, t) => `${p} lignes sur ${t}`,
  failedRows: 'Lignes en échec',
  more: (n) => `…et ${n} de plus : téléchargez le rapport.`,
  downloadReport: 'Télécharger le rapport (CSV)',
  jobFailed: 'Le serveur n’a pas pu importer le fichier.',
  requestFailed: 'La requête a échoué.',
  forbidden:
    'Votre opérateur ne peut pas importer d’utilisateurs. Demandez à un administrateur le niveau User (ou Admin), puis vérifiez à nouveau.',
  unknownStores:
    'Le serveur ne connaît pas l’une des boutiques données pour chaque utilisateur : corrigez les boutiques, puis vérifiez à nouveau.',
  editStores: 'Modifier les boutiques',
  useDelimiter: (d) => `Utiliser « ${d} »`,
  chooseAnother: 'Choisir un autre fichier',
  noClient: 'Pas de connexion à l’API : renseignez base-url et api-key, ou la propriété client.',
  parsed: (name, rows, failed) => `${name} lu : ${rows} ${rows <= 1 ? 'ligne' : 'lignes'}, ${failed} en erreur.`,
  dryRunDone: (c) =>
    `Vérification terminée : ${c.created} à créer, ${c.updated} à mettre à jour, ${c.deleted} à supprimer, ${c.failed} en échec.`,
  milestone: (p) => `Import effectué à ${p} %.`,
  done: (c) =>
    `Import terminé : ${c.created} créés, ${c.updated} mis à jour, ${c.deleted} supprimés, ${c.failed} en échec.`,
  vetoed: 'La page a arrêté l’import.',
  codes: {
    'F-E-001': 'valeur obligatoire manquante',
    'F-E-002': 'référence inconnue',
    'F-E-003': 'valeur en double',
    'F-E-004': 'format invalide',
    'F-E-005': 'règle de mot de passe',
    'F-E-006': 'organisation principale hors des organisations',
    'F-E-008': 'valeur non autorisée',
    'F-W-001': 'colonne inconnue',
    'F-W-002': 'colonne des boutiques ignorée',
    EMPTY: 'Le fichier est vide.',
    NOT_TEXT: 'Ce n’est pas un fichier texte CSV.',
    ENCODING: 'Son encodage est illisible : enregistrez-le en « CSV UTF-8 ».',
    SINGLE_COLUMN: 'Une seule colonne trouvée : vérifiez le séparateur.',
    MALFORMED: 'Le texte CSV est mal formé.',
    NO_HEADER: 'Aucune colonne n’est un champ d’utilisateur client : associez-les ci-dessous.',
  },
}

export const messages: Record<string, UserImportMessages> = { en, fr }

/** The messages for a BCP 47 language tag (`fr`, `fr-CA` → French), English otherwise. */
export const messagesFor = messagesLookup(messages, en)
