import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_WEBHOOK_SETTINGS, dispatchDueWebhooks, type WebhookSettings } from '../../src/modules/webhooks/webhooks.dispatcher';
import { AcknowledgePartnerNoticeDocument, DeliveryOrdersDocument, PartnerNoticesDocument, UpdateMyProfileDocument } from '../generated/graphql';
import type { GraphQLClient, TestApi } from '../support/api';
import { TEST_SETTINGS } from '../support/test-env';
import { openWebhookSecret } from '../../src/modules/webhooks/webhook-secret';
import { migrate } from '../../src/app/database';
import {
  dataOf,
  handToPartner,
  placeShopperOrder,
  registerLogisticsPartner,
  registerShopper,
  staff,
  startRightsApi,
  type LogisticsPartner,
  type Shopper,
  type TestClock,
} from '../rights/rights-scenarios';

/*
 * Art 19 notices and delivery assignments pushed to a partner's endpoint,
 * signed by the Standard Webhooks scheme. A real HTTP receiver in this
 * process answers 500, then hangs past the timeout, then 200; the signature
 * of what it received verifies with the partner's secret. Polling keeps
 * working; an acknowledgement marks the delivery; a DEAD delivery can be
 * retried by an admin.
 */

jest.setTimeout(60_000);

type Behaviour = 'fail' | 'hang' | 'ok';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let api: TestApi;
let clock: TestClock;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let script: Behaviour[] = [];
const SILENT = createLogger('silent');
const settings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, timeoutMs: 400, retryBaseSeconds: 60, maxAttempts: 3, secretKey: TEST_SETTINGS.webhookSecretKey };

const SET_WEBHOOK = 'mutation S($partnerId: ID!, $url: String!) { setPartnerWebhook(partnerId: $partnerId, url: $url) { partnerId url secret } }';
const DELIVERIES =
  'query D($status: [WebhookDeliveryStatus!]) { webhookDeliveries(first: 50, status: $status) { id eventType refId status attempts lastError deliveredAt acknowledgedAt } }';

interface DeliveryRow {
  id: string;
  eventType: string;
  refId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
}

async function deliveries(status?: string[]): Promise<DeliveryRow[]> {
  const result = await staff(api, 'ADMIN').raw<{ webhookDeliveries: DeliveryRow[] }>(DELIVERIES, { status: status ?? null });
  expect(result.errors).toBeUndefined();
  return result.data!.webhookDeliveries;
}

function dispatch(at: Date) {
  return dispatchDueWebhooks(api.db.orm, settings, SILENT, at);
}

