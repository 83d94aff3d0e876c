import { DEFAULT_REQUEST_LIMITS, deriveWebhookSecretKey, type RuntimeSettings } from '../../src/config/config';
import type { EmbeddedPostgresHandle } from '../../src/core/db/embedded-postgres';

/** Environment variables through which global setup hands the database to the suites. */
export const TEST_ENV = {
  serverUrl: 'REKISTERI_TEST_SERVER_URL',
  template: 'REKISTERI_TEST_TEMPLATE',
  run: 'REKISTERI_TEST_RUN',
} as const;

export type TestGlobals = typeof globalThis & { __rekisteriEmbedded?: EmbeddedPostgresHandle };

/** Runtime settings of the servers the suites start. */
export const TEST_SETTINGS: RuntimeSettings = {
  secret: 'test-secret-test-secret-test-secret-0123',
  webhookSecretKey: deriveWebhookSecretKey('test-secret-test-secret-test-secret-0123'),
  customerSessionHours: 24,
  staffSessionHours: 8,
  publicUrl: 'http://rekisteri.test',
  bookkeepingRetentionYears: 10,
  financialYearEndMonth: 12,
  // Every suite's clients are 127.0.0.1: the per-address throttles are tested on their own (test/hardening).
  limits: { ...DEFAULT_REQUEST_LIMITS, anonymousRequestsPerMinute: 1_000_000, signUpsPerAddressPerHour: 1_000_000 },
};
