import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox } from '../../src/modules/outbox/outbox.dispatcher';
import { smtpTransport, type MailTransport } from '../../src/modules/outbox/outbox.transport';
import { ExportMyDataDocument, RequestErasureDocument, VerifyPrivacyRequestDocument } from '../generated/graphql';
import type { TestApi } from '../support/api';
import { startMailServer, type MailServer } from '../support/mail';
import { dataOf, expectOnlyError, recordWrittenRequest, registerShopper, staff, startRightsApi, type TestClock } from '../rights/rights-scenarios';

/*
 * §8.5 identity checks: a request written in by e-mail gets a single-use,
 * expiring link at the registered address (token stored hashed); opening it
 * (POST) verifies the request and records how and when. Staff can still
 * record an in-person check. Storefront export and erasure need the password
 * within the last few minutes.
 */

jest.setTimeout(60_000);

let api: TestApi;
let clock: TestClock;
let mail: MailServer;
let transport: MailTransport;
let base: string;

beforeAll(async () => {
  ({ api, clock } = await startRightsApi());
  mail = await startMailServer();
  transport = smtpTransport(mail.url);
  base = api.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  transport.close();
  await mail.close();
  await api.close();
});

async function linkFor(address: string): Promise<string> {
  await drainOutbox(api.db.orm, transport, DEFAULT_OUTBOX_SETTINGS, createLogger('silent'), () => clock.now);
  const message = mail.to(address).find((m) => m.subject === 'Vahvista henkilöllisyytesi');
  if (!message) throw new Error('no verification e-mail arrived');
  const match = /(http:\/\/rekisteri\.test\/verify\/rkv_[A-Za-z0-9_-]{43})/.exec(message.text);
  expect(message.html).toContain(match![1]);
  // The link points at PUBLIC_URL; the suite's server listens elsewhere.
  return match![1].replace('http://rekisteri.test', base);
}

async function requestStatus(id: string) {
  const [row] = await api.db.query<{ status: string; verified_by: string | null; verification_method: string | null; verified_at: Date | null }>(
    'select status, verified_by, verification_method, verified_at from privacy_request where id = $1',
    [id],
  );
  return row;
}

describe('§8.5 a request by e-mail is verified by a single-use link to the registered address', () => {
  let requestId: string;
  let link: string;

  it('recording the request sends the link; only its SHA-256 is stored', async () => {
    const aino = await registerShopper(api, { firstName: 'Äijälä' });
    ({ id: requestId } = await recordWrittenRequest(api, aino.customerId, 'ACCESS'));
    link = await linkFor(aino.email);
    const token = link.split('/').pop()!;
    const rows = await api.db.query<{ token_hash: string }>('select token_hash from identity_check where request_id = $1', [requestId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await api.db.query(`select 1 from identity_check where token_hash = $1`, [token])).toEqual([]);
    // The outbox forgot the link once sent.
    expect(await api.db.query(`select 1 from email_outbox where params::text like $1`, [`%${token}%`])).toEqual([]);
  });

  it('GET shows a confirmation button and changes nothing (mail scanners follow links)', async () => {
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('<form method="post">');
    expect((await requestStatus(requestId)).status).toBe('AWAITING_VERIFICATION');
  });

  it('POST verifies the request and records how and when', async () => {
    const answer = await fetch(link, { method: 'POST' });
    expect(answer.status).toBe(200);
    const row = await requestStatus(requestId);
    expect(row).toMatchObject({ status: 'OPEN', verified_by: 'LINK' });
    expect(row.verification_method).toContain('single-use link');
    expect(new Date(row.verified_at!).toISOString()).toBe(clock.now.toISOString());
  });

  it('the link works once: a second POST is 410 and changes nothing', async () => {
    const again = await fetch(link, { method: 'POST' });
    expect(again.status).toBe(410);
    expect((await fetch(link)).status).toBe(410);
  });

  it('an expired link (after 72 hours) is 410 and the request stays unverified; a forged token is 410 too', async () => {
    const bertta = await registerShopper(api, { firstName: 'Bertta' });
    const { id } = await recordWrittenRequest(api, bertta.customerId, 'ERASURE');
    const expired = await linkFor(bertta.email);
    clock.advanceDays(3.01);
    expect((await fetch(expired, { method: 'POST' })).status).toBe(410);
    expect((await requestStatus(id)).status).toBe('AWAITING_VERIFICATION');
    expect((await fetch(`${base}/verify/rkv_${'A'.repeat(43)}`, { method: 'POST' })).status).toBe(410);
    // Staff can still record an in-person check, under their own id.
    const verified = dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(VerifyPrivacyRequestDocument, { requestId: id, method: 'in person at the Oulu shop, passport checked' }),
      'verify',
    ).verifyPrivacyRequest!;
    expect(verified).toMatchObject({ status: 'OPEN', verificationMethod: 'in person at the Oulu shop, passport checked' });
  });
});

describe('§8.5 storefront export and erasure need the password again within five minutes', () => {
  it('a session older than five minutes gets REAUTHENTICATION_REQUIRED; a wrong password LOGIN_FAILED; the right one opens the window', async () => {
    const sami = await registerShopper(api, { firstName: 'Sámi' });
    clock.advanceDays(0.01); // ~14 minutes after sign-up
    expectOnlyError(await sami.client.request(ExportMyDataDocument), 'REAUTHENTICATION_REQUIRED');
    expectOnlyError(await sami.client.request(RequestErasureDocument), 'REAUTHENTICATION_REQUIRED');
    expect(await api.db.query(`select 1 from privacy_request where customer_id = $1`, [sami.customerId])).toEqual([]);

    const wrong = await sami.client.raw<{ reauthenticate: string | null }>('mutation { reauthenticate(password: "not-the-password") }');
    expect(wrong.errors?.[0]?.extensions?.code).toBe('LOGIN_FAILED');
    const right = await sami.client.raw<{ reauthenticate: string | null }>('mutation R($p: String!) { reauthenticate(password: $p) }', { p: sami.password });
    expect(right.errors).toBeUndefined();
    expect(new Date(right.data!.reauthenticate!).getTime()).toBe(clock.now.getTime() + 5 * 60_000);
    expect(dataOf(await sami.client.request(ExportMyDataDocument), 'export').exportMyData).toBeTruthy();

    clock.advanceDays(6 / 1440);
    expectOnlyError(await sami.client.request(ExportMyDataDocument), 'REAUTHENTICATION_REQUIRED');
  });

  it('reauthenticate is for signed-in customers only: anonymous UNAUTHENTICATED, staff FORBIDDEN', async () => {
    expect((await api.anonymous.raw('mutation { reauthenticate(password: "x") }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await staff(api, 'PRIVACY_OFFICER').raw('mutation { reauthenticate(password: "x") }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
