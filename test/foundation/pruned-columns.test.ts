import { startTestApi, type TestApi } from '../support/api';
import { shopWithCustomers, staffPrincipal, type SeededCustomer } from '../support/scenarios';
import { columnsForFields } from '../../src/core/db/sql';

/*
 * Issue 9, "only the columns the plan needs": the customer statement brings orders → lines,
 * consents and the loyalty membership as nested tuples of just the columns the document's
 * fields read. Whatever subset a document asks for, each field must answer what the database
 * holds (a column left out must never show as null or shift another value), and what it does
 * not ask for is not read.
 */

let api: TestApi;
let seeded: SeededCustomer[];
beforeAll(async () => {
  api = await startTestApi();
  seeded = await shopWithCustomers(api.db.orm, 3, 2);
  // Values the seed leaves empty, in every free-text column the nested statement reads.
  await api.db.query(`update consent_event set reason = 'Soitti asiakaspalveluun: "älkää lähettäkö" – 040 123 4567' where customer_id = $1`, [seeded[1].id]);
  // Consents travel as a text array of text tuples too: a reason that looks like SQL null, one with array syntax in it.
  const events = await api.db.query<{ id: string }>('select id from consent_event where customer_id = $1 order by occurred_at, id', [seeded[2].id]);
  expect(events.length).toBeGreaterThanOrEqual(2);
  await api.db.query(`update consent_event set reason = 'NULL' where id = $1`, [events[0].id]);
  await api.db.query(`update consent_event set reason = $2 where id = $1`, [events[1].id, 'Asiakas: "ei {sms,email}" \\ , O’Brien ']);
  // A withdrawal after the grant (§8.10), at a time with microseconds: granted false must come back false, and the state follow it.
  await api.db.query(
    `insert into consent_event (id, customer_id, purpose, granted, occurred_at, source, actor_kind, actor_id, notice_version, reason)
     select gen_random_uuid(), customer_id, purpose, false, occurred_at + interval '1 day 0.000123 second', source, actor_kind, actor_id, notice_version,
            'Peruttu puhelimessa: "älkää soittako" 040 765 4321'
     from consent_event where id = $1`,
    [events[1].id],
  );
  // Lines travel as text arrays inside text arrays (core/db/sql.ts textTuple): quotes, backslashes, braces.
  await api.db.query(`update order_line set product_name = $2 where order_id = $1 and line_no = 1`, [seeded[2].orderIds[0], 'Sävel "Äijälä" \\ {x,y}, NULL – 😀']);
  await api.db.query(`update order_line set product_name = 'NULL' where order_id = $1 and line_no = 2`, [seeded[2].orderIds[0]]);
  await api.db.query(`update loyalty_membership set valid_until = '2027-03-31T00:00:00Z', tier = 'GOLD' where customer_id = $1`, [seeded[2].id]);
}, 120_000);
afterAll(() => api.close());

const privacyOfficer = staffPrincipal('PRIVACY_OFFICER');

interface Truth {
  id: string;
  lines: { id: string; product_name: string; quantity: number; line_no: number; order_number: string }[];
  events: { id: string; purpose: string; granted: boolean; occurred_at: Date; source: string; actor_kind: string; notice_version: string; reason: string | null }[];
  membership: { id: string; member_number: string; joined_at: Date; valid_until: Date | null; points: number; tier: string };
}

async function truthOf(customerId: string): Promise<Truth> {
  const lines = await api.db.query<Truth['lines'][number]>(
    `select l.id, l.product_name, l.quantity, l.line_no, o.order_number from order_line l join customer_order o on o.id = l.order_id
     where o.customer_id = $1 order by o.placed_at desc, o.id, l.line_no`,
    [customerId],
  );
  const events = await api.db.query<Truth['events'][number]>(
    'select id, purpose, granted, occurred_at, source, actor_kind, notice_version, reason from consent_event where customer_id = $1 order by occurred_at, id',
    [customerId],
  );
  const [membership] = await api.db.query<Truth['membership']>('select id, member_number, joined_at, valid_until, points, tier from loyalty_membership where customer_id = $1', [
    customerId,
  ]);
  return { id: customerId, lines, events, membership };
}

type Node = Record<string, any>;

