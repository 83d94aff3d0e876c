import { CONTRIBUTIONS } from '../../src/app/modules';
import { DataMap } from '../../src/core/personal-data/map';
import { buildScrubber } from '../../src/core/personal-data/scrub';
import {
  AdminChangeOrderDocument,
  CompletePrivacyRequestDocument,
  EraseCustomerDocument,
  ExtendPrivacyRequestDocument,
  LiftRestrictionDocument,
  ObjectToProcessingDocument,
  PlaceLegalHoldDocument,
  RecordPrivacyRequestDocument,
  RefusePrivacyRequestDocument,
  ReleaseLegalHoldDocument,
  RestrictMyProcessingDocument,
  VerifyPrivacyRequestDocument,
} from '../generated/graphql';
import type { TestApi } from '../support/api';
import { dataOf, placeShopperOrder, recordWrittenRequest, registerShopper, rekeyIfCardLookalike, staff, startRightsApi, type Shopper, type TestClock } from './rights-scenarios';

/*
 * Erasure leaves nobody behind in free text (§8.7, issue 8). Staff and the
 * customer write the person's name, e-mail, phone and street address, in the
 * spellings people use, into every free-text field the API accepts. After a
 * verified erasure a scan of every text, json and array column of every table
 * finds none of them, except in the bookkeeping columns the answer names as
 * kept under the Accounting Act (§8.9).
 */

const map = new DataMap(CONTRIBUTIONS.dataMap);
/** What the answer names as retained bookkeeping: order number, date, lines, totals, billing name and address. */
const BOOKKEEPING_COLUMNS = new Set([...map.entries()].filter((e) => e.entry.erasure === 'KEEP_BOOKKEEPING').map((e) => `${e.table}.${e.column}`));

/** The spellings staff and customers write a person in. */
function spellings(p: Shopper) {
  const national = p.phoneE164.replace('+358', '');
  const spaced = `${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`;
  const [local, domain] = p.email.split('@');
  return {
    name: [p.fullName, `${p.lastName.toUpperCase()} ${p.firstName.toLowerCase()}`, `${p.lastName}, ${p.firstName}`, `${p.firstName}  ${p.lastName}`],
    email: [p.email, p.email.toUpperCase(), `${local} @ ${domain}`, `${local}(at)${domain}`],
    phone: [
      `+358 ${spaced}`,
      `0${national}`,
      `0${national.slice(0, 2)}-${national.slice(2)}`,
      `00358${national}`,
      `(0${national.slice(0, 2)}) ${national.slice(2, 5)} ${national.slice(5)}`,
      `+358 (0)${spaced}`,
    ],
    address: [p.address.line1, p.address.line1.toUpperCase(), p.address.line1.replace(' ', '  ')],
  };
}

function note(p: Shopper, i: number): string {
  const s = spellings(p);
  return `Asiakas ${s.name[i % s.name.length]} soitti numerosta ${s.phone[i % s.phone.length]}, sähköposti ${s.email[i % s.email.length]}, osoite ${s.address[i % s.address.length]}.`;
}

/** Every text-like value of every table, as table.column -> values. */
async function everyTextValue(api: TestApi): Promise<Map<string, string[]>> {
  const columns = await api.db.query<{ table: string; column: string }>(
    `select c.table_name as table, c.column_name as column from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')`,
  );
  const values = new Map<string, string[]>();
  for (const { table, column } of columns) {
    const rows = await api.db.query<{ v: string }>(`select "${column}"::text as v from "${table}" where "${column}" is not null`);
    values.set(
      `${table}.${column}`,
      rows.map((r) => r.v),
    );
  }
  return values;
}

/** Where any identifier of the person still is, by a normalised search (case, spacing, phone prefixes). */
function findPerson(values: Map<string, string[]>, p: Shopper): Record<string, string[]> {
  const national = p.phoneE164.replace('+358', '');
  const fold = (t: string) => t.normalize('NFC').toLowerCase();
  const needles = [p.firstName, p.lastName, p.email, p.address.line1].map(fold);
  const found: Record<string, string[]> = {};
  for (const [column, list] of values) {
    for (const value of list) {
      const text = fold(value).replace(/\s+/g, ' ');
      const compact = text.replace(/[\s().-]/g, '');
      const hits = needles.filter((n) => text.includes(n) || compact.includes(n.replace(/[\s().-]/g, '')));
      if (value.replace(/\D/g, '').includes(national)) hits.push('phone');
      if (compact.includes(fold(p.email).replace('@', '(at)'))) hits.push('email(at)');
      if (hits.length > 0) found[column] = [...(found[column] ?? []), ...hits];
    }
  }
  return found;
}

