import { DATA_CATEGORIES, type DataCategory, type DataMap, type LegalBasis, type Purpose, type RetentionRule, type SubjectKind } from './map';

/*
 * The GDPR Art 30(1) record of processing activities, built from the
 * personal-data map, the processor register and the retention periods the
 * code enforces: nothing in it is written by hand twice.
 */

/** The periods behind the retention rules: the same numbers the retention passes use. */
export interface RetentionPeriods {
  inactiveMonths: number;
  loyaltyGraceDays: number;
  bookkeepingYears: number;
  financialYearEndMonth: number;
  customerSessionHours: number;
  staffSessionHours: number;
}

export interface RecordInputs {
  controller: { name: string; businessId: string; address: string; contact: string; dataProtectionContact: string };
  /** The processor register (§7): partners by kind, with their country. */
  processors: readonly { name: string; kind: string; countryCode: string; contractReference: string; active: boolean }[];
  /** Staff roles that receive data inside the controller (§7.1, §9.2). */
  staffRoles: readonly string[];
  periods: RetentionPeriods;
  /** Organisational and technical measures (Art 32): the notice's §9 and what the code does. */
  security: readonly string[];
  transfersOutsideEea: boolean;
}

const SUBJECT_TEXT: Record<SubjectKind, string> = {
  CUSTOMER: 'Customers: users of the webshop and members of the loyalty register (§2.1, §2.2)',
  GUEST: 'Guests: people who ordered without an account, identified by the e-mail of the order',
  STAFF: 'Employees of the controller who use the register (§7.1, §9.3)',
  PARTNER: 'Contact and credential data of processors (§7.2, §7.4)',
  NONE: 'Nobody',
};

const CATEGORY_TEXT: Record<DataCategory, string> = {
  IDENTITY: 'Name (§4.1)',
  CONTACT: 'E-mail address and phone number (§4.1)',
  ADDRESS: 'Addresses (§4.1)',
  ORDER_CONTENT: 'Orders: products ordered and changes to them (§4.1)',
  BOOKKEEPING: 'Bookkeeping material of orders: number, date, lines, totals, billing name and address (§8.9)',
  LOYALTY: 'Loyalty membership (§2.2, §4.3)',
  CONSENT_PROOF: 'Proof of withdrawn consents, under a keyed hash (Art 7(1), §8.10)',
  MARKETING_CHOICES: 'Marketing permissions and prohibitions, cookie choices (§4.1, §4.4, §10)',
  REQUEST_RECORD: 'Data-subject requests, restrictions, objections, corrections, legal holds and messages (§8)',
  CREDENTIALS: 'Password hashes, session and token hashes (§9.3)',
  FREE_TEXT: 'Free-text notes and reasons written by staff or the person',
  ACCOUNTABILITY: 'Who read or changed which data, and disclosures to recipients (§9.2, Art 5(2))',
  TECHNICAL: 'Keys, timestamps, states and sources (§6) of the records',
};

const PURPOSE_TEXT: Record<Purpose, string> = {
  CUSTOMER_RELATIONSHIP: 'Managing the customer relationship and communicating with the customer (§3.2)',
  ORDERS: 'Webshop business, reservations and orders (§3.2)',
  CUSTOMER_SERVICE: 'Customer service and answering contact requests (§3.2)',
  MARKETING: 'Telling about our services; targeting marketing, with consent only (§3.2, §5.1)',
  ANALYTICS: 'Following and analysing the use of our services, with consent only (§3.2, §10.2)',
  LOYALTY_PROGRAMME: 'The loyalty-customer register (§2.2)',
  BOOKKEEPING: 'Keeping the books (Accounting Act ch. 2 §10, §8.9)',
  DATA_SUBJECT_RIGHTS: 'Answering the data subject’s rights (§8, GDPR Art 12–22)',
  SECURITY: 'Security of the services and of access to personal data (§4.2, §9.3)',
  ACCOUNTABILITY: 'Showing that the data is processed lawfully (GDPR Art 5(2), §9.2)',
};