async function nodesFor(selection: string): Promise<{ nodes: Node[]; statements: string[] }> {
  const { result, statements } = await api.countSql(() => api.as(privacyOfficer).raw<{ customers: { nodes: Node[] } }>(`{ customers(first: 10) { nodes { id ${selection} } } }`));
  expect(result.errors).toBeUndefined();
  return { nodes: result.data!.customers.nodes, statements };
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

it('a line asked only for its product name gets it, and the lines are read without their ids', async () => {
  const { nodes, statements } = await nodesFor('orders { orderNumber lines { productName } }');
  for (const customer of seeded) {
    const truth = await truthOf(customer.id);
    const node = nodes.find((n) => n.id === customer.id)!;
    const served = node.orders.flatMap((order: Node) => order.lines.map((line: Node) => ({ order: order.orderNumber, ...line })));
    expect(served).toEqual(truth.lines.map((line) => ({ order: line.order_number, productName: line.product_name })));
  }
  const names = nodes.find((n) => n.id === seeded[2].id)!.orders.flatMap((order: Node) => order.lines.map((line: Node) => line.productName));
  expect(names).toContain('Sävel "Äijälä" \\ {x,y}, NULL – 😀');
  expect(names).toContain('NULL');
  const nested = statements.find((sql) => sql.includes('from order_line l'))!;
  expect(nested).toBeDefined();
  expect(nested).not.toContain('l.id');
});

it('a line asked for its id and quantity gets both, each in its place', async () => {
  const { nodes, statements } = await nodesFor('orders { lines { id quantity } }');
  for (const customer of seeded) {
    const truth = await truthOf(customer.id);
    const node = nodes.find((n) => n.id === customer.id)!;
    expect(node.orders.flatMap((order: Node) => order.lines)).toEqual(truth.lines.map((line) => ({ id: line.id, quantity: line.quantity })));
  }
  expect(statements.find((sql) => sql.includes('from order_line l'))).toContain('l.id');
});

it('an order’s copies of name, address and contact come back as stored, awkward text and nulls included (§8.11 copies)', async () => {
  const orderId = seeded[1].orderIds[0];
  await api.db.query(`update customer_order set billing_name = $2, billing_phone = null, billing_line2 = $3, delivery_name = $4, delivery_line2 = $5 where id = $1`, [
    orderId,
    'Matti "Masa" Meikäläinen \\ {x}',
    '',
    'NULL',
    'Ovikoodi 1234, soita 040 765 4321 – älä soita ovikelloa',
  ]);
  const { nodes, statements } = await nodesFor(
    // With lines, the orders come in the customer statement's nested text arrays (customers.service.ts nestedColumns).
    'orders { id placedAt totalCents billing { name email phone line1 line2 postalCode city countryCode } delivery { name line2 city } lines { lineNo } }',
  );
  for (const customer of seeded) {
    const truth = await api.db.query<Record<string, unknown>>(
      `select id, placed_at, total_cents, billing_name, billing_email, billing_phone, billing_line1, billing_line2, billing_postal_code,
         billing_city, billing_country_code, delivery_name, delivery_line2, delivery_city
       from customer_order where customer_id = $1 order by placed_at desc, id`,
      [customer.id],
    );
    expect(nodes.find((n) => n.id === customer.id)!.orders).toEqual(
      truth.map((o) => ({
        id: o.id,
        placedAt: iso(o.placed_at as Date),
        totalCents: o.total_cents,
        billing: {
          name: o.billing_name,
          email: o.billing_email,
          phone: o.billing_phone,
          line1: o.billing_line1,
          line2: o.billing_line2,
          postalCode: o.billing_postal_code,
          city: o.billing_city,
          countryCode: o.billing_country_code,
        },
        delivery: { name: o.delivery_name, line2: o.delivery_line2, city: o.delivery_city },
        lines: [{ lineNo: 1 }, { lineNo: 2 }],
      })),
    );
  }
  const order = nodes.find((n) => n.id === seeded[1].id)!.orders.find((o: Node) => o.id === orderId);
  expect(order.billing).toMatchObject({ name: 'Matti "Masa" Meikäläinen \\ {x}', phone: null, line2: '' });
  expect(order.delivery).toMatchObject({ name: 'NULL', line2: 'Ovikoodi 1234, soita 040 765 4321 – älä soita ovikelloa' });
  expect(statements.some((sql) => sql.includes('from order_line l'))).toBe(true);
});

it('consent states asked for purpose and granted read neither the reason nor who recorded them (§8.10)', async () => {
  const { nodes, statements } = await nodesFor('consents { purpose granted }');
  for (const customer of seeded) {
    const truth = await truthOf(customer.id);
    const node = nodes.find((n) => n.id === customer.id)!;
    for (const state of node.consents as Node[]) {
      const latest = truth.events.filter((event) => event.purpose === state.purpose).at(-1);
      expect(state.granted).toBe(latest?.granted ?? false);
    }
  }
  const consentSql = statements.find((sql) => sql.includes('from consent_event e'))!;
  expect(consentSql).not.toMatch(/e\.reason|e\.actor_id|e\.notice_version|e\.source/);
});

it('consent states with their reason, version and whole history answer every column as stored (§11)', async () => {
  const { nodes } = await nodesFor(
    'consents { purpose granted since noticeVersion reason history { id granted occurredAt source actorKind } } consentHistory { id purpose reason noticeVersion }',
  );
  for (const customer of seeded) {
    const truth = await truthOf(customer.id);
    const node = nodes.find((n) => n.id === customer.id)!;
    expect(node.consentHistory).toEqual(truth.events.map((e) => ({ id: e.id, purpose: e.purpose, reason: e.reason, noticeVersion: e.notice_version })));
    for (const state of node.consents as Node[]) {
      const entries = truth.events.filter((event) => event.purpose === state.purpose);
      const latest = entries.at(-1);
      expect(state).toEqual({
        purpose: state.purpose,
        granted: latest?.granted ?? false,
        since: latest ? iso(latest.occurred_at) : null,
        noticeVersion: latest?.notice_version ?? null,
        reason: latest?.reason ?? null,
        history: entries.map((e) => ({ id: e.id, granted: e.granted, occurredAt: iso(e.occurred_at), source: e.source, actorKind: e.actor_kind })),
      });
    }
  }
  // The Finnish note with a phone number in it came back whole, on the customer it belongs to.
  const withNote = nodes.find((n) => n.id === seeded[1].id)!;
  expect(withNote.consentHistory[0].reason).toBe('Soitti asiakaspalveluun: "älkää lähettäkö" – 040 123 4567');
  expect(nodes.find((n) => n.id === seeded[0].id)!.consentHistory.every((e: Node) => e.reason === null)).toBe(true);
  const awkward = nodes.find((n) => n.id === seeded[2].id)!.consentHistory.map((e: Node) => e.reason);
  expect(awkward.slice(0, 2)).toEqual(['NULL', 'Asiakas: "ei {sms,email}" \\ , O’Brien ']);
  const withdrawn = nodes.find((n) => n.id === seeded[2].id)!.consents.filter((state: Node) => state.granted === false && state.reason !== null);
  expect(withdrawn.map((state: Node) => state.reason)).toEqual(['Peruttu puhelimessa: "älkää soittako" 040 765 4321']);
});

it('a membership asked for tier and points reads only those; asked for dates and number, those', async () => {
  const few = await nodesFor('loyalty { tier points }');
  const all = await nodesFor('loyalty { id memberNumber joinedAt validUntil endedAt points tier source }');
  for (const customer of seeded) {
    const truth = (await truthOf(customer.id)).membership;
    expect(few.nodes.find((n) => n.id === customer.id)!.loyalty).toEqual({ tier: truth.tier, points: truth.points });
    expect(all.nodes.find((n) => n.id === customer.id)!.loyalty).toEqual({
      id: truth.id,
      memberNumber: truth.member_number,
      joinedAt: iso(truth.joined_at),
      validUntil: iso(truth.valid_until),
      endedAt: null,
      points: truth.points,
      tier: truth.tier,
      source: 'REGISTRATION',
    });
  }
  expect(few.statements.find((sql) => sql.includes('from loyalty_membership m'))).not.toMatch(/m\.member_number|m\.joined_at/);
});

it('a membership asked only for its type name still tells a member from a non-member', async () => {
  await api.db.query('delete from loyalty_membership where customer_id = $1', [seeded[0].id]);
  const { nodes } = await nodesFor('loyalty { __typename }');
  expect(nodes.find((n) => n.id === seeded[0].id)!.loyalty).toBeNull();
  expect(nodes.find((n) => n.id === seeded[1].id)!.loyalty).toEqual({ __typename: 'LoyaltyMembership' });
});

describe('columnsForFields', () => {
  const map = {
    a: [['a', 'x.a']],
    b: [
      ['b', 'x.b'],
      ['c', 'x.c'],
    ],
    typename: [],
  } as const;
  it('reads the always columns, then each selected field’s, once each', () => {
    expect(columnsForFields(map, [['id', 'x.id']], ['b', 'typename', 'b'])).toEqual([
      ['id', 'x.id'],
      ['b', 'x.b'],
      ['c', 'x.c'],
    ]);
  });
  it('reads every column when the selection is unknown or names a field the map does not know', () => {
    const every = [
      ['id', 'x.id'],
      ['a', 'x.a'],
      ['b', 'x.b'],
      ['c', 'x.c'],
    ];
    expect(columnsForFields(map, [['id', 'x.id']], undefined)).toEqual(every);
    expect(columnsForFields(map, [['id', 'x.id']], ['a', 'newField'])).toEqual(every);
    // A name from Object.prototype is not a field the map knows.
    expect(columnsForFields(map, [['id', 'x.id']], ['a', 'constructor'])).toEqual(every);
  });
});
