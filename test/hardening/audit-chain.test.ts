import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { parseAuditAnchor, verifyAuditChain } from '../../src/modules/audit/audit-chain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi } from '../support/api';
import { staffPrincipal } from '../support/scenarios';

/*
 * §9.2 an audit trail you can trust (issue 10): the API's login may only
 * append, the database chains and dates every row, and verifyAuditTrail /
 * `npm run cli -- audit verify` name the first broken link after an UPDATE,
 * a DELETE, an insert with the trigger disabled, or a back-dated insert.
 */
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  // Five genuine entries, written as the API writes them (its own login, trigger on).
  for (let i = 0; i < 5; i++) {
    await db.orm.em.getConnection().execute(
      `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose)
       values (now(), ?, 'STAFF', ?, ?, 'READ', '{Customer.email}', 'CUSTOMER_SERVICE')`,
      [`req-${i}`, randomUUID(), randomUUID()],
    );
  }
}, 60_000);
afterEach(() => db.close());

const entries = () => db.query<{ id: string; chain_seq: string }>('select id::text, chain_seq::text from audit_entry order by chain_seq');
const verify = () => verifyAuditChain(db.orm.em.fork());
/** As the owner of the table (migrations' login), with the append-only trigger out of the way. */
async function asOwnerWithoutTrigger(trigger: string, sql: string, params: unknown[] = []): Promise<void> {
  await db.query(`alter table audit_entry disable trigger ${trigger}`);
  try {
    await db.query(sql, params);
  } finally {
    await db.query(`alter table audit_entry enable trigger ${trigger}`);
  }
}

