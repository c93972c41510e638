/**
 * The CSV sentences (`@dj-customers/sdk/import`: csvIssueSentence, csvReadSentence, csvSentences): what the person
 * who made the file reads about a row issue or a file that cannot be read, in English and French, with no code and
 * no English in French; a generic sentence in the same language when none fits; English for unknown languages.
 * The issues are the row check's own (every code it can produce) and the server's (F-E-002, F-E-009…). And the
 * import session (createCsvImportSession), which gives every issue its sentence in the language asked for.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  CsvReadError,
  createCsvImportSession,
  csvIssueSentence,
  csvLanguage,
  csvReadSentence,
  CUSTOMER_USER_COLUMNS,
  csvSentences,
  validateCustomerUserCsv,
  type CsvIssue,
  type CsvSentenceTable,
} from '../../sdk/import.js'

/** Every column of a customer-user file, by field name (the mapping takes field names as headers too). */
const HEADER = CUSTOMER_USER_COLUMNS
type Row = Partial<Record<(typeof HEADER)[number], string>>
const VALID: Row = {
  civility: 'MR',
  firstName: 'Jean',
  lastName: 'Dupont',
  phone: '+33 6 12 34 56 78',
  groups: 'FOC_User',
  accountIds: 'ACME',
}
const line = (n: number, over: Row = {}) => {
  const r: Row = { externalId: `CU-${n}`, email: `cu${n}@example.com`, ...VALID, ...over }
  return HEADER.map((h) => r[h] ?? '').join(',')
}

/** Every issue the row check gives for files made to break each rule once. */
async function ruleIssues(): Promise<CsvIssue[]> {
  const rows = [
    line(1),
    line(2, { externalId: '' }), // F-E-001
    line(3, { externalId: 'bad id' }), // F-E-004 id
    line(4, { email: 'not-an-email' }), // F-E-004 email
    line(5, { phone: 'call me' }), // F-E-004 phone
    line(6, { phone: '3.36123E+10' }), // F-E-004, a spreadsheet's number
    line(7, { firstName: 'x'.repeat(300) }), // F-E-004 name
    line(8, { civility: 'Dr' }), // F-E-008 civility
    line(9, { groups: 'Boss' }), // F-E-008 groups
    line(10, { delete: 'yes' }), // F-E-008 bool
    line(11, { externalId: 'CU-1' }), // F-E-003, same as line 2
    line(12, { email: 'cu1@example.com' }), // F-E-003, same as line 2
    line(13, { active: 'TRUE', inactive: 'TRUE' }), // F-E-003 active
    line(14, { organisationIds: 'ORG-A', mainOrganisationId: 'ORG-B' }), // F-E-006
    line(15, { organisationIds: 'ORG-A||ORG-B' }), // F-E-006, several and no main one
    line(16, { password: 'a' }), // F-E-005
    `${line(17)},extra`, // F-E-004, more values than columns
  ]
  const issues: CsvIssue[] = []
  const main = await validateCustomerUserCsv([HEADER.join(','), ...rows].join('\n'), { jobStoreIds: ['FR'] })
  for (const r of main.rows) issues.push(...r.errors)
  issues.push(...main.warnings)
  // A file without civility (F-E-001 on the row: the column is missing), with an unknown column (F-W-001), a
  // store column the job's stores override (F-W-002), and an email column given twice with different values.
  const other = await validateCustomerUserCsv(
    [
      'externalId,firstName,lastName,email,phone,groups,accountIds,storeIds,Favourite colour,email',
      'CU-1,Jean,Dupont,a@example.com,+33 6 12 34 56 78,FOC_User,ACME,FR,blue,b@example.com',
    ].join('\n'),
    { jobStoreIds: ['FR'] },
  )
  for (const r of other.rows) issues.push(...r.errors)
  issues.push(...other.warnings)
  return issues
}

