/*
 * The personal-data map (§3, §4, §5, §8): for every table and every column,
 * whose data it is, what kind, why it is processed and on what basis, how
 * long it is kept and what export, erasure and restriction do with it. Each
 * module declares its own tables (src/modules/<domain>/<domain>.data-map.ts);
 * the composition layer gathers them; the engines here know no domain.
 *
 * A test reads information_schema after the migrations and fails for any
 * table or column the map does not classify, so a new column cannot slip past
 * the rights.
 */

/** Whose data a column is. GUEST: a person who ordered without an account, identified by the order's e-mail. */
export type SubjectKind = 'CUSTOMER' | 'GUEST' | 'STAFF' | 'PARTNER' | 'NONE';

export const DATA_CATEGORIES = [
  'IDENTITY',
  'CONTACT',
  'ADDRESS',
  'ORDER_CONTENT',
  'BOOKKEEPING',
  'LOYALTY',
  'CONSENT_PROOF',
  'MARKETING_CHOICES',
  'REQUEST_RECORD',
  'CREDENTIALS',
  'FREE_TEXT',
  'ACCOUNTABILITY',
  'TECHNICAL',
] as const;

/** What kind of data a column holds; the Art 30 record and the notice's §4 list are grouped by it. */
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** The customer profile fields a restriction (§8.11) can name; a copy of one is restricted with it. */
export type RestrictableField = 'firstName' | 'lastName' | 'email' | 'phone' | 'addresses';

/** §3.2's purposes, plus the ones the law itself gives (keeping books, answering rights, security). */
export type Purpose =
  | 'CUSTOMER_RELATIONSHIP'
  | 'ORDERS'
  | 'CUSTOMER_SERVICE'
  | 'MARKETING'
  | 'ANALYTICS'
  | 'LOYALTY_PROGRAMME'
  | 'BOOKKEEPING'
  | 'DATA_SUBJECT_RIGHTS'
  | 'SECURITY'
  | 'ACCOUNTABILITY';

/** GDPR Art 6(1) bases as the statement uses them (§3.1, §5.1). */
export type LegalBasis = 'CONSENT' | 'CONTRACT' | 'LEGAL_OBLIGATION' | 'LEGITIMATE_INTEREST';

/**
 * The retention rules, by code. The periods themselves come from one place,
 * RetentionPeriods (configuration), shared by the code that enforces them and
 * by the notice that promises them.
 */
export type RetentionRule =
  /** §4.2: kept while the account is used; erased after `inactiveMonths` without use. */
  | 'ACCOUNT_INACTIVITY'
  /** §4.3: while the membership is valid, plus `loyaltyGraceDays`. */
  | 'LOYALTY_MEMBERSHIP'
  /** §8.9: bookkeeping material, end of the financial year + `bookkeepingYears`. */
  | 'BOOKKEEPING'
  /** §4.2 for guests: an order's contact data, `guestContactMonths` after the order is closed. */
  | 'GUEST_CONTACT'
  /** Art 7(1): proof of consent and of its withdrawal, for as long as a claim can be made. */
  | 'CONSENT_PROOF'
  /** Art 5(2): records of requests and of who read what, `accountabilityYears`. */
  | 'ACCOUNTABILITY'
  /** Sessions and tokens: until they expire; throttling rows a day. */
  | 'SESSION'
  /** A message's address and contents: until it is sent (or given up), then cleared (issue 11 outbox). */
  | 'UNTIL_SENT'
  /** Staff and partner data: while the person or contract is active. */
  | 'STAFF_OR_PARTNER'
  /** Holds nothing about a person. */
  | 'NOT_PERSONAL';

/** What erasure (§8.7) does to a column of the subject. */
export type ErasureTreatment =
  /** The row goes (the column with it). */
  | 'DELETE'
  /** Set to null or a placeholder; the row stays. */
  | 'ANONYMISE'
  /** Free text: the subject's identifiers are cut out, the rest stays. */
  | 'SCRUB'
  /** Kept until its retention date because a law requires it (§8.9); the answer names it. */
  | 'KEEP_BOOKKEEPING'
  /** Kept as proof (Art 7(1), Art 5(2)), keyed so it identifies nobody by itself. */
  | 'KEEP_PROOF'
  /** A key, a timestamp or a code that says nothing about the person once the rest is gone. */
  | 'KEEP';

/** In the access export (§8.1), or left out for the reason given. */
export type ExportTreatment = 'INCLUDED' | { excluded: string };

/** While the subject's processing is restricted (§8.11): withheld from reads, or not. */
export type RestrictionTreatment = 'RESTRICTED' | 'NOT_RESTRICTED';

export interface ColumnMapEntry {
  subject: SubjectKind;
  category: DataCategory;
  /**
   * Which customer profile fields this column copies, by restriction field
   * name: customer_order.billing_name -> ['firstName', 'lastName'],
   * billing_email -> ['email'], delivery_line1 -> ['addresses']. The profile
   * columns themselves name their own field (customer.email -> ['email']).
   */
  copyOf?: readonly RestrictableField[];
  restriction: RestrictionTreatment;
  purposes: readonly Purpose[];
  legalBasis: LegalBasis;
  retention: RetentionRule;
  export: ExportTreatment;
  erasure: ErasureTreatment;
  /**
   * The column holds one of the subject's identifiers: on erasure its value is
   * looked for, in the spellings people write, in every free-text column.
   */
  identifier?: 'NAME' | 'EMAIL' | 'PHONE' | 'ADDRESS_LINE';
  /** The key the export gives the column, as a dotted path (default: the column name in camelCase). */
  exportAs?: string;
  /**
   * On a guest order (no account), the same column belongs to the guest,
   * identified by the order's e-mail (§4.2 clock for guests).
   */
  guest?: boolean;
  /**
   * The data category of the privacy notice's §4.1 list this column falls
   * under (NAME, ADDRESS, PHONE, EMAIL, ORDERED_PRODUCTS, ...): the notice's
   * list and the map are checked against each other.
   */
  noticeCategory?: string;
  /** Words for the export and the Art 30 record, when the column name is not enough. */
  note?: string;
}