it('an untouched trail verifies, with a head hash to record elsewhere', async () => {
  expect(await verify()).toMatchObject({ ok: true, checkedEntries: 5, problem: null, triggersEnabled: true, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
});

it('the API login cannot tamper: no UPDATE, DELETE, TRUNCATE, trigger disable or RESET ROLE way out', async () => {
  const connection = db.orm.em.getConnection();
  for (const sql of [
    "update audit_entry set purpose = 'x'",
    'delete from audit_entry',
    'truncate audit_entry',
    'alter table audit_entry disable trigger audit_entry_append_only',
    'alter table audit_entry disable trigger audit_entry_chain',
  ]) {
    await expect(connection.execute(`reset role; ${sql}`)).rejects.toThrow(/permission denied|must be owner|append-only/);
  }
  const [me] = await connection.execute<{ rolsuper: boolean }[]>('select rolsuper from pg_roles where rolname = current_user');
  expect(me.rolsuper).toBe(false);
  await expect(connection.execute('set role postgres')).rejects.toThrow(/permission denied/);
  expect((await verify()).ok).toBe(true);
});

it('a back-dated entry written by the API login gets the database clock, not the one it claims', async () => {
  await db.orm.em.getConnection().execute(
    `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose)
     values ('2001-01-01T00:00:00Z', 'forged', 'STAFF', ?, ?, 'READ', '{Customer.email}', 'PRIVACY_OFFICER')`,
    [randomUUID(), randomUUID()],
  );
  const [row] = await db.query<{ occurred_at: Date }>("select occurred_at from audit_entry where request_id = 'forged'");
  expect(Date.now() - row.occurred_at.getTime()).toBeLessThan(60_000);
  expect((await verify()).ok).toBe(true);
});

it('an UPDATE (trigger disabled by the owner) is detected at that entry: CONTENT_CHANGED', async () => {
  const [, second] = await entries();
  await asOwnerWithoutTrigger('audit_entry_append_only', "update audit_entry set principal_id = 'someone-else' where id = $1", [second.id]);
  expect(await verify()).toMatchObject({ ok: false, problem: 'CONTENT_CHANGED', firstBrokenEntryId: second.id, firstBrokenChainSeq: second.chain_seq });
});

it('an entry naming several customers (issue 9) is chained over all of them: dropping one from it is CONTENT_CHANGED', async () => {
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
  await db.orm.em.getConnection().execute(
    `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_ids, action, fields, purpose)
     values (now(), 'page', 'STAFF', ?, ?::uuid[], 'READ', '{Customer.email}', 'CUSTOMER_SERVICE')`,
    [randomUUID(), `{${a},${b},${c}}`],
  );
  expect(await verify()).toMatchObject({ ok: true, checkedEntries: 6 });
  const [page] = await db.query<{ id: string; chain_seq: string }>("select id::text, chain_seq::text from audit_entry where request_id = 'page'");
  await asOwnerWithoutTrigger('audit_entry_append_only', 'update audit_entry set customer_ids = $2::uuid[] where id = $1', [page.id, `{${a},${c}}`]);
  expect(await verify()).toMatchObject({ ok: false, problem: 'CONTENT_CHANGED', firstBrokenEntryId: page.id, firstBrokenChainSeq: page.chain_seq });
});

it('an entry names one customer in customer_id or several in customer_ids, never both or a list of one', async () => {
  for (const [customerId, customerIds] of [
    [randomUUID(), `{${randomUUID()},${randomUUID()}}`],
    [null, `{${randomUUID()}}`],
  ]) {
    await expect(
      db.orm.em.getConnection().execute(
        `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, customer_ids, action, fields, purpose)
         values (now(), 'odd', 'STAFF', 'x', ?, ?::uuid[], 'READ', '{Customer.email}', 'CUSTOMER_SERVICE')`,
        [customerId, customerIds],
      ),
    ).rejects.toThrow(/audit_entry_one_subject_form/);
  }
  expect((await verify()).checkedEntries).toBe(5);
});

it('a DELETE is detected at the entry after the gap: ENTRY_MISSING', async () => {
  const [, second, third] = await entries();
  await asOwnerWithoutTrigger('audit_entry_append_only', 'delete from audit_entry where id = $1', [second.id]);
  expect(await verify()).toMatchObject({ ok: false, problem: 'ENTRY_MISSING', firstBrokenEntryId: third.id });
});

it('an insert with the chain trigger disabled is detected: CONTENT_CHANGED, and the disabled trigger is reported meanwhile', async () => {
  await db.query('alter table audit_entry disable trigger audit_entry_chain');
  try {
    await db.query(
      `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose, chain_seq, prev_hash, row_hash)
       select now(), 'forged', 'STAFF', 'x', gen_random_uuid(), 'READ', '{Customer.email}', 'PRIVACY_OFFICER', max(chain_seq) + 1,
         (select row_hash from audit_entry order by chain_seq desc limit 1), sha256('made up'::bytea) from audit_entry`,
    );
    expect(await verify()).toMatchObject({ ok: false, problem: 'CONTENT_CHANGED', triggersEnabled: false });
  } finally {
    await db.query('alter table audit_entry enable trigger audit_entry_chain');
  }
});

it('a back-dated insert with a correctly computed hash is detected: OUT_OF_ORDER', async () => {
  await db.query('alter table audit_entry disable trigger audit_entry_chain');
  try {
    await db.query(`insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose, chain_seq, prev_hash, row_hash)
      select t.at, 'forged', 'STAFF', 'x', t.cid, 'READ', '{Customer.email}', 'PRIVACY_OFFICER', t.seq, t.prev,
        audit_entry_hash(t.prev, t.seq, t.at, 'forged', 'STAFF', 'x', t.cid, 'READ', '{Customer.email}', 'PRIVACY_OFFICER', null)
      from (select '2020-01-01T00:00:00Z'::timestamptz as at, gen_random_uuid() as cid,
                   (select max(chain_seq) + 1 from audit_entry) as seq,
                   (select row_hash from audit_entry order by chain_seq desc limit 1) as prev) t`);
  } finally {
    await db.query('alter table audit_entry enable trigger audit_entry_chain');
  }
  expect(await verify()).toMatchObject({ ok: false, problem: 'OUT_OF_ORDER' });
});

it('verifyAuditTrail is the privacy officer’s query, and the CLI reports the first broken link with exit code 3', async () => {
  const [first] = await entries();
  await asOwnerWithoutTrigger('audit_entry_append_only', "update audit_entry set fields = '{Customer.phone}' where id = $1", [first.id]);
  const api = await startTestApi();
  try {
    // The API's own database is fresh: tamper there too, then ask as the privacy officer and as customer service.
    await api.db.query(
      `insert into audit_entry (occurred_at, request_id, principal_kind, customer_id, action, fields, purpose) values (now(), 'r', 'SYSTEM', gen_random_uuid(), 'READ', '{a}', 'x')`,
    );
    const officer = await api
      .as(staffPrincipal('PRIVACY_OFFICER'))
      .raw<{ verifyAuditTrail: { ok: boolean; checkedEntries: number } }>('{ verifyAuditTrail { ok checkedEntries problem firstBrokenEntryId headHash triggersEnabled } }');
    expect(officer.data?.verifyAuditTrail).toMatchObject({ ok: true, checkedEntries: 1 });
    const cs = await api.as(staffPrincipal('CUSTOMER_SERVICE')).raw('{ verifyAuditTrail { ok } }');
    expect(cs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  } finally {
    await api.close();
  }
  const run = promisify(execFile);
  const outcome = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', 'audit', 'verify', '--json'], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: 'true' },
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  expect(outcome.code).toBe(3);
  expect(JSON.parse(outcome.stdout)).toMatchObject({ ok: false, problem: 'CONTENT_CHANGED', firstBrokenEntryId: first.id });
}, 180_000);

describe('§9.2 an anchor recorded outside the database detects a rewritten chain', () => {
  /** What the owner of the table can always do: change an entry, then recompute every hash after it. */
  async function rewriteWholeChain(changeSql: string, params: unknown[] = []): Promise<void> {
    await asOwnerWithoutTrigger('audit_entry_append_only', changeSql, params);
    await asOwnerWithoutTrigger(
      'audit_entry_append_only',
      `do $$ declare r record; prev bytea := null; begin
         for r in select * from audit_entry order by chain_seq loop
           update audit_entry set prev_hash = prev,
             row_hash = audit_entry_hash(prev, r.chain_seq, r.occurred_at, r.request_id, r.principal_kind::text, r.principal_id,
                                         r.customer_id, r.action::text, r.fields, r.purpose, r.operation)
             where id = r.id returning row_hash into prev;
         end loop;
       end $$`,
    );
  }

  it('reports an anchor <head hash>:<position> to record; later entries keep it matching', async () => {
    const before = await verify();
    expect(before).toMatchObject({ ok: true, checkedEntries: 5, headChainSeq: '5', anchorMatches: null });
    expect(before.anchor).toBe(`${before.headHash}:5`);
    // New genuine entries after the anchor was recorded: the anchored entry is still there, unchanged.
    await db.orm.em.getConnection().execute(
      `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose)
       values (now(), 'later', 'STAFF', ?, ?, 'READ', '{Customer.phone}', 'CUSTOMER_SERVICE')`,
      [randomUUID(), randomUUID()],
    );
    const later = await verify();
    const anchored = await verifyAuditChain(db.orm.em.fork(), parseAuditAnchor('anchor', before.anchor!));
    expect(anchored).toMatchObject({ ok: true, anchorMatches: true, checkedEntries: 6, headChainSeq: '6', problem: null });
    expect(later.anchor).not.toBe(before.anchor);
  });

  it('a changed entry with every later hash recomputed verifies on its own, but not against the anchor: ANCHOR_MISMATCH', async () => {
    const { anchor } = await verify();
    const [, second] = await entries();
    // Blame another principal for the read and rebuild the chain so that it links up again.
    await rewriteWholeChain("update audit_entry set principal_id = 'someone-else' where id = $1", [second.id]);
    // Why the anchor matters: the unkeyed chain alone cannot tell.
    expect(await verify()).toMatchObject({ ok: true, problem: null });
    expect(await verifyAuditChain(db.orm.em.fork(), parseAuditAnchor('anchor', anchor!))).toMatchObject({
      ok: false,
      anchorMatches: false,
      problem: 'ANCHOR_MISMATCH',
      firstBrokenChainSeq: '5',
    });
  });

  it('entries cut off the end of the chain are detected against the anchor', async () => {
    const { anchor } = await verify();
    await asOwnerWithoutTrigger('audit_entry_append_only', 'delete from audit_entry where chain_seq >= 4');
    expect(await verify()).toMatchObject({ ok: true, checkedEntries: 3 });
    expect(await verifyAuditChain(db.orm.em.fork(), parseAuditAnchor('anchor', anchor!))).toMatchObject({ ok: false, problem: 'ANCHOR_MISMATCH' });
  });

  it('verifyAuditTrail(anchor:) over GraphQL and `audit verify --anchor` in the CLI (exit 3) both detect the rewrite', async () => {
    const api = await startTestApi();
    try {
      const officer = api.as(staffPrincipal('PRIVACY_OFFICER'));
      await api.db.query(
        `insert into audit_entry (occurred_at, request_id, principal_kind, customer_id, action, fields, purpose) values (now(), 'r', 'SYSTEM', gen_random_uuid(), 'READ', '{a}', 'x')`,
      );
      const query = 'query ($a: String) { verifyAuditTrail(anchor: $a) { ok anchor anchorMatches problem } }';
      type V = { verifyAuditTrail: { ok: boolean; anchor: string; anchorMatches: boolean | null; problem: string | null } };
      const first = await officer.raw<V>(query, {});
      const anchor = first.data!.verifyAuditTrail.anchor;
      expect(first.data!.verifyAuditTrail).toMatchObject({ ok: true, anchorMatches: null, anchor: expect.stringMatching(/^[0-9a-f]{64}:1$/) });
      expect((await officer.raw<V>(query, { a: anchor })).data!.verifyAuditTrail).toMatchObject({ ok: true, anchorMatches: true });
      await api.db.query('alter table audit_entry disable trigger audit_entry_append_only');
      try {
        await api.db.query(`update audit_entry set purpose = 'y', row_hash = audit_entry_hash(prev_hash, chain_seq, occurred_at, request_id, principal_kind::text,
          principal_id, customer_id, action::text, fields, 'y', operation)`);
      } finally {
        await api.db.query('alter table audit_entry enable trigger audit_entry_append_only');
      }
      expect((await officer.raw<V>(query, {})).data!.verifyAuditTrail).toMatchObject({ ok: true });
      expect((await officer.raw<V>(query, { a: anchor })).data!.verifyAuditTrail).toMatchObject({ ok: false, anchorMatches: false, problem: 'ANCHOR_MISMATCH' });
      const bad = await officer.raw<V>(query, { a: 'not-an-anchor' });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'anchor' });
    } finally {
      await api.close();
    }
    const { anchor } = await verify();
    await rewriteWholeChain("update audit_entry set purpose = 'PRIVACY_OFFICER' where chain_seq = 1");
    const run = promisify(execFile);
    const cli = (args: string[]) =>
      run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', 'audit', 'verify', ...args], {
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: 'true' },
        timeout: 120_000,
      }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    const plain = await cli([]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/Anchor to record outside the database: [0-9a-f]{64}:5/);
    const anchored = await cli(['--anchor', anchor!]);
    expect(anchored.code).toBe(3);
    expect(anchored.stdout).toContain('REWRITTEN');
  }, 180_000);
});

