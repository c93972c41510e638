/**
 * Every string `<dj-company-users>` shows, in English and French. The element picks a table by its `lang` (or the
 * nearest `lang` around it); unknown languages fall back to English.
 */
import { messagesLookup } from '../shared/locale.js'

export interface CompanyUsersMessages {
  caption: string
  search: string
  searchPlaceholder: string
  loading: string
  /** Numbers come formatted for the language. */
  count: (n: number, text: string) => string
  empty: string
  signedOut: string
  /** Why a user who is not FOC_Admin sees no colleagues and no action. */
  readOnly: string
  error: string
  retry: string
  columns: { name: string; groups: string; organisations: string; status: string; actions: string }
  groups: Record<string, string>
  status: Record<string, string>
  you: string
  noOrganisation: string
  invite: string
  edit: string
  deactivate: string
  reactivate: string
  /** Hidden text after a row's action, naming whom it is for. */
  forWhom: (name: string) => string
  paging: string
  first: string
  previous: string
  next: string
  last: string
  /** "1–25 of 65", numbers formatted. */
  range: (from: string, to: string, total: string) => string
  inviteTitle: string
  editTitle: (name: string) => string
  email: string
  groupsLegend: string
  organisationsLegend: string
  organisation: string
  organisationHint: string
  mainOrganisation: string
  send: string
  save: string
  cancel: string
  saving: string
  needEmail: string
  needGroup: string
  invited: (email: string) => string
  saved: (name: string) => string
  deactivated: (name: string) => string
  reactivated: (name: string) => string
  inviteFailed: string
  changeFailed: (name: string) => string
  /** The server refused: the account's last active FOC_Admin would be demoted or deactivated. */
  lastAdmin: (name: string) => string
  /** The server refused a status change for someone who also belongs to other companies. */
  severalAccounts: (name: string) => string
  /** Groups above the inviter's own. */
  groupTooHigh: string
  remove: string
  removeTitle: (name: string) => string
  removeText: string
  removed: (name: string) => string
  removeFailed: (name: string) => string
  invitations: string
  invitationColumns: { email: string; groups: string; expires: string }
  resend: string
  revoke: string
  resent: (email: string) => string
  revoked: (email: string) => string
  invitationFailed: (email: string) => string
}

const en: CompanyUsersMessages = {
  caption: 'People in your company',
  search: 'Search',
  searchPlaceholder: 'Name or email',
  loading: 'Loading your colleagues…',
  count: (n, text) => (n === 1 ? '1 person' : `${text} people`),
  empty: 'Nobody matches this search.',
  signedOut: 'Sign in to see the people in your company.',
  readOnly:
    'Only an administrator of your company can see and manage its people. Ask one of them if someone needs access or a change.',
  error: 'Your colleagues could not be loaded.',
  retry: 'Retry',
  columns: { name: 'Name', groups: 'Roles', organisations: 'Organisations', status: 'Status', actions: 'Actions' },
  groups: { FOC_Admin: 'Administrator', FOC_User: 'Buyer', FOC_Webmaster: 'Webmaster' },
  status: { ACTIVE: 'Active', INACTIVE: 'Deactivated' },
  you: 'you',
  noOrganisation: 'None',
  invite: 'Invite a colleague',
  edit: 'Edit',
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  forWhom: (name) => ` (${name})`,
  paging: 'Pages',
  first: 'First page',
  previous: 'Previous page',
  next: 'Next page',
  last: 'Last page',
  range: (from, to, total) => `${from}–${to} of ${total}`,
  inviteTitle: 'Invite a colleague',
  editTitle: (name) => `Roles and organisations of ${name}`,
  email: 'Email address',
  groupsLegend: 'Roles',
  organisationsLegend: 'Organisations',
  organisation: 'Organisation',
  organisationHint: 'The organisation your colleague joins.',
  mainOrganisation: 'Main organisation',
  send: 'Send the invitation',
  save: 'Save',
  cancel: 'Cancel',
  saving: 'Saving…',
  needEmail: 'Enter the email address of the person to invite.',
  needGroup: 'Choose at least one role.',
  invited: (email) => `Invitation sent to ${email}.`,
  saved: (name) => `${name} was updated.`,
  deactivated: (name) => `${name} was deactivated and can no longer sign in.`,
  reactivated: (name) => `${name} was reactivated and can sign in again.`,
  inviteFailed: 'The invitation could not be sent.',
  changeFailed: (name) => `${name} could not be changed.`,
  lastAdmin: (name) =>
    `${name} is the last active administrator of your company. Make someone else an administrator first.`,
  severalAccounts: (name) =>
    `${name} also belongs to other companies, so only an administrator at your supplier can deactivate them.`,
  groupTooHigh: 'You cannot give a role higher than your own.',
  remove: 'Remove',
  removeTitle: (name) => `Remove ${name} from your company?`,
  removeText:
    'They lose access to your company and its organisations at once. Someone who belongs to your company only is deleted; invite them again to bring them back.',
  removed: (name) => `${name} was removed from your company.`,
  removeFailed: (name) => `${name} could not be removed.`,
  invitations: 'Pending invitations',
  invitationColumns: { email: 'Email', groups: 'Roles', expires: 'Expires' },
  resend: 'Send again',
  revoke: 'Revoke',
  resent: (email) => `Invitation sent again to ${email}.`,
  revoked: (email) => `The invitation to ${email} was revoked.`,
  invitationFailed: (email) => `The invitation to ${email} could not be changed.`,
}

