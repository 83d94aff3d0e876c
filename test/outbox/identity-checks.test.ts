import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox } from '../../src/modules/outbox/outbox.dispatcher';
import { smtpTransport, type MailTransport } from '../../src/modules/outbox/outbox.transport';
import { addCalendarMonths } from '../../src/modules/privacy-requests/privacy-requests.service';
import { ExportMyDataDocument, MeDocument, MyPrivacyRequestsDocument, RequestErasureDocument, VerifyPrivacyRequestDocument } from '../generated/graphql';
import type { TestApi } from '../support/api';
import { confirmStorefrontRequestByLink, deliverTo, openLink, verificationLinkFor, verificationMailsTo } from '../support/links';
import { startMailServer, type MailServer } from '../support/mail';
import {
  dataOf,
  dumpDatabase,
  expectOnlyError,
  moveOrder,
  placeShopperOrder,
  recordWrittenRequest,
  registerShopper,
  signIn,
  staff,
  startRightsApi,
  type Shopper,
  type TestClock,
} from '../rights/rights-scenarios';

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
    expect(dataOf(await sami.client.request(ExportMyDataDocument), 'export').exportMyData).toMatchObject({ status: 'AWAITING_VERIFICATION' });

    clock.advanceDays(6 / 1440);
    expectOnlyError(await sami.client.request(ExportMyDataDocument), 'REAUTHENTICATION_REQUIRED');
  });

  it('reauthenticate is for signed-in customers only: anonymous UNAUTHENTICATED, staff FORBIDDEN', async () => {
    expect((await api.anonymous.raw('mutation { reauthenticate(password: "x") }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await staff(api, 'PRIVACY_OFFICER').raw('mutation { reauthenticate(password: "x") }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

// ---------------------------------------------------------------- §8.5 storefront export and erasure by link

/** Tables whose content differs between two dumps. */
function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after)
    .filter((table) => before[table] !== after[table])
    .sort();
}

const links = () => ({ now: () => clock.now, mail });

async function requestRow(id: string) {
  const [row] = await api.db.query<{ type: string; channel: string; status: string; verified_by: string | null; verification_method: string | null; customer_id: string | null }>(
    'select type, channel, status, verified_by, verification_method, customer_id from privacy_request where id = $1',
    [id],
  );
  return row;
}

async function customerExists(id: string): Promise<boolean> {
  return (await api.db.query('select 1 from customer where id = $1', [id])).length === 1;
}

/** Hold a row lock from the suite's own connection until `waiters` other transactions wait on a lock, then let them go. */
async function whileRowLocked<T>(table: 'privacy_request' | 'customer', id: string, waiters: number, work: () => Promise<T>): Promise<T> {
  await api.db.query('begin');
  await api.db.query(`select 1 from ${table} where id = $1 for update`, [id]);
  const running = work();
  try {
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await api.db.query<{ n: number }>(
        'select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()',
      );
      if (n >= waiters) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await api.db.query('commit');
  }
  return running;
}

function masked(email: string): string {
  return `${email[0]}…${email.slice(email.indexOf('@'))}`;
}

describe('§8.5 storefront erasure (§8.7) waits for a single-use link to the account’s mailbox', () => {
  let ella: Shopper;
  let requestId: string;
  let link: string;

  it('with a fresh password, requestErasure answers AWAITING_VERIFICATION, records the request, sends one link e-mail to the account address, and erases nothing', async () => {
    ella = await registerShopper(api, { firstName: 'Ellä' });
    const before = await dumpDatabase(api);
    const answer = dataOf(await ella.client.request(RequestErasureDocument), 'requestErasure').requestErasure!;
    expect(answer).toMatchObject({
      status: 'AWAITING_VERIFICATION',
      customerId: ella.customerId,
      categories: [],
      refusalCode: null,
      verificationSentTo: masked(ella.email),
      // Art 12(3): one calendar month from now, when the request arrived.
      dueAt: addCalendarMonths(clock.now, 1).toISOString(),
    });
    expect(answer.message).toContain(masked(ella.email));
    expect(answer.message).not.toContain(ella.email);
    requestId = answer.requestId;
    // Only the request, its check and the queued e-mail: the customer's data is untouched.
    expect(changedTables(before, await dumpDatabase(api))).toEqual(['public.email_outbox', 'public.identity_check', 'public.privacy_request']);
    expect(await requestRow(requestId)).toMatchObject({ type: 'ERASURE', channel: 'STOREFRONT', status: 'AWAITING_VERIFICATION', verified_by: null });

    const arrived = await verificationMailsTo(api, ella.email, links());
    expect(arrived).toHaveLength(1);
    expect(arrived[0].to).toEqual([ella.email]);
    expect(arrived[0].subject).toBe('Vahvista henkilöllisyytesi');
    link = await verificationLinkFor(api, ella.email, links());
    expect(await customerExists(ella.customerId)).toBe(true);
    expect(dataOf(await ella.client.request(MeDocument), 'me').me!.email).toBe(ella.email);
  });

  it('asking again while the link works reuses the request and sends no second e-mail', async () => {
    const again = dataOf(await ella.client.request(RequestErasureDocument), 'requestErasure').requestErasure!;
    expect(again).toMatchObject({ status: 'AWAITING_VERIFICATION', requestId });
    expect(again.message).toContain('already sent');
    expect(await api.db.query('select id from privacy_request where customer_id = $1', [ella.customerId])).toEqual([{ id: requestId }]);
    expect(await verificationMailsTo(api, ella.email, links())).toHaveLength(1);
  });

  it('GET of the link shows the button and changes nothing', async () => {
    const before = await dumpDatabase(api);
    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    const text = await shown.text();
    expect(text).toContain('<form method="post">');
    // Said before the button is pressed: it erases at once.
    expect(text).toContain('Confirming erases your data');
    expect(text).toContain('Vahvistus poistaa tietosi');
    expect(changedTables(before, await dumpDatabase(api))).toEqual([]);
  });

  it('POST carries the erasure out: the customer is gone, the request COMPLETED and verified by link, the session ends, the receipt arrives', async () => {
    const opened = await openLink(link);
    expect(opened.status).toBe(200);
    expect(opened.page).toContain('Your data has been erased');
    expect(opened.page).toContain('Tietosi on poistettu');
    expect(opened.page).not.toContain(ella.email);
    expect(opened.page).not.toContain(ella.firstName);

    expect(await customerExists(ella.customerId)).toBe(false);
    const row = await requestRow(requestId);
    expect(row).toMatchObject({ type: 'ERASURE', channel: 'STOREFRONT', status: 'COMPLETED', verified_by: 'LINK' });
    expect(row.verification_method).toContain('single-use link');
    const signedOut = await ella.client.request(MyPrivacyRequestsDocument);
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await deliverTo(api, ella.email, links())).map((m) => m.subject)).toContain('Tietosi on poistettu');
  });

  it('the link works once: a second POST is 410 and changes nothing', async () => {
    const before = await dumpDatabase(api);
    expect((await openLink(link)).status).toBe(410);
    expect(changedTables(before, await dumpDatabase(api))).toEqual([]);
  });

  it('an expired link is 410 and erases nothing; asking again (signed in anew) sends a new link, which works', async () => {
    const olli = await registerShopper(api, { firstName: 'Olli' });
    const first = dataOf(await olli.client.request(RequestErasureDocument), 'requestErasure').requestErasure!;
    const expired = await verificationLinkFor(api, olli.email, links());
    clock.advanceDays(3.01);
    expect((await openLink(expired)).status).toBe(410);
    expect(await customerExists(olli.customerId)).toBe(true);
    expect((await requestRow(first.requestId)).status).toBe('AWAITING_VERIFICATION');

    await signIn(api, olli);
    const second = dataOf(await olli.client.request(RequestErasureDocument), 'requestErasure').requestErasure!;
    // The same request (still waiting), a new link: the old one no longer works.
    expect(second).toMatchObject({ status: 'AWAITING_VERIFICATION', requestId: first.requestId });
    expect(second.message).toContain('We sent');
    expect(await verificationMailsTo(api, olli.email, links())).toHaveLength(2);
    const { page } = await confirmStorefrontRequestByLink(api, olli.email, links());
    expect(page).toContain('Your data has been erased');
    expect(await customerExists(olli.customerId)).toBe(false);
  });

  it('without a fresh password nothing is recorded and no e-mail is queued', async () => {
    const pirkko = await registerShopper(api, { firstName: 'Pirkko' });
    clock.advanceDays(6 / 1440);
    const before = await dumpDatabase(api);
    expectOnlyError(await pirkko.client.request(RequestErasureDocument), 'REAUTHENTICATION_REQUIRED');
    expectOnlyError(await pirkko.client.request(ExportMyDataDocument), 'REAUTHENTICATION_REQUIRED');
    expect(changedTables(before, await dumpDatabase(api))).toEqual([]);
    expect(await deliverTo(api, pirkko.email, links())).toEqual([]);
  });

  it('a stolen session with the known password cannot complete an erasure or an export: the link is in the mailbox only', async () => {
    const kaarina = await registerShopper(api, { firstName: 'Kaarina' });
    // The thief's own session of the same account, password fresh.
    const thief = dataOf(
      await api.anonymous.raw<{ login: { token: string } }>('mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
        e: kaarina.email,
        p: kaarina.password,
      }),
      'login',
    ).login.token;
    const stolen = api.withToken(thief);
    const erasure = dataOf(await stolen.request(RequestErasureDocument), 'requestErasure').requestErasure!;
    expect(erasure.status).toBe('AWAITING_VERIFICATION');
    expect(dataOf(await stolen.request(RequestErasureDocument), 'requestErasure').requestErasure!.status).toBe('AWAITING_VERIFICATION');
    const exported = dataOf(await stolen.request(ExportMyDataDocument), 'exportMyData').exportMyData as Record<string, unknown>;
    expect(exported).toMatchObject({ status: 'AWAITING_VERIFICATION' });
    expect(Object.keys(exported).sort()).toEqual(['dueDate', 'message', 'requestId', 'sentTo', 'status']);
    expect(JSON.stringify(exported)).not.toContain(kaarina.lastName);
    expect(JSON.stringify(exported)).not.toContain(kaarina.email);
    // The database holds only hashes of the links: nothing the thief could read would open one.
    const tokens = await api.db.query<{ token_hash: string }>('select token_hash from identity_check where request_id in (select id from privacy_request where customer_id = $1)', [
      kaarina.customerId,
    ]);
    expect(tokens).toHaveLength(2);
    expect(await customerExists(kaarina.customerId)).toBe(true);
    expect(dataOf(await kaarina.client.request(MeDocument), 'me').me!.email).toBe(kaarina.email);
    // The owner hears of both requests, at her own address.
    expect(await verificationMailsTo(api, kaarina.email, links())).toHaveLength(2);
  });

  it('two POSTs of the link at once erase once: one page says erased, the other 410; one receipt', async () => {
    const veikko = await registerShopper(api, { firstName: 'Veikko' });
    const { requestId: id } = dataOf(await veikko.client.request(RequestErasureDocument), 'requestErasure').requestErasure!;
    const race = await verificationLinkFor(api, veikko.email, links());
    // Both wait: the first on the request row held here, the second on the link the first has used.
    const answers = await whileRowLocked('privacy_request', id, 2, () => Promise.all([openLink(race), openLink(race)]));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    expect(answers.find((a) => a.status === 200)!.page).toContain('Your data has been erased');
    expect(await customerExists(veikko.customerId)).toBe(false);
    expect((await requestRow(id)).status).toBe('COMPLETED');
    expect((await deliverTo(api, veikko.email, links())).filter((m) => m.subject === 'Tietosi on poistettu')).toHaveLength(1);
    expect(await api.db.query(`select 1 from audit_entry where operation = 'erasure' and customer_id = $1`, [veikko.customerId])).toHaveLength(1);
  });

  it('§8.7 an erasure the rules refuse (an order not yet delivered) is refused when the link is opened, with the reason; nothing is erased', async () => {
    const reijo = await registerShopper(api, { firstName: 'Reijo' });
    const order = await placeShopperOrder(api, reijo);
    await moveOrder(api, order.id, 'PAID');
    const { requestId: id } = dataOf(await reijo.client.request(RequestErasureDocument), 'requestErasure').requestErasure!;
    const { page } = await confirmStorefrontRequestByLink(api, reijo.email, links());
    expect(page).toContain('we cannot erase your data yet');
    expect(page).not.toContain(order.orderNumber);
    const [row] = await api.db.query<{ status: string; refusal_code: string; refusal_reason: string }>(
      'select status, refusal_code, refusal_reason from privacy_request where id = $1',
      [id],
    );
    expect(row).toMatchObject({ status: 'REFUSED', refusal_code: 'ERASURE_OPEN_ORDER' });
    expect(row.refusal_reason).toContain(order.orderNumber);
    expect(await customerExists(reijo.customerId)).toBe(true);
    expect(dataOf(await reijo.client.request(MeDocument), 'me').me!.email).toBe(reijo.email);
    expect((await deliverTo(api, reijo.email, links())).map((m) => m.subject)).toContain('Pyyntöäsi ei voitu toteuttaa');
  });

  it('an account without an e-mail address gets REQUEST_NO_ADDRESS_FOR_LINK and nothing is recorded', async () => {
    const nelli = await registerShopper(api, { firstName: 'Nelli' });
    await api.db.query('update customer set email = null where id = $1', [nelli.customerId]);
    const before = await dumpDatabase(api);
    expectOnlyError(await nelli.client.request(RequestErasureDocument), 'REQUEST_NO_ADDRESS_FOR_LINK');
    expectOnlyError(await nelli.client.request(ExportMyDataDocument), 'REQUEST_NO_ADDRESS_FOR_LINK');
    expect(changedTables(before, await dumpDatabase(api))).toEqual([]);
  });

  it('the link e-mail is in the customer’s language', async () => {
    const eve = await registerShopper(api, { firstName: 'Eve' });
    await api.db.query(`update customer set language = 'EN' where id = $1`, [eve.customerId]);
    dataOf(await eve.client.request(RequestErasureDocument), 'requestErasure');
    expect((await verificationMailsTo(api, eve.email, links())).map((m) => m.subject)).toEqual(['Confirm your identity']);
  });
});