describe('§8.7 erasure scrubs the person out of every free-text field the API accepts', () => {
  let api: TestApi;
  let clock: TestClock;
  beforeAll(async () => {
    ({ api, clock } = await startRightsApi());
  });
  afterAll(() => api.close());

  it('after erasure no text, json or array column holds the name, e-mail, phone or address, outside the bookkeeping the answer names', async () => {
    const aino = await registerShopper(api, { firstName: 'Äijälä' });
    const bystander = await registerShopper(api, { firstName: 'Åström' });
    const cs = staff(api, 'CUSTOMER_SERVICE');
    const po = staff(api, 'PRIVACY_OFFICER');

    // Orders: staff notes on every change (order_change.detail).
    const order = await placeShopperOrder(api, aino, { delivery: { line1: 'Isokatu 25 B 12', postalCode: '90100', city: 'Oulu' } });
    let i = 0;
    for (const status of ['PAID', 'SHIPPED', 'DELIVERED'] as const) {
      dataOf(await cs.request(AdminChangeOrderDocument, { input: { orderId: order.id, status, note: note(aino, i++) } }), `changeOrder ${status}`);
    }
    // The bystander's own order carries a note that names Aino (one customer's note about another).
    const other = await placeShopperOrder(api, bystander);
    dataOf(
      await cs.request(AdminChangeOrderDocument, { input: { orderId: other.id, status: 'CANCELLED', note: `Tilasi ${aino.fullName} puolesta, ${spellings(aino).phone[1]}` } }),
      'changeOrder other',
    );

    // The customer's own reasons: restriction, its lifting, an objection.
    const restriction = dataOf(
      await aino.client.request(RestrictMyProcessingDocument, {
        input: { fields: ['lastName'], reason: `Nimeni on ${spellings(aino).name[1]}, ei ${aino.lastName}x; soita ${spellings(aino).phone[2]}` },
      }),
      'restrictMyProcessing',
    ).restrictMyProcessing!;
    dataOf(await po.request(LiftRestrictionDocument, { restrictionId: restriction.id, reason: `Tarkistettu ${spellings(aino).email[2]} kanssa` }), 'liftRestriction');
    dataOf(
      await aino.client.request(ObjectToProcessingDocument, { reason: `En halua mainontaa osoitteeseen ${spellings(aino).address[1]}, ${spellings(aino).email[1]}` }),
      'objectToProcessing',
    );

    // Requests: note, identity check, extension, completion, refusal.
    const access = await recordWrittenRequest(api, aino.customerId, 'ACCESS', { note: note(aino, 1) });
    dataOf(
      await cs.request(VerifyPrivacyRequestDocument, {
        requestId: access.id,
        method: `Soitettu numeroon ${spellings(aino).phone[3]}, ${spellings(aino).name[2]} vahvisti syntymäajan`,
      }),
      'verify',
    );
    dataOf(await po.request(ExtendPrivacyRequestDocument, { requestId: access.id, months: 1, reason: `Odotetaan ${spellings(aino).email[3]} vastausta` }), 'extend');
    dataOf(await po.request(CompletePrivacyRequestDocument, { requestId: access.id, note: `Lähetetty ${spellings(aino).email[0]}, ${spellings(aino).name[3]}` }), 'complete');
    const rectify = await recordWrittenRequest(api, aino.customerId, 'RECTIFICATION', { note: note(aino, 2) });
    dataOf(await cs.request(VerifyPrivacyRequestDocument, { requestId: rectify.id, method: `kirje osoitteesta ${spellings(aino).address[2]}` }), 'verify 2');
    dataOf(
      await po.request(RefusePrivacyRequestDocument, { requestId: rectify.id, reason: `${spellings(aino).name[0]}: tiedot ovat jo oikein (${spellings(aino).phone[4]})` }),
      'refuse',
    );

    // A legal hold refuses the first erasure: its reason lands in the refusal text and the stored result.
    const hold = dataOf(
      await po.request(PlaceLegalHoldDocument, { customerId: aino.customerId, reason: `Riita-asia ${spellings(aino).name[1]}, puh. ${spellings(aino).phone[5]}` }),
      'hold',
    ).placeLegalHold!;
    const holdId = await rekeyIfCardLookalike(api, 'legal_hold', hold.id);
    const first = await recordWrittenRequest(api, aino.customerId, 'ERASURE', { note: note(aino, 3) });
    dataOf(await cs.request(VerifyPrivacyRequestDocument, { requestId: first.id, method: `vastasi osoitteesta ${spellings(aino).email[1]}` }), 'verify erasure 1');
    const refused = dataOf(await po.request(EraseCustomerDocument, { requestId: first.id }), 'erase refused').eraseCustomer!;
    expect(refused.status).toBe('REFUSED');
    dataOf(await po.request(ReleaseLegalHoldDocument, { holdId, reason: `Sovittu ${spellings(aino).name[2]} kanssa` }), 'release');

    // An open request that the erasure leaves nothing to act on.
    const pending = await recordWrittenRequest(api, aino.customerId, 'ACCESS', { note: `Uusi pyyntö, ${spellings(aino).phone[0]}` });

    const before = findPerson(await everyTextValue(api), aino);
    // The data set really has the person in the free text (the check below is meaningless otherwise).
    for (const column of [
      'order_change.detail',
      'privacy_request.note',
      'privacy_request.verification_method',
      'privacy_request.refusal_reason',
      'privacy_request.result',
      'privacy_request.extension_reason',
      'legal_hold.reason',
      'restriction.reason',
      'objection.reason',
    ]) {
      expect({ column, present: column in before }).toEqual({ column, present: true });
    }

    clock.advanceDays(1);
    const second = await recordWrittenRequest(api, aino.customerId, 'ERASURE', { note: `Toinen pyyntö: ${note(aino, 4)}` });
    dataOf(await cs.request(VerifyPrivacyRequestDocument, { requestId: second.id, method: `soitto ${spellings(aino).phone[1]}` }), 'verify erasure 2');
    const erased = dataOf(await po.request(EraseCustomerDocument, { requestId: second.id }), 'erase').eraseCustomer!;
    expect(erased.status).toBe('ERASED');
    expect(erased.categories.some((c) => c.outcome === 'RETAINED' && /billing name and address/.test(c.category))).toBe(true);
    expect(erased.categories.some((c) => c.outcome === 'ANONYMISED' && /notes and reasons/.test(c.category))).toBe(true);
    // Each module answers for its own tables (issue 8 §6): the restriction and the objection, the released
    // hold, the messages she was sent, each as its own category with its count.
    const answered = (pattern: RegExp) => erased.categories.filter((c) => pattern.test(c.category)).map((c) => [c.outcome, c.count]);
    expect(answered(/^Restrictions of processing and objections$/)).toEqual([['ERASED', 2]]);
    expect(answered(/^Released legal holds$/)).toEqual([['ERASED', 1]]);
    expect(answered(/^Messages to you about your rights$/)).toEqual([['ERASED', expect.any(Number)]]);

    // The erasure receipt itself waits in the outbox for its address until it is sent (then the
    // address is cleared, retention UNTIL_SENT): the only row that may still hold it.
    const outbox = await api.db.query<{ kind: string }>('select kind from email_outbox where lower(to_address) = lower($1)', [aino.email]);
    expect(outbox.every((m) => m.kind === 'ERASURE_DONE')).toBe(true);
    const after = findPerson(await everyTextValue(api), aino);
    const outsideBookkeeping = Object.fromEntries(Object.entries(after).filter(([column]) => !BOOKKEEPING_COLUMNS.has(column) && column !== 'email_outbox.to_address'));
    expect(outsideBookkeeping).toEqual({});
    // What is kept is the bookkeeping the answer names, and nothing of it is contact data.
    expect(Object.keys(after).every((column) => column.startsWith('customer_order.billing_') || column === 'email_outbox.to_address')).toBe(true);

    // The bystander's note keeps what happened, without Aino; the bystander is untouched.
    const [otherNote] = await api.db.query<{ detail: string }>(`select detail::text from order_change where order_id = $1 and kind <> 'PLACED' order by changed_at desc limit 1`, [
      other.id,
    ]);
    expect(otherNote!.detail).toContain('[erased]');
    expect(otherNote!.detail).toContain('puolesta');
    expect(Object.keys(findPerson(await everyTextValue(api), bystander)).length).toBeGreaterThan(0);

    // Open requests of the erased customer are closed with a reason (Art 12(4)).
    const [closed] = await api.db.query<{ status: string; refusal_reason: string }>('select status, refusal_reason from privacy_request where id = $1', [pending.id]);
    expect(closed).toEqual({ status: 'REFUSED', refusal_reason: expect.stringContaining('erased') });
  });
});

