import { DEFAULT_RETENTION_POLICY } from '../retention/retention.periods';

/**
 * Jasmin (Potero Oy) privacy statement dated 1.12.2020, as structured data in Finnish and English.
 *
 * The Finnish original (tietosuojaseloste) is authoritative; the English texts are a rendering of it,
 * and where the two differ the Finnish original stands. Clause ids (§N.k) follow the English rendering.
 * The Finnish texts fix only obvious typos in the original (e.g. "ylin kaksi vuotta" → "yli kaksi vuotta").
 *
 * A published version must never be edited (§11.1): when the statement is updated, add a new pair of
 * constants (e.g. PRIVACY_NOTICE_YYYY_MM_DD_FI / _EN) and append them to PRIVACY_NOTICES.
 */

export type NoticeLanguage = 'fi' | 'en';

export interface NoticeClause {
  id: string;
  text: string;
}

export interface NoticeController {
  name: string;
  businessId: string;
  address: string;
  contact: string;
  dataProtectionContact: string;
}

export interface NoticeRegister {
  code: string;
  name: string;
  description: string;
  clauses: string[];
}

export interface NoticePurpose {
  code: string;
  description: string;
  legalBasis: string;
  clauses: string[];
}

export interface NoticeDataCategory {
  code: string;
  name: string;
  description: string;
  clauses: string[];
}

export interface NoticeRetentionRule {
  code: string;
  appliesTo: string[];
  description: string;
  period: string;
  periodMonths: number | null;
  clauses: string[];
}

export interface NoticeRecipient {
  code: string;
  name: string;
  description: string;
  clauses: string[];
}

export interface NoticeRight {
  code: string;
  name: string;
  description: string;
  clauses: string[];
}

export interface NoticeSource {
  code: string;
  name: string;
  clauses: string[];
}

export interface NoticeCookieCategory {
  code: string;
  name: string;
  description: string;
  requiresConsent: boolean;
  clauses: string[];
}

export interface PrivacyNoticeContent {
  version: string;
  language: NoticeLanguage;
  publishedOn: string;
  title: string;
  legalFrame: string;
  controller: NoticeController;
  howToExercise: string;
  transfersOutsideEea: boolean;
  automatedDecisionMaking: boolean;
  registers: NoticeRegister[];
  purposes: NoticePurpose[];
  dataCategories: NoticeDataCategory[];
  retentionRules: NoticeRetentionRule[];
  recipients: NoticeRecipient[];
  rights: NoticeRight[];
  sources: NoticeSource[];
  cookies: NoticeCookieCategory[];
  security: string[];
  clauses: NoticeClause[];
}