const fr: CompanyUsersMessages = {
  caption: 'Les personnes de votre entreprise',
  search: 'Rechercher',
  searchPlaceholder: 'Nom ou e-mail',
  loading: 'Chargement de vos collègues…',
  count: (n, text) => (n <= 1 ? `${text} personne` : `${text} personnes`),
  empty: 'Personne ne correspond à cette recherche.',
  signedOut: 'Connectez-vous pour voir les personnes de votre entreprise.',
  readOnly:
    'Seul un administrateur de votre entreprise peut voir et gérer ses membres. Demandez-lui si quelqu’un a besoin d’un accès ou d’une modification.',
  error: 'Impossible de charger vos collègues.',
  retry: 'Réessayer',
  columns: {
    name: 'Nom',
    groups: 'Rôles',
    organisations: 'Organisations',
    status: 'Statut',
    actions: 'Actions',
  },
  groups: { FOC_Admin: 'Administrateur', FOC_User: 'Acheteur', FOC_Webmaster: 'Webmestre' },
  status: { ACTIVE: 'Actif', INACTIVE: 'Désactivé' },
  you: 'vous',
  noOrganisation: 'Aucune',
  invite: 'Inviter un collègue',
  edit: 'Modifier',
  deactivate: 'Désactiver',
  reactivate: 'Réactiver',
  forWhom: (name) => ` (${name})`,
  paging: 'Pages',
  first: 'Première page',
  previous: 'Page précédente',
  next: 'Page suivante',
  last: 'Dernière page',
  range: (from, to, total) => `${from}–${to} sur ${total}`,
  inviteTitle: 'Inviter un collègue',
  editTitle: (name) => `Rôles et organisations de ${name}`,
  email: 'Adresse e-mail',
  groupsLegend: 'Rôles',
  organisationsLegend: 'Organisations',
  organisation: 'Organisation',
  organisationHint: 'L’organisation que rejoint votre collègue.',
  mainOrganisation: 'Organisation principale',
  send: 'Envoyer l’invitation',
  save: 'Enregistrer',
  cancel: 'Annuler',
  saving: 'Enregistrement…',
  needEmail: 'Saisissez l’adresse e-mail de la personne à inviter.',
  needGroup: 'Choisissez au moins un rôle.',
  invited: (email) => `Invitation envoyée à ${email}.`,
  saved: (name) => `${name} a été modifié.`,
  deactivated: (name) => `${name} a été désactivé et ne peut plus se connecter.`,
  reactivated: (name) => `${name} a été réactivé et peut de nouveau se connecter.`,
  inviteFailed: 'L’invitation n’a pas pu être envoyée.',
  changeFailed: (name) => `Impossible de modifier ${name}.`,
  lastAdmin: (name) =>
    `${name} est le dernier administrateur actif de votre entreprise. Nommez d’abord un autre administrateur.`,
  severalAccounts: (name) =>
    `${name} appartient aussi à d’autres entreprises : seul un administrateur chez votre fournisseur peut le désactiver.`,
  groupTooHigh: 'Vous ne pouvez pas donner un rôle plus élevé que le vôtre.',
  remove: 'Retirer',
  removeTitle: (name) => `Retirer ${name} de votre entreprise ?`,
  removeText:
    'Cette personne perd aussitôt l’accès à votre entreprise et à ses organisations. Si elle n’appartient qu’à votre entreprise, elle est supprimée ; invitez-la de nouveau pour la faire revenir.',
  removed: (name) => `${name} a été retiré de votre entreprise.`,
  removeFailed: (name) => `Impossible de retirer ${name}.`,
  invitations: 'Invitations en attente',
  invitationColumns: { email: 'E-mail', groups: 'Rôles', expires: 'Expire le' },
  resend: 'Renvoyer',
  revoke: 'Révoquer',
  resent: (email) => `Invitation renvoyée à ${email}.`,
  revoked: (email) => `L’invitation de ${email} a été révoquée.`,
  invitationFailed: (email) => `Impossible de modifier l’invitation de ${email}.`,
}

export const messages: Record<string, CompanyUsersMessages> = { en, fr }

/** The messages for a BCP 47 language tag (`fr`, `fr-CA` → French), English otherwise. */
export const messagesFor = messagesLookup(messages, en)
