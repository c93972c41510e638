/**
 * R5 in the shared CSV module: the password column maps under its other names (in either header form), columns
 * named like a secret are recognised, and no row message quotes a secret value.
 */
import { describe, expect, it } from 'vitest'
import { checkCustomerUserCsv, isSecretHeader, mapCustomerUserHeaders } from '../../spec/csv/index.js'

describe('R5 secret columns in the CSV module', () => {
  it('R5 the password column maps under its other names, in the field-name and the import-page forms', () => {
    const aliases = [
      'password',
      'pwd',
      'PWD',
      'pass',
      'passwd',
      'Mot de passe',
      'mot_de_passe',
      'Passwort',
      'Kennwort',
      'contraseña',
      'Contrasena',
      'senha',
      'wachtwoord',
      'Customer User Pwd',
      'Customer User Mot de passe',
      'customer_user_passwort',
    ]
    for (const header of aliases) {
      const mapping = mapCustomerUserHeaders(['externalId', header])
      expect(mapping.columns[1], header).toEqual({ header, field: 'password' })
      expect(mapping.warnings, header).toEqual([])
    }
    // Not passwords.
    for (const header of ['passport', 'Compass', 'notes', 'email']) {
      expect(mapCustomerUserHeaders(['externalId', header]).columns[1], header).not.toMatchObject({
        field: 'password',
      })
    }
  })

  it('R5 a column whose name looks like a secret is one, in the usual languages; others are not', () => {
    const secret = [
      'password',
      'Customer User Password',
      'pwd',
      'user_pwd',
      'Pass',
      'userPass',
      'passwd',
      'Secret',
      'Secret answer',
      'api_token',
      'accessToken',
      'API key',
      'Mot de passe',
      'MOT DE PASSE',
      'Kennwort',
      'Passwort',
      'contraseña',
      'Senha',
      'customField.apiSecret',
      'PIN',
    ]
    for (const h of secret) expect(isSecretHeader(h), h).toBe(true)
    const plain = ['email', 'Customer User Email', 'passport', 'Compass', 'notes', 'firstName', 'Customer User Groups']
    for (const h of plain) expect(isSecretHeader(h), h).toBe(false)
  })

  it('R5 two password columns that differ fail the row (F-E-003) without quoting either value', () => {
    const file = [
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,Mot de passe,pwd,email',
      'CU-1,MR,A,B,a@example.com,0612345678,FOC_User,ACME,Secret-Pass-1,Other-Pass-2,b@example.com',
    ].join('\n')
    const { rows } = checkCustomerUserCsv(file)
    expect(rows[0].row.password).toBe('Secret-Pass-1')
    expect(rows[0].errors).toEqual([
      {
        code: 'F-E-003',
        column: 'pwd',
        message: 'The value differs from the value in "Mot de passe": the file gives password twice.',
      },
      // Other repeated columns still quote their values.
      {
        code: 'F-E-003',
        column: 'email',
        message: '"b@example.com" differs from "a@example.com" in "email": the file gives email twice.',
      },
    ])
    expect(JSON.stringify(rows[0].errors)).not.toMatch(/Secret-Pass-1|Other-Pass-2/)
  })
})
