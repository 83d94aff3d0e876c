import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox } from '../../src/modules/outbox/outbox.dispatcher';
import { smtpTransport } from '../../src/modules/outbox/outbox.transport';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { retentionContext } from '../../src/app/context';
import { runRetentionPass } from '../../src/modules/retention/retention.service';
import { ObjectToProcessingDocument } from '../generated/graphql';
import type { TestApi } from '../support/api';
import { startMailServer, type MailServer } from '../support/mail';
import { TEST_SETTINGS } from '../support/test-env';
import { dataOf, exportInStorefront, recordRequest, registerShopper, signIn, staff, startRightsApi, type Shopper, type TestClock } from './rights-scenarios';

/*
 * Issue 11: the loyalty register for real (§2.2, §4.3), objections decided
 * (§8.3, Art 21(1)), and Global Privacy Control on cookie choices (§10.2).
 */

jest.setTimeout(60_000);

const SILENT = createLogger('silent');
let api: TestApi;
let clock: TestClock;
let mail: MailServer;

beforeAll(async () => {
  ({ api, clock } = await startRightsApi());
  mail = await startMailServer();
});
afterAll(async () => {
  await mail.close();
  await api.close();
});

async function deliver(): Promise<void> {
  const transport = smtpTransport(mail.url);
  try {
    await drainOutbox(api.db.orm, transport, DEFAULT_OUTBOX_SETTINGS, SILENT, () => clock.now);
  } finally {
    transport.close();
  }
}

const MEMBERSHIP = 'id memberNumber joinedAt endedAt source';
const JOIN = `mutation { joinLoyalty { ${MEMBERSHIP} } }`;
const LEAVE = `mutation { leaveLoyalty { ${MEMBERSHIP} } }`;
const ENROLL = `mutation E($c: ID!, $s: DataSource!) { enrollInLoyalty(customerId: $c, source: $s) { ${MEMBERSHIP} } }`;

interface Membership {
  id: string;
  memberNumber: string;
  joinedAt: string;
  endedAt: string | null;
  source: string;
}

