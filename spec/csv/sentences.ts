/**
 * What an end user reads about the CSV rules, in their language (English and French shipped). The rules' issues
 * (`F-E-004` with the English message `"call me" is not a valid phone number…`) and the reader's errors
 * (`SINGLE_COLUMN`…) are written for developers and logs; these sentences are for the person who made the file:
 * no code, no field name, what to do. `<dj-user-import>` shows them on its cells (its engine asks for them in the
 * element's language), and any page that checks a file with `validateCustomerUserCsv` can do the same.
 *
 * A sentence is chosen by code and, when there is one, by the field of the issue's column (`F-E-004 email`) or the
 * kind of field (`F-E-004 id`), else by code alone, else the table's generic sentence (`''`): an issue never goes
 * without a sentence in the language asked for. Unknown languages read English.
 *
 * The tables are public and read at each call: a page may rewrite a sentence or add a language
 * (`csvSentences.de = { issues: {...}, read: {...} }`); keys a table lacks fall back to its generic sentence.
 */
import type { CsvIssue, CsvReadErrorCode, HeaderMapping } from './contract.js'
import { CUSTOMER_USER_IMPORT_HEADERS, customerUserHeaderField } from './headers.js'

/** One language's sentences. `{v}` in a sentence is replaced (a line number, a column's name, a delimiter). */
export interface CsvSentenceTable {
  /**
   * Row issues and file warnings, by `code`, `code field` (`F-E-004 email`) or `code kind`: `id` (external ids),
   * `name` (first and last name), `bool` (TRUE/FALSE columns), `row` (the whole row); and a few cases told apart by
   * the rule: `F-E-001 missing` (the file has no `{v}` column), `F-E-003 line` (same value as line `{v}`),
   * `F-E-003 twice` (a column given twice), `F-E-004 sheet` (a phone number a spreadsheet rewrote),
   * `F-E-006 several` (several organisations and no main one). `''`: when nothing else fits.
   */
  issues: Record<string, string>
  /**
   * Why a file cannot be read, by reader code (`EMPTY`, `SINGLE_COLUMN`…), plus `WORKBOOK` (a spreadsheet
   * workbook), `USE` (the file seems to use `{v}` between values) and `TABS` (values separated by tabs). `''`: when
   * nothing else fits.
   */
  read: Record<string, string>
}

/** How the issue sentences group the fields (see {@link CsvSentenceTable.issues}). */
const KINDS: Record<string, string> = {
  externalId: 'id',
  accountIds: 'id',
  organisationIds: 'id',
  mainOrganisationId: 'id',
  storeIds: 'id',
  firstName: 'name',
  lastName: 'name',
  delete: 'bool',
  inactive: 'bool',
  active: 'bool',
}

