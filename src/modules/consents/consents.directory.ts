import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../core/db/sql';

/*
 * What other modules may ask the consents module (CONVENTIONS "Ownership"):
 * the consent_event table is read here, not in the asking module.
 */

/** Whether the customer's e-mail marketing permission is in force: the latest EMAIL_MARKETING event grants it (§4.4). */
export async function emailMarketingGranted(em: EntityManager, customerId: string): Promise<boolean> {
  const [latest] = await execute<{ granted: boolean }>(
    em,
    `select granted from consent_event where customer_id = ?::uuid and purpose = 'EMAIL_MARKETING' order by occurred_at desc, id desc limit 1`,
    [customerId],
  );
  return latest?.granted === true;
}
