import { createHmac } from 'node:crypto';

/**
 * The only module that reads process.env. Everything is validated once at
 * start-up; a bad value stops the process with a message naming the variable.
 */

export type NodeEnv = 'development' | 'production' | 'test';

/**
 * What one request may cost, and how often strangers may ask (issue 10).
 * Defaults are near graphql-armor's own and sized so the real operations of
 * the storefront, the admin panel and the partners (test/operations) pass.
 */
export interface RequestLimits {
  /** Tokens in one GraphQL document (GRAPHQL_MAX_TOKENS); parsing stops past it. */
  maxTokens: number;
  /** Selection depth (GRAPHQL_MAX_DEPTH). */
  maxDepth: number;
  /** Aliases per operation (GRAPHQL_MAX_ALIASES). */
  maxAliases: number;
  /** Directives per operation (GRAPHQL_MAX_DIRECTIVES). */
  maxDirectives: number;
  /** List-aware cost budget per kind of caller (GRAPHQL_COST_<KIND>); anonymous is the smallest. */
  costBudgets: { ANONYMOUS: number; CUSTOMER: number; PARTNER: number; STAFF: number; SYSTEM: number };
  /** Size assumed for a list without `first` when costing (GRAPHQL_ASSUMED_LIST_SIZE). */
  assumedListSize: number;
  /** Extra cost of each root mutation field (GRAPHQL_MUTATION_COST). */
  mutationCost: number;
  /** Requests without credentials per client address per minute (ANONYMOUS_REQUESTS_PER_MINUTE). */
  anonymousRequestsPerMinute: number;
  /** Sign-ups per client address per hour (SIGNUPS_PER_ADDRESS_PER_HOUR). */
  signUpsPerAddressPerHour: number;
  /** Largest request body in bytes (GRAPHQL_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** GraphQL operations executed at once; the rest wait their turn in arrival order (GRAPHQL_MAX_CONCURRENT). */
  maxConcurrentOperations: number;
  /** Operations that may wait for a turn; beyond that 503 with Retry-After (GRAPHQL_MAX_QUEUED). */
  maxQueuedOperations: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxTokens: 1000,
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 50,
  costBudgets: { ANONYMOUS: 200, CUSTOMER: 1_000, PARTNER: 30_000, STAFF: 60_000, SYSTEM: 60_000 },
  assumedListSize: 5,
  mutationCost: 100,
  anonymousRequestsPerMinute: 600,
  signUpsPerAddressPerHour: 30,
  maxBodyBytes: 100_000,
  maxConcurrentOperations: 8,
  maxQueuedOperations: 1_000,
};

export interface AppConfig {
  nodeEnv: NodeEnv;
  /** HTTP port of the API. */
  port: number;
  /** Connection string; null means "start the embedded PostgreSQL". */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its files (git-ignored). */
  embeddedDataDir: string;
  /** Load the demo data set into an empty database (and, later, demo accounts). */
  demoMode: boolean;
  logLevel: string;
  /** Apollo introspection; always off in production. */
  introspection: boolean;
  /** Keys the HMACs Rekisteri signs (unsubscribe links, throttling keys). Required in production. */
  secret: string;
  /**
   * WEBHOOK_SECRET_KEY: 32 bytes (64 hex digits or base64) that seal partners' webhook signing
   * secrets at rest with AES-256-GCM. Required in production; elsewhere derived from the secret.
   */
  webhookSecretKey: Buffer;
  /** How long a storefront session lasts. */
  customerSessionHours: number;
  /** How long an admin-panel session lasts. */
  staffSessionHours: number;
  /** Public base URL, for links Rekisteri hands out (one-click unsubscribe). */
  publicUrl: string;
  /**
   * Accounting Act ch. 2 §10: years bookkeeping material is kept after the end
   * of the financial year. The statement promises 10 (§8.9); vouchers may be
   * configured down to the Act's 6.
   */
  bookkeepingRetentionYears: number;
  /** Last month (1–12) of the financial year; the retention period counts from its end. */
  financialYearEndMonth: number;
  /** Run the retention worker inside `npm start` (default) — `npm run worker` runs it alone. */
  runWorker: boolean;
  /** Cron overrides per retention rule, from RETENTION_CRON_<RULE>. */
  retentionSchedules: Record<string, string>;
  /** Log every SQL statement with its time (profiling; the statements carry no values). */
  sqlDebug: boolean;
  /** Browser origins allowed to call the API cross-origin (CORS_ORIGINS); empty: none. */
  corsOrigins: string[];
  /** Which proxies' X-Forwarded-For to believe for the client address (TRUST_PROXY); false: none. */
  trustProxy: TrustProxy;
  /** The first admin's password for `cli create-admin` (REKISTERI_ADMIN_PASSWORD); null when unset. */
  adminPassword: string | null;
  /** Bearer token GET /metrics asks for (METRICS_TOKEN); null: /metrics is open (keep it off the public proxy). */
  metricsToken: string | null;
  /** Operation limits and throttles (see RequestLimits). */
  limits: RequestLimits;
  /**
   * How the API logs in to the database (issue 10): DATABASE_APP_URL when set
   * (a login the operator created), else the login rekisteri_api, which start-up
   * creates with the owner's DATABASE_URL and this password (derived from
   * REKISTERI_SECRET, so every instance agrees; a fixed one outside production).
   */
  databaseAppUrl: string | null;
  databaseAppPassword: string;
  /** Mail delivery (issue 11): SMTP when SMTP_URL is set, else RFC 5322 files in mailDir. */
  mail: MailConfig;
}

