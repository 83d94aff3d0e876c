import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CONTRIBUTIONS } from '../../src/app/modules';
import { loadConfig } from '../../src/config/config';
import { DataMap, type RetentionRule } from '../../src/core/personal-data/map';
import { recordAsMarkdown, type RecordOfProcessing } from '../../src/core/personal-data/record-of-processing';
import { PRIVACY_NOTICE_2020_12_01_EN } from '../../src/modules/privacy-notice/privacy-notice.content';
import { DEFAULT_RETENTION_POLICY } from '../../src/modules/retention/retention.periods';
import { RecordOfProcessingDocument } from '../generated/graphql';
import type { TestApi } from '../support/api';
import { dataOf, expectOnlyError, registerLogisticsPartner, staff, startRightsApi } from './rights-scenarios';

/*
 * GDPR Art 30(1), generated (issue 8 §5): the record lists every category of
 * data the map holds, with purposes, legal bases, recipients by kind, the
 * EU/EEA-only rule (§7.6), retention and security; and the privacy notice's
 * §4 (data categories, retention periods) agrees with the map and with the
 * numbers the code enforces.
 */

const map = new DataMap(CONTRIBUTIONS.dataMap);
const notice = PRIVACY_NOTICE_2020_12_01_EN;
/** The notice's §4 rules and the map's retention rules that enforce them. */
const NOTICE_RULE_OF: Partial<Record<RetentionRule, string>> = {
  ACCOUNT_INACTIVITY: 'INACTIVE_TWO_YEARS',
  GUEST_CONTACT: 'INACTIVE_TWO_YEARS',
  LOYALTY_MEMBERSHIP: 'LOYALTY_MEMBERSHIP',
  BOOKKEEPING: 'BOOKKEEPING_TEN_YEARS',
};

describe('Art 30 recordOfProcessing', () => {
  let api: TestApi;
  let record: RecordOfProcessing;
  beforeAll(async () => {
    ({ api } = await startRightsApi());
    await registerLogisticsPartner(api);
    record = dataOf(await staff(api, 'PRIVACY_OFFICER').request(RecordOfProcessingDocument), 'recordOfProcessing').recordOfProcessing as RecordOfProcessing;
  });
  afterAll(() => api.close());

  it('is the privacy officer’s: other roles are refused', async () => {
    for (const role of ['CUSTOMER_SERVICE', 'MARKETING', 'ACCOUNTING', 'ADMIN'] as const) {
      expectOnlyError(await staff(api, role).request(RecordOfProcessingDocument), 'FORBIDDEN');
    }
  });

  it('lists every category of data the map holds, and every mapped column of a person under exactly one', () => {
    const held = new Set([...map.entries()].filter((e) => e.entry.subject !== 'NONE').map((e) => e.entry.category));
    expect(new Set(record.dataCategories.map((c) => c.category))).toEqual(held);
    const listed = record.dataCategories.flatMap((c) => c.columns);
    const personal = [...map.entries()].filter((e) => e.entry.subject !== 'NONE').map((e) => `${e.table}.${e.column}`);
    expect([...listed].sort()).toEqual([...personal].sort());
    for (const c of record.dataCategories) {
      expect({ c: c.category, ok: c.purposes.length > 0 && c.legalBases.length > 0 && c.retention.length > 0 && c.subjects.length > 0 }).toEqual({ c: c.category, ok: true });
    }
  });

  it('names the subjects (customers, guests, staff, partners), recipients by kind from the processor register, the EU/EEA rule and the security measures', () => {
    expect(record.subjectCategories.map((s) => s.kind).sort()).toEqual(['CUSTOMER', 'GUEST', 'PARTNER', 'STAFF']);
    const logistics = record.recipients.find((r) => r.kind === 'LOGISTICS');
    expect(logistics?.names.some((n) => n.startsWith('Kiitokuljetus'))).toBe(true);
    expect(record.recipients.map((r) => r.kind)).toEqual(expect.arrayContaining(['STAFF', 'AUTHORITIES']));
    expect(record.transfers.outsideEuEea).toBe(false);
    expect(record.transfers.rule).toMatch(/§7\.6/);
    expect(record.security.length).toBeGreaterThanOrEqual(5);
    expect(record.controller.businessId).toBe('2063235-5');
  });

  it('states retention in the numbers the code enforces', () => {
    const config = loadConfig({});
    const inactive = record.retention.find((r) => r.rule === 'ACCOUNT_INACTIVITY')!;
    expect(inactive.period).toContain(`${DEFAULT_RETENTION_POLICY.inactiveMonths} months`);
    expect(record.retention.find((r) => r.rule === 'BOOKKEEPING')!.period).toContain(`${config.bookkeepingRetentionYears} years`);
    expect(record.retention.find((r) => r.rule === 'LOYALTY_MEMBERSHIP')!.period).toContain(`${DEFAULT_RETENTION_POLICY.loyaltyGraceDays} days`);
  });

  it('npm run cli -- record-of-processing --json prints the same record; its Markdown form has every section', () => {
    const root = path.resolve(__dirname, '..', '..');
    const env = { ...process.env, DATABASE_URL: api.db.url, LOG_LEVEL: 'silent' };
    const json = JSON.parse(
      execFileSync('node', ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', 'record-of-processing', '--json'], { cwd: root, env, encoding: 'utf8' }),
    ) as RecordOfProcessing;
    expect(json.dataCategories.map((c) => c.category)).toEqual(record.dataCategories.map((c) => c.category));
    // The Markdown form is the CLI's default output, rendered by the same function (one process is enough here).
    const markdown = recordAsMarkdown(json);
    expect(markdown).toMatch(/^# Record of processing activities \(GDPR Art 30\(1\)\)/);
    expect(markdown).toContain('## Categories of personal data');
  }, 60_000);
});

describe('§4 the privacy notice agrees with the map and the enforced periods', () => {
  const customerColumns = [...map.entries()].filter((e) => e.entry.subject === 'CUSTOMER');

  it('the notice’s data categories (§4.1) are exactly those the map files columns under', () => {
    const fromMap = new Set(customerColumns.flatMap((e) => (e.entry.noticeCategory ? [e.entry.noticeCategory] : [])));
    expect(fromMap).toEqual(new Set(notice.dataCategories.map((c) => c.code)));
  });

  it('every column with a notice category is covered by the notice rule for its retention', () => {
    const wrong: string[] = [];
    for (const { table, column, entry } of customerColumns) {
      const code = NOTICE_RULE_OF[entry.retention];
      if (!entry.noticeCategory || !code) continue;
      const rule = notice.retentionRules.find((r) => r.code === code)!;
      if (!rule.appliesTo.includes(entry.noticeCategory)) wrong.push(`${table}.${column}: ${entry.noticeCategory} not under ${code}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the notice’s periods are the ones the code enforces (§4.2 months, §8.9 years)', () => {
    const config = loadConfig({});
    expect(notice.retentionRules.find((r) => r.code === 'INACTIVE_TWO_YEARS')!.periodMonths).toBe(DEFAULT_RETENTION_POLICY.inactiveMonths);
    expect(notice.retentionRules.find((r) => r.code === 'BOOKKEEPING_TEN_YEARS')!.periodMonths).toBe(config.bookkeepingRetentionYears * 12);
  });
});