beforeAll(async () => {
  ({ api, clock } = await startRightsApi());
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const behaviour = script.shift() ?? 'ok';
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (behaviour === 'fail') res.writeHead(500).end('nope');
      else if (behaviour === 'hang') setTimeout(() => res.writeHead(200).end(), 1500);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rekisteri`;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await api.close();
});

describe('a logistics partner with an endpoint', () => {
  let partner: LogisticsPartner;
  let courier: GraphQLClient;
  let secret: string;
  let shopper: Shopper;
  let orderNumber: string;

  beforeAll(async () => {
    partner = await registerLogisticsPartner(api);
    courier = await partner.freshClient();
  });

  it('only an admin sets an endpoint; https or loopback only; the secret is shown once, in the Standard Webhooks format', async () => {
    expect((await staff(api, 'CUSTOMER_SERVICE').raw(SET_WEBHOOK, { partnerId: partner.id, url: receiverUrl })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await courier.raw(SET_WEBHOOK, { partnerId: partner.id, url: receiverUrl })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const plain = await staff(api, 'ADMIN').raw(SET_WEBHOOK, { partnerId: partner.id, url: 'http://posti.example.fi/hook' });
    expect(plain.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const set = await staff(api, 'ADMIN').raw<{ setPartnerWebhook: { secret: string; url: string } }>(SET_WEBHOOK, { partnerId: partner.id, url: receiverUrl });
    expect(set.errors).toBeUndefined();
    secret = set.data!.setPartnerWebhook.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // At rest the secret is sealed (AES-256-GCM under WEBHOOK_SECRET_KEY): the column holds neither the
    // secret nor its base64 key part, and the sealed value opens only with the key and for this partner.
    const [row] = await api.db.query<{ secret: string }>('select secret from partner_webhook where partner_id = $1', [partner.id]);
    const keyPart = secret.slice('whsec_'.length);
    expect(row.secret).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(row.secret).not.toContain(keyPart);
    expect(row.secret).not.toContain(Buffer.from(keyPart, 'base64').toString('hex'));
    expect(row.secret).not.toContain('whsec_');
    const dump = await api.db.query<{ dump: string }>('select row_to_json(w)::text as dump from partner_webhook w');
    expect(dump.map((d) => d.dump).join('\n')).not.toContain(keyPart);
    expect(openWebhookSecret(TEST_SETTINGS.webhookSecretKey, row.secret, partner.id)).toBe(secret);
    expect(openWebhookSecret(Buffer.alloc(32, 1), row.secret, partner.id)).toBeNull();
    expect(openWebhookSecret(TEST_SETTINGS.webhookSecretKey, row.secret, '00000000-0000-4000-8000-000000000000')).toBeNull();
    const shown = await staff(api, 'ADMIN').raw<{ partnerWebhook: Record<string, unknown> }>('query W($id: ID!) { partnerWebhook(partnerId: $id) { url } }', { id: partner.id });
    expect(shown.data!.partnerWebhook).toEqual({ url: receiverUrl });
  });

  it('an assignment is pushed: 500, then a timeout, then delivered on the third try with backoff; the signature verifies with the secret', async () => {
    shopper = await registerShopper(api, { firstName: 'Åsa' });
    const order = await placeShopperOrder(api, shopper, { delivery: { line1: 'Åströminkatu 3', postalCode: '00100', city: 'Helsinki' } });
    orderNumber = order.orderNumber;
    await handToPartner(api, order.id, partner.id);
    const [queued] = await deliveries(['PENDING']);
    expect(queued).toMatchObject({ eventType: 'delivery_assignment.created', status: 'PENDING', attempts: 0 });

    script = ['fail', 'hang', 'ok'];
    const t0 = clock.now;
    expect(await dispatch(t0)).toMatchObject({ claimed: 1, retried: 1 });
    expect(await dispatch(new Date(t0.getTime() + 30_000))).toMatchObject({ claimed: 0 });
    expect(await dispatch(new Date(t0.getTime() + 61_000))).toMatchObject({ retried: 1 });
    expect((await deliveries(['PENDING']))[0]).toMatchObject({ attempts: 2, lastError: 'TIMEOUT' });
    expect(await dispatch(new Date(t0.getTime() + 61_000 + 121_000))).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(3);
    const [first, , last] = received;
    expect(last.headers['webhook-id']).toBe(queued.id);
    expect(first.headers['webhook-id']).toBe(queued.id);
    const payload = new Webhook(secret).verify(last.body, last.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'delivery_assignment.created', data: { orderNumber, orderId: order.id } });
    // The push names the order, never the recipient: the courier reads that through deliveryOrders (audited).
    expect(last.body).not.toContain('Åströminkatu');
    expect(last.body).not.toContain(shopper.lastName);
    // A forged signature does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(last.body, last.headers as Record<string, string>)).toThrow();
    expect((await deliveries(['DELIVERED']))[0]).toMatchObject({ id: queued.id, attempts: 3, lastError: null });
  });

  it('Art 19: a rectification the courier must know of is pushed, polling still lists it, and acknowledging marks the delivery ACKNOWLEDGED', async () => {
    dataOf(await courier.request(DeliveryOrdersDocument, { first: 10, openOnly: false }), 'deliveryOrders');
    dataOf(await shopper.client.request(UpdateMyProfileDocument, { input: { lastName: 'Åström-Äijälä' } }), 'updateMyProfile');
    const [pending] = await deliveries(['PENDING']);
    expect(pending).toMatchObject({ eventType: 'partner_notice.created' });
    received.length = 0;
    expect(await dispatch(clock.now)).toMatchObject({ delivered: 1 });
    const payload = new Webhook(secret).verify(received[0].body, received[0].headers as Record<string, string>) as {
      data: { id: string; kind: string; orderNumbers: string[]; fields: string[] };
    };
    expect(payload.data).toMatchObject({ id: pending.refId, kind: 'RECTIFICATION', orderNumbers: [orderNumber], fields: ['lastName'] });
    expect(received[0].body).not.toContain('Äijälä');

    const polled = dataOf(await courier.request(PartnerNoticesDocument, { includeAcknowledged: false }), 'partnerNotices').partnerNotices!;
    expect(polled.map((n) => n.id)).toContain(pending.refId);
    dataOf(await courier.request(AcknowledgePartnerNoticeDocument, { noticeId: pending.refId }), 'acknowledge');
    expect((await deliveries(['ACKNOWLEDGED'])).map((d) => d.refId)).toEqual([pending.refId]);
  });

  it('after the last attempt a delivery is DEAD on the admin list; an admin retries it and it is delivered', async () => {
    const order = await placeShopperOrder(api, shopper);
    await handToPartner(api, order.id, partner.id);
    script = ['fail', 'fail', 'fail'];
    const t0 = clock.now;
    await dispatch(t0);
    await dispatch(new Date(t0.getTime() + 61_000));
    expect(await dispatch(new Date(t0.getTime() + 61_000 + 121_000))).toMatchObject({ dead: 1 });
    const [dead] = await deliveries();
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 3, lastError: 'HTTP 500' });
    expect((await staff(api, 'PRIVACY_OFFICER').raw(DELIVERIES)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const retried = await staff(api, 'ADMIN').raw<{ retryWebhookDelivery: DeliveryRow }>('mutation R($id: ID!) { retryWebhookDelivery(deliveryId: $id) { id status attempts } }', {
      id: dead.id,
    });
    expect(retried.data!.retryWebhookDelivery).toEqual({ id: dead.id, status: 'PENDING', attempts: 0 });
    const again = await staff(api, 'ADMIN').raw('mutation R($id: ID!) { retryWebhookDelivery(deliveryId: $id) { id } }', { id: dead.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('WEBHOOK_DELIVERY_NOT_DEAD');
    expect(await dispatch(clock.now)).toMatchObject({ delivered: 1 });
    expect(await deliveries()).toEqual([]);
  });

  it('a secret stored in clear before sealing existed is sealed by the migration, and what it signs still verifies at the receiver', async () => {
    // The row as the code before Migration20261202020200 wrote it.
    await api.db.query('update partner_webhook set secret = $1 where partner_id = $2', [secret, partner.id]);
    await api.db.query("delete from mikro_orm_migrations where name like 'Migration20261202020200%'");
    const before = process.env.WEBHOOK_SECRET_KEY;
    process.env.WEBHOOK_SECRET_KEY = TEST_SETTINGS.webhookSecretKey.toString('hex');
    try {
      expect(await migrate(api.db.url)).toEqual(['Migration20261202020200']);
    } finally {
      if (before === undefined) delete process.env.WEBHOOK_SECRET_KEY;
      else process.env.WEBHOOK_SECRET_KEY = before;
    }
    const [row] = await api.db.query<{ secret: string }>('select secret from partner_webhook where partner_id = $1', [partner.id]);
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain(secret.slice('whsec_'.length));

    received.splice(0);
    const order = await placeShopperOrder(api, shopper);
    await handToPartner(api, order.id, partner.id);
    expect(await dispatch(clock.now)).toMatchObject({ delivered: 1 });
    const payload = new Webhook(secret).verify(received[0].body, received[0].headers as Record<string, string>) as { type: string };
    expect(payload.type).toBe('delivery_assignment.created');
  });

  it('a sealed secret that does not open (another key) signs nothing: the delivery fails with SECRET_UNREADABLE', async () => {
    received.splice(0);
    const order = await placeShopperOrder(api, shopper);
    await handToPartner(api, order.id, partner.id);
    const report = await dispatchDueWebhooks(api.db.orm, { ...settings, secretKey: Buffer.alloc(32, 9) }, SILENT, clock.now);
    expect(report).toMatchObject({ delivered: 0, retried: 1 });
    expect(received).toEqual([]);
    expect((await deliveries(['PENDING']))[0]).toMatchObject({ lastError: 'SECRET_UNREADABLE' });
  });
});