export interface MailConfig {
  /** smtp:// or smtps:// URL (credentials in it); null → write .eml files to `dir`. */
  smtpUrl: string | null;
  /** Where the embedded default writes messages. */
  dir: string;
  /** The From header. */
  from: string;
  /** Attempts before an e-mail is given up (DEAD). */
  maxAttempts: number;
  /** Attempts before a webhook delivery is given up (DEAD). */
  webhookMaxAttempts: number;
}

/** express's `trust proxy`: false (the socket's peer is the client), a hop count, or proxy addresses. */
export type TrustProxy = false | number | string[];

/** Used only outside production, so `npm start` works with no setup; never protects real data. */
const DEVELOPMENT_SECRET = 'rekisteri-development-secret-not-for-production';

function readHours(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 365) throw new ConfigError(`${name} must be a number of hours between 0 and 8760, got "${raw}"`);
  return hours;
}

export class ConfigError extends Error {}

/** The settings services need at request time, handed to them through the request context. */
export type RuntimeSettings = Pick<
  AppConfig,
  'secret' | 'webhookSecretKey' | 'customerSessionHours' | 'staffSessionHours' | 'publicUrl' | 'bookkeepingRetentionYears' | 'financialYearEndMonth' | 'limits'
>;

export function runtimeSettings(config: AppConfig): RuntimeSettings {
  return {
    secret: config.secret,
    webhookSecretKey: config.webhookSecretKey,
    customerSessionHours: config.customerSessionHours,
    staffSessionHours: config.staffSessionHours,
    publicUrl: config.publicUrl,
    bookkeepingRetentionYears: config.bookkeepingRetentionYears,
    financialYearEndMonth: config.financialYearEndMonth,
    limits: config.limits,
  };
}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;

  const databaseUrl = env.DATABASE_URL ? env.DATABASE_URL : null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// connection string');
  }

  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }

  return {
    nodeEnv,
    port: readPort(env, 'PORT', 4000),
    databaseUrl,
    embeddedDataDir: env.EMBEDDED_PG_DIR ?? '.data/postgres',
    // Demo data only ever goes into the embedded database unless asked for
    // explicitly: a real server must never receive invented customers.
    demoMode: readBoolean(env, 'DEMO_MODE', databaseUrl === null),
    logLevel,
    introspection: readIntrospection(env, nodeEnv),
    secret: readSecret(env, nodeEnv),
    webhookSecretKey: readWebhookSecretKey(env, nodeEnv),
    customerSessionHours: readHours(env, 'CUSTOMER_SESSION_HOURS', 24 * 30),
    staffSessionHours: readHours(env, 'STAFF_SESSION_HOURS', 10),
    publicUrl: readPublicUrl(env, nodeEnv),
    bookkeepingRetentionYears: readInt(env, 'BOOKKEEPING_RETENTION_YEARS', 10, 6, 30),
    financialYearEndMonth: readInt(env, 'FINANCIAL_YEAR_END_MONTH', 12, 1, 12),
    runWorker: readBoolean(env, 'RUN_WORKER', true),
    retentionSchedules: readSchedules(env),
    sqlDebug: readBoolean(env, 'REKISTERI_SQL_DEBUG', false),
    corsOrigins: readOrigins(env, 'CORS_ORIGINS'),
    trustProxy: readTrustProxy(env, 'TRUST_PROXY'),
    metricsToken: readMetricsToken(env),
    adminPassword: env.REKISTERI_ADMIN_PASSWORD ? env.REKISTERI_ADMIN_PASSWORD : null,
    limits: readLimits(env),
    databaseAppUrl: readAppUrl(env),
    databaseAppPassword:
      nodeEnv === 'production' ? createHmac('sha256', readSecret(env, nodeEnv)).update('rekisteri_api database login').digest('base64url') : 'rekisteri-api-development-login',
    mail: readMail(env),
  };
}