/** Issues only the server finds (with data), as the job's report gives them (columns as the file's headers). */
const SERVER_ISSUES: CsvIssue[] = [
  { code: 'F-E-002', column: 'accountIds', message: 'Unknown customer account: "NOPE".' },
  { code: 'F-E-002', column: 'organisationIds', message: 'Unknown organisation: "NOPE".' },
  { code: 'F-E-002', column: 'storeIds', message: 'Unknown store: "NOWHERE".' },
  { code: 'F-E-002', column: 'externalId', message: 'There is no customer user "CU-9" to delete.' },
  { code: 'F-E-003', column: 'email', message: '"a@example.com" is already the email of customer user "CU-2".' },
  { code: 'F-E-008', column: 'organisationIds', message: '"ORG-X" belongs to none of the user\'s accounts (ACME).' },
  {
    code: 'F-E-001',
    column: 'storeIds',
    message: 'A store is required on a multi-store tenant: fill the store column, or give the job stores.',
  },
  { code: 'F-E-009', column: 'externalId', message: 'The account still has customer users.' },
]

/** Codes (F-E-…, reader codes), and English that has no place in a French sentence. */
const CODE = /F-[EW]-\d|\b[A-Z]+_[A-Z_]+\b(?<!FOC_\w*)|\b(EMPTY|NOT_TEXT|ENCODING|MALFORMED|NO_HEADER)\b/
const ENGLISH =
  /\b(the|is|are|not|no|required|unknown|must|use|value|values|file|column|columns|row|line|and|with|invalid|already|found|only|check|save|choose|empty|means)\b/i

const tables = (): [string, CsvSentenceTable][] => Object.entries(csvSentences)

describe('csvIssueSentence', () => {
  it('every issue the row check produces has its own sentence in English and in French, never the generic one', async () => {
    const issues = await ruleIssues()
    const codes = new Set(issues.map((e) => e.code))
    expect([...codes].sort()).toEqual([
      'F-E-001',
      'F-E-003',
      'F-E-004',
      'F-E-005',
      'F-E-006',
      'F-E-008',
      'F-W-001',
      'F-W-002',
    ])
    for (const e of [...issues, ...SERVER_ISSUES])
      for (const language of ['en', 'fr']) {
        const sentence = csvIssueSentence(e, language)
        expect(sentence, `${e.code} ${e.column}: ${e.message}`).not.toBe(csvSentences[language].issues[''])
        expect(sentence).not.toMatch(/\{v\}/)
      }
  })

  it('chooses by field and by case: a line number, the missing column, a phone number a spreadsheet rewrote', async () => {
    const issues = await ruleIssues()
    const said = (pattern: RegExp, language = 'en') =>
      issues.filter((e) => pattern.test(e.message)).map((e) => csvIssueSentence(e, language))
    expect(said(/is already on line/)).toEqual(['Same value as line 2: each user must be unique.'])
    expect(said(/is already used on line/, 'fr')).toEqual([
      'Même valeur qu’à la ligne 2 : chaque utilisateur doit être unique.',
    ])
    expect(said(/^civility is required, and the file has no/)).toEqual([
      'The file has no “Customer User Civility” column: it is needed to create or update a user.',
    ])
    expect(said(/spreadsheet/)).toEqual([
      'A spreadsheet turned this phone number into a number: format the column as text.',
    ])
    expect(said(/twice\.$/, 'fr')).toEqual([
      'Cette colonne figure deux fois dans le fichier, avec des valeurs différentes : n’en gardez qu’une.',
    ])
    expect(said(/values but the header has/)).toEqual([
      'This row has more values than the file has columns: put quotes around a value that holds the delimiter.',
    ])
    expect(said(/is not TRUE or FALSE/, 'fr')).toEqual(['Utilisez TRUE ou FALSE (vide vaut FALSE).'])
  })

  it('takes the field from the mapping when a column was mapped by hand (a "Mail" column holding the email)', async () => {
    const r = await validateCustomerUserCsv(
      [
        'externalId,civility,firstName,lastName,Mail,phone,groups,accountIds',
        'CU-1,MR,Jean,Dupont,x,+336,FOC_User,ACME',
      ].join('\n'),
      { headerOverrides: { Mail: 'email' } },
    )
    const e = r.rows[0].errors.find((i) => i.column === 'Mail')!
    expect(csvIssueSentence(e, 'en')).toBe('The format is not valid.')
    expect(csvIssueSentence(e, 'en', 'email')).toBe('Not a valid email address.')
    expect(csvIssueSentence(e, 'fr', r.mapping)).toBe('Adresse e-mail invalide.')
  })

  it('no sentence holds a code, and the French ones hold no English (values such as TRUE, MR or FOC_User aside)', () => {
    for (const [language, table] of tables())
      for (const [key, sentence] of [...Object.entries(table.issues), ...Object.entries(table.read)]) {
        expect(sentence, `${language} ${key}`).not.toMatch(CODE)
        if (language === 'fr') expect(sentence, key).not.toMatch(ENGLISH)
      }
  })

  it('English and French have the same keys', () => {
    expect(Object.keys(csvSentences.fr.issues).sort()).toEqual(Object.keys(csvSentences.en.issues).sort())
    expect(Object.keys(csvSentences.fr.read).sort()).toEqual(Object.keys(csvSentences.en.read).sort())
  })

  it('unknown languages read English; a regional tag reads its language (fr-CA → French)', () => {
    const e = SERVER_ISSUES[0]
    expect(csvIssueSentence(e, 'de')).toBe('No customer account has this id.')
    expect(csvIssueSentence(e)).toBe('No customer account has this id.')
    expect(csvIssueSentence(e, 'fr-CA')).toBe('Aucun compte client ne porte cet identifiant.')
    expect(csvLanguage('FR-be')).toBe('fr')
    expect(csvLanguage('pt-BR')).toBe('en')
    expect(csvLanguage('__proto__')).toBe('en')
  })
})

