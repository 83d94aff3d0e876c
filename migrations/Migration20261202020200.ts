import { Migration } from '@mikro-orm/migrations';
import { loadConfig } from '../src/config/config';
import { isSealedWebhookSecret, sealWebhookSecret } from '../src/modules/webhooks/webhook-secret';

/**
 * Partners' webhook signing secrets were stored in clear (issue 11): seal
 * every existing one with AES-256-GCM under WEBHOOK_SECRET_KEY (the same key
 * the API and the worker open them with, read from the same configuration;
 * in production the variable is required, so a migration without it fails
 * here rather than sealing under a key nobody has). Rows already sealed are
 * left alone, so running it twice changes nothing. The column keeps its name
 * and type; only its content changes form.
 */
export class Migration20261202020200 extends Migration {

  override async up(): Promise<void> {
    const rows = (await this.execute(`select partner_id::text as partner_id, secret from partner_webhook`)) as { partner_id: string; secret: string }[];
    const clear = rows.filter((row) => !isSealedWebhookSecret(row.secret));
    if (clear.length === 0) return;
    const key = loadConfig(process.env).webhookSecretKey;
    for (const row of clear) {
      await this.execute(this.getKnex().raw('update partner_webhook set secret = ? where partner_id = ?::uuid', [sealWebhookSecret(key, row.secret, row.partner_id), row.partner_id]));
    }
  }

  override async down(): Promise<void> {
    // Sealed secrets stay sealed: writing them back in clear is not a step to automate.
  }

}