describe('§8.1 storefront export waits for the link; the next exportMyData hands it out', () => {
  it('AWAITING_VERIFICATION first; the link opens the request; then the export, once, completing that request', async () => {
    const hanna = await registerShopper(api, { firstName: 'Hannä' });
    const awaiting = dataOf(await hanna.client.request(ExportMyDataDocument), 'exportMyData').exportMyData as Record<string, string>;
    expect(awaiting).toMatchObject({ status: 'AWAITING_VERIFICATION', sentTo: masked(hanna.email), dueDate: expect.stringMatching(/^2026-02-\d{2}$/) });
    expect(await requestRow(awaiting.requestId)).toMatchObject({ type: 'ACCESS', channel: 'STOREFRONT', status: 'AWAITING_VERIFICATION' });

    const { page } = await confirmStorefrontRequestByLink(api, hanna.email, links());
    expect(page).toContain('download your data');
    expect(page).toContain('lataa tietosi');
    expect(await requestRow(awaiting.requestId)).toMatchObject({ status: 'OPEN', verified_by: 'LINK' });

    // Password still fresh (the clock has not moved): the export itself.
    const exported = dataOf(await hanna.client.request(ExportMyDataDocument), 'exportMyData').exportMyData as { format: string; customerId: string; sections: unknown[] };
    expect(exported).toMatchObject({ format: 'rekisteri-export/1', customerId: hanna.customerId });
    expect(JSON.stringify(exported)).toContain(hanna.lastName);
    expect((await requestRow(awaiting.requestId)).status).toBe('COMPLETED');
    expect((await deliverTo(api, hanna.email, links())).map((m) => m.subject)).toContain('Pyyntösi on käsitelty');

    // The next download needs a new link.
    const next = dataOf(await hanna.client.request(ExportMyDataDocument), 'exportMyData').exportMyData as Record<string, string>;
    expect(next.status).toBe('AWAITING_VERIFICATION');
    expect(next.requestId).not.toBe(awaiting.requestId);
  });

  it('a verified request still needs the password again: after five minutes REAUTHENTICATION_REQUIRED, and the request stays open', async () => {
    const iida = await registerShopper(api, { firstName: 'Iida' });
    const { requestId: id } = dataOf(await iida.client.request(ExportMyDataDocument), 'exportMyData').exportMyData as { requestId: string };
    await confirmStorefrontRequestByLink(api, iida.email, links());
    clock.advanceDays(6 / 1440);
    expectOnlyError(await iida.client.request(ExportMyDataDocument), 'REAUTHENTICATION_REQUIRED');
    expect((await requestRow(id)).status).toBe('OPEN');
  });

  it('two exportMyData calls at once record one request and send one link', async () => {
    const jaana = await registerShopper(api, { firstName: 'Jaana' });
    const answers = await whileRowLocked('customer', jaana.customerId, 2, () =>
      Promise.all([jaana.client.request(ExportMyDataDocument), jaana.client.request(ExportMyDataDocument)]),
    );
    const ids = answers.map((a) => (dataOf(a, 'exportMyData').exportMyData as { requestId: string }).requestId);
    expect(new Set(ids).size).toBe(1);
    expect(await api.db.query('select id from privacy_request where customer_id = $1', [jaana.customerId])).toHaveLength(1);
    expect(await api.db.query('select id from identity_check where request_id = $1', [ids[0]])).toHaveLength(1);
    expect(await verificationMailsTo(api, jaana.email, links())).toHaveLength(1);
  });
});
