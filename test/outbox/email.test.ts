import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/core/logging/logger';
import { EmailKind } from '../../src/modules/outbox/email-message.entity';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox, type OutboxSettings } from '../../src/modules/outbox/outbox.dispatcher';
import { enqueueEmail } from '../../src/modules/outbox/outbox.service';
import { fileTransport, smtpTransport, type MailTransport } from '../../src/modules/outbox/outbox.transport';
import {
  EraseCustomerDocument,
  ExportCustomerDataDocument,
  ExtendPrivacyRequestDocument,
  RefusePrivacyRequestDocument,
  RegisterCustomerDocument,
  UpdateMyProfileDocument,
} from '../generated/graphql';
import type { TestApi } from '../support/api';
import { startMailServer, type MailServer } from '../support/mail';
import {
  dataOf,
  expectOnlyError,
  recordRequest,
  recordWrittenRequest,
  registerShopper,
  staff,
  staffContext,
  startRightsApi,
  type Shopper,
  type TestClock,
} from '../rights/rights-scenarios';

/*
 * The e-mail outbox (issue 11) end to end: requests made over the API write
 * outbox rows in their own transaction, the dispatcher delivers them with
 * nodemailer over SMTP to a real SMTP server in this process, and the suite
 * reads what arrived as a mail client would. Art 12(3) due dates, §8.7 reasons,
 * FI/EN, the address forgotten after delivery, retries and dead letters.
 */

jest.setTimeout(60_000);

const SILENT = createLogger('silent');
let api: TestApi;
let clock: TestClock;
let mail: MailServer;
let transport: MailTransport;
const settings: OutboxSettings = { ...DEFAULT_OUTBOX_SETTINGS, retryBaseSeconds: 60, maxAttempts: 3 };

async function deliver(at: Date = clock.now) {
  return drainOutbox(api.db.orm, transport, settings, SILENT, () => at);
}

async function outboxRows(customerId: string) {
  return api.db.query<{ kind: string; status: string; to_address: string | null; params: unknown; attempts: number; message_id: string | null; last_error: string | null }>(
    'select kind, status, to_address, params, attempts, message_id, last_error from email_outbox where customer_id = $1 order by created_at, kind',
    [customerId],
  );
}

beforeAll(async () => {
  ({ api, clock } = await startRightsApi());
  mail = await startMailServer();
  transport = smtpTransport(mail.url);
});

afterAll(async () => {
  transport.close();
  await mail.close();
  await api.close();
});

