/* The operator CLI's commands (loaded only once the command line is understood; src/cli.ts). */
import { parseAuditAnchor, verifyAuditChain } from '../modules/audit/audit-chain';
import { writeFileSync } from 'node:fs';
import { runtimeSettings, type AppConfig } from '../config/config';
import { createRequestContext } from '../app/context';
import type { Logger } from '../core/logging/logger';
import { buildExport } from '../modules/data-export/data-export.service';
import { recordAsMarkdown } from '../core/personal-data/record-of-processing';
import { recordOfProcessing } from '../modules/processing-record/processing-record.service';
import { auditChanges } from '../modules/audit/audit.collector';
import { retentionContext } from '../app/context';
import { RetentionRule } from '../modules/retention/retention-run.entity';
import { ALL_RULES, DEFAULT_RETENTION_POLICY, runRetentionPass } from '../modules/retention/retention.service';
import type { MikroORM } from '../app/database';
import { Partner, PartnerKindEnum } from '../modules/partners/partner.entity';
import { issuePartnerToken, registerPartner, revokePartnerToken } from '../modules/partners/partners.service';
import { createStaffUser } from '../modules/staff/staff.service';

import { CliUsageError } from './usage';

export type Output = (human: string, data: unknown) => void;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CliUsageError(`--${name} is required`);
  return value;
}

async function findPartnerId(orm: MikroORM, idOrName: string): Promise<string> {
  const em = orm.em.fork();
  const partner = /^[0-9a-f-]{36}$/i.test(idOrName) ? await em.findOne(Partner, { id: idOrName }) : await em.findOne(Partner, { name: idOrName });
  if (!partner) throw new CliUsageError(`No partner "${idOrName}"`);
  return partner.id;
}

export interface RunEnv {
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

export async function run(
  command: string,
  values: Record<string, string | boolean | undefined>,
  orm: MikroORM,
  out: Output,
  { config, logger, json }: RunEnv,
): Promise<number | void> {
  const now = new Date();
  const em = orm.em.fork();
  switch (command) {
    case 'create-admin': {
      const password = values['password-stdin'] ? await readStdin() : config.adminPassword;
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
      if (!Number.isInteger(days) || days < 1) throw new CliUsageError('--days must be a whole number of days');
      const scopes = required(values, 'scopes')
        .split(',')
        .map((s) => s.trim().toUpperCase());
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
        const ctx = retentionContext({ orm, settings: runtimeSettings(config), log: logger, now: asOf, rule });
        const report = await runRetentionPass(ctx, rule, { now: asOf, dryRun, batchSize, concurrency, onProgress: (p) => progress?.update(p) }, DEFAULT_RETENTION_POLICY);
        progress?.done(report);
        reports.push(report);
      }
      out(
        reports
          .map((r) => {
            const lines = [
              `${r.rule}${r.dryRun ? ' (dry run)' : ''}: ${r.examined} examined, ${r.acted} ${r.dryRun ? 'would be acted on' : 'acted on'}, ${r.kept} kept — report ${r.runId}`,
            ];
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
      if (dueWithin !== null && (!Number.isInteger(dueWithin) || dueWithin < 0 || dueWithin > 3650))
        throw new CliUsageError('--due-within must be a whole number of days from 0 to 3650');
      const rows = await orm.em
        .fork()
        .getConnection()
        .execute<{ id: string; customerId: string; type: string; status: string; due: string; overdue: boolean }[]>(
          `select id, customer_id as "customerId", type, status, coalesce(extended_due_at, due_at) as due, coalesce(extended_due_at, due_at) < ? as overdue
         from privacy_request where status in ('AWAITING_VERIFICATION', 'OPEN')
           and (? = false or coalesce(extended_due_at, due_at) < ?)
           and (?::int is null or coalesce(extended_due_at, due_at) < ?::timestamptz + (?::int || ' days')::interval)
         order by coalesce(extended_due_at, due_at), id`,
          [now, values.overdue === true, now, dueWithin, now, dueWithin],
        );
      out(
        rows
          .map(
            (r) =>
              `${r.overdue ? 'OVERDUE ' : '        '}${new Date(r.due).toISOString().slice(0, 10)}  ${r.type.padEnd(20)} ${r.status.padEnd(22)} ${r.id}  customer ${r.customerId}`,
          )
          .join('\n') || 'No open requests.',
        rows,
      );
      return;
    }
    case 'export-customer': {
      const customerId = required(values, 'customer');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(customerId)) throw new CliUsageError('--customer must be a customer id (a UUID)');
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
      const ctx = createRequestContext({
        orm,
        principal: { kind: 'SYSTEM', job: 'record-of-processing' },
        requestId: 'operator-cli',
        log: logger,
        settings: runtimeSettings(config),
      });
      const record = await recordOfProcessing(ctx);
      // Markdown is the human form; --json the machine one.
      out(recordAsMarkdown(record), record);
      return;
    }
    case 'audit verify': {
      // §9.2: the hash chain over the audit trail; exit code 3 when it was tampered with. The chain is
      // unkeyed, so the anchor it prints is recorded outside the database and given back with --anchor.
      const anchor = typeof values.anchor === 'string' ? parseAuditAnchor('anchor', values.anchor) : undefined;
      const report = await verifyAuditChain(orm.em.fork(), anchor);
      const anchorLine = report.anchorMatches === null ? '' : report.anchorMatches ? `\nAnchor ${anchor!.hash}:${anchor!.chainSeq} matches.` : '';
      const human = report.ok
        ? `Audit trail intact: ${report.checkedEntries} entries, head ${report.headHash ?? '(empty)'}${report.triggersEnabled ? '' : ' — WARNING: a chain trigger is disabled'}` +
          `${anchorLine}\nAnchor to record outside the database: ${report.anchor ?? '(empty trail)'}`
        : report.problem === 'ANCHOR_MISMATCH'
          ? `Audit trail REWRITTEN: the entry at chain position ${report.firstBrokenChainSeq} no longer has the anchored hash (or is gone). ${report.checkedEntries} entries checked.`
          : `Audit trail BROKEN at entry ${report.firstBrokenEntryId} (chain position ${report.firstBrokenChainSeq}): ${report.problem}. ${report.checkedEntries} entries checked.`;
      out(human, report);
      return report.ok && report.triggersEnabled ? 0 : 3;
    }
    default:
      throw new CliUsageError(`Unknown command "${command}"`);
  }
}