const en: CsvSentenceTable = {
  issues: {
    'F-E-001': 'Required: fill it in.',
    'F-E-001 missing': 'The file has no “{v}” column: it is needed to create or update a user.',
    'F-E-001 storeIds': 'A store is required: fill it in, or give the stores for every user.',
    'F-E-002': 'Unknown: nothing has this id.',
    'F-E-002 accountIds': 'No customer account has this id.',
    'F-E-002 organisationIds': 'No organisation has this id.',
    'F-E-002 storeIds': 'No store has this id.',
    'F-E-002 externalId': 'There is no customer user with this id to delete.',
    'F-E-003': 'Already used by another customer user.',
    'F-E-003 line': 'Same value as line {v}: each user must be unique.',
    'F-E-003 twice': 'This column is in the file twice, with different values: keep one of them.',
    'F-E-003 active': 'Active and Inactive say opposite things: fill only one of them.',
    'F-E-004': 'The format is not valid.',
    'F-E-004 id': 'Not a valid id: use letters, digits or _ . : - (no accents, no spaces).',
    'F-E-004 email': 'Not a valid email address.',
    'F-E-004 phone': 'Not a valid phone number: digits, with an optional +, spaces, dots, dashes and brackets.',
    'F-E-004 sheet': 'A spreadsheet turned this phone number into a number: format the column as text.',
    'F-E-004 name': 'Too long: 255 characters at most.',
    'F-E-004 row':
      'This row has more values than the file has columns: put quotes around a value that holds the delimiter.',
    'F-E-005': 'The password is too weak: follow the password rules.',
    'F-E-006': 'The main organisation must be one of the row’s organisations.',
    'F-E-006 several': 'With several organisations, say which one is the main organisation.',
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
  read: {
    EMPTY: 'The file is empty: it needs a header line and one line per user.',
    NOT_TEXT: 'It is not a CSV text file: choose a CSV file.',
    WORKBOOK: 'It is a spreadsheet workbook, not a CSV file: save it as “CSV UTF-8”.',
    ENCODING: 'Its encoding cannot be read: save it as “CSV UTF-8”.',
    SINGLE_COLUMN: 'Only one column was found: check the delimiter.',
    USE: 'Only one column was found: the file seems to use “{v}” between values.',
    TABS: 'Only one column was found: the values are separated by tabs. Save the file as CSV, with “,” or “;” between values.',
    MALFORMED: 'The file is malformed: a quoted value is never closed (a closing " is missing).',
    NO_HEADER: 'No column is a customer-user field: map them below.',
    '': 'The file cannot be read as a CSV file of customer users.',
  },
}

const fr: CsvSentenceTable = {
  issues: {
    'F-E-001': 'Obligatoire : à remplir.',
    'F-E-001 missing':
      'Le fichier n’a pas de colonne « {v} » : elle est nécessaire pour créer ou modifier un utilisateur.',
    'F-E-001 storeIds': 'Une boutique est obligatoire : remplissez-la, ou donnez les boutiques de chaque utilisateur.',
    'F-E-002': 'Inconnu : rien ne porte cet identifiant.',
    'F-E-002 accountIds': 'Aucun compte client ne porte cet identifiant.',
    'F-E-002 organisationIds': 'Aucune organisation ne porte cet identifiant.',
    'F-E-002 storeIds': 'Aucune boutique ne porte cet identifiant.',
    'F-E-002 externalId': 'Aucun utilisateur client ne porte cet identifiant : rien à supprimer.',
    'F-E-003': 'Déjà utilisé par un autre utilisateur client.',
    'F-E-003 line': 'Même valeur qu’à la ligne {v} : chaque utilisateur doit être unique.',
    'F-E-003 twice':
      'Cette colonne figure deux fois dans le fichier, avec des valeurs différentes : n’en gardez qu’une.',
    'F-E-003 active': 'Active et Inactive se contredisent : n’en remplissez qu’une.',
    'F-E-004': 'Le format n’est pas valide.',
    'F-E-004 id': 'Identifiant invalide : lettres, chiffres ou _ . : - (sans accents ni espaces).',
    'F-E-004 email': 'Adresse e-mail invalide.',
    'F-E-004 phone':
      'Numéro de téléphone invalide : des chiffres, avec + facultatif, espaces, points, tirets et parenthèses.',
    'F-E-004 sheet': 'Un tableur a changé ce numéro de téléphone en nombre : mettez la colonne au format texte.',
    'F-E-004 name': 'Trop long : 255 caractères au plus.',
    'F-E-004 row':
      'Cette ligne a plus de valeurs que le fichier n’a de colonnes : mettez entre guillemets une valeur qui contient le séparateur.',
    'F-E-005': 'Le mot de passe est trop faible : suivez les règles des mots de passe.',
    'F-E-006': 'L’organisation principale doit faire partie des organisations de la ligne.',
    'F-E-006 several': 'Avec plusieurs organisations, indiquez laquelle est l’organisation principale.',
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
  read: {
    EMPTY: 'Le fichier est vide : il faut une ligne d’en-tête et une ligne par utilisateur.',
    NOT_TEXT: 'Ce n’est pas un fichier texte CSV : choisissez un fichier CSV.',
    WORKBOOK: 'C’est un classeur de tableur, pas un fichier CSV : enregistrez-le en « CSV UTF-8 ».',
    ENCODING: 'Son encodage est illisible : enregistrez-le en « CSV UTF-8 ».',
    SINGLE_COLUMN: 'Une seule colonne trouvée : vérifiez le séparateur.',
    USE: 'Une seule colonne trouvée : le fichier semble séparer les valeurs par « {v} ».',
    TABS: 'Une seule colonne trouvée : les valeurs sont séparées par des tabulations. Enregistrez le fichier en CSV, avec « , » ou « ; » entre les valeurs.',
    MALFORMED: 'Le fichier est mal formé : une valeur entre guillemets n’est jamais fermée (il manque un ").',
    NO_HEADER: 'Aucune colonne n’est un champ d’utilisateur client : associez-les ci-dessous.',
    '': 'Le fichier ne peut pas être lu comme un CSV d’utilisateurs clients.',
  },
}

/** The sentences by language (primary subtag: `en`, `fr`). Read at each call: a page may extend or replace them. */
export const csvSentences: Record<string, CsvSentenceTable> = { en, fr }

/** The table language for a BCP 47 tag: its primary subtag when {@link csvSentences} has it (`fr-CA` → `fr`), else `en`. */
export function csvLanguage(tag?: string | null): string {
  const primary = (tag || 'en').toLowerCase().split('-')[0]
  return Object.hasOwn(csvSentences, primary) ? primary : 'en'
}

const fieldsByMapping = new WeakMap<object, Record<string, string>>()

/** The field of each mapped column of `mapping`, by header (the first column of a field wins), made once per mapping. */
function fieldsOf(mapping: Pick<HeaderMapping<string>, 'columns'>): Record<string, string> {
  let fields = fieldsByMapping.get(mapping)
  if (!fields) {
    fields = {}
    for (const c of mapping.columns)
      if ('field' in c) fields[c.header] ??= c.field
      else if ('customField' in c) fields[c.header] ??= `customField.${c.customField}`
    fieldsByMapping.set(mapping, fields)
  }
  return fields
}

/** The sentence under `key` in the table of `language`; else that table's generic one; else English's. */
function pick(kind: keyof CsvSentenceTable, keys: (string | false | undefined)[], language?: string | null): string {
  const table = csvSentences[csvLanguage(language)][kind]
  for (const key of keys) if (key !== false && key !== undefined && table[key]) return table[key]
  return table[''] ?? csvSentences.en[kind]['']
}

/**
 * What the user reads about a row issue or a file warning (`issue` from `validateCustomerUserCsv`, or a row of a
 * job's report), in `language` (a BCP 47 tag; unknown languages read English). Never the code, never the rule's
 * English message.
 * @param field The field the issue's column holds (`email`, `customField.X`), or the header mapping the issue was
 *   found with (`result.mapping`), which says it. Omitted: read from the column's name when it is a customer-user
 *   header (`Customer User Email`, `email`); give it when columns were mapped by hand (a `Mail` column mapped to
 *   `email`).
 * @example
 * ```ts
 * for (const { row, errors } of result.rows)
 *   for (const e of errors) console.log(`Ligne ${row.line} : ${csvIssueSentence(e, 'fr')}`)
 * ```
 */
export function csvIssueSentence(
  issue: CsvIssue,
  language?: string | null,
  field?: string | null | Pick<HeaderMapping<string>, 'columns'>,
): string {
  const { code, column, message } = issue
  const f =
    column == null
      ? 'row'
      : field === undefined
        ? (customerUserHeaderField(column) ?? '')
        : typeof field === 'object' && field
          ? (fieldsOf(field)[column] ?? '')
          : (field ?? '')
  // What replaces `{v}`: the column the file lacks (F-E-001), the line a value is already on (F-E-003).
  let v: string | undefined
  let special: string | undefined
  if (code === 'F-E-001' && column == null) {
    // `accountIds is required, and the file has no "Customer User Account Ids" (or "accountIds") column.`
    const named = /^(\w+) is required/.exec(message)?.[1]
    v = named && (CUSTOMER_USER_IMPORT_HEADERS[named as keyof typeof CUSTOMER_USER_IMPORT_HEADERS] ?? named)
    special = v && 'missing'
  } else if (code === 'F-E-003') {
    v = /\bline (\d+)/.exec(message)?.[1]
    special = v ? 'line' : / twice\.$/.test(message) ? 'twice' : undefined
  } else if (code === 'F-E-004') special = /spreadsheet/.test(message) ? 'sheet' : undefined
  else if (code === 'F-E-006') special = /^A main organisation is required/.test(message) ? 'several' : undefined
  // A whole-row issue only the rules' "more values than columns" says so precisely; other whole-row issues get the code's.
  const row = f !== 'row' || (code === 'F-E-004' && /values but the header has/.test(message))
  const text = pick(
    'issues',
    [special && `${code} ${special}`, row && `${code} ${f}`, row && `${code} ${KINDS[f]}`, code],
    language,
  )
  return text.replace('{v}', v ?? '')
}

/**
 * Why a file cannot be read, for the user, in `language`: from a `CsvReadError` (or its `{ code, message }`, as an
 * event carries it), or a reader code alone (`SINGLE_COLUMN`). The message tells apart a workbook, a file that
 * seems to use the other delimiter, and a file separated by tabs.
 * @example
 * ```ts
 * try { await validateCustomerUserCsv(file) } catch (e) { if (e instanceof CsvReadError) alert(csvReadSentence(e, 'fr')) }
 * ```
 */
export function csvReadSentence(
  error: CsvReadErrorCode | (string & {}) | { code: string; message?: string },
  language?: string | null,
): string {
  const { code, message = '' } = typeof error === 'string' ? { code: error } : error
  const use = code === 'SINGLE_COLUMN' ? /seems to use "([,;])"/.exec(message)?.[1] : undefined
  const key = use
    ? 'USE'
    : code === 'SINGLE_COLUMN' && /seems to use tabs/.test(message)
      ? 'TABS'
      : code === 'NOT_TEXT' && /workbook/i.test(message)
        ? 'WORKBOOK'
        : code
  return pick('read', [key], language).replace('{v}', use ?? '')
}