export interface TableMap {
  table: string;
  /** The module that owns the table: the only one whose files query it. */
  owner: string;
  /** The column that says whose row it is (customer_id, or the e-mail for guest rows). */
  subjectColumn?: string;
  /** Every column of the table, as information_schema lists it. */
  columns: Record<string, ColumnMapEntry>;
}

/** Defaults for a table's columns; each column overrides what differs. */
export type ColumnDefaults = Omit<ColumnMapEntry, 'category'> & { category?: DataCategory };
export type ColumnOverrides = Partial<ColumnMapEntry>;

/**
 * Declare a table: every column starts from the table's defaults and says what
 * differs. Columns are listed explicitly, never implied, so the
 * information_schema test can tell a forgotten column from a mapped one.
 */
export function defineTable(table: string, owner: string, defaults: ColumnDefaults, columns: Record<string, ColumnOverrides>, options: { subjectColumn?: string } = {}): TableMap {
  const mapped: Record<string, ColumnMapEntry> = {};
  for (const [column, overrides] of Object.entries(columns)) {
    const entry = { ...defaults, ...overrides } as ColumnMapEntry;
    if (!entry.category) throw new Error(`${table}.${column}: no category in the map`);
    mapped[column] = entry;
  }
  return { table, owner, subjectColumn: options.subjectColumn, columns: mapped };
}

/** A key or timestamp: says nothing once the person's data is gone. */
export const KEY: ColumnOverrides = { category: 'TECHNICAL', erasure: 'KEEP', restriction: 'NOT_RESTRICTED' };

/** Column -> the profile fields it copies, for the read path's restriction checks (issue 9). */
export function columnsCopying(table: TableMap): Record<string, readonly RestrictableField[]> {
  const copies: Record<string, readonly RestrictableField[]> = {};
  for (const [column, entry] of Object.entries(table.columns)) if (entry.copyOf && entry.copyOf.length > 0) copies[column] = entry.copyOf;
  return copies;
}

/** Columns withheld while the subject's processing is restricted (§8.11). */
export function restrictedColumns(table: TableMap): string[] {
  return Object.entries(table.columns)
    .filter(([, entry]) => entry.restriction === 'RESTRICTED')
    .map(([column]) => column);
}

/** One place to look up the gathered map. */
export class DataMap {
  private readonly byTable: Map<string, TableMap>;

  constructor(readonly tables: readonly TableMap[]) {
    this.byTable = new Map();
    for (const table of tables) {
      if (this.byTable.has(table.table)) throw new Error(`Table ${table.table} is mapped by ${this.byTable.get(table.table)!.owner} and ${table.owner}: every table has one owner`);
      this.byTable.set(table.table, table);
    }
  }

  table(name: string): TableMap | undefined {
    return this.byTable.get(name);
  }

  column(table: string, column: string): ColumnMapEntry | undefined {
    return this.byTable.get(table)?.columns[column];
  }

  /** Every (table, column, entry), in declaration order. */
  *entries(): Generator<{ table: string; owner: string; column: string; entry: ColumnMapEntry }> {
    for (const table of this.tables) for (const [column, entry] of Object.entries(table.columns)) yield { table: table.table, owner: table.owner, column, entry };
  }
}

/**
 * The live schema against the map: tables and columns the map does not
 * classify, and mapped ones that no longer exist. Empty lists mean the map
 * covers the database exactly.
 */
export function compareWithSchema(
  map: DataMap,
  live: readonly { table: string; column: string }[],
  ignoredTables: readonly string[] = ['mikro_orm_migrations'],
): { unmappedTables: string[]; unmappedColumns: string[]; staleColumns: string[] } {
  const ignored = new Set(ignoredTables);
  const liveTables = new Set<string>();
  const liveColumns = new Set<string>();
  const unmappedTables = new Set<string>();
  const unmappedColumns: string[] = [];
  for (const { table, column } of live) {
    if (ignored.has(table)) continue;
    liveTables.add(table);
    liveColumns.add(`${table}.${column}`);
    const mapped = map.table(table);
    if (!mapped) unmappedTables.add(table);
    else if (!mapped.columns[column]) unmappedColumns.push(`${table}.${column}`);
  }
  const staleColumns: string[] = [];
  for (const { table, column } of map.entries()) if (liveTables.has(table) && !liveColumns.has(`${table}.${column}`)) staleColumns.push(`${table}.${column}`);
  for (const table of map.tables) if (!liveTables.has(table.table)) staleColumns.push(`${table.table}.*`);
  return { unmappedTables: [...unmappedTables].sort(), unmappedColumns: unmappedColumns.sort(), staleColumns: staleColumns.sort() };
}

/** Every column of every base table in the public schema, as the map check reads it. */
export const LIVE_COLUMNS_SQL = `
  select c.table_name as "table", c.column_name as "column", c.data_type as "dataType"
  from information_schema.columns c
  join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
  where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
  order by c.table_name, c.ordinal_position`;
