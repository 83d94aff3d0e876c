import type { MikroORM } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import { openAppOrm } from '../../src/app/database';
import { EmailKind } from '../../src/modules/outbox/email-message.entity';
import { DEFAULT_OUTBOX_SETTINGS } from '../../src/modules/outbox/outbox.dispatcher';
import { startOutboxWorker, type OutboxWorker } from '../../src/modules/outbox/outbox.jobs';
import { enqueueEmail } from '../../src/modules/outbox/outbox.service';
import { smtpTransport, type MailTransport } from '../../src/modules/outbox/outbox.transport';
import { startJobQueue } from '../../src/modules/retention/retention.jobs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startMailServer, type MailServer } from '../support/mail';
import { SILENT, waitFor } from '../retention/retention-scenarios';

/*
 * Two instances (two ORMs, two pg-boss instances, two LISTEN connections, two
 * SMTP connections) drain one outbox: each message arrives exactly once. A
 * transaction that rolls back sends nothing; one that commits wakes the
 * workers through NOTIFY without waiting for the minute's cron tick.
 */

jest.setTimeout(90_000);

interface Instance {
  boss: PgBoss;
  worker: OutboxWorker;
  transport: MailTransport;
}

let db: TestDatabase;
let secondOrm: MikroORM;
let mail: MailServer;
let instances: Instance[] = [];

async function startInstance(orm: MikroORM): Promise<Instance> {
  const boss = await startJobQueue(db.url, SILENT, { schedule: false });
  const transport = smtpTransport(mail.url);
  const worker = await startOutboxWorker(boss, orm, transport, { ...DEFAULT_OUTBOX_SETTINGS, batchSize: 5 }, SILENT, { listenUrl: db.url, schedule: false });
  return { boss, worker, transport };
}

async function seedCustomers(count: number): Promise<{ id: string; email: string }[]> {
  return db.query<{ id: string; email: string }>(
    `insert into customer (id, first_name, last_name, email, status, source, created_at, updated_at, last_activity_at)
     select gen_random_uuid(), 'Åsa', 'Åström-' || i, 'asa.astrom.' || i || '.' || floor(random() * 1e9)::text || '@example.se', 'ACTIVE', 'REGISTRATION', now(), now(), now()
     from generate_series(1, $1) i returning id, email`,
    [count],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  secondOrm = await openAppOrm(db.url);
  mail = await startMailServer();
  instances = [await startInstance(db.orm), await startInstance(secondOrm)];
});

afterAll(async () => {
  for (const { boss, worker, transport } of instances) {
    await worker.stop();
    await boss.stop({ graceful: true, close: true });
    transport.close();
  }
  await mail.close();
  await secondOrm.close(true);
  await db.close();
});

it('a rolled-back transaction sends nothing; the committed one is delivered without waiting for cron', async () => {
  const [customer] = await seedCustomers(1);
  const now = () => new Date();
  await expect(
    db.orm.em.fork().transactional(async (em) => {
      enqueueEmail({ em, now }, { kind: EmailKind.REQUEST_COMPLETED, to: { customerId: customer.id }, params: { requestType: 'ACCESS' } });
      await em.flush();
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  const em = db.orm.em.fork();
  enqueueEmail({ em, now }, { kind: EmailKind.REQUEST_REFUSED, to: { customerId: customer.id }, params: { requestType: 'ERASURE', reason: 'Tilaus on vielä toimituksessa' } });
  await em.flush();
  await mail.waitFor(1);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(mail.to(customer.email).map((m) => m.subject)).toEqual(['Pyyntöäsi ei voitu toteuttaa']);
  expect(await db.query(`select status from email_outbox where customer_id = $1`, [customer.id])).toEqual([{ status: 'SENT' }]);
});

it('40 messages committed at once, two instances draining: each arrives exactly once', async () => {
  const customers = await seedCustomers(40);
  const before = mail.messages.length;
  const em = db.orm.em.fork();
  for (const customer of customers) {
    enqueueEmail({ em, now: () => new Date() }, { kind: EmailKind.REQUEST_COMPLETED, to: { customerId: customer.id }, params: { requestType: 'ACCESS' } });
  }
  await em.flush();
  await waitFor('all 40 to be SENT', async () => {
    const [row] = await db.query<{ n: string }>(`select count(*) as n from email_outbox where status = 'SENT' and customer_id = any($1::uuid[])`, [customers.map((c) => c.id)]);
    return Number(row.n) === 40;
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const arrived = mail.messages.slice(before);
  expect(arrived).toHaveLength(40);
  expect(new Set(arrived.map((m) => m.headers['message-id'])).size).toBe(40);
  expect(new Set(arrived.flatMap((m) => m.to))).toEqual(new Set(customers.map((c) => c.email)));
  expect(await db.query(`select id from email_outbox where attempts <> 1 and customer_id = any($1::uuid[])`, [customers.map((c) => c.id)])).toEqual([]);
  // The passes ran as pg-boss jobs.
  const [jobs] = await db.query<{ n: string }>(`select count(*) as n from pgboss.job where name = 'outbox.email' and state = 'completed'`);
  expect(Number(jobs.n)).toBeGreaterThan(0);
});