function readAppUrl(env: NodeJS.ProcessEnv): string | null {
  const url = env.DATABASE_APP_URL ? env.DATABASE_APP_URL : null;
  if (url !== null && !/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_APP_URL must be a postgres:// connection string');
  return url;
}

/** The API's database login as openDatabase takes it. */
export function appLoginOf(config: Pick<AppConfig, 'databaseAppUrl' | 'databaseAppPassword'>): { url: string } | { password: string } {
  return config.databaseAppUrl ? { url: config.databaseAppUrl } : { password: config.databaseAppPassword };
}

function readLimits(env: NodeJS.ProcessEnv): RequestLimits {
  const d = DEFAULT_REQUEST_LIMITS;
  const big = 1_000_000_000;
  return {
    maxTokens: readInt(env, 'GRAPHQL_MAX_TOKENS', d.maxTokens, 100, 100_000),
    maxDepth: readInt(env, 'GRAPHQL_MAX_DEPTH', d.maxDepth, 2, 50),
    maxAliases: readInt(env, 'GRAPHQL_MAX_ALIASES', d.maxAliases, 0, 1000),
    maxDirectives: readInt(env, 'GRAPHQL_MAX_DIRECTIVES', d.maxDirectives, 0, 1000),
    costBudgets: {
      ANONYMOUS: readInt(env, 'GRAPHQL_COST_ANONYMOUS', d.costBudgets.ANONYMOUS, 1, big),
      CUSTOMER: readInt(env, 'GRAPHQL_COST_CUSTOMER', d.costBudgets.CUSTOMER, 1, big),
      PARTNER: readInt(env, 'GRAPHQL_COST_PARTNER', d.costBudgets.PARTNER, 1, big),
      STAFF: readInt(env, 'GRAPHQL_COST_STAFF', d.costBudgets.STAFF, 1, big),
      SYSTEM: d.costBudgets.SYSTEM,
    },
    assumedListSize: readInt(env, 'GRAPHQL_ASSUMED_LIST_SIZE', d.assumedListSize, 1, 1000),
    mutationCost: readInt(env, 'GRAPHQL_MUTATION_COST', d.mutationCost, 0, 100_000),
    anonymousRequestsPerMinute: readInt(env, 'ANONYMOUS_REQUESTS_PER_MINUTE', d.anonymousRequestsPerMinute, 1, big),
    signUpsPerAddressPerHour: readInt(env, 'SIGNUPS_PER_ADDRESS_PER_HOUR', d.signUpsPerAddressPerHour, 1, big),
    maxBodyBytes: readInt(env, 'GRAPHQL_MAX_BODY_BYTES', d.maxBodyBytes, 1_000, 10_000_000),
    maxConcurrentOperations: readInt(env, 'GRAPHQL_MAX_CONCURRENT', d.maxConcurrentOperations, 1, 1_000),
    maxQueuedOperations: readInt(env, 'GRAPHQL_MAX_QUEUED', d.maxQueuedOperations, 0, 100_000),
  };
}

function readMail(env: NodeJS.ProcessEnv): MailConfig {
  const smtpUrl = env.SMTP_URL ? env.SMTP_URL : null;
  if (smtpUrl !== null) {
    let parsed: URL;
    try {
      parsed = new URL(smtpUrl);
    } catch {
      throw new ConfigError('SMTP_URL must be a URL such as smtps://user:password@mail.example.fi:465');
    }
    if (!['smtp:', 'smtps:'].includes(parsed.protocol)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  }
  const from = env.MAIL_FROM ?? 'Jasmin <asiakaspalvelu@jasmin.fi>';
  // An address, optionally with a name; no line breaks (header injection).
  if (!/^([^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(from.trim())) {
    throw new ConfigError(`MAIL_FROM must be an address, optionally with a name ("Jasmin <asiakaspalvelu@jasmin.fi>"), got "${from}"`);
  }
  return {
    smtpUrl,
    dir: env.MAIL_DIR ?? '.data/mail',
    from: from.trim(),
    maxAttempts: readInt(env, 'OUTBOX_MAX_ATTEMPTS', 8, 1, 50),
    webhookMaxAttempts: readInt(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
  };
}

function readSecret(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): string {
  const secret = env.REKISTERI_SECRET;
  if (secret) {
    if (secret.length < 32) throw new ConfigError('REKISTERI_SECRET must be at least 32 characters');
    return secret;
  }
  if (nodeEnv === 'production') throw new ConfigError('REKISTERI_SECRET is required in production (at least 32 random characters)');
  return DEVELOPMENT_SECRET;
}

/**
 * The key that seals webhook signing secrets (AES-256-GCM). Its own variable, not derived from
 * REKISTERI_SECRET in production, so that rotating one does not silently make the other's data
 * unreadable, and so it can live in a separate secret store. Outside production (embedded
 * `npm start`, tests) it is derived from the secret in use: HMAC-SHA256(secret, purpose).
 */
function readWebhookSecretKey(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): Buffer {
  const raw = env.WEBHOOK_SECRET_KEY?.trim();
  if (raw) {
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64') : null;
    if (!key || key.length !== 32) throw new ConfigError('WEBHOOK_SECRET_KEY must be 32 bytes: 64 hex digits or base64 (e.g. `openssl rand -hex 32`)');
    return key;
  }
  if (nodeEnv === 'production') throw new ConfigError('WEBHOOK_SECRET_KEY is required in production (32 random bytes as 64 hex digits: `openssl rand -hex 32`)');
  return deriveWebhookSecretKey(readSecret(env, nodeEnv));
}

/** The development and test key: derived from the (development) secret. Never used in production. */
export function deriveWebhookSecretKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('rekisteri webhook secret encryption key').digest();
}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/**
 * The retention rules RETENTION_CRON_<RULE> may name (RetentionRule in the retention module;
 * test/foundation/config.test.ts keeps the two lists equal). An unknown name is an error: a
 * typo would otherwise leave the rule on its default clock without a word.
 */
export const RETENTION_RULE_NAMES = ['INACTIVE_CUSTOMERS', 'LOYALTY_ENDED', 'HELD_ORDERS_EXPIRED', 'REQUEST_DEADLINES', 'HOUSEKEEPING'] as const;

const CRON_FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** Why a five-field cron expression is wrong, or null when it is right (numbers, names, *, a-b, /n, lists). */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} fields, cron needs 5 (minute hour day-of-month month day-of-week)`;
  for (const [index, field] of fields.entries()) {
    const spec = CRON_FIELDS[index];
    const value = (token: string): number | null => {
      const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
      if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
      return /^\d+$/.test(token) ? Number(token) : null;
    };
    for (const item of field.split(',')) {
      const match = /^(\*|[^-/]+(?:-[^-/]+)?)(?:\/(\d+))?$/.exec(item);
      if (!match) return `the ${spec.name} field "${field}" is not valid`;
      if (match[2] !== undefined && Number(match[2]) < 1) return `the ${spec.name} field "${field}" has a step of 0`;
      if (match[1] === '*') continue;
      const [low, high] = match[1].split('-').map(value);
      const bounds = [low, high ?? low];
      if (bounds.some((n) => n === null || n < spec.min || n > spec.max) || (bounds[0] as number) > (bounds[1] as number)) {
        return `the ${spec.name} field "${field}" must stay within ${spec.min}–${spec.max}`;
      }
    }
  }
  return null;
}

function readSchedules(env: NodeJS.ProcessEnv): Record<string, string> {
  const schedules: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('RETENTION_CRON_')) continue;
    const rule = name.slice('RETENTION_CRON_'.length);
    if (!(RETENTION_RULE_NAMES as readonly string[]).includes(rule)) {
      throw new ConfigError(`${name}: there is no retention rule ${rule}; the rules are ${RETENTION_RULE_NAMES.join(', ')}`);
    }
    if (!value) continue;
    const problem = cronProblem(value);
    if (problem) throw new ConfigError(`${name} must be a five-field cron expression (UTC), got "${value}": ${problem}`);
    schedules[rule] = value.trim();
  }
  return schedules;
}

/** Introspection is off in production; asking for it there is refused rather than silently ignored. */
function readIntrospection(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): boolean {
  const wanted = readBoolean(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production');
  if (wanted && nodeEnv === 'production') {
    throw new ConfigError('GRAPHQL_INTROSPECTION=true is refused in production (the schema would be open to anyone); unset it');
  }
  return wanted;
}

/** The base of links Rekisteri hands out (§4.4 unsubscribe): an http(s) origin with an optional path; https in production. */
function readPublicUrl(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): string {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') {
    if (nodeEnv === 'production') throw new ConfigError('PUBLIC_URL is required in production (the https address customers reach, e.g. https://rekisteri.jasmin.fi)');
    return `http://localhost:${readPort(env, 'PORT', 4000)}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL such as https://rekisteri.jasmin.fi, got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new ConfigError(`PUBLIC_URL must start with https:// (or http:// outside production), got "${raw}"`);
  if (url.search || url.hash || url.username || url.password) throw new ConfigError('PUBLIC_URL must not carry a query, a fragment or credentials');
  if (nodeEnv === 'production' && url.protocol !== 'https:') throw new ConfigError(`PUBLIC_URL must be https:// in production, got "${raw}"`);
  return url.toString().replace(/\/$/, '');
}

/** A comma-separated list of origins (`https://admin.jasmin.fi`): scheme, host and port, nothing else. */
function readOrigins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((item) => {
    const value = item.trim();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`${name} must be a comma-separated list of origins such as https://admin.jasmin.fi, got "${value}"`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
      throw new ConfigError(`${name}: "${value}" is not an origin (scheme://host[:port], no path, no wildcard)`);
    }
    return url.origin;
  });
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const IP_OR_CIDR = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)(\/\d{1,3})?$/;