describe('Art 12(3) a request written in by e-mail: received with its due date, extended with its reason, answered', () => {
  let aino: Shopper;
  let requestId: string;

  beforeAll(async () => {
    aino = await registerShopper(api, { firstName: 'Äijälä' });
  });

  it('recordPrivacyRequest writes its outbox rows in its transaction (received, identity check), with no address copied (read at delivery)', async () => {
    ({ id: requestId } = await recordWrittenRequest(api, aino.customerId, 'ACCESS', { receivedAt: '2026-01-10T08:00:00.000Z' }));
    const rows = await outboxRows(aino.customerId);
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'REQUEST_RECEIVED', status: 'PENDING', to_address: null, attempts: 0 }),
      expect.objectContaining({ kind: 'IDENTITY_VERIFICATION', status: 'PENDING', to_address: null, attempts: 0 }),
    ]);
  });

  it('the customer receives "request received" in Finnish with the due date one calendar month after receipt, text and HTML', async () => {
    const before = mail.messages.length;
    expect(await deliver()).toMatchObject({ sent: 2, retried: 0, dead: 0 });
    const message = (await mail.waitFor(before + 2)).slice(before).find((m) => m.subject !== 'Vahvista henkilöllisyytesi')!;
    expect(message.to).toEqual([aino.email]);
    expect(message.subject).toBe('Olemme vastaanottaneet pyyntösi');
    expect(message.text).toContain('2026-02-10');
    expect(message.text).toContain('12 artiklan 3 kohta');
    expect(message.html).toContain('2026-02-10');
    expect(message.headers['content-language']).toBe('fi');
    expect(message.headers['message-id']).toMatch(/^<[0-9a-f-]{36}@rekisteri\.jasmin\.fi>$/);
    // Minimal personal data: no name, no phone in the message.
    expect(message.raw).not.toContain(aino.lastName);
    expect(message.raw).not.toContain(aino.phoneE164);
  });

  it('after delivery the outbox keeps no address and no contents, only kind, status and Message-ID', async () => {
    const row = (await outboxRows(aino.customerId)).find((r) => r.kind === 'REQUEST_RECEIVED')!;
    expect(row).toMatchObject({ status: 'SENT', to_address: null, params: null, attempts: 1 });
    expect(row.message_id).toMatch(/@rekisteri\.jasmin\.fi>$/);
    expect(await api.db.query(`select 1 from email_outbox where to_address = $1 or params::text like $2`, [aino.email, `%${aino.email}%`])).toEqual([]);
  });

  it('an extension sends the new deadline and the reason, in English for a customer who chose English', async () => {
    await api.db.query(`update customer set language = 'EN' where id = $1`, [aino.customerId]);
    const reason = 'Tilaushistoria on arkistossa; haemme sen (order history is archived)';
    dataOf(await staff(api, 'PRIVACY_OFFICER').request(ExtendPrivacyRequestDocument, { requestId, months: 2, reason }), 'extend');
    const before = mail.messages.length;
    await deliver();
    const [message] = (await mail.waitFor(before + 1)).slice(before);
    expect(message.subject).toBe('We need more time for your request');
    expect(message.text).toContain('2026-04-10');
    expect(message.text).toContain(reason);
    expect(message.headers['content-language']).toBe('en');
  });

  it('a change that is refused (REQUEST_ALREADY_EXTENDED) sends nothing: no outbox row (same transaction)', async () => {
    const count = (await outboxRows(aino.customerId)).length;
    expectOnlyError(await staff(api, 'PRIVACY_OFFICER').request(ExtendPrivacyRequestDocument, { requestId, months: 1, reason: 'again' }), 'REQUEST_ALREADY_EXTENDED');
    expect(await outboxRows(aino.customerId)).toHaveLength(count);
  });

  it('the answer: verified and exported by the privacy officer → "completed" e-mail', async () => {
    const verified = await recordRequest(api, aino.customerId, 'ACCESS');
    await deliver();
    const before = mail.messages.length;
    dataOf(await staff(api, 'PRIVACY_OFFICER').request(ExportCustomerDataDocument, { requestId: verified }), 'export');
    await deliver();
    const [message] = (await mail.waitFor(before + 1)).slice(before);
    expect(message.subject).toBe('Your request has been handled');
    expect(message.text).toContain('access and portability request');
  });

  it('§8.7 a refusal sends its reason and the right to complain', async () => {
    const refused = await recordRequest(api, aino.customerId, 'RECTIFICATION');
    await deliver();
    const before = mail.messages.length;
    const reason = 'Tiedot ovat jo oikein: osoite vastaa väestötietoja';
    dataOf(await staff(api, 'PRIVACY_OFFICER').request(RefusePrivacyRequestDocument, { requestId: refused, reason }), 'refuse');
    await deliver();
    const [message] = (await mail.waitFor(before + 1)).slice(before);
    expect(message.subject).toBe('We could not carry out your request');
    expect(message.text).toContain(reason);
    expect(message.text).toContain('Data Protection Ombudsman');
  });
});