describe('§2.2 §4.3 the loyalty register: join, enrol, leave, and the clock', () => {
  let aino: Shopper;

  it('a customer joins in the storefront and gets a member number; joining twice is LOYALTY_ALREADY_MEMBER', async () => {
    aino = await registerShopper(api, { firstName: 'Äijälä' });
    const joined = await aino.client.raw<{ joinLoyalty: Membership }>(JOIN);
    expect(joined.errors).toBeUndefined();
    expect(joined.data!.joinLoyalty).toMatchObject({ memberNumber: expect.stringMatching(/^J-\d{8}$/), endedAt: null, source: 'REGISTRATION' });
    expect((await aino.client.raw(JOIN)).errors?.[0]?.extensions?.code).toBe('LOYALTY_ALREADY_MEMBER');
  });

  it('§8.1 the membership is in her export', async () => {
    await signIn(api, aino);
    const exported = JSON.stringify(await exportInStorefront(api, aino, { mail }));
    const [row] = await api.db.query<{ member_number: string }>('select member_number from loyalty_membership where customer_id = $1', [aino.customerId]);
    expect(exported).toContain(row.member_number);
  });

  it('she leaves: endedAt is set; the LOYALTY_ENDED pass keeps it for 30 days and deletes it after; the account stays', async () => {
    const left = await aino.client.raw<{ leaveLoyalty: Membership }>(LEAVE);
    expect(left.data!.leaveLoyalty.endedAt).toBe(clock.now.toISOString());
    expect((await aino.client.raw(LEAVE)).errors?.[0]?.extensions?.code).toBe('LOYALTY_NOT_MEMBER');
    const run = (days: number) => {
      const now = new Date(clock.now.getTime() + days * 86_400_000);
      return runRetentionPass(retentionContext({ orm: api.db.orm, settings: TEST_SETTINGS, log: SILENT, now, rule: RetentionRule.LOYALTY_ENDED }), RetentionRule.LOYALTY_ENDED, {
        now,
        dryRun: false,
      });
    };
    await run(29);
    expect(await api.db.query('select 1 from loyalty_membership where customer_id = $1', [aino.customerId])).toHaveLength(1);
    await run(31);
    expect(await api.db.query('select 1 from loyalty_membership where customer_id = $1', [aino.customerId])).toEqual([]);
    expect(await api.db.query(`select status from customer where id = $1`, [aino.customerId])).toEqual([{ status: 'ACTIVE' }]);
  });

  it('customer service enrols a customer with the §6 source where she asked; a storefront source is refused; others are FORBIDDEN', async () => {
    const sami = await registerShopper(api, { firstName: 'Sámi' });
    const cs = staff(api, 'CUSTOMER_SERVICE');
    expect((await cs.raw(ENROLL, { c: sami.customerId, s: 'REGISTRATION' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'source' });
    expect((await staff(api, 'MARKETING').raw(ENROLL, { c: sami.customerId, s: 'CUSTOMER_MEETING' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const enrolled = await cs.raw<{ enrollInLoyalty: Membership }>(ENROLL, { c: sami.customerId, s: 'CUSTOMER_MEETING' });
    expect(enrolled.data!.enrollInLoyalty).toMatchObject({ source: 'CUSTOMER_MEETING', memberNumber: expect.stringMatching(/^J-\d{8}$/) });
    expect((await api.anonymous.raw(JOIN)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('§8.3 Art 21(1) objections are decided', () => {
  const DECIDE = 'mutation D($r: ID!, $d: ObjectionDecision!, $why: String!) { decideObjection(requestId: $r, decision: $d, reason: $why) { id status refusalReason resolvedAt } }';

  async function objectionRequest(shopper: Shopper): Promise<string> {
    dataOf(await shopper.client.request(ObjectToProcessingDocument, { reason: 'En halua profilointia' }), 'object');
    const [row] = await api.db.query<{ id: string }>(`select id from privacy_request where customer_id = $1 and type = 'OBJECTION' and status = 'OPEN'`, [shopper.customerId]);
    return row.id;
  }

  it('rejected with a reason: the objection is lifted, the request REFUSED, and the customer is told why by e-mail', async () => {
    const eero = await registerShopper(api, { firstName: 'Eero' });
    const requestId = await objectionRequest(eero);
    expect((await staff(api, 'CUSTOMER_SERVICE').raw(DECIDE, { r: requestId, d: 'REJECT', why: 'x' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reason = 'Käsittely perustuu kirjanpitolakiin; tilaustietoja ei voi poistaa ennen määräaikaa';
    const decided = await staff(api, 'PRIVACY_OFFICER').raw<{ decideObjection: { status: string; refusalReason: string } }>(DECIDE, { r: requestId, d: 'REJECT', why: reason });
    expect(decided.data!.decideObjection).toMatchObject({ status: 'REFUSED', refusalReason: reason });
    expect(await api.db.query(`select 1 from objection where request_id = $1 and lifted_at is null`, [requestId])).toEqual([]);
    await deliver();
    const told = mail.to(eero.email).find((m) => m.subject === 'Pyyntöäsi ei voitu toteuttaa');
    expect(told?.text).toContain(reason);
    // Decided once: a second decision is REQUEST_CLOSED.
    expect((await staff(api, 'PRIVACY_OFFICER').raw(DECIDE, { r: requestId, d: 'UPHOLD', why: 'again' })).errors?.[0]?.extensions?.code).toBe('REQUEST_CLOSED');
  });

  it('upheld: the objection stays in force and the request COMPLETES within its deadline; a written objection gets one placed', async () => {
    const kaisa = await registerShopper(api, { firstName: 'Kaisa' });
    const requestId = await objectionRequest(kaisa);
    const decided = await staff(api, 'PRIVACY_OFFICER').raw<{ decideObjection: { status: string; resolvedAt: string } }>(DECIDE, { r: requestId, d: 'UPHOLD', why: 'Perusteltu' });
    expect(decided.data!.decideObjection.status).toBe('COMPLETED');
    const [request] = await api.db.query<{ resolved_at: Date; due_at: Date }>('select resolved_at, due_at from privacy_request where id = $1', [requestId]);
    expect(new Date(request.resolved_at).getTime()).toBeLessThanOrEqual(new Date(request.due_at).getTime());
    expect(await api.db.query(`select 1 from objection where request_id = $1 and lifted_at is null`, [requestId])).toHaveLength(1);

    const written = await recordRequest(api, kaisa.customerId, 'OBJECTION');
    expect((await staff(api, 'PRIVACY_OFFICER').raw(DECIDE, { r: written, d: 'UPHOLD', why: 'Kirjeitse' })).errors).toBeUndefined();
    expect(await api.db.query(`select kind from objection where request_id = $1 and lifted_at is null`, [written])).toEqual([{ kind: 'OBJECTION' }]);
    await deliver();
    expect(mail.to(kaisa.email).map((m) => m.subject)).toContain('Pyyntösi on käsitelty');
  });

  it('erasing a customer with three open requests leaves none open', async () => {
    const outi = await registerShopper(api, { firstName: 'Outi' });
    await objectionRequest(outi);
    await recordRequest(api, outi.customerId, 'RECTIFICATION');
    const duplicate = await recordRequest(api, outi.customerId, 'ERASURE');
    const erasure = await recordRequest(api, outi.customerId, 'ERASURE');
    expect(await api.db.query(`select 1 from privacy_request where customer_id = $1 and status in ('OPEN', 'AWAITING_VERIFICATION')`, [outi.customerId])).toHaveLength(4);
    const erased = await staff(api, 'PRIVACY_OFFICER').raw<{ eraseCustomer: { status: string } }>('mutation E($r: ID!) { eraseCustomer(requestId: $r) { status } }', {
      r: erasure,
    });
    expect(erased.data!.eraseCustomer.status).toBe('ERASED');
    expect(await api.db.query(`select id from privacy_request where customer_id = $1 and status in ('OPEN', 'AWAITING_VERIFICATION')`, [outi.customerId])).toEqual([]);
    const [dup] = await api.db.query<{ status: string; note: string }>('select status, note from privacy_request where id = $1', [duplicate]);
    expect(dup).toMatchObject({ status: 'COMPLETED', note: `Duplicate: carried out by request ${erasure}` });
  });
});

const GPC = 'Refused: the browser sent Sec-GPC: 1 (Global Privacy Control)';

describe('§10.2 Global Privacy Control', () => {
  async function record(visitorId: string, headers: Record<string, string>) {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        query: 'mutation R($v: String!, $c: [ConsentInput!]!) { recordCookieChoices(visitorId: $v, choices: $c) }',
        variables: {
          v: visitorId,
          c: [
            { purpose: 'MARKETING_COOKIES', granted: true },
            { purpose: 'STATISTICS_COOKIES', granted: true },
          ],
        },
      }),
    });
    expect(response.status).toBe(200);
    return api.db.query<{ purpose: string; granted: boolean; reason: string | null }>('select purpose, granted, reason from consent_event where visitor_id = $1 order by purpose', [
      visitorId,
    ]);
  }

  it('Sec-GPC: 1 refuses the marketing-cookie purpose whatever the body says, and the stored choice says why; statistics as given', async () => {
    const rows = await record('visitor-gpc-aaaaaaaaaaaaaaaa', { 'sec-gpc': '1' });
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { purpose: 'STATISTICS_COOKIES', granted: true, reason: null },
        { purpose: 'MARKETING_COOKIES', granted: false, reason: 'Refused: the browser sent Sec-GPC: 1 (Global Privacy Control)' },
      ]),
    );
  });

  it('the stored reason is visible in GraphQL where the choice is read: the account the visitor signs up with shows it in consents and the history', async () => {
    const visitorId = 'visitor-gpc-signup-dddddddddddd';
    await record(visitorId, { 'sec-gpc': '1' });
    // The visitor registers; the cookie choices join the account (§10), reason and all.
    const shopper = await registerShopper(api, { firstName: 'Birgitta' });
    const login = await api.anonymous.raw<{ login: { token: string } }>(
      'mutation L($e: String!, $p: String!, $v: String) { login(email: $e, password: $p, visitorId: $v) { token } }',
      {
        e: shopper.email,
        p: shopper.password,
        v: visitorId,
      },
    );
    expect(login.errors).toBeUndefined();
    const me = api.withToken(login.data!.login.token);
    const read = await me.raw<{ me: { consents: { purpose: string; granted: boolean; reason: string | null; history: { granted: boolean; reason: string | null }[] }[] } }>(
      '{ me { consents { purpose granted reason history { granted reason } } } }',
    );
    expect(read.errors).toBeUndefined();
    const byPurpose = new Map(read.data!.me.consents.map((c) => [c.purpose, c]));
    expect(byPurpose.get('MARKETING_COOKIES')).toEqual({ purpose: 'MARKETING_COOKIES', granted: false, reason: GPC, history: [{ granted: false, reason: GPC }] });
    expect(byPurpose.get('STATISTICS_COOKIES')).toEqual({ purpose: 'STATISTICS_COOKIES', granted: true, reason: null, history: [{ granted: true, reason: null }] });
    // Customer service reads the same on the customer, in the current state and in the full history.
    const cs = await staff(api, 'CUSTOMER_SERVICE').raw<{ customer: { consentHistory: { purpose: string; reason: string | null }[] } }>(
      'query C($id: ID!) { customer(id: $id) { consentHistory { purpose reason } } }',
      { id: shopper.customerId },
    );
    expect(cs.errors).toBeUndefined();
    expect(cs.data!.customer.consentHistory).toEqual(expect.arrayContaining([{ purpose: 'MARKETING_COOKIES', reason: GPC }]));
  });

  it('without the header (or with another value) the choices are stored as given', async () => {
    expect((await record('visitor-nogpc-bbbbbbbbbbbbbbb', {})).every((r) => r.granted && r.reason === null)).toBe(true);
    expect((await record('visitor-gpc0-cccccccccccccccc', { 'sec-gpc': '0' })).every((r) => r.granted)).toBe(true);
  });
});
