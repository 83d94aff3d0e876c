import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config';
import { connectTarget } from './core/db/connect';
import { openDatabase, type MikroORM } from './core/db/database';
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

async function run(command: string, values: Record<string, string | boolean | undefined>, orm: MikroORM, out: Output): Promise<void> {
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
  const orm = await openDatabase(target.url, createLogger(config.logLevel));
  try {
    await ensurePrivacyNotices(orm.em.fork());
    await run(command, values, orm, out);
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