describe('the scrubber on its own: the spellings people write', () => {
  const scrubber = buildScrubber({
    names: ['Äijälä Virtanen', 'Äijälä', 'Virtanen'],
    emails: ['aijala.v@example.fi'],
    phones: ['+358401234567'],
    addressLines: ['Isokatu 25 B 12'],
  });
  it.each([
    ['ÄIJÄLÄ VIRTANEN soitti', '[erased] soitti'],
    ['virtanen, äijälä', '[erased]'],
    ['Aijala Virtanen', '[erased]'],
    ['Aijala.V@Example.FI', '[erased]'],
    ['aijala.v (at) example.fi', '[erased]'],
    ['+358 40 123 4567', '[erased]'],
    ['040-123 4567', '[erased]'],
    ['00358401234567', '[erased]'],
    ['(040) 123 4567', '([erased]'],
    ['isokatu 25 b 12, Oulu', '[erased], Oulu'],
  ])('%s', (input, expected) => {
    expect(scrubber.scrub(input)).toBe(expected);
  });
  it('leaves longer words, other numbers and other people alone', () => {
    expect(scrubber.scrub('Virtaset ja Ainola, tilaus 4012345678901, Liisa Mäki')).toBe('Virtaset ja Ainola, tilaus 4012345678901, Liisa Mäki');
  });
});