describe('fallbacks within a language', () => {
  const saved = structuredClone(csvSentences.fr)
  afterEach(() => {
    csvSentences.fr = structuredClone(saved)
    delete csvSentences.de
  })

  it('a key the table lacks: the code’s sentence, then the generic one, in the same language', () => {
    const e: CsvIssue = { code: 'F-E-004', column: 'email', message: '"x" is not a valid email address.' }
    delete csvSentences.fr.issues['F-E-004 email']
    expect(csvIssueSentence(e, 'fr')).toBe('Le format n’est pas valide.')
    delete csvSentences.fr.issues['F-E-004']
    expect(csvIssueSentence(e, 'fr')).toBe(saved.issues[''])
    // A code no table knows (a newer server): the generic sentence.
    expect(csvIssueSentence({ code: 'F-E-077' as CsvIssue['code'], column: null, message: '' }, 'fr')).toBe(
      saved.issues[''],
    )
    expect(csvReadSentence('TOO_BIG', 'fr')).toBe(saved.read[''])
  })

  it('a page may add a language: what it lacks falls back to its generic sentence, then to English', () => {
    csvSentences.de = { issues: { '': 'Dieser Wert kann nicht importiert werden.' }, read: {} }
    expect(csvIssueSentence(SERVER_ISSUES[0], 'de')).toBe('Dieser Wert kann nicht importiert werden.')
    expect(csvReadSentence('EMPTY', 'de-AT')).toBe(csvSentences.en.read[''])
  })
})