const BASIS_TEXT: Record<LegalBasis, string> = {
  CONSENT: 'Consent (GDPR Art 6(1)(a), §5.1)',
  CONTRACT: 'The customer relationship or contract (GDPR Art 6(1)(b), §3.1)',
  LEGAL_OBLIGATION: 'A legal obligation (GDPR Art 6(1)(c)): the Accounting Act, GDPR Art 5(2), 7(1), 12–22',
  LEGITIMATE_INTEREST: 'Legitimate interest (GDPR Art 6(1)(f))',
};

/** What each retention rule means, in the numbers the code enforces. */
export function retentionPeriodText(rule: RetentionRule, p: RetentionPeriods): { period: string; clauses: string[] } {
  switch (rule) {
    case 'ACCOUNT_INACTIVITY':
      return { period: `While the account is used; erased after ${p.inactiveMonths} months without use unless another basis exists`, clauses: ['§4.2'] };
    case 'LOYALTY_MEMBERSHIP':
      return { period: `While the membership is valid, and ${p.loyaltyGraceDays} days after it ends`, clauses: ['§4.3'] };
    case 'BOOKKEEPING':
      return { period: `${p.bookkeepingYears} years from the end of the financial year (ending in month ${p.financialYearEndMonth}) of the order`, clauses: ['§8.9'] };
    case 'GUEST_CONTACT':
      return { period: `Contact data of an order: ${p.inactiveMonths} months after the order, then only bookkeeping remains`, clauses: ['§4.2'] };
    case 'CONSENT_PROOF':
      return { period: 'Grants while the customer relationship lasts; a withdrawal is kept as proof, without contact data', clauses: ['§8.10'] };
    case 'ACCOUNTABILITY':
      return { period: 'Kept as proof of lawful processing; ids only', clauses: ['§9.2'] };
    case 'SESSION':
      return { period: `Until the session or token expires (customers ${p.customerSessionHours} h, staff ${p.staffSessionHours} h); throttling rows one day`, clauses: ['§9.3'] };
    case 'UNTIL_SENT':
      return { period: 'A message’s address and contents until it is sent or given up, then cleared', clauses: ['§8.7'] };
    case 'STAFF_OR_PARTNER':
      return { period: 'While the employment or the partner contract lasts', clauses: ['§7.2'] };
    case 'NOT_PERSONAL':
      return { period: 'Not personal data', clauses: [] };
  }
}

export interface RecordOfProcessing {
  format: 'rekisteri-art30/1';
  generatedAt: string;
  controller: RecordInputs['controller'];
  subjectCategories: { kind: SubjectKind; description: string }[];
  purposes: { code: Purpose; description: string }[];
  dataCategories: {
    category: DataCategory;
    description: string;
    subjects: SubjectKind[];
    purposes: Purpose[];
    legalBases: string[];
    retention: { rule: RetentionRule; period: string; clauses: string[] }[];
    columns: string[];
  }[];
  recipients: { kind: string; description: string; names: string[] }[];
  transfers: { outsideEuEea: boolean; rule: string; processorCountries: string[] };
  retention: { rule: RetentionRule; period: string; clauses: string[] }[];
  security: string[];
}

function uniq<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

