import type { RuntimeSettings } from '../../config/config';

/**
 * Accounting Act (kirjanpitolaki) ch. 2 §10: bookkeeping material is kept for
 * a number of years counted from the END of the financial year it belongs to.
 * The statement promises 10 years (§8.9); vouchers may be configured to 6.
 */
export const BOOKKEEPING_LEGAL_BASIS = 'Accounting Act (kirjanpitolaki) ch. 2 §10: bookkeeping material is kept (§8.9)';

/** The controller's books are kept in Finnish time: an order at 00:30 on New Year's Day belongs to the new year. */
export const BOOKKEEPING_TIME_ZONE = 'Europe/Helsinki';

const LOCAL_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: BOOKKEEPING_TIME_ZONE, year: 'numeric', month: '2-digit' });

/** Last day of the financial year that contains `date` (Finnish time), as YYYY-MM-DD. */
export function financialYearEnd(date: Date, endMonth: number): { year: number; iso: string } {
  const parts = Object.fromEntries(LOCAL_DATE.formatToParts(date).map((p) => [p.type, p.value]));
  const localYear = Number(parts.year);
  const month = Number(parts.month);
  const year = month <= endMonth ? localYear : localYear + 1;
  return { year, iso: lastDayOf(year, endMonth) };
}

function lastDayOf(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date until which an order placed at `placedAt` is kept as bookkeeping material. */
export function orderRetainUntil(placedAt: Date, settings: Pick<RuntimeSettings, 'bookkeepingRetentionYears' | 'financialYearEndMonth'>): string {
  const { year } = financialYearEnd(placedAt, settings.financialYearEndMonth);
  return lastDayOf(year + settings.bookkeepingRetentionYears, settings.financialYearEndMonth);
}

/**
 * orderRetainUntil as SQL over a timestamptz column, for set-based erasure
 * (the same rule, in the same time zone).
 * Both numbers come from validated configuration (integers), so they are
 * written into the statement.
 */
export function retainUntilSql(column: string, settings: Pick<RuntimeSettings, 'bookkeepingRetentionYears' | 'financialYearEndMonth'>): string {
  const endMonth = Math.trunc(settings.financialYearEndMonth);
  const years = Math.trunc(settings.bookkeepingRetentionYears);
  const local = `(${column} at time zone '${BOOKKEEPING_TIME_ZONE}')`;
  return `(make_date(extract(year from ${local})::int + (case when extract(month from ${local}) > ${endMonth} then 1 else 0 end) + ${years}, ${endMonth}, 1)
    + interval '1 month' - interval '1 day')::date`;
}