describe('csvReadSentence', () => {
  const failure = async (input: string | Uint8Array) => {
    try {
      await validateCustomerUserCsv(input)
    } catch (e) {
      if (e instanceof CsvReadError) return e
      throw e
    }
    throw new Error('the file was read')
  }

  it('says why each kind of file cannot be read, in English and French, without the reader’s codes', async () => {
    const cases: [Uint8Array | string, string, string][] = [
      ['', 'The file is empty', 'Le fichier est vide'],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'spreadsheet workbook', 'classeur de tableur'],
      [
        new Uint8Array([0x61, 0, 0x62, 0, 0x63, 0x64, 0x65, 0x66, 0, 0, 0]),
        'not a CSV text file',
        'pas un fichier texte',
      ],
      [new Uint8Array([0xff, 0xfe, 0x61, 0]), 'encoding', 'encodage'],
      ['externalId\tcivility\r\nCU-1\tMR\r\n', 'separated by tabs', 'tabulations'],
      ['externalId,civility\r\n"CU-1,MR\r\n', 'never closed', 'jamais fermée'],
      ['name,city\r\nJean,Paris\r\n', 'No column is a customer-user field', 'Aucune colonne'],
    ]
    for (const [input, en, fr] of cases) {
      const e = await failure(input)
      const [said, dit] = [csvReadSentence(e, 'en'), csvReadSentence(e, 'fr')]
      expect(said, e.message).not.toBe(csvSentences.en.read[''])
      expect(dit, e.message).not.toBe(csvSentences.fr.read[''])
      expect(said).toContain(en)
      expect(dit).toContain(fr)
    }
  })

  it('names the delimiter the file seems to use; a code alone, or the event’s {code, message}, works too', () => {
    const e = {
      code: 'SINGLE_COLUMN',
      message:
        'Line 1: the header has a single column ("a;b") when split on "," (detected); the file seems to use ";": choose ";" as the delimiter.',
    }
    expect(csvReadSentence(e, 'fr')).toBe(
      'Une seule colonne trouvée : le fichier semble séparer les valeurs par « ; ».',
    )
    expect(csvReadSentence('SINGLE_COLUMN')).toBe('Only one column was found: check the delimiter.')
    expect(csvReadSentence('NOT_TEXT', 'xx')).toBe('It is not a CSV text file: choose a CSV file.')
  })
})

describe('createCsvImportSession', () => {
  const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer
  const file = [HEADER.join(';'), line(1).replaceAll(',', ';'), line(2, { email: 'x' }).replaceAll(',', ';')].join(
    '\r\n',
  )

  it('reads a file and gives every issue its sentence in the language asked for; a check after an edit too', () => {
    const session = createCsvImportSession()
    const read = session.read({ bytes: bytes(file), language: 'fr' })
    if ('failure' in read) throw new Error(read.failure.message)
    expect(read.delimiter).toBe(';')
    expect(read.counts).toEqual({ rows: 2, valid: 1, failed: 1 })
    expect(read.errors).toEqual([
      [1, [expect.objectContaining({ code: 'F-E-004', column: 'email', sentence: 'Adresse e-mail invalide.' })]],
    ])
    const email = HEADER.indexOf('email')
    const edited = session.check({
      overrides: {},
      edit: { row: 1, column: email, value: 'y@example.com' },
      language: 'en',
    })
    expect('failure' in edited ? edited : edited.counts).toEqual({ rows: 2, valid: 2, failed: 0 })
  })

  it('guesses near-miss headers, which the user confirms; reads the same bytes again with another encoding', () => {
    const session = createCsvImportSession()
    const read = session.read({
      bytes: bytes(
        'externalId,civility,firstName,lastName,Mail,phone,groups,accountIds\r\nCU-1,MR,Jean,Dupont,x,+33 6 12 34 56 78,FOC_User,ACME\r\n',
      ),
      language: 'en',
    })
    if ('failure' in read) throw new Error(read.failure.message)
    expect(read.guessed).toEqual(['Mail'])
    expect(read.errors[0][1].map((e) => e.sentence)).toEqual(['Not a valid email address.'])
    const again = session.read({ encoding: 'windows-1252', overrides: read.overrides })
    expect('failure' in again ? again : again.encoding).toBe('windows-1252')
  })

  it('a file that cannot be read comes back as a failure with its sentence; describe says other issues', () => {
    const session = createCsvImportSession()
    const read = session.read({ bytes: bytes(''), language: 'fr' })
    expect(read).toEqual({
      failure: expect.objectContaining({ code: 'EMPTY', sentence: expect.stringMatching(/^Le fichier est vide/) }),
    })
    expect(session.check({ overrides: {} })).toEqual({ failure: expect.objectContaining({ code: 'EMPTY' }) })
    const said = session.describe({
      issues: structuredClone(SERVER_ISSUES.slice(0, 2)),
      language: 'fr',
      read: { code: 'SINGLE_COLUMN', message: '' },
    })
    expect(said).toEqual({
      sentences: ['Aucun compte client ne porte cet identifiant.', 'Aucune organisation ne porte cet identifiant.'],
      read: 'Une seule colonne trouvée : vérifiez le séparateur.',
    })
  })
})