export const PRIVACY_NOTICE_2020_12_01_EN: PrivacyNoticeContent = {
  version: '2020-12-01',
  language: 'en',
  publishedOn: '2020-12-01',
  title: 'Privacy statement',
  legalFrame: 'Finnish Personal Data Act (sections 10 and 24) and the EU General Data Protection Regulation (GDPR)',
  controller: {
    name: 'Potero Oy',
    businessId: '2063235-5',
    address: 'Isokatu 25, 90100 Oulu',
    contact: 'asiakaspalvelu@jasmin.fi',
    dataProtectionContact: 'Potero Oy / Pauliina Pitkänen, Isokatu 25, 90100 Oulu, +358 40 771 2700, asiakaspalvelu@jasmin.fi',
  },
  howToExercise:
    'Requests to exercise these rights must be made in writing to the controller at asiakaspalvelu@jasmin.fi. ' +
    'Where necessary, the controller may ask the person making the request to prove their identity, and it ' +
    'answers within the time set in the EU General Data Protection Regulation (as a rule within one month).',
  transfersOutsideEea: false,
  automatedDecisionMaking: false,
  registers: [
    {
      code: 'WEBSHOP_USERS',
      name: 'Webshop user register',
      description: 'The register of the users of the Jasmin webshop.',
      clauses: ['§2.1'],
    },
    {
      code: 'LOYALTY_MEMBERS',
      name: 'Loyalty-customer register',
      description: 'The register of loyalty customers (members); its personal data is, as a rule, processed as long as the membership is valid.',
      clauses: ['§2.2', '§4.3'],
    },
  ],
  purposes: [
    {
      code: 'CUSTOMER_RELATIONSHIP',
      description: 'Managing the customer relationship and communicating with the customer.',
      legalBasis: "The customer relationship and consent; under the GDPR, the customer's own consent.",
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'ORDERS',
      description: 'Webshop business, reservations and orders.',
      legalBasis: "The customer relationship and consent; under the GDPR, the customer's own consent.",
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'SERVICE_INFORMATION',
      description: 'Telling about our services.',
      legalBasis: "The customer relationship and consent; under the GDPR, the customer's own consent.",
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'CUSTOMER_SERVICE',
      description: 'Customer service and answering contact requests.',
      legalBasis: "The customer relationship and consent; under the GDPR, the customer's own consent.",
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'USAGE_ANALYTICS',
      description: 'Following and analysing the use of our services and products.',
      legalBasis: "The customer relationship and consent; under the GDPR, the customer's own consent.",
      clauses: ['§3.1', '§3.2', '§3.3', '§5.1'],
    },
    {
      code: 'BUSINESS_DEVELOPMENT',
      description: 'Developing our business.',
      legalBasis: "The customer relationship and consent; under the GDPR, the customer's own consent.",
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'TARGETED_MARKETING',
      description: 'Targeting marketing and advertising; the data is not used for profiling and is not handed outside Potero Oy for marketing.',
      legalBasis: "The customer relationship and consent; under the GDPR, the customer's own consent.",
      clauses: ['§3.1', '§3.2', '§3.3', '§5.1', '§7.3'],
    },
  ],
  dataCategories: [
    {
      code: 'NAME',
      name: 'Name',
      description: "The customer's name.",
      clauses: ['§4.1'],
    },
    {
      code: 'ADDRESS',
      name: 'Address',
      description: "The customer's address.",
      clauses: ['§4.1'],
    },
    {
      code: 'PHONE',
      name: 'Phone number',
      description: "The customer's phone number.",
      clauses: ['§4.1'],
    },
    {
      code: 'EMAIL',
      name: 'E-mail address',
      description: "The customer's e-mail address.",
      clauses: ['§4.1'],
    },
    {
      code: 'ORDERED_PRODUCTS',
      name: 'Ordered products',
      description: 'Information on the products ordered and changes to them.',
      clauses: ['§4.1'],
    },
    {
      code: 'MARKETING_PERMISSIONS',
      name: 'Marketing permissions and prohibitions',
      description: 'Information on marketing permissions and prohibitions, including leaving the marketing list and forbidding direct marketing.',
      clauses: ['§4.1', '§4.4', '§8.4'],
    },
    {
      code: 'LOYALTY_MEMBERSHIP',
      name: 'Loyalty-customer membership',
      description: 'Membership in the loyalty-customer register.',
      clauses: ['§2.2', '§4.3'],
    },
    {
      code: 'COOKIES',
      name: 'Cookie data',
      description:
        'Information collected with cookies on our website: cookies necessary for the webshop to work, and cookies collecting information for statistics (visitor tracking) and for targeted advertising on third-party services.',
      clauses: ['§10.1', '§10.2', '§10.3'],
    },
  ],
  retentionRules: [
    {
      code: 'INACTIVE_TWO_YEARS',
      appliesTo: ['NAME', 'ADDRESS', 'PHONE', 'EMAIL', 'ORDERED_PRODUCTS', 'MARKETING_PERMISSIONS'],
      description:
        'As a rule, data that has been unused for more than two years is deleted, unless there is another basis for keeping it (for example ensuring the security of our services) or a statutory basis.',
      period: 'More than two years unused',
      // The number the retention pass enforces (§4.2), not a second copy of it.
      periodMonths: DEFAULT_RETENTION_POLICY.inactiveMonths,
      clauses: ['§4.2'],
    },
    {
      code: 'LOYALTY_MEMBERSHIP',
      appliesTo: ['LOYALTY_MEMBERSHIP', 'NAME', 'ADDRESS', 'PHONE', 'EMAIL', 'MARKETING_PERMISSIONS'],
      description: 'Personal data in the loyalty-customer register is, as a rule, processed as long as the membership is valid.',
      period: 'As long as the membership is valid',
      periodMonths: null,
      clauses: ['§4.3'],
    },
    {
      code: 'BOOKKEEPING_TEN_YEARS',
      appliesTo: ['NAME', 'ADDRESS', 'ORDERED_PRODUCTS'],
      description:
        'Bookkeeping material must be kept for the period set in the Accounting Act (chapter 2, section 10), 10 years, and cannot be deleted before that period has expired.',
      period: '10 years (Accounting Act, chapter 2, section 10)',
      periodMonths: 120,
      clauses: ['§8.9'],
    },
    {
      code: 'PURPOSE_CONTRACT_LAW',
      appliesTo: ['NAME', 'ADDRESS', 'PHONE', 'EMAIL', 'ORDERED_PRODUCTS', 'MARKETING_PERMISSIONS', 'LOYALTY_MEMBERSHIP', 'COOKIES'],
      description: 'Personal data is kept only as long as is necessary for its purpose, or as a contract or the law requires.',
      period: 'As long as the purpose, a contract or the law requires',
      periodMonths: null,
      clauses: ['§4.2'],
    },
  ],
  recipients: [
    {
      code: 'STAFF',
      name: 'The controller and its employees',
      description:
        'Potero Oy and its employees process the personal data; data is disclosed only to employees and others who need it for the agreed purpose and are bound to confidentiality.',
      clauses: ['§7.1', '§9.2'],
    },
    {
      code: 'IT_PARTNERS',
      name: 'Information-technology partners',
      description:
        'Partners operating in information technology, to whom data is disclosed to make providing the service possible; they comply with data-protection legislation and do not receive data for marketing.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'PAYMENT_PARTNERS',
      name: 'Payment-service partners',
      description:
        'Partners operating in payment services, to whom data is disclosed to make providing the service possible; they comply with data-protection legislation and do not receive data for marketing.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'LOGISTICS_PARTNERS',
      name: 'Transport (logistics) partners',
      description:
        'Partners operating in transport, to whom data is disclosed to make providing the service possible; they comply with data-protection legislation and do not receive data for marketing.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'ACCOUNTING_PARTNERS',
      name: 'Accounting partners',
      description:
        'Partners operating in accounting, to whom data is disclosed to make providing the service possible; they comply with data-protection legislation and do not receive data for marketing.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'AUTHORITIES',
      name: 'Authorities and other disclosures required by law, and business transfers',
      description: 'Data may be disclosed to fulfil contractual obligations, such as when a law or a competent authority requires it, and in a company or business transfer.',
      clauses: ['§7.5'],
    },
  ],
  rights: [
    {
      code: 'ACCESS',
      name: 'Right of access',
      description: 'The data subject may check the personal data we have stored about them.',
      clauses: ['§8.1'],
    },
    {
      code: 'RECTIFICATION',
      name: 'Right to rectification',
      description: 'The data subject may ask us to correct wrong or incomplete data concerning them.',
      clauses: ['§8.2'],
    },
    {
      code: 'OBJECTION',
      name: 'Right to object',
      description: 'The data subject may object to the processing of personal data if they feel it has been processed unlawfully.',
      clauses: ['§8.3'],
    },
    {
      code: 'DIRECT_MARKETING_BAN',
      name: 'Right to forbid direct marketing',
      description: 'The data subject may forbid the use of their data for direct marketing, and can leave the marketing list through the link in every marketing e-mail.',
      clauses: ['§8.4', '§4.4'],
    },
    {
      code: 'ERASURE',
      name: 'Right to erasure',
      description:
        'The data subject may ask for their data to be deleted if processing it is not necessary; we either delete the data or give a reasoned answer why it cannot be deleted (for example bookkeeping material that must be kept for 10 years).',
      clauses: ['§8.7', '§8.9'],
    },
    {
      code: 'RESTRICTION',
      name: 'Right to restriction of processing',
      description:
        'The data subject may ask for the processing of personal data to be restricted in certain situations, and may demand that processing of disputed data is restricted until the matter is resolved.',
      clauses: ['§8.8', '§8.11'],
    },
    {
      code: 'CONSENT_WITHDRAWAL',
      name: 'Right to withdraw consent',
      description: 'If processing is based solely on consent, and not for example on a customer relationship or membership, the data subject may withdraw the consent.',
      clauses: ['§8.10'],
    },
    {
      code: 'COMPLAINT',
      name: 'Right to lodge a complaint',
      description:
        'The data subject may lodge a complaint with the Data Protection Ombudsman (tietosuojavaltuutettu) if they feel that we breach data-protection legislation; contact details: www.tietosuoja.fi/fi/index/yhteystiedot.html.',
      clauses: ['§8.12'],
    },
  ],
  sources: [
    { code: 'WEBSHOP_ORDER', name: 'Webshop order', clauses: ['§6.1'] },
    { code: 'REGISTRATION', name: 'Registering as a customer', clauses: ['§6.1'] },
    { code: 'NEWSLETTER', name: 'Subscribing to the newsletter', clauses: ['§6.1'] },
    { code: 'EMAIL', name: 'E-mail', clauses: ['§6.1'] },
    { code: 'PHONE', name: 'Phone', clauses: ['§6.1'] },
    { code: 'SOCIAL_MEDIA', name: 'Social-media services', clauses: ['§6.1'] },
    { code: 'CUSTOMER_MEETING', name: 'Customer meetings', clauses: ['§6.1'] },
    { code: 'MANUAL_ENTRY', name: 'Manual entry by customer service or sales', clauses: ['§6.2'] },
  ],
  cookies: [
    {
      code: 'NECESSARY',
      name: 'Necessary cookies',
      description: 'Our own cookies necessary for the webshop to work, which also let the visitor move from one service to another on our pages during a session.',
      requiresConsent: false,
      clauses: ['§10.1', '§10.3'],
    },
    {
      code: 'STATISTICS',
      name: 'Statistics cookies',
      description:
        'Cookies that collect information used for statistical purposes, for example following visitor traffic (third-party services such as Google Analytics and Facebook).',
      requiresConsent: true,
      clauses: ['§10.2'],
    },
    {
      code: 'MARKETING',
      name: 'Marketing cookies',
      description: 'Cookies that collect information used for targeted advertising on third-party services (such as Google Analytics and Facebook).',
      requiresConsent: true,
      clauses: ['§10.2'],
    },
  ],
  security: [
    'Customer data is strictly confidential to us and is not disclosed to outsiders.',
    'Personal data is disclosed only to employees and others who need it for the agreed purpose and are bound to keep it confidential by contract or by law.',
    'Access to personal data is protected by user-specific credentials, passwords and access rights.',
    "The connection between Jasmin and the customer's computer is protected with SSL/TLS, so that an outside observer cannot see or change confidential data.",
    'Bank and credit-card numbers are never passed to us and are not stored in our register.',
  ],
  clauses: [
    {
      id: '§1.1',
      text: 'Controller and data-protection contact: Potero Oy (contact person Pauliina Pitkänen), Isokatu 25, 90100 Oulu, +358 40 771 2700, asiakaspalvelu@jasmin.fi; privacy requests go to the customer-service address asiakaspalvelu@jasmin.fi.',
    },
    { id: '§2.1', text: 'The webshop user register.' },
    { id: '§2.2', text: 'The loyalty-customer (membership) register.' },
    {
      id: '§3.1',
      text: "Basis for keeping the register: personal data is processed on the basis of the data subject's customer relationship and on the basis of consent.",
    },
    {
      id: '§3.2',
      text: 'We collect, store and process personal data concerning you only for these predefined purposes: managing the customer relationship and communicating with the customer; webshop business, reservations and orders; telling about our services; customer service and answering contact requests; following and analysing the use of our services and products; developing our business; targeting marketing and advertising.',
    },
    { id: '§3.3', text: 'The data is not used for automated decision-making or profiling.' },
    {
      id: '§4.1',
      text: 'We process and collect from you only the personal data needed for the order: name; address; phone number; e-mail address; information on the products ordered and changes to them; information on marketing permissions and prohibitions.',
    },
    {
      id: '§4.2',
      text: 'We keep your personal data only as long as is necessary for its purpose, or as a contract or the law requires. As a rule, we delete data that has been unused for more than two years, provided there is no other basis for keeping it (for example one related to ensuring the security of our services) and no statutory basis.',
    },
    {
      id: '§4.3',
      text: 'Personal data in the loyalty-customer register is, as a rule, processed as long as the membership is valid.',
    },
    {
      id: '§4.4',
      text: 'The data subject can leave our marketing list by themselves, through the link in every marketing e-mail we send.',
    },
    {
      id: '§5.1',
      text: "Under the EU General Data Protection Regulation, the legal basis for processing personal data is the customer's own consent. By using our services or websites, or by contacting us, you accept that we process personal data concerning you in accordance with this privacy statement.",
    },
    {
      id: '§6.1',
      text: 'The data stored in the register is obtained from the customer themselves, among other things from webshop orders, by e-mail, by phone, through social-media services, at customer meetings and in other situations where the customer hands over their data, such as registering as a customer, shopping in the webshop or subscribing to the newsletter.',
    },
    { id: '§6.2', text: 'We also collect data manually in connection with customer service or sales.' },
    { id: '§7.1', text: 'The controller and its employees process the personal data.' },
    {
      id: '§7.2',
      text: 'We may also partly outsource the processing of personal data to a third party, in which case we guarantee by contractual arrangements that the personal data is processed in accordance with the data-protection legislation in force and otherwise appropriately.',
    },
    { id: '§7.3', text: 'Data is not handed over outside Potero Oy for marketing purposes.' },
    {
      id: '§7.4',
      text: 'To make providing the service possible, we disclose data to partners operating in information technology, payment services, transport (logistics) and accounting; we have made sure that all our service providers comply with data-protection legislation.',
    },
    {
      id: '§7.5',
      text: 'We may otherwise disclose data to fulfil contractual obligations, such as when a law or a competent authority requires it. We may also disclose your data if we were party to a company or business transfer.',
    },
    { id: '§7.6', text: 'Data is not transferred outside the EU or the European Economic Area.' },
    { id: '§8.1', text: 'The data subject may check the personal data we have stored about them.' },
    {
      id: '§8.2',
      text: 'The data subject may ask us to correct wrong or incomplete data concerning them; a request to check or correct the data must be sent to the controller in writing.',
    },
    {
      id: '§8.3',
      text: 'The data subject may object to the processing of personal data if they feel that it has been processed unlawfully.',
    },
    { id: '§8.4', text: 'The data subject has the right to forbid the use of their data for direct marketing.' },
    {
      id: '§8.5',
      text: 'Where necessary, the controller may ask the person making the request to prove their identity.',
    },
    {
      id: '§8.6',
      text: 'The controller answers the customer within the time set in the EU General Data Protection Regulation (as a rule within one month).',
    },
    {
      id: '§8.7',
      text: 'The data subject has the right to ask for their data to be deleted if processing it is not necessary. We handle the erasure request and then either delete the data or give a reasoned answer why the data cannot be deleted.',
    },
    {
      id: '§8.8',
      text: 'The data subject also has the other rights under the EU General Data Protection Regulation, such as restriction of the processing of personal data in certain situations; requests must be sent to the controller in writing.',
    },
    {
      id: '§8.9',
      text: 'The controller may have a statutory or other right not to delete the requested data. The controller must keep bookkeeping material for the period set in the Accounting Act (chapter 2, section 10), 10 years, so material related to bookkeeping cannot be deleted before that period has expired.',
    },
    {
      id: '§8.10',
      text: 'If the processing of personal data concerning the data subject is based solely on consent, and not for example on a customer relationship or membership, the data subject may withdraw the consent.',
    },
    {
      id: '§8.11',
      text: 'The data subject has the right to demand that we restrict the processing of disputed data until the matter has been resolved.',
    },
    {
      id: '§8.12',
      text: 'The data subject has the right to lodge a complaint with the Data Protection Ombudsman (tietosuojavaltuutettu) if they feel that we breach the data-protection legislation in force when processing personal data. The Ombudsman’s contact details: www.tietosuoja.fi/fi/index/yhteystiedot.html.',
    },
    {
      id: '§9.1',
      text: 'The customer data you leave with your order is strictly confidential to us, and we do not disclose it to outsiders.',
    },
    {
      id: '§9.2',
      text: 'We undertake not to disclose or reveal personal data to anyone other than employees or others who need to know the data for the agreed purpose and who are bound to keep it confidential by their service or other contracts or by law.',
    },
    {
      id: '§9.3',
      text: 'Access to your personal data is protected by user-specific credentials, passwords and access rights.',
    },
    {
      id: '§9.4',
      text: "The connection between Jasmin and the customer's computer is protected with SSL/TLS, which protects the traffic so that an outside observer following the connection cannot see or change your confidential data; SSL/TLS is relied on, among others, by Finnish online banks and other online services that require secure connections.",
    },
    {
      id: '§9.5',
      text: "The customer's bank or credit-card numbers are never passed to us and we do not store them in our register, so even in the event of a data breach the customer's payment-card data cannot pass through us into the wrong hands, and no one can misuse your data later.",
    },
    {
      id: '§10.1',
      text: 'Our website uses cookies so that we can serve our customers as well as possible; when you visit our website, we may install in your browser our own cookies that are necessary for the webshop to work.',
    },
    {
      id: '§10.2',
      text: 'Cookies collect information that we use for statistical purposes, for example for following visitor traffic and for targeted advertising on third-party services; examples of these services are Google Analytics and Facebook.',
    },
    {
      id: '§10.3',
      text: "Cookies are small identifier files that move from the server to the visitor's computer during a session; we use them to let the visitor move from one service to another on our pages during the session. Their use is not visible to the visitor during the session and does not burden the visitor's computer.",
    },
    {
      id: '§11.1',
      text: 'We update this privacy statement as our business develops and/or the legislation changes.',
    },
  ],
};

