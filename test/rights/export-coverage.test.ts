import { CONTRIBUTIONS } from '../../src/app/modules';
import { DataMap } from '../../src/core/personal-data/map';
import type { DataExport } from '../../src/modules/data-export/data-export.service';
import {
  LiftRestrictionDocument,
  ObjectToProcessingDocument,
  PlaceLegalHoldDocument,
  ReleaseLegalHoldDocument,
  RestrictMyProcessingDocument,
  UpdateMyProfileDocument,
} from '../generated/graphql';
import type { TestApi } from '../support/api';
import { ainoWithHistory, dataOf, exportInStorefront, recordRequest, rekeyIfCardLookalike, staff, startRightsApi, type TestClock } from './rights-scenarios';

/*
 * Export from the map (§8.1, Art 15): every column of the subject that the
 * map marks INCLUDED is in the export under its key, every other one is left
 * out with the reason the map states; timestamps are ISO 8601, and the export
 * carries what Art 15(1) lists besides the data: the rights (§8), the
 * complaint authority (§8.12), that no automated decisions are made (§3.3).
 */

const map = new DataMap(CONTRIBUTIONS.dataMap);

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Every key path of a JSON value, arrays flattened: { a: [{ b: 1 }] } -> a, a.b. */
function paths(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) paths(item, prefix, into);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      paths(child, path, into);
    }
  }
  return into;
}

describe('§8.1 the export covers every mapped column of the subject', () => {
  let api: TestApi;
  let clock: TestClock;
  let exported: DataExport;
  beforeAll(async () => {
    ({ api, clock } = await startRightsApi());
    const aino = await ainoWithHistory(api, clock);
    const po = staff(api, 'PRIVACY_OFFICER');
    // One row in every table of hers, so every column has a key to find.
    const restriction = dataOf(await aino.client.request(RestrictMyProcessingDocument, { input: { fields: ['phone'], reason: 'Numero on vanha' } }), 'restrict')
      .restrictMyProcessing!;
    dataOf(await po.request(LiftRestrictionDocument, { restrictionId: restriction.id, reason: 'Numero tarkistettu' }), 'lift');
    dataOf(await aino.client.request(ObjectToProcessingDocument, { reason: 'Ei profilointia' }), 'object');
    dataOf(await aino.client.request(UpdateMyProfileDocument, { input: { lastName: 'Virtanen-Korhonen' } }), 'rectify');
    const hold = dataOf(await po.request(PlaceLegalHoldDocument, { customerId: aino.customerId, reason: 'Reklamaatio käsittelyssä' }), 'hold').placeLegalHold!;
    dataOf(await po.request(ReleaseLegalHoldDocument, { holdId: await rekeyIfCardLookalike(api, 'legal_hold', hold.id), reason: 'Ratkaistu' }), 'release');
    await recordRequest(api, aino.customerId, 'ACCESS');
    exported = (await exportInStorefront(api, aino)) as unknown as DataExport;
  }, 120_000);
  afterAll(() => api.close());

  it('every INCLUDED column of a customer table is in the export under its key (exportAs or the camelCase name)', () => {
    const found = paths(exported.sections.map((s) => s.records));
    const missing: string[] = [];
    for (const { table, column, entry } of map.entries()) {
      if (entry.subject !== 'CUSTOMER' || entry.export !== 'INCLUDED') continue;
      const key = entry.exportAs ?? camel(column);
      if (![...found].some((p) => p === key || p.endsWith(`.${key}`))) missing.push(`${table}.${column} as ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('every other column of a customer table states why it is not exported', () => {
    const silent = [...map.entries()].filter(({ entry }) => entry.subject === 'CUSTOMER' && entry.export !== 'INCLUDED' && entry.export.excluded.trim() === '');
    expect(silent).toEqual([]);
  });

  it('timestamps are ISO 8601 UTC', () => {
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/"\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(text).not.toMatch(/"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+\d{2}/);
    expect(text).toMatch(/"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"/);
  });

  it('Art 15(1): the rights (§8), the complaint authority (§8.12), no automated decisions (§3.3), no transfers outside the EEA (§7.6)', () => {
    expect(exported.rights.map((r) => r.code)).toEqual(expect.arrayContaining(['COMPLAINT']));
    expect(exported.rights.length).toBeGreaterThanOrEqual(8);
    expect(exported.complaintAuthority).toMatch(/Data Protection Ombudsman|tietosuojavaltuutettu/);
    expect(exported.automatedDecisionMaking).toMatch(/§3\.3/);
    expect(exported.transfersOutsideEea).toMatch(/§7\.6/);
    expect(exported.howToExercise).toMatch(/writing/);
  });
});