describe('many rows in one statement and one transaction (issue 9: the head is looked up once per transaction)', () => {
  const insertMany = (tag: string, n: number) =>
    `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose)
     select now(), '${tag}', 'STAFF', 'cs', gen_random_uuid(), 'READ', '{Customer.email,Customer.phone}', 'CUSTOMER_SERVICE' from generate_series(1, ${n})`;

  it('a 100-row INSERT, two INSERTs in one transaction and a rolled-back savepoint all leave one unbroken chain', async () => {
    const connection = db.orm.em.getConnection();
    await connection.execute(insertMany('page', 100));
    await db.orm.em.fork().transactional(async (em) => {
      const tx = em.getTransactionContext();
      await em.getConnection().execute(insertMany('tx-a', 3), [], 'all', tx);
      await em.getConnection().execute('savepoint s1', [], 'all', tx);
      await em.getConnection().execute(insertMany('undone', 4), [], 'all', tx);
      await em.getConnection().execute('rollback to savepoint s1', [], 'all', tx);
      await em.getConnection().execute(insertMany('tx-b', 2), [], 'all', tx);
    });
    await connection.execute(insertMany('after', 1));
    const rows = await entries();
    expect(rows.map((r) => Number(r.chain_seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: 5 + 100 + 3 + 2 + 1 }, (_, i) => i + 1));
    expect(await verify()).toMatchObject({ ok: true, checkedEntries: 111, problem: null });
  });

  it('the hash is inlined, not called per row (migration 20261202050000), and still verifies the rows written before', async () => {
    // An IMMUTABLE SQL function with STABLE calls in its body is never inlined: the plan then
    // names audit_entry_hash and each row runs the SQL-function executor (≈ 40 µs a row).
    // The 13-argument form (migration 20261202090000, entries naming several customers) is the
    // one the trigger and the verification use; it calls the 12-argument one, which calls the 11.
    for (const extra of ['', ', customer_ids']) {
      const plan = await db.query<{ 'QUERY PLAN': string }>(
        `explain verbose select audit_entry_hash(prev_hash, chain_seq, occurred_at, request_id, principal_kind::text, principal_id,
           customer_id, action::text, fields, purpose, operation, subject_request_id${extra}) from audit_entry`,
      );
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toContain('sha256');
      expect(text).not.toContain('audit_entry_hash(');
    }
    await db.orm.em.getConnection().execute(insertMany('after-inlining', 100));
    expect(await verify()).toMatchObject({ ok: true, checkedEntries: 105, problem: null });
  });

  it('a caller who forges the remembered head only breaks the chain visibly', async () => {
    await db.orm.em.fork().transactional(async (em) => {
      const tx = em.getTransactionContext();
      await em.getConnection().execute("select set_config('rekisteri.audit_chain_head', txid_current()::text || ':40:' || repeat('ab', 32), true)", [], 'all', tx);
      await em.getConnection().execute(insertMany('forged-head', 1), [], 'all', tx);
    });
    const result = await verify();
    expect(result.ok).toBe(false);
  });
});