export const PRIVACY_NOTICE_2020_12_01_FI: PrivacyNoticeContent = {
  version: '2020-12-01',
  language: 'fi',
  publishedOn: '2020-12-01',
  title: 'Tietosuojaseloste',
  legalFrame: 'Henkilötietolaki (10 ja 24 §) ja EU:n yleinen tietosuoja-asetus (GDPR)',
  controller: {
    name: 'Potero Oy',
    businessId: '2063235-5',
    address: 'Isokatu 25, 90100 Oulu',
    contact: 'asiakaspalvelu@jasmin.fi',
    dataProtectionContact: 'Potero Oy / Pauliina Pitkänen, Isokatu 25, 90100 Oulu, +358 40 771 2700, asiakaspalvelu@jasmin.fi',
  },
  howToExercise:
    'Rekisteröidyn oikeuksien käyttämistä koskevat pyynnöt tulee tehdä kirjallisesti rekisterinpitäjälle osoitteeseen asiakaspalvelu@jasmin.fi. ' +
    'Rekisterinpitäjä voi pyytää tarvittaessa pyynnön esittäjää todistamaan henkilöllisyytensä, ja se vastaa ' +
    'EU:n tietosuoja-asetuksessa säädetyssä ajassa (pääsääntöisesti kuukauden kuluessa).',
  transfersOutsideEea: false,
  automatedDecisionMaking: false,
  registers: [
    {
      code: 'WEBSHOP_USERS',
      name: 'Verkkokaupan käyttäjärekisteri',
      description: 'Jasmin-verkkokaupan käyttäjien rekisteri.',
      clauses: ['§2.1'],
    },
    {
      code: 'LOYALTY_MEMBERS',
      name: 'Kanta-asiakasrekisteri',
      description: 'Kanta-asiakkaiden rekisteri; sen henkilötietoja käsitellään pääsääntöisesti niin kauan kuin asiakkuus on voimassa.',
      clauses: ['§2.2', '§4.3'],
    },
  ],
  purposes: [
    {
      code: 'CUSTOMER_RELATIONSHIP',
      description: 'Asiakassuhteen hoitaminen ja asiakasviestintä.',
      legalBasis: 'Rekisteröidyn asiakassuhde ja suostumus; EU:n yleisen tietosuoja-asetuksen mukaisesti asiakkaan oma suostumus.',
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'ORDERS',
      description: 'Verkkokauppa-asiointi sekä varaukset ja tilaukset.',
      legalBasis: 'Rekisteröidyn asiakassuhde ja suostumus; EU:n yleisen tietosuoja-asetuksen mukaisesti asiakkaan oma suostumus.',
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'SERVICE_INFORMATION',
      description: 'Palveluistamme kertominen.',
      legalBasis: 'Rekisteröidyn asiakassuhde ja suostumus; EU:n yleisen tietosuoja-asetuksen mukaisesti asiakkaan oma suostumus.',
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'CUSTOMER_SERVICE',
      description: 'Asiakaspalvelu ja yhteydenottopyyntöihin vastaaminen.',
      legalBasis: 'Rekisteröidyn asiakassuhde ja suostumus; EU:n yleisen tietosuoja-asetuksen mukaisesti asiakkaan oma suostumus.',
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'USAGE_ANALYTICS',
      description: 'Palveluidemme ja tuotteidemme käytön seuranta ja analysointi.',
      legalBasis: 'Rekisteröidyn asiakassuhde ja suostumus; EU:n yleisen tietosuoja-asetuksen mukaisesti asiakkaan oma suostumus.',
      clauses: ['§3.1', '§3.2', '§3.3', '§5.1'],
    },
    {
      code: 'BUSINESS_DEVELOPMENT',
      description: 'Liiketoimintamme kehittäminen.',
      legalBasis: 'Rekisteröidyn asiakassuhde ja suostumus; EU:n yleisen tietosuoja-asetuksen mukaisesti asiakkaan oma suostumus.',
      clauses: ['§3.1', '§3.2', '§5.1'],
    },
    {
      code: 'TARGETED_MARKETING',
      description: 'Markkinoinnin ja mainonnan kohdentaminen; tietoja ei käytetä profilointiin eikä luovuteta markkinointitarkoituksiin Potero Oy:n ulkopuolelle.',
      legalBasis: 'Rekisteröidyn asiakassuhde ja suostumus; EU:n yleisen tietosuoja-asetuksen mukaisesti asiakkaan oma suostumus.',
      clauses: ['§3.1', '§3.2', '§3.3', '§5.1', '§7.3'],
    },
  ],
  dataCategories: [
    {
      code: 'NAME',
      name: 'Nimi',
      description: 'Asiakkaan nimi.',
      clauses: ['§4.1'],
    },
    {
      code: 'ADDRESS',
      name: 'Osoite',
      description: 'Asiakkaan osoite.',
      clauses: ['§4.1'],
    },
    {
      code: 'PHONE',
      name: 'Puhelinnumero',
      description: 'Asiakkaan puhelinnumero.',
      clauses: ['§4.1'],
    },
    {
      code: 'EMAIL',
      name: 'Sähköpostiosoite',
      description: 'Asiakkaan sähköpostiosoite.',
      clauses: ['§4.1'],
    },
    {
      code: 'ORDERED_PRODUCTS',
      name: 'Tilatut tuotteet',
      description: 'Tiedot tilatuista tuotteista ja niiden muutoksista.',
      clauses: ['§4.1'],
    },
    {
      code: 'MARKETING_PERMISSIONS',
      name: 'Markkinoinnin luvat ja kiellot',
      description: 'Tiedot markkinoinnin luvista ja kielloista, mukaan lukien markkinointilistalta poistuminen ja suoramarkkinoinnin kieltäminen.',
      clauses: ['§4.1', '§4.4', '§8.4'],
    },
    {
      code: 'LOYALTY_MEMBERSHIP',
      name: 'Kanta-asiakkuus',
      description: 'Kuuluminen kanta-asiakasrekisteriin.',
      clauses: ['§2.2', '§4.3'],
    },
    {
      code: 'COOKIES',
      name: 'Evästetiedot',
      description:
        'Verkkosivustomme evästeillä kerätyt tiedot: verkkokaupan toiminnan kannalta välttämättömät evästeet sekä evästeet, jotka keräävät tietoa tilastollisiin tarkoituksiin (kävijäliikenteen seuranta) ja kohdennettuun mainontaan kolmansien osapuolten palveluissa.',
      clauses: ['§10.1', '§10.2', '§10.3'],
    },
  ],
  retentionRules: [
    {
      code: 'INACTIVE_TWO_YEARS',
      appliesTo: ['NAME', 'ADDRESS', 'PHONE', 'EMAIL', 'ORDERED_PRODUCTS', 'MARKETING_PERMISSIONS'],
      description:
        'Poistamme lähtökohtaisesti yli kaksi vuotta käyttämättöminä olleet tiedot, edellyttäen ettei tietojen säilyttämiselle ole muuta, esimerkiksi palveluidemme turvallisuuden varmistamiseen liittyvää, tai lakisääteistä perustetta.',
      period: 'Yli kaksi vuotta käyttämättömänä',
      // The number the retention pass enforces (§4.2), not a second copy of it.
      periodMonths: DEFAULT_RETENTION_POLICY.inactiveMonths,
      clauses: ['§4.2'],
    },
    {
      code: 'LOYALTY_MEMBERSHIP',
      appliesTo: ['LOYALTY_MEMBERSHIP', 'NAME', 'ADDRESS', 'PHONE', 'EMAIL', 'MARKETING_PERMISSIONS'],
      description: 'Kanta-asiakasrekisterin henkilötietoja käsitellään pääsääntöisesti niin kauan kuin asiakkuus on voimassa.',
      period: 'Niin kauan kuin asiakkuus on voimassa',
      periodMonths: null,
      clauses: ['§4.3'],
    },
    {
      code: 'BOOKKEEPING_TEN_YEARS',
      appliesTo: ['NAME', 'ADDRESS', 'ORDERED_PRODUCTS'],
      description: 'Kirjanpitoaineisto on säilytettävä kirjanpitolaissa (luku 2, 10 §) määritellyn ajan (10 vuotta), eikä sitä voida poistaa ennen määräajan umpeutumista.',
      period: '10 vuotta (kirjanpitolaki, luku 2, 10 §)',
      periodMonths: 120,
      clauses: ['§8.9'],
    },
    {
      code: 'PURPOSE_CONTRACT_LAW',
      appliesTo: ['NAME', 'ADDRESS', 'PHONE', 'EMAIL', 'ORDERED_PRODUCTS', 'MARKETING_PERMISSIONS', 'LOYALTY_MEMBERSHIP', 'COOKIES'],
      description: 'Säilytämme henkilötietoja vain niin kauan kuin on tarpeellista niiden käyttötarkoitukselle tai kuin sopimus tai laki sitä vaatii.',
      period: 'Niin kauan kuin käyttötarkoitus, sopimus tai laki sitä vaatii',
      periodMonths: null,
      clauses: ['§4.2'],
    },
  ],
  recipients: [
    {
      code: 'STAFF',
      name: 'Rekisterinpitäjä ja sen työntekijät',
      description:
        'Potero Oy ja sen työntekijät käsittelevät henkilötietoja; tietoja luovutetaan vain niille työntekijöille tai muille, joiden on tarpeen tuntea tieto sovittua tarkoitusta varten ja jotka ovat velvollisia pitämään sen luottamuksellisena.',
      clauses: ['§7.1', '§9.2'],
    },
    {
      code: 'IT_PARTNERS',
      name: 'Tietotekniikka-alan yhteistyökumppanit',
      description:
        'Tietotekniikka-alalla toimivat yhteistyökumppanit, joille tietoja luovutetaan palvelun tuottamisen mahdollistamiseksi; ne noudattavat tietosuojalainsäädäntöä, eikä niille luovuteta tietoja markkinointitarkoituksiin.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'PAYMENT_PARTNERS',
      name: 'Maksunvälitysalan yhteistyökumppanit',
      description:
        'Maksunvälitysalalla toimivat yhteistyökumppanit, joille tietoja luovutetaan palvelun tuottamisen mahdollistamiseksi; ne noudattavat tietosuojalainsäädäntöä, eikä niille luovuteta tietoja markkinointitarkoituksiin.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'LOGISTICS_PARTNERS',
      name: 'Kuljetusalan yhteistyökumppanit',
      description:
        'Kuljetusalalla toimivat yhteistyökumppanit, joille tietoja luovutetaan palvelun tuottamisen mahdollistamiseksi; ne noudattavat tietosuojalainsäädäntöä, eikä niille luovuteta tietoja markkinointitarkoituksiin.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'ACCOUNTING_PARTNERS',
      name: 'Kirjanpitoalan yhteistyökumppanit',
      description:
        'Kirjanpitoalalla toimivat yhteistyökumppanit, joille tietoja luovutetaan palvelun tuottamisen mahdollistamiseksi; ne noudattavat tietosuojalainsäädäntöä, eikä niille luovuteta tietoja markkinointitarkoituksiin.',
      clauses: ['§7.2', '§7.3', '§7.4'],
    },
    {
      code: 'AUTHORITIES',
      name: 'Viranomaiset ja muut lakisääteiset luovutukset sekä yrityskaupat',
      description:
        'Tietoja voidaan luovuttaa sopimusvelvoitteiden täyttämiseksi, kuten lain tai toimivaltaisen viranomaisen sitä edellyttäessä, sekä yritys- tai liiketoimintakaupan yhteydessä.',
      clauses: ['§7.5'],
    },
  ],
  rights: [
    {
      code: 'ACCESS',
      name: 'Oikeus tarkastaa tiedot',
      description: 'Rekisteröity voi tarkistaa hänestä tallentamamme henkilötiedot.',
      clauses: ['§8.1'],
    },
    {
      code: 'RECTIFICATION',
      name: 'Oikeus tietojen oikaisemiseen',
      description: 'Rekisteröity voi pyytää oikaisemaan häntä koskevat virheelliset tai puutteelliset tiedot.',
      clauses: ['§8.2'],
    },
    {
      code: 'OBJECTION',
      name: 'Oikeus vastustaa käsittelyä',
      description: 'Rekisteröity voi vastustaa henkilötietojen käsittelyä, mikäli kokee, että henkilötietoja on käsitelty lainvastaisesti.',
      clauses: ['§8.3'],
    },
    {
      code: 'DIRECT_MARKETING_BAN',
      name: 'Oikeus kieltää suoramarkkinointi',
      description:
        'Rekisteröity voi kieltää tietojensa käyttämisen suoramarkkinointiin, ja hän pääsee poistumaan markkinointilistaltamme jokaisessa markkinointisähköpostissa olevan linkin kautta.',
      clauses: ['§8.4', '§4.4'],
    },
    {
      code: 'ERASURE',
      name: 'Oikeus tietojen poistamiseen',
      description:
        'Rekisteröity voi pyytää tietojen poistamista, jos tietojen käsittely ei ole tarpeen; joko poistamme tiedot tai ilmoitamme perustellun syyn, miksi tietoja ei voida poistaa (esimerkiksi kirjanpitoaineisto, joka on säilytettävä 10 vuotta).',
      clauses: ['§8.7', '§8.9'],
    },
    {
      code: 'RESTRICTION',
      name: 'Oikeus käsittelyn rajoittamiseen',
      description:
        'Rekisteröity voi pyytää henkilötietojen käsittelyn rajoittamista tietyissä tilanteissa ja vaatia, että rajoitamme kiistanalaisten tietojen käsittelyä siksi aikaa, kunnes asia saadaan ratkaistua.',
      clauses: ['§8.8', '§8.11'],
    },
    {
      code: 'CONSENT_WITHDRAWAL',
      name: 'Oikeus peruuttaa suostumus',
      description: 'Jos henkilötietojen käsittely perustuu ainoastaan suostumukseen, eikä esimerkiksi asiakkuuteen tai jäsenyyteen, rekisteröity voi peruuttaa suostumuksen.',
      clauses: ['§8.10'],
    },
    {
      code: 'COMPLAINT',
      name: 'Oikeus tehdä kantelu',
      description:
        'Rekisteröity voi tehdä kantelun tietosuojavaltuutetulle, jos hän kokee, että rikomme tietosuojalainsäädäntöä; yhteystiedot: www.tietosuoja.fi/fi/index/yhteystiedot.html.',
      clauses: ['§8.12'],
    },
  ],
  sources: [
    { code: 'WEBSHOP_ORDER', name: 'Verkkokaupan tilaus', clauses: ['§6.1'] },
    { code: 'REGISTRATION', name: 'Rekisteröityminen asiakkaaksi', clauses: ['§6.1'] },
    { code: 'NEWSLETTER', name: 'Uutiskirjeen tilaaminen', clauses: ['§6.1'] },
    { code: 'EMAIL', name: 'Sähköposti', clauses: ['§6.1'] },
    { code: 'PHONE', name: 'Puhelin', clauses: ['§6.1'] },
    { code: 'SOCIAL_MEDIA', name: 'Sosiaalisen median palvelut', clauses: ['§6.1'] },
    { code: 'CUSTOMER_MEETING', name: 'Asiakastapaamiset', clauses: ['§6.1'] },
    { code: 'MANUAL_ENTRY', name: 'Manuaalinen kirjaus asiakaspalvelun tai myynnin yhteydessä', clauses: ['§6.2'] },
  ],
  cookies: [
    {
      code: 'NECESSARY',
      name: 'Välttämättömät evästeet',
      description:
        'Omat evästeemme, jotka ovat välttämättömiä verkkokaupan toiminnan kannalta ja joiden avulla vierailija voi siirtyä sivuillamme palvelusta toiseen istunnon aikana.',
      requiresConsent: false,
      clauses: ['§10.1', '§10.3'],
    },
    {
      code: 'STATISTICS',
      name: 'Tilastointievästeet',
      description:
        'Evästeet, jotka keräävät tietoa tilastollisiin tarkoituksiin, esimerkiksi kävijäliikenteen seurantaan (kolmansien osapuolten palvelut, kuten Google Analytics ja Facebook).',
      requiresConsent: true,
      clauses: ['§10.2'],
    },
    {
      code: 'MARKETING',
      name: 'Markkinointievästeet',
      description: 'Evästeet, jotka keräävät tietoa kohdennettuun mainontaan kolmansien osapuolten palveluissa (kuten Google Analytics ja Facebook).',
      requiresConsent: true,
      clauses: ['§10.2'],
    },
  ],
  security: [
    'Tilauksen yhteydessä jättämäsi asiakastiedot ovat meille ehdottoman luottamuksellisia, emmekä luovuta niitä ulkopuolisille.',
    'Henkilötietoja luovutetaan vain sellaisille työntekijöille tai muille, joiden on tarpeen tuntea tieto sovittua tarkoitusta varten ja jotka ovat sopimuksen perusteella tai lakisääteisesti velvollisia pitämään tiedon luottamuksellisena.',
    'Pääsy henkilötietoihin on suojattu käyttäjäkohtaisin tunnuksin, salasanoin ja käyttöoikeuksin.',
    'Yhteys Jasminin ja asiakkaan tietokoneen välillä suojataan SSL/TLS-suojauksella, jottei ulkopuolinen tarkkailija pysty näkemään tai muuttamaan luottamuksellisia tietoja.',
    'Asiakkaan pankki- tai luottokorttinumerot eivät välity meille, emmekä säilytä niitä rekisterissämme.',
  ],
  clauses: [
    {
      id: '§1.1',
      text: 'Rekisterinpitäjä: Potero Oy, Isokatu 25, 90100 Oulu. Rekisterin ylläpitäjän ja tietosuojavastaavan yhteystiedot: Potero Oy/Pauliina Pitkänen, Isokatu 25, 90100 Oulu, +358 40 771 2700, asiakaspalvelu@jasmin.fi.',
    },
    { id: '§2.1', text: 'Verkkokaupan käyttäjärekisteri.' },
    { id: '§2.2', text: 'Kanta-asiakasrekisteri.' },
    {
      id: '§3.1',
      text: 'Rekisterin pitämisen peruste: henkilötietoja käsitellään rekisteröidyn asiakassuhteen perusteella sekä suostumuksen perusteella.',
    },
    {
      id: '§3.2',
      text: 'Keräämme, säilytämme ja käsittelemme sinua koskevia henkilötietoja vain ennalta määriteltyihin käyttötarkoituksiin: asiakassuhteen hoitaminen ja asiakasviestintä; verkkokauppa-asiointi sekä varaukset ja tilaukset; palveluistamme kertominen; asiakaspalvelu ja yhteydenottopyyntöihin vastaaminen; palveluidemme ja tuotteidemme käytön seuranta ja analysointi; liiketoimintamme kehittäminen; markkinoinnin ja mainonnan kohdentaminen.',
    },
    { id: '§3.3', text: 'Tietoja ei käytetä automatisoituun päätöksentekoon tai profilointiin.' },
    {
      id: '§4.1',
      text: 'Käsittelemme ja keräämme sinulta tilauksen kannalta välttämättömiä henkilötietoja: nimi; osoite; puhelinnumero; sähköpostiosoite; tiedot tilatuista tuotteista ja niiden muutoksista; tiedot markkinoinnin luvista ja kielloista.',
    },
    {
      id: '§4.2',
      text: 'Säilytämme henkilötietojasi vain niin kauan kuin on tarpeellista niiden käyttötarkoitukselle tai kuin sopimus tai laki sitä vaatii. Poistamme lähtökohtaisesti yli kaksi vuotta käyttämättöminä olleet tiedot, edellyttäen ettei tietojen säilyttämiselle ole muuta, esimerkiksi palveluidemme turvallisuuden varmistamiseen liittyvää, tai lakisääteistä perustetta.',
    },
    {
      id: '§4.3',
      text: 'Kanta-asiakasrekisterin henkilötietoja käsitellään pääsääntöisesti niin kauan kuin asiakkuus on voimassa.',
    },
    {
      id: '§4.4',
      text: 'Markkinointilistaltamme rekisteröity pääsee poistumaan itse jokaisessa lähettämässämme markkinointisähköpostissa olevan linkin kautta.',
    },
    {
      id: '§5.1',
      text: 'EU:n yleisen tietosuoja-asetuksen mukainen oikeusperuste henkilötietojen käsittelylle on asiakkaan oma suostumus. Käyttämällä palvelujamme tai verkkosivustojamme tai ottamalla meihin yhteyttä hyväksyt, että käsittelemme sinua koskevia henkilötietoja tämän tietosuojaselosteen mukaisesti.',
    },
    {
      id: '§6.1',
      text: 'Rekisteriin tallennettavat tiedot saadaan asiakkaalta itseltään muun muassa verkkokaupan tilauksesta, sähköpostitse, puhelimitse, sosiaalisen median palvelujen kautta, asiakastapaamisissa ja muissa tilanteissa, joissa asiakas luovuttaa itse tietojaan. Näitä tilanteita ovat muun muassa rekisteröityminen asiakkaaksi, asiointi verkkokaupassa tai uutiskirjeen tilaaminen.',
    },
    { id: '§6.2', text: 'Keräämme tietoja myös manuaalisesti asiakaspalvelun tai myynnin yhteydessä.' },
    { id: '§7.1', text: 'Rekisterinpitäjä ja tämän työntekijät käsittelevät henkilötietoja.' },
    {
      id: '§7.2',
      text: 'Voimme myös ulkoistaa henkilötietojen käsittelyn osittain kolmannelle osapuolelle, jolloin takaamme sopimusjärjestelyin, että henkilötietoja käsitellään voimassa olevan tietosuojalainsäädännön mukaisesti ja muutoin asianmukaisesti.',
    },
    { id: '§7.3', text: 'Tietoja ei luovuteta markkinointitarkoituksiin Potero Oy:n ulkopuolelle.' },
    {
      id: '§7.4',
      text: 'Luovutamme tietoja palvelun tuottamisen mahdollistamiseksi tietotekniikka-, maksunvälitys-, kuljetus- ja kirjanpitoalalla toimiville yhteistyökumppaneille. Olemme varmistaneet, että kaikki palveluntarjoajamme noudattavat tietosuojalainsäädäntöä.',
    },
    {
      id: '§7.5',
      text: 'Saatamme luovuttaa tietoja muutoin sopimusvelvoitteiden täyttämiseksi, kuten lain tai toimivaltaisen viranomaisen sitä edellyttäessä. Saatamme myös luovuttaa tietojasi, mikäli olisimme osapuolena yritys- tai liiketoimintakaupassa.',
    },
    { id: '§7.6', text: 'Tietoja ei siirretä EU:n tai Euroopan talousalueen ulkopuolelle.' },
    { id: '§8.1', text: 'Rekisteröity voi tarkistaa tallentamamme henkilötiedot.' },
    {
      id: '§8.2',
      text: 'Rekisteröity voi pyytää oikaisemaan häntä koskevat virheelliset tai puutteelliset tiedot. Mikäli henkilö haluaa tarkistaa hänestä tallennetut tiedot tai vaatia niihin oikaisua, pyyntö tulee lähettää kirjallisesti rekisterinpitäjälle.',
    },
    {
      id: '§8.3',
      text: 'Rekisteröity voi vastustaa henkilötietojen käsittelyä, mikäli kokee, että henkilötietoja on käsitelty lainvastaisesti.',
    },
    { id: '§8.4', text: 'Rekisteröidyllä on oikeus kieltää tietojen käyttäminen suoramarkkinointiin.' },
    {
      id: '§8.5',
      text: 'Rekisterinpitäjä voi pyytää tarvittaessa pyynnön esittäjää todistamaan henkilöllisyytensä.',
    },
    {
      id: '§8.6',
      text: 'Rekisterinpitäjä vastaa asiakkaalle EU:n tietosuoja-asetuksessa säädetyssä ajassa (pääsääntöisesti kuukauden kuluessa).',
    },
    {
      id: '§8.7',
      text: 'Rekisteröidyllä on oikeus pyytää tietojen poistamista, jos tietojen käsittely ei ole tarpeen. Käsittelemme poistopyynnön, jonka jälkeen joko poistamme tiedot tai ilmoitamme perustellun syyn, miksi tietoja ei voida poistaa.',
    },
    {
      id: '§8.8',
      text: 'Niin ikään rekisteröidyllä on muut EU:n yleisen tietosuoja-asetuksen mukaiset oikeudet, kuten henkilötietojen käsittelyn rajoittaminen tietyissä tilanteissa. Pyynnöt tulee lähettää kirjallisesti rekisterinpitäjälle.',
    },
    {
      id: '§8.9',
      text: 'On huomioitava, että rekisterinpitäjällä voi olla lakisääteinen tai muu oikeus olla poistamatta pyydettyä tietoa. Rekisterinpitäjällä on velvollisuus säilyttää kirjanpitoaineisto kirjanpitolaissa (luku 2, 10 §) määritellyn ajan (10 vuotta) mukaisesti. Tämän vuoksi kirjanpitoon liittyvää aineistoa ei voida poistaa ennen määräajan umpeutumista.',
    },
    {
      id: '§8.10',
      text: 'Jos rekisteröityä koskeva henkilötietojen käsittely perustuu ainoastaan suostumukseen, eikä esimerkiksi asiakkuuteen tai jäsenyyteen, voi rekisteröity peruuttaa suostumuksen.',
    },
    {
      id: '§8.11',
      text: 'Rekisteröidyllä on oikeus vaatia, että rajoitamme kiistanalaisten tietojen käsittelyä siksi aikaa, kunnes asia saadaan ratkaistua.',
    },
    {
      id: '§8.12',
      text: 'Rekisteröidyllä on oikeus tehdä kantelu tietosuojavaltuutetulle, jos hän kokee, että rikomme henkilötietoja käsitellessämme voimassa olevaa tietosuojalainsäädäntöä. Tietosuojavaltuutetun yhteystiedot: www.tietosuoja.fi/fi/index/yhteystiedot.html.',
    },
    {
      id: '§9.1',
      text: 'Tilauksen yhteydessä jättämäsi asiakastiedot ovat meille ehdottoman luottamuksellisia, emmekä luovuta niitä ulkopuolisille.',
    },
    {
      id: '§9.2',
      text: 'Sitoudumme myös olemaan luovuttamatta ja paljastamatta henkilötietoja muille kuin sellaisille työntekijöille tai muille, joiden on tarpeen tuntea kyseinen tieto sovittua tarkoitusta varten ja jotka ovat palvelu- tai muiden sopimustensa perusteella taikka lakisääteisesti velvollisia pitämään tiedon luottamuksellisena.',
    },
    {
      id: '§9.3',
      text: 'Pääsy henkilötietoihisi on suojattu käyttäjäkohtaisin tunnuksin, salasanoin ja käyttöoikeuksin.',
    },
    {
      id: '§9.4',
      text: 'Yhteys Jasminin ja asiakkaan tietokoneen välillä suojataan käyttämällä SSL/TLS-suojausta. SSL/TLS-turvakäytäntö suojaa tietoliikenteen siten, ettei ulkopuolinen tarkkailija pysty yhteyttä seuraamalla näkemään tai muuttamaan luottamuksellisia tietojasi. SSL/TLS-turvakäytäntöön luottavat muun muassa suomalaiset verkkopankit sekä muut turvallisia yhteyksiä vaativat verkkopalvelut.',
    },
    {
      id: '§9.5',
      text: 'Asiakkaan pankki- tai luottokorttinumerot eivät välity meille, emmekä myöskään säilytä niitä rekisterissämme. Näin edes tietomurtotapauksessa asiakkaan maksukorttitiedot eivät voi välittyä kauttamme vieraisiin käsiin, eikä kukaan pääse väärinkäyttämään tietojasi myöhemmin.',
    },
    {
      id: '§10.1',
      text: 'Verkkosivustomme käyttää evästeitä (cookies), jotta voisimme palvella asiakkaitamme mahdollisimman hyvin. Vieraillessasi verkkosivustollamme voimme asentaa selaimeesi sellaisia omia evästeitämme, jotka ovat välttämättömiä verkkokaupan toiminnan kannalta.',
    },
    {
      id: '§10.2',
      text: 'Evästeet keräävät tietoa, jota käytämme tilastollisiin tarkoituksiin, esimerkiksi kävijäliikenteen seurantaan ja kohdennettuun mainontaan kolmansien osapuolten palveluissa. Esimerkkejä näistä palveluista ovat Google Analytics ja Facebook.',
    },
    {
      id: '§10.3',
      text: 'Verkkokaupoissa ja muissa verkkopalveluissa yleisesti käytetyt evästeet ovat pieniä tunnistetiedostoja, jotka siirtyvät palvelimelta vierailijan tietokoneeseen istunnon aikana. Käytämme evästeitä mahdollistaaksemme vierailijan siirtymisen sivuillamme palvelusta toiseen istunnon aikana. Evästeiden käyttö ei näy vierailijalle istunnon aikana eikä rasita vierailijan tietokonetta.',
    },
    {
      id: '§11.1',
      text: 'Päivitämme tietosuojaselostetta toimintamme kehittyessä ja/tai lainsäädännön muuttuessa.',
    },
  ],
};

export const PRIVACY_NOTICES: readonly PrivacyNoticeContent[] = [PRIVACY_NOTICE_2020_12_01_FI, PRIVACY_NOTICE_2020_12_01_EN];
