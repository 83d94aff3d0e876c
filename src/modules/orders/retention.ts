import type { RuntimeSettings } from '../../config/config';

/**
 * Accounting Act (kirjanpitolaki) ch. 2 §10: bookkeeping material is kept for
 * a number of years counted from the END of the financial year it belongs to.
 * The statement promises 10 years (§8.9); vouchers may be configured to 6.
 */
export const BOOKKEEPING_LEGAL_BASIS = 'Accounting Act (kirjanpitolaki) ch. 2 §10: bookkeeping material is kept (§8.9)';

/** Last day of the financial year that contains `date` (UTC), as YYYY-MM-DD. */
export function financialYearEnd(date: Date, endMonth: number): { year: number; iso: string } {
  const month = date.getUTCMonth() + 1;
  const year = month <= endMonth ? date.getUTCFullYear() : date.getUTCFullYear() + 1;
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
 * orderRetainUntil as SQL over a timestamptz column, for set-based erasure.
 * Both numbers come from validated configuration (integers), so they are
 * written into the statement.
 */
export function retainUntilSql(column: string, settings: Pick<RuntimeSettings, 'bookkeepingRetentionYears' | 'financialYearEndMonth'>): string {
  const endMonth = Math.trunc(settings.financialYearEndMonth);
  const years = Math.trunc(settings.bookkeepingRetentionYears);
  const utc = `(${column} at time zone 'UTC')`;
  return `(make_date(extract(year from ${utc})::int + (case when extract(month from ${utc}) > ${endMonth} then 1 else 0 end) + ${years}, ${endMonth}, 1)
    + interval '1 month' - interval '1 day')::date`;
}