describe('§8.7 erasure: the receipt is sent to the address as it was, then the address is gone', () => {
  it('eraseCustomer queues ERASURE_DONE with the copied address; pending messages lose theirs; after delivery no trace of the address', async () => {
    const sami = await registerShopper(api, { firstName: 'Sámi-Áŋŋá' });
    const requestId = await recordRequest(api, sami.customerId, 'ERASURE');
    // Not delivered yet: the two messages of the request are still pending when the erasure runs.
    const result = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId }), 'erase').eraseCustomer!;
    expect(result.status).toBe('ERASED');
    const rows = await outboxRows(sami.customerId);
    expect(rows.filter((r) => r.status === 'CANCELLED').map((r) => r.kind)).toEqual(['REQUEST_RECEIVED', 'IDENTITY_VERIFICATION']);
    expect(rows.filter((r) => r.status === 'CANCELLED').every((r) => r.to_address === null)).toBe(true);
    expect(rows.find((r) => r.kind === 'ERASURE_DONE')).toMatchObject({ status: 'PENDING', to_address: sami.email });

    const before = mail.messages.length;
    await deliver();
    const arrived = (await mail.waitFor(before + 1)).slice(before);
    expect(arrived.map((m) => m.subject)).toEqual(['Tietosi on poistettu']);
    expect(arrived[0].to).toEqual([sami.email]);
    expect(await api.db.query('select kind from email_outbox where to_address = $1', [sami.email])).toEqual([]);
    expect(await api.db.query('select id from customer where email = $1', [sami.email])).toEqual([]);
  });
});

describe('delivery: retries with backoff, permanent refusals, dead letters', () => {
  it('a temporary refusal (451) twice: retried at +60 s and +120 s, delivered on the third attempt', async () => {
    const eero = await registerShopper(api, { firstName: 'Eero' });
    await deliver(); // nothing else pending: the refusals below hit this message
    const ctx = staffContext(api, 'PRIVACY_OFFICER');
    enqueueEmail(ctx, { kind: EmailKind.REQUEST_RECEIVED, to: { customerId: eero.customerId }, params: { requestType: 'ACCESS', receivedOn: '2026-01-15', dueOn: '2026-02-15' } });
    await ctx.em.flush();
    mail.failNext(2, 451);
    const t0 = clock.now;
    expect(await deliver(t0)).toMatchObject({ retried: 1, sent: 0 });
    expect(await deliver(new Date(t0.getTime() + 30_000))).toMatchObject({ claimed: 0 });
    expect(await deliver(new Date(t0.getTime() + 61_000))).toMatchObject({ retried: 1 });
    expect((await outboxRows(eero.customerId))[0]).toMatchObject({ status: 'PENDING', attempts: 2, last_error: 'EENVELOPE 451' });
    expect(await deliver(new Date(t0.getTime() + 61_000 + 119_000))).toMatchObject({ claimed: 0 });
    const before = mail.messages.length;
    expect(await deliver(new Date(t0.getTime() + 61_000 + 121_000))).toMatchObject({ sent: 1 });
    expect(mail.to(eero.email).length).toBeGreaterThanOrEqual(1);
    expect(mail.messages.length).toBe(before + 1);
    expect((await outboxRows(eero.customerId))[0]).toMatchObject({ status: 'SENT', attempts: 3, to_address: null });
  });

  it('a permanent refusal (550) is DEAD at once, with the code only (the server text quoting the address is not kept)', async () => {
    const kaisa = await registerShopper(api, { firstName: 'Kaisa' });
    await deliver();
    const ctx = staffContext(api, 'PRIVACY_OFFICER');
    enqueueEmail(ctx, { kind: EmailKind.REQUEST_COMPLETED, to: { customerId: kaisa.customerId }, params: { requestType: 'ACCESS' } });
    await ctx.em.flush();
    mail.failNext(1, 550);
    expect(await deliver()).toMatchObject({ dead: 1 });
    const [row] = await outboxRows(kaisa.customerId);
    expect(row).toMatchObject({ status: 'DEAD', last_error: 'EENVELOPE 550', to_address: null, params: null });
  });
});

