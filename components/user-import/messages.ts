/**
 * Every string `<dj-user-import>` shows, in English and French. The element picks a table by its `lang` (or
 * the nearest `lang` around it); unknown languages fall back to English. The SDK's rules and the server speak
 * English with codes (`F-E-004`, `SINGLE_COLUMN`…), written for developers: the user reads the sentences below
 * instead, chosen by code and field (`issues`, `read`), and the codes go to the events' details.
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
  wouldCreate: string
  wouldUpdate: string
  wouldDelete: string
  wouldFail: string
  created: string
  updated: string
  deleted: string
  failed: string
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
  parsed: (name: string, rows: string, failed: string) => string
  dryRunDone: (c: Record<keyof ImportCounts, string>) => string
  milestone: (percent: number) => string
  done: (c: Record<keyof ImportCounts, string>) => string
  vetoed: string
  /** Why a file cannot be read, by reader code (`SINGLE_COLUMN`…, `WORKBOOK`, `USE`: "the file seems to use {v}"); `''` when none fits. */
  read: Record<string, string>
  /**
   * What is wrong with a cell or a row, by `code`, `code field` (`F-E-004 email`) or `code kind` (`id`, `name`,
   * `bool`, `row`: the whole row, `line`: a duplicate of line `{v}`); `''` when none fits. `{v}` is replaced.
   */
  issues: Record<string, string>
}

const en: UserImportMessages = {
  drop: 'Drop a CSV file of customer users here',
  choose: 'Choose a file',
  template: 'Download the template',
  reading: 'Reading the file…',
  fileRows: (n) => (n === '1' ? '1 row' : `${n} rows`),
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
  summary: (rows, failed) => `${rows} ${rows === '1' ? 'row' : 'rows'}, ${failed} with errors`,
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
  importAnother: 'Import another file',
  confirmText: (ok, skipped) =>
    `${ok} ${ok === '1' ? 'row' : 'rows'} will be imported, ${skipped} skipped (they are in the report). Continue?`,
  confirmImport: (ok) => `Import ${ok} ${ok === '1' ? 'row' : 'rows'}`,
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
  parsed: (name, rows, failed) => `${name} read: ${rows} ${rows === '1' ? 'row' : 'rows'}, ${failed} with errors.`,
  dryRunDone: (c) =>
    `Server check done: ${c.created} to create, ${c.updated} to update, ${c.deleted} to delete, ${c.failed} would fail.`,
  milestone: (p) => `Import ${p}% done.`,
  done: (c) => `Import finished: ${c.created} created, ${c.updated} updated, ${c.deleted} deleted, ${c.failed} failed.`,
  vetoed: 'The page stopped the import.',
  read: {
    EMPTY: 'The file is empty: it needs a header line and one line per user.',
    NOT_TEXT: 'It is not a CSV text file: choose a CSV file.',
    WORKBOOK: 'It is a spreadsheet workbook, not a CSV file: save it as “CSV UTF-8”.',
    ENCODING: 'Its encoding cannot be read: save it as “CSV UTF-8”.',
    SINGLE_COLUMN: 'Only one column was found: check the delimiter.',
    USE: 'Only one column was found: the file seems to use “{v}” between values.',
    MALFORMED: 'The file is malformed: a quoted value is never closed (a closing " is missing).',
    NO_HEADER: 'No column is a customer-user field: map them below.',
    '': 'The file cannot be read as a CSV file of customer users.',
  },
  issues: {
    'F-E-001': 'Required: fill it in.',
    'F-E-001 missing': 'The file has no “{v}” column: it is needed to create or update a user.',
    'F-E-002': 'Unknown: nothing has this id.',
    'F-E-002 accountIds': 'No customer account has this id.',
    'F-E-002 organisationIds': 'No organisation has this id.',
    'F-E-002 storeIds': 'No store has this id.',
    'F-E-002 externalId': 'There is no customer user with this id to delete.',
    'F-E-003': 'Already used by another customer user.',
    'F-E-003 line': 'Same value as line {v}: each user must be unique.',
    'F-E-003 active': 'Active and Inactive say opposite things: fill only one of them.',
    'F-E-004': 'The format is not valid.',
    'F-E-004 id': 'Not a valid id: use letters, digits or _ . : - (no accents, no spaces).',
    'F-E-004 email': 'Not a valid email address.',
    'F-E-004 phone': 'Not a valid phone number: digits, with an optional +, spaces, dots, dashes and brackets.',
    'F-E-004 name': 'Too long: 255 characters at most.',
    'F-E-004 row':
      'This row has more values than the file has columns: put quotes around a value that holds the delimiter.',
    'F-E-005': 'The password is too weak: follow the password rules.',
    'F-E-006': 'The main organisation must be one of the row’s organisations.',
    'F-E-008': 'This value is not allowed here.',
    'F-E-008 civility': 'Use MR, MRS or MISS.',
    'F-E-008 groups': 'Unknown group: use FOC_Admin, FOC_User or FOC_Webmaster, separated by ||.',
    'F-E-008 bool': 'Use TRUE or FALSE (empty means FALSE).',
    'F-E-008 organisationIds': 'This organisation belongs to none of the user’s accounts.',
    'F-E-009': 'Not possible in the current state of this record.',
    'F-W-001': 'Unknown column: ignored.',
    'F-W-002': 'The file’s store column is ignored: the stores given for every user apply.',
    '': 'This value cannot be imported: download the report for the details.',
  },
}

