import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, coreErrors, notFound } from '../../core/graphql/errors';

/*
 * Writes to one person are serialised on their customer row (issue 10):
 * every transaction that changes a customer's data — rectification,
 * erasure, an order, a restriction, a consent — takes `SELECT … FOR UPDATE`
 * on the customer row before its first write. Concurrent writers then queue
 * instead of interleaving (50 parallel address replacements leave exactly
 * the last one), and a write racing an erasure either lands before it or
 * finds the customer gone (NOT_FOUND) instead of failing on a foreign key.
 */

/** Lock the customer row inside the caller's transaction; false when there is no such customer (any more). */
export async function lockCustomerRow(em: EntityManager, customerId: string): Promise<boolean> {
  const rows = await em.getConnection().execute<{ id: string }[]>('select id from customer where id = ?::uuid for update', [customerId], 'all', em.getTransactionContext());
  return rows.length > 0;
}

/**
 * Flush the unit of work in a transaction that first locks the customer row.
 * `afterLock` runs under the lock, before the flush (e.g. to stamp activity).
 */
export async function flushUnderCustomerLock(
  em: EntityManager,
  customerId: string,
  options: { field?: string; afterLock?: (em: EntityManager) => Promise<void> } = {},
): Promise<void> {
  await em.begin();
  try {
    if (!(await lockCustomerRow(em, customerId))) throw notFound(options.field ?? 'customerId', 'Customer');
    await options.afterLock?.(em);
    await em.commit();
  } catch (error) {
    await em.rollback();
    throw error;
  }
}

/**
 * For a visibility check whose NOT_FOUND should name the caller's field: a
 * missing or hidden customer becomes NOT_FOUND at `field`; every other error
 * (a database fault above all) goes on as itself, never as "not found".
 */
export function notFoundAt(field: string, what: string) {
  return (error: unknown): never => {
    if (error instanceof AppError && error.code === coreErrors.enum.NOT_FOUND) throw notFound(field, what);
    throw error;
  };
}

/** The customer an erasure is about, locked inside the erasure transaction: the address and language the receipt goes to. */
export async function lockCustomerForErasure(em: EntityManager, customerId: string): Promise<{ customerId: string; email: string | null; language: 'FI' | 'EN' } | null> {
  const rows = await em
    .getConnection()
    .execute<{ customerId: string; email: string | null; language: 'FI' | 'EN' }[]>(
      'select id as "customerId", email, language from customer where id = ?::uuid for update',
      [customerId],
      'all',
      em.getTransactionContext(),
    );
  return rows[0] ?? null;
}

/** The customer's e-mail address, or undefined when there is no such customer. */
export async function customerEmail(em: EntityManager, customerId: string): Promise<{ email: string | null } | undefined> {
  const rows = await em.getConnection().execute<{ email: string | null }[]>('select email from customer where id = ?::uuid', [customerId], 'all', em.getTransactionContext());
  return rows[0];
}

/** The §4.2 two-year clock starts again: the customer was active at `at` (an order), inside the caller's transaction. */
export async function recordCustomerActivity(em: EntityManager, customerId: string, at: Date): Promise<void> {
  await em.getConnection().execute('update customer set last_activity_at = ? where id = ?::uuid', [at, customerId], 'run', em.getTransactionContext());
}

/** Where to write to these customers: address and language of each one still active (the outbox resolves queued mail by customer). */
export async function activeCustomerContacts(em: EntityManager, customerIds: readonly string[]): Promise<{ id: string; email: string | null; language: 'FI' | 'EN' }[]> {
  if (customerIds.length === 0) return [];
  return em
    .getConnection()
    .execute<{ id: string; email: string | null; language: 'FI' | 'EN' }[]>(
      `select id, email, language from customer where id = any(?::uuid[]) and status = 'ACTIVE'`,
      [`{${[...new Set(customerIds)].join(',')}}`],
      'all',
      em.getTransactionContext(),
    );
}
