import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { ConfigError, loadConfig, runtimeSettings, type AppConfig } from './config/config';
import { createRequestContext } from './app/context';
import type { Logger } from './core/logging/logger';
import { buildExport } from './modules/data-export/data-export.service';
import { recordAsMarkdown } from './core/personal-data/record-of-processing';
import { recordOfProcessing } from './modules/processing-record/processing-record.service';
import { auditChanges } from './modules/audit/audit.collector';
import { RetentionRule } from './modules/retention/retention-run.entity';
import { ALL_RULES, DEFAULT_RETENTION_POLICY, runRetentionPass } from './modules/retention/retention.service';
import { connectTarget } from './core/db/connect';
import { openDatabase, type MikroORM } from './app/database';
import { AppError } from './core/graphql/errors';
import { createLogger } from './core/logging/logger';
import { Partner, PartnerKindEnum } from './modules/partners/partner.entity';
import { issuePartnerToken, registerPartner, revokePartnerToken } from './modules/partners/partners.service';
import { ensurePrivacyNotices } from './modules/privacy-notice/privacy-notice.service';
import { createStaffUser } from './modules/staff/staff.service';

/**
 * The operator CLI: `npm run cli -- <command> [options]`. Uses DATABASE_URL,
 * or the running embedded server of `npm start`, or starts the embedded one.
 * `--json` prints machine-readable output.
 */

const USAGE = `Usage: npm run cli -- <command> [options] [--json]

Commands:
  create-admin --email E --name N         Create a staff user with the ADMIN role (the first admin).
                                          Password from REKISTERI_ADMIN_PASSWORD or, with
                                          --password-stdin, from standard input.
  register-partner --name N --kind K --country CC --contract REF
                                          Add a partner to the processor register (EU/EEA only, §7.6).
                                          K is LOGISTICS, ACCOUNTING, PAYMENT or IT.
  issue-partner-token --partner ID|NAME --scopes S1,S2 [--days 90]
                                          Issue a partner API token; printed once.
  revoke-partner-token --token-id ID      Revoke a partner token (refused from its next request).
  list-partners                           The processor register.
  retention [--rule RULE|all] [--dry-run] [--as-of ISO] [--batch N] [--concurrency N]
                                          Run retention passes now. --dry-run lists who would be erased
                                          and why, and who is kept and why, changing nothing. RULE is
                                          INACTIVE_CUSTOMERS, LOYALTY_ENDED, HELD_ORDERS_EXPIRED,
                                          REQUEST_DEADLINES or HOUSEKEEPING.
  requests [--overdue] [--due-within DAYS]
                                          Open data-subject requests, most urgent first.
  export-customer --customer ID --out FILE
                                          Write a customer's data export (§8.1) to a file.
  record-of-processing [--json|--markdown]
                                          The GDPR Art 30(1) record of processing, generated from the
                                          personal-data map and the processor register.
`;

type Output = (human: string, data: unknown) => void;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CliUsageError(`--${name} is required`);
  return value;
}

class CliUsageError extends Error {}

async function findPartnerId(orm: MikroORM, idOrName: string): Promise<string> {
  const em = orm.em.fork();
  const partner = /^[0-9a-f-]{36}$/i.test(idOrName) ? await em.findOne(Partner, { id: idOrName }) : await em.findOne(Partner, { name: idOrName });
  if (!partner) throw new CliUsageError(`No partner "${idOrName}"`);
  return partner.id;
}

interface RunEnv {
  config: AppConfig;
  logger: Logger;
  json: boolean;
}

function resolveRules(rule: string | boolean | undefined): RetentionRule[] {
  if (rule === undefined || rule === 'all') return [...ALL_RULES];
  const name = String(rule).toUpperCase();
  if (!(name in RetentionRule)) throw new CliUsageError(`Unknown rule ${String(rule)}`);
  return [name as RetentionRule];
}

/** A progress bar on stderr: counts and rate, redrawn in place; a summary line at the end. */
class ProgressLine {
  private readonly started = Date.now();
  private readonly tty = process.stderr.isTTY === true;
  private last = 0;

  constructor(private readonly rule: RetentionRule) {}