export function buildRecordOfProcessing(map: DataMap, inputs: RecordInputs, now: Date): RecordOfProcessing {
  const entries = [...map.entries()].filter((e) => e.entry.subject !== 'NONE');
  const rules = uniq(entries.map((e) => e.entry.retention));
  const dataCategories = DATA_CATEGORIES.flatMap((category) => {
    const of = entries.filter((e) => e.entry.category === category);
    if (of.length === 0) return [];
    return [
      {
        category,
        description: CATEGORY_TEXT[category],
        subjects: uniq(of.flatMap((e) => (e.entry.guest ? [e.entry.subject, 'GUEST' as const] : [e.entry.subject]))),
        purposes: uniq(of.flatMap((e) => e.entry.purposes)),
        legalBases: uniq(of.map((e) => BASIS_TEXT[e.entry.legalBasis])),
        retention: uniq(of.map((e) => e.entry.retention)).map((rule) => ({ rule, ...retentionPeriodText(rule, inputs.periods) })),
        columns: of.map((e) => `${e.table}.${e.column}`),
      },
    ];
  });
  const subjects = uniq(dataCategories.flatMap((c) => c.subjects));
  const active = inputs.processors.filter((p) => p.active);
  const kinds = uniq(active.map((p) => p.kind)).sort();
  return {
    format: 'rekisteri-art30/1',
    generatedAt: now.toISOString(),
    controller: inputs.controller,
    subjectCategories: subjects.map((kind) => ({ kind, description: SUBJECT_TEXT[kind] })),
    purposes: uniq(entries.flatMap((e) => e.entry.purposes)).map((code) => ({ code, description: PURPOSE_TEXT[code] })),
    dataCategories,
    recipients: [
      { kind: 'STAFF', description: 'Employees of the controller, by role, each seeing what the role needs (§7.1, §9.2)', names: [...inputs.staffRoles] },
      ...kinds.map((kind) => ({
        kind,
        description: `${kind.toLowerCase()} partners under a data-processing contract (§7.2, §7.4); never for marketing (§7.3)`,
        names: active.filter((p) => p.kind === kind).map((p) => `${p.name} (${p.countryCode}, ${p.contractReference})`),
      })),
      { kind: 'AUTHORITIES', description: 'Authorities when a law requires it, and a business transfer (§7.5)', names: [] },
    ],
    transfers: {
      outsideEuEea: inputs.transfersOutsideEea,
      rule: 'No transfers outside the EU/EEA (§7.6): a processor outside it cannot be registered (PARTNER_OUTSIDE_EEA).',
      processorCountries: uniq(inputs.processors.map((p) => p.countryCode)).sort(),
    },
    retention: rules.map((rule) => ({ rule, ...retentionPeriodText(rule, inputs.periods) })),
    security: [...inputs.security],
  };
}

/** The record as a Markdown document for the privacy officer's files. */
export function recordAsMarkdown(record: RecordOfProcessing): string {
  const lines: string[] = [];
  const c = record.controller;
  lines.push('# Record of processing activities (GDPR Art 30(1))', '', `Generated ${record.generatedAt}.`, '');
  lines.push('## Controller', '', `${c.name} (${c.businessId}), ${c.address}; ${c.contact}`, '', `Data protection contact: ${c.dataProtectionContact}`, '');
  lines.push('## Purposes', '', ...record.purposes.map((p) => `- ${p.description}`), '');
  lines.push('## Categories of data subjects', '', ...record.subjectCategories.map((s) => `- ${s.description}`), '');
  lines.push('## Categories of personal data', '', '| category | subjects | legal bases | retention |', '| --- | --- | --- | --- |');
  for (const d of record.dataCategories) {
    lines.push(`| ${d.description} | ${d.subjects.join(', ')} | ${d.legalBases.join('; ')} | ${d.retention.map((r) => r.period).join('; ')} |`);
  }
  lines.push('', '## Recipients', '', ...record.recipients.map((r) => `- ${r.description}${r.names.length ? `: ${r.names.join(', ')}` : ''}`), '');
  lines.push('## Transfers to third countries', '', record.transfers.rule, `Processor countries: ${record.transfers.processorCountries.join(', ') || 'none registered'}.`, '');
  lines.push('## Retention', '', ...record.retention.map((r) => `- ${r.rule}: ${r.period}${r.clauses.length ? ` (${r.clauses.join(', ')})` : ''}`), '');
  lines.push('## Security measures (Art 32)', '', ...record.security.map((s) => `- ${s}`), '');
  return lines.join('\n');
}