const fr: UserImportMessages = {
  drop: 'Déposez ici un fichier CSV d’utilisateurs clients',
  choose: 'Choisir un fichier',
  template: 'Télécharger le modèle',
  reading: 'Lecture du fichier…',
  fileRows: (n) => (n === '0' || n === '1' ? `${n} ligne` : `${n} lignes`),
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
  summary: (rows, failed) => `${rows} ${rows === '0' || rows === '1' ? 'ligne' : 'lignes'}, ${failed} en erreur`,
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
  importAnother: 'Importer un autre fichier',
  confirmText: (ok, skipped) =>
    `${ok} ${ok === '0' || ok === '1' ? 'ligne sera importée' : 'lignes seront importées'}, ${skipped} ignorées (elles sont dans le rapport). Continuer ?`,
  confirmImport: (ok) => `Importer ${ok} ${ok === '0' || ok === '1' ? 'ligne' : 'lignes'}`,
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
  parsed: (name, rows, failed) =>
    `${name} lu : ${rows} ${rows === '0' || rows === '1' ? 'ligne' : 'lignes'}, ${failed} en erreur.`,
  dryRunDone: (c) =>
    `Vérification terminée : ${c.created} à créer, ${c.updated} à mettre à jour, ${c.deleted} à supprimer, ${c.failed} en échec.`,
  milestone: (p) => `Import effectué à ${p} %.`,
  done: (c) =>
    `Import terminé : ${c.created} créés, ${c.updated} mis à jour, ${c.deleted} supprimés, ${c.failed} en échec.`,
  vetoed: 'La page a arrêté l’import.',
  read: {
    EMPTY: 'Le fichier est vide : il faut une ligne d’en-tête et une ligne par utilisateur.',
    NOT_TEXT: 'Ce n’est pas un fichier texte CSV : choisissez un fichier CSV.',
    WORKBOOK: 'C’est un classeur de tableur, pas un fichier CSV : enregistrez-le en « CSV UTF-8 ».',
    ENCODING: 'Son encodage est illisible : enregistrez-le en « CSV UTF-8 ».',
    SINGLE_COLUMN: 'Une seule colonne trouvée : vérifiez le séparateur.',
    USE: 'Une seule colonne trouvée : le fichier semble séparer les valeurs par « {v} ».',
    MALFORMED: 'Le fichier est mal formé : une valeur entre guillemets n’est jamais fermée (il manque un ").',
    NO_HEADER: 'Aucune colonne n’est un champ d’utilisateur client : associez-les ci-dessous.',
    '': 'Le fichier ne peut pas être lu comme un CSV d’utilisateurs clients.',
  },
  issues: {
    'F-E-001': 'Obligatoire : à remplir.',
    'F-E-001 missing':
      'Le fichier n’a pas de colonne « {v} » : elle est nécessaire pour créer ou modifier un utilisateur.',
    'F-E-002': 'Inconnu : rien ne porte cet identifiant.',
    'F-E-002 accountIds': 'Aucun compte client ne porte cet identifiant.',
    'F-E-002 organisationIds': 'Aucune organisation ne porte cet identifiant.',
    'F-E-002 storeIds': 'Aucune boutique ne porte cet identifiant.',
    'F-E-002 externalId': 'Aucun utilisateur client ne porte cet identifiant : rien à supprimer.',
    'F-E-003': 'Déjà utilisé par un autre utilisateur client.',
    'F-E-003 line': 'Même valeur qu’à la ligne {v} : chaque utilisateur doit être unique.',
    'F-E-003 active': 'Active et Inactive se contredisent : n’en remplissez qu’une.',
    'F-E-004': 'Le format n’est pas valide.',
    'F-E-004 id': 'Identifiant invalide : lettres, chiffres ou _ . : - (sans accents ni espaces).',
    'F-E-004 email': 'Adresse e-mail invalide.',
    'F-E-004 phone':
      'Numéro de téléphone invalide : des chiffres, avec + facultatif, espaces, points, tirets et parenthèses.',
    'F-E-004 name': 'Trop long : 255 caractères au plus.',
    'F-E-004 row':
      'Cette ligne a plus de valeurs que le fichier n’a de colonnes : mettez entre guillemets une valeur qui contient le séparateur.',
    'F-E-005': 'Le mot de passe est trop faible : suivez les règles des mots de passe.',
    'F-E-006': 'L’organisation principale doit faire partie des organisations de la ligne.',
    'F-E-008': 'Cette valeur n’est pas autorisée ici.',
    'F-E-008 civility': 'Utilisez MR, MRS ou MISS.',
    'F-E-008 groups': 'Groupe inconnu : utilisez FOC_Admin, FOC_User ou FOC_Webmaster, séparés par ||.',
    'F-E-008 bool': 'Utilisez TRUE ou FALSE (vide vaut FALSE).',
    'F-E-008 organisationIds': 'Cette organisation n’appartient à aucun des comptes de l’utilisateur.',
    'F-E-009': 'Impossible dans l’état actuel de cet enregistrement.',
    'F-W-001': 'Colonne inconnue : ignorée.',
    'F-W-002':
      'La colonne des boutiques du fichier est ignorée : les boutiques données pour chaque utilisateur s’appliquent.',
    '': 'Cette valeur ne peut pas être importée : téléchargez le rapport pour le détail.',
  },
}

export const messages: Record<string, UserImportMessages> = { en, fr }

/** The messages for a BCP 47 language tag (`fr`, `fr-CA` → French), English otherwise. */
export const messagesFor = messagesLookup(messages, en)