  update(p: { examined: number; acted: number; kept: number }): void {
    const now = Date.now();
    if (this.tty && now - this.last < 100) return;
    this.last = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.round(p.examined / seconds);
    const spinner = '|/-\\'[Math.floor(now / 120) % 4];
    const line = `${spinner} ${this.rule}: ${p.examined} examined, ${p.acted} acted, ${p.kept} kept, ${rate}/s`;
    process.stderr.write(this.tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  done(report: { examined: number }): void {
    const seconds = (Date.now() - this.started) / 1000;
    process.stderr.write(`${this.tty ? '\r\x1b[K' : ''}${this.rule}: done, ${report.examined} in ${seconds.toFixed(1)} s\n`);
  }
}

async function run(command: string, values: Record<string, string | boolean | undefined>, orm: MikroORM, out: Output, { config, logger, json }: RunEnv): Promise<void> {
  const now = new Date();
  const em = orm.em.fork();
  switch (command) {
    case 'create-admin': {
      const password = values['password-stdin'] ? await readStdin() : process.env.REKISTERI_ADMIN_PASSWORD;
      if (!password) throw new CliUsageError('Give the password in REKISTERI_ADMIN_PASSWORD or on standard input with --password-stdin');
      const user = await createStaffUser(em, { email: required(values, 'email'), displayName: required(values, 'name'), password, roles: ['ADMIN'] }, now);
      out(`Created admin ${user.email} (${user.id}). Sign in with the staffLogin mutation.`, user);
      return;
    }
    case 'register-partner': {
      const kind = required(values, 'kind').toUpperCase();
      if (!(kind in PartnerKindEnum)) throw new CliUsageError('--kind must be LOGISTICS, ACCOUNTING, PAYMENT or IT');
      const partner = await registerPartner(
        em,
        { name: required(values, 'name'), kind: kind as PartnerKindEnum, countryCode: required(values, 'country'), contractReference: required(values, 'contract') },
        now,
      );
      out(`Registered ${partner.kind} partner ${partner.name} (${partner.id}).`, partner);
      return;
    }
    case 'issue-partner-token': {
      const partnerId = await findPartnerId(orm, required(values, 'partner'));
      const days = values.days === undefined ? 90 : Number(values.days);
      const scopes = required(values, 'scopes').split(',').map((s) => s.trim().toUpperCase());
      const issued = await issuePartnerToken(em, { partnerId, scopes, expiresInDays: days }, 'operator-cli', now);
      out(
        `Token (shown only now; store it in the partner system):\n${issued.token}\nid ${issued.info.id}, scopes ${issued.info.scopes.join(', ')}, expires ${issued.info.expiresAt.toISOString()}`,
        issued,
      );
      return;
    }
    case 'revoke-partner-token': {
      const token = await revokePartnerToken(em, required(values, 'token-id'), now);
      out(`Revoked token ${token.id} (${token.displayPrefix}) at ${token.revokedAt?.toISOString()}.`, token);
      return;
    }
    case 'list-partners': {
      const partners = await em.find(Partner, {}, { orderBy: { name: 'asc' } });
      out(partners.map((p) => `${p.id}  ${p.kind.padEnd(10)} ${p.countryCode}  ${p.name}${p.active ? '' : ' (inactive)'}`).join('\n') || 'No partners.', partners);
      return;
    }
    case 'retention': {
      const rules = resolveRules(values.rule);
      const asOf = values['as-of'] ? new Date(String(values['as-of'])) : now;
      if (Number.isNaN(asOf.getTime())) throw new CliUsageError('--as-of must be an ISO date or time');
      const batchSize = values.batch ? Number(values.batch) : undefined;
      const concurrency = values.concurrency ? Number(values.concurrency) : undefined;
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8)) throw new CliUsageError('--concurrency must be 1–8');
      const dryRun = values['dry-run'] === true;
      const reports = [];
      for (const rule of rules) {
        const progress = json ? undefined : new ProgressLine(rule);
        const report = await runRetentionPass(orm, runtimeSettings(config), logger, rule, { now: asOf, dryRun, batchSize, concurrency, onProgress: (p) => progress?.update(p) }, DEFAULT_RETENTION_POLICY);
        progress?.done(report);
        reports.push(report);
      }
      out(
        reports
          .map((r) => {
            const lines = [`${r.rule}${r.dryRun ? ' (dry run)' : ''}: ${r.examined} examined, ${r.acted} ${r.dryRun ? 'would be acted on' : 'acted on'}, ${r.kept} kept — report ${r.runId}`];
            if (r.dryRun || r.items.length <= 50) for (const item of r.items) lines.push(`  ${item.action.padEnd(22)} ${item.subjectId}  ${item.reason ?? ''}`);
            return lines.join('\n');
          })
          .join('\n'),
        reports,
      );
      return;
    }
    case 'requests': {
      const dueWithin = values['due-within'] === undefined ? null : Number(values['due-within']);
      const rows = await orm.em.fork().getConnection().execute<{ id: string; customerId: string; type: string; status: string; due: string; overdue: boolean }[]>(
        `select id, customer_id as "customerId", type, status, coalesce(extended_due_at, due_at) as due, coalesce(extended_due_at, due_at) < ? as overdue
         from privacy_request where status in ('AWAITING_VERIFICATION', 'OPEN')
           and (? = false or coalesce(extended_due_at, due_at) < ?)
           and (?::int is null or coalesce(extended_due_at, due_at) < ?::timestamptz + (?::int || ' days')::interval)
         order by coalesce(extended_due_at, due_at), id`,
        [now, values.overdue === true, now, dueWithin, now, dueWithin],
      );
      out(rows.map((r) => `${r.overdue ? 'OVERDUE ' : '        '}${new Date(r.due).toISOString().slice(0, 10)}  ${r.type.padEnd(20)} ${r.status.padEnd(22)} ${r.id}  customer ${r.customerId}`).join('\n') || 'No open requests.', rows);
      return;
    }
    case 'export-customer': {
      const customerId = required(values, 'customer');
      const file = required(values, 'out');
      const ctx = createRequestContext({ orm, principal: { kind: 'SYSTEM', job: 'operator-export' }, requestId: 'operator-cli', log: logger, settings: runtimeSettings(config) });
      const data = await buildExport(ctx, customerId);
      writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      // §9.2: handing the data out is recorded like any other disclosure.
      await auditChanges(ctx.em, ctx.principal, { requestId: 'operator-cli', at: now, operation: 'export-customer' }, [customerId], ['export']);
      out(`Wrote ${data.sections.length} sections for customer ${customerId} to ${file} (readable by you only).`, { file, sections: data.sections.length });
      return;
    }
    case 'record-of-processing': {
      const ctx = createRequestContext({ orm, principal: { kind: 'SYSTEM', job: 'record-of-processing' }, requestId: 'operator-cli', log: logger, settings: runtimeSettings(config) });
      const record = await recordOfProcessing(ctx);
      // Markdown is the human form; --json the machine one.
      out(recordAsMarkdown(record), record);
      return;
    }
    default:
      throw new CliUsageError(`Unknown command "${command}"`);
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      kind: { type: 'string' },
      country: { type: 'string' },
      contract: { type: 'string' },
      partner: { type: 'string' },
      scopes: { type: 'string' },
      days: { type: 'string' },
      'token-id': { type: 'string' },
      rule: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'as-of': { type: 'string' },
      batch: { type: 'string' },
      concurrency: { type: 'string' },
      overdue: { type: 'boolean' },
      'due-within': { type: 'string' },
      customer: { type: 'string' },
      out: { type: 'string' },
      markdown: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const json = values.json === true;
  const out: Output = (human, data) => process.stdout.write(`${json ? JSON.stringify(data, null, 2) : human}\n`);
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const target = await connectTarget(config, { announce: false });
  const logger = createLogger(config.logLevel);
  const orm = await openDatabase(target.url, logger);
  try {
    await ensurePrivacyNotices(orm.em.fork());
    await run(command, values, orm, out, { config, logger, json });
    return 0;
  } finally {
    await orm.close();
    await target.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AppError) {
      const options: Record<string, string> = { countryCode: 'country', contractReference: 'contract', partnerId: 'partner', displayName: 'name' };
      const raw = error.extensions.field ? String(error.extensions.field).replace(/^input\./, '') : '';
      const field = raw ? ` (--${options[raw] ?? raw})` : '';
      process.stderr.write(`${error.code}: ${error.message}${field}\n`);
      process.exit(2);
    }
    if (error instanceof CliUsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