describe('the embedded default: RFC 5322 files under the mail folder', () => {
  it('fileTransport writes one .eml per message that a mail client can read (headers, multipart text + HTML)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rekisteri-mail-'));
    try {
      const files = fileTransport(dir);
      await files.send({
        from: 'Jasmin <asiakaspalvelu@jasmin.fi>',
        to: 'asta.astrom@example.se',
        subject: 'Åström test',
        text: 'Hej Åström',
        html: '<p>Hej</p>',
        messageId: '<abc@rekisteri.jasmin.fi>',
        language: 'EN',
      });
      const [name] = await readdir(dir);
      expect(name).toMatch(/-abc\.eml$/);
      const raw = await readFile(path.join(dir, name), 'utf8');
      expect(raw).toMatch(/^(Content-Type|From|To|Subject|Message-ID|Date|MIME-Version|Content-Language|Auto-Submitted): /m);
      expect(raw).toContain('Message-ID: <abc@rekisteri.jasmin.fi>');
      expect(raw).toContain('multipart/alternative');
      expect(raw).toContain('\r\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('account messages', () => {
  it('signing up with an address that has an account e-mails its owner "you already have an account", once a day at most', async () => {
    const owner = await registerShopper(api, { firstName: 'Bertta' });
    await deliver();
    const before = mail.to(owner.email).length;
    const input = { firstName: 'Joku', lastName: 'Muu', email: owner.email.toUpperCase(), password: 'toinen-salasana-123', consents: [] };
    for (let i = 0; i < 2; i++) {
      const attempt = await api.anonymous.request(RegisterCustomerDocument, { input });
      // Issue 10 makes this answer neutral; either way the owner hears of it by e-mail.
      expect(attempt.data?.registerCustomer?.customerId ?? null).not.toBe(owner.customerId);
    }
    await deliver();
    const arrived = mail.to(owner.email).slice(before);
    expect(arrived.map((m) => m.subject)).toEqual(['Sinulla on jo tili Jasminissa']);
    expect(arrived[0].text).toContain('http://rekisteri.test/');
  });

  it('changing the e-mail address tells both the old and the new address; the old one is forgotten once sent', async () => {
    const kalle = await registerShopper(api, { firstName: 'Kalle' });
    await deliver();
    const newAddress = `uusi.${kalle.email}`;
    dataOf(await kalle.client.request(UpdateMyProfileDocument, { input: { email: newAddress } }), 'updateMyProfile');
    await deliver();
    expect(mail.to(kalle.email).map((m) => m.subject)).toContain('Sähköpostiosoitteesi on vaihdettu');
    expect(mail.to(newAddress).map((m) => m.subject)).toEqual(['Sähköpostiosoitteesi on vaihdettu']);
    expect(await api.db.query('select 1 from email_outbox where to_address = $1', [kalle.email])).toEqual([]);
    // A storefront correction done on the spot sends no "request completed" e-mail.
    expect(
      mail
        .to(newAddress)
        .concat(mail.to(kalle.email))
        .map((m) => m.subject),
    ).not.toContain('Pyyntösi on käsitelty');
  });

  it('§11.1 a new statement version is announced to every active customer with an address, once per customer however often it is run', async () => {
    await deliver();
    const po = staff(api, 'PRIVACY_OFFICER');
    const announce = 'mutation A($v: String!) { announcePrivacyNotice(version: $v) }';
    expect((await staff(api, 'CUSTOMER_SERVICE').raw(announce, { v: '2020-12-01' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await po.raw(announce, { v: '1999-01-01' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    const [{ n }] = await api.db.query<{ n: string }>(`select count(*) as n from customer where status = 'ACTIVE' and email is not null`);
    const first = await po.raw<{ announcePrivacyNotice: number }>(announce, { v: '2020-12-01' });
    expect(first.data!.announcePrivacyNotice).toBe(Number(n));
    expect((await po.raw<{ announcePrivacyNotice: number }>(announce, { v: '2020-12-01' })).data!.announcePrivacyNotice).toBe(0);
    const before = mail.messages.length;
    await deliver();
    const arrived = mail.messages.slice(before);
    expect(arrived).toHaveLength(Number(n));
    expect(new Set(arrived.flatMap((m) => m.to)).size).toBe(Number(n));
    expect(arrived.every((m) => /Tietosuojaselosteemme on päivitetty|Our privacy statement has been updated/.test(m.subject))).toBe(true);
  });
});
