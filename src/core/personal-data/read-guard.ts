import type { Principal } from '../auth/principal';
import { refusalError } from '../auth/rules';
import { coreErrors } from '../graphql/errors';
import type { RestrictableField, TableMap } from './map';

/*
 * The read path's data-layer guard (§8.11 restriction, §9.2 read audit).
 * Loaders select, with each row of personal data, the restriction in force on
 * its subject; when the row is handed to GraphQL it passes here once:
 *
 *  - every column that copies a restricted profile field (the map's copyOf:
 *    customer.email, customer_order.billing_email, delivery_phone, …) is
 *    replaced by a RESTRICTED error, which GraphQL answers as null with that
 *    code at the field's path, unless the principal is one of the exceptions
 *    the restrictions policy names;
 *  - a view may refuse more for this principal and row (marketing reaches only
 *    the contact field of a consented channel);
 *  - for staff and partners, the row's selected coordinates are noted for the
 *    request's one audit INSERT, except those withheld.
 *
 * No domain knowledge here: each module describes its views (which property
 * copies which profile field, whose row it is) in a <domain>.read-views.ts.
 */

export type { RestrictableField };

/** What a GraphQL field of a view copies: profile fields, or 'WHOLE' for data withheld only under a whole restriction. */
export type CopyOf = readonly RestrictableField[] | 'WHOLE';

export interface PersonalDataView<Row = Record<string, unknown>> {
  /** The GraphQL object type whose rows this describes. */
  typeName: string;
  /** Whose row it is: the customer the audit notes the read for. */
  customerIdOf(row: Row): string | null | undefined;
  /** The restriction in force on the subject, as the loader selected it: null none, ['*'] all processing, else field names. */
  restrictedOf(row: Row): readonly string[] | null | undefined;
  /** GraphQL field → the profile fields its value copies. */
  copies: Readonly<Record<string, CopyOf>>;
  /** Nested objects (Order.billing → OrderParty): field → (sub-field → copied profile fields). */
  nested?: Readonly<Record<string, Readonly<Record<string, CopyOf>>>>;
  /** Fields this principal may not have from this row beyond restriction (answered FORBIDDEN), or null. */
  refuse?(row: Row, principal: Principal): readonly string[] | null;
}

/** A view with its derived lookups. */
export interface CompiledView {
  typeName: string;
  source: PersonalDataView;
  maskedFields: ReadonlySet<string>;
  copyEntries: readonly [string, CopyOf][];
  nestedEntries: readonly (readonly [string, readonly [string, CopyOf][]])[];
}

export type PersonalDataViews = Readonly<Record<string, CompiledView>>;

/**
 * The copies of a view's fields, read from the personal-data map: each GraphQL
 * field names the column it reads; a column the map marks RESTRICTED answers
 * RESTRICTED when the subject's restriction covers a profile field it copies
 * (copyOf), or under a restriction of all processing. A field whose column the
 * map does not know fails at start-up.
 */
export function copiesFromMap(table: TableMap, fields: Readonly<Record<string, string>>): Record<string, CopyOf> {
  const copies: Record<string, CopyOf> = {};
  for (const [field, column] of Object.entries(fields)) {
    const entry = table.columns[column];
    if (!entry) throw new Error(`${table.table}.${column} (read as ${field}) is not in the personal-data map`);
    if (entry.restriction !== 'RESTRICTED') continue;
    copies[field] = entry.copyOf && entry.copyOf.length > 0 ? entry.copyOf : 'WHOLE';
  }
  return copies;
}

export function compileViews(views: readonly PersonalDataView<never>[]): PersonalDataViews {
  const compiled: Record<string, CompiledView> = {};
  for (const view of views as unknown as PersonalDataView[]) {
    if (compiled[view.typeName]) throw new Error(`Two read views describe ${view.typeName}`);
    const nestedEntries = Object.entries(view.nested ?? {}).map(([field, sub]) => [field, Object.entries(sub)] as const);
    compiled[view.typeName] = {
      typeName: view.typeName,
      source: view,
      maskedFields: new Set([...Object.keys(view.copies), ...nestedEntries.map(([field]) => field)]),
      copyEntries: Object.entries(view.copies),
      nestedEntries,
    };
  }
  return compiled;
}

/** Per request: who reads, whether restriction applies to them, and where reads are noted. */
export interface ReadGuard {
  principal: Principal;
  /** False for the exceptions of the restrictions policy (the customer, the privacy officer, Rekisteri itself). */
  restrictionApplies: boolean;
  /** Staff and partner reads are audited (§9.2). */
  audited: boolean;
}

/** A field the document selects on a view's type, and its coordinate (refused ones are left out by the plan). */
export interface SelectedField {
  field: string;
  coordinate: string;
}

/** The collector the audit module hands in (one INSERT per request). */
export interface ReadRecorder {
  recordRead(customerId: string | null | undefined, coordinate: string): void;
}