/**
 * Default: trust nothing, so a client cannot pick its own address with X-Forwarded-For and
 * lock others out of signing in (§9.3 throttling is per address). Behind a proxy give the
 * number of proxies in front (1) or their addresses; `true` (trust anyone) is refused.
 */
function readTrustProxy(env: NodeJS.ProcessEnv, name: string): TrustProxy {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || ['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError(`${name} must be a number of proxies from 0 to 10, got "${raw}"`);
    return hops;
  }
  if (['true', 'yes', '1'].includes(raw.toLowerCase())) {
    throw new ConfigError(`${name}=true would believe any client's X-Forwarded-For; give the number of proxies in front (e.g. 1) or their addresses`);
  }
  const list = raw.split(',').map((item) => item.trim());
  for (const item of list) {
    if (!PROXY_NAMES.includes(item) && !IP_OR_CIDR.test(item)) {
      throw new ConfigError(`${name} must be false, a number of proxies, or addresses/CIDRs (or loopback, linklocal, uniquelocal); got "${item}"`);
    }
  }
  return list;
}

function readMetricsToken(env: NodeJS.ProcessEnv): string | null {
  const token = env.METRICS_TOKEN;
  if (token === undefined || token === '') return null;
  if (token.length < 16 || /\s/.test(token)) throw new ConfigError('METRICS_TOKEN must be at least 16 characters without spaces');
  return token;
}