const restrictedError = () => coreErrors.error('RESTRICTED');
const channelError = () => coreErrors.error('FORBIDDEN', { message: 'The customer has not permitted marketing through this channel (§3.2, §8.10)' });

function hits(copyOf: CopyOf, restricted: readonly string[], whole: boolean): boolean {
  if (whole) return true;
  if (copyOf === 'WHOLE') return false;
  for (const field of copyOf) if (restricted.includes(field)) return true;
  return false;
}

function mask(row: Record<string, unknown>, view: CompiledView, restricted: readonly string[]): Record<string, unknown> {
  const whole = restricted.includes('*');
  let copy: Record<string, unknown> | null = null;
  for (const [field, copyOf] of view.copyEntries) {
    if (!hits(copyOf, restricted, whole)) continue;
    copy ??= { ...row };
    copy[field] = restrictedError();
  }
  for (const [field, subFields] of view.nestedEntries) {
    const nested = row[field];
    if (nested === null || typeof nested !== 'object') continue;
    let subCopy: Record<string, unknown> | null = null;
    for (const [subField, copyOf] of subFields) {
      if (!hits(copyOf, restricted, whole)) continue;
      subCopy ??= { ...(nested as Record<string, unknown>) };
      subCopy[subField] = restrictedError();
    }
    if (subCopy) {
      copy ??= { ...row };
      copy[field] = subCopy;
    }
  }
  return copy ?? row;
}

/**
 * A permission that depends on the row (a customer's own data, core/auth/access.ts), checked once
 * per row for the fields it governs instead of once per field: a refused field's value becomes the
 * refusal, which GraphQL answers as null with that error at the field's path (guard.ts).
 */
export interface RowCheck {
  check(row: unknown, principal: Principal): boolean;
  /** The row's properties this check governs (the document's fields on the row's type). */
  fields: readonly string[];
}

/** A copy of the row that keeps its prototype: a row of a type without a view may be a class instance whose getters read it. */
function copyOf(row: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(Object.getPrototypeOf(row) as object | null) as Record<string, unknown>, row);
}

/**
 * One row, once: restriction and the view's own refusals (when its type has a view), the row's
 * permission checks, then the audit of what is handed out. A refusal by permission wins over
 * RESTRICTED, as when the field's own guard refused it before its value was read.
 */
export function deliverRow(
  row: Record<string, unknown>,
  view: CompiledView | undefined,
  guard: ReadGuard,
  recorder: ReadRecorder,
  selection: readonly SelectedField[],
  checks: readonly RowCheck[] = [],
): Record<string, unknown> {
  let out = row;
  if (view && guard.restrictionApplies) {
    const restricted = view.source.restrictedOf(row);
    if (restricted && restricted.length > 0) out = mask(row, view, restricted);
  }
  if (view?.source.refuse) {
    const refused = view.source.refuse(row, guard.principal);
    if (refused) {
      for (const field of refused) {
        if (out[field] instanceof Error) continue; // RESTRICTED says more than FORBIDDEN
        if (out === row) out = { ...row };
        out[field] = channelError();
      }
    }
  }
  for (const { check, fields } of checks) {
    // On the row as loaded: another check's refusal never changes what this one sees.
    if (check(row, guard.principal)) continue;
    if (out === row) out = copyOf(row);
    // Defined, not assigned: a value set over a getter shadows it rather than failing.
    for (const field of fields) Object.defineProperty(out, field, { value: refusalError(guard.principal), enumerable: true, writable: true, configurable: true });
  }
  if (view && guard.audited) {
    const customerId = view.source.customerIdOf(row);
    if (typeof customerId === 'string') {
      for (const { field, coordinate } of selection) if (!(out[field] instanceof Error)) recorder.recordRead(customerId, coordinate);
    }
  }
  return out;
}

/** A resolver's value (a row, a list of rows, null, an error or a promise of one) through deliverRow. */
export function deliverRows(
  value: unknown,
  view: CompiledView | undefined,
  guard: ReadGuard,
  recorder: ReadRecorder,
  selection: readonly SelectedField[],
  checks: readonly RowCheck[] = [],
): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Error) return value;
  if (value instanceof Promise) return value.then((resolved: unknown) => deliverRows(resolved, view, guard, recorder, selection, checks));
  if (Array.isArray(value)) {
    let out: unknown[] = value;
    for (let i = 0; i < value.length; i++) {
      const row = value[i] as unknown;
      if (row === null || typeof row !== 'object' || row instanceof Error) continue;
      // A list of lists: each inner list's rows the same way.
      const delivered = Array.isArray(row)
        ? deliverRows(row, view, guard, recorder, selection, checks)
        : deliverRow(row as Record<string, unknown>, view, guard, recorder, selection, checks);
      if (delivered !== row) {
        if (out === value) out = value.slice();
        out[i] = delivered;
      }
    }
    return out;
  }
  return deliverRow(value as Record<string, unknown>, view, guard, recorder, selection, checks);
}
