import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { appLoginOf, ConfigError, loadConfig } from './config/config';
import { AppError } from './core/graphql/errors';
import { cliErrors } from './cli/cli.errors';
import { CliUsageError, USAGE } from './cli/usage';
/**
 * The operator CLI: `npm run cli -- <command> [options]`. Uses DATABASE_URL,
 * or the running embedded server of `npm start`, or starts the embedded one.
 * `--json` prints machine-readable output.
 */

/** Parsed command line; an unknown or malformed option is a usage error, not a crash. */
function parseCommandLine(): ReturnType<typeof parseOptions> {
  try {
    return parseOptions();
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/, '') : String(error));
  }
}

function parseOptions() {
  return parseArgs({
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
      anchor: { type: 'string' },
    },
  });
}

async function main(): Promise<number> {
  const { positionals, values } = parseCommandLine();
  // Two-word commands ("audit verify") are one command.
  const command = positionals[0] === 'audit' && positionals[1] ? `audit ${positionals[1]}` : positionals[0];
  // `--help` (any command) is an answer, not an error; no command at all is a usage error.
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!command) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!COMMANDS.includes(command)) throw new CliUsageError(`Unknown command "${command}"`);
  // The heavy part (ORM, every module) loads only now: --help and usage errors answer at once.
  const { run } = require('./cli/commands') as typeof import('./cli/commands');
  const { connectTarget } = require('./core/db/connect') as typeof import('./core/db/connect');
  const { openDatabase } = require('./app/database') as typeof import('./app/database');
  const { createLogger } = require('./core/logging/logger') as typeof import('./core/logging/logger');
  const { ensurePrivacyNotices } = require('./modules/privacy-notice/privacy-notice.service') as typeof import('./modules/privacy-notice/privacy-notice.service');
  const json = values.json === true;
  const out: import('./cli/commands').Output = (human, data) => process.stdout.write(`${json ? JSON.stringify(data, null, 2) : human}\n`);
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const target = await connectTarget(config, { announce: false });
  const logger = createLogger(config.logLevel);
  const orm = await openDatabase(target.url, logger, { login: appLoginOf(config) });
  try {
    await ensurePrivacyNotices(orm.em.fork());
    return (await run(command, values, orm, out, { config, logger, json })) ?? 0;
  } finally {
    await orm.close();
    await target.release();
  }
}

const COMMANDS = [
  'create-admin',
  'register-partner',
  'issue-partner-token',
  'revoke-partner-token',
  'list-partners',
  'retention',
  'requests',
  'export-customer',
  'record-of-processing',
  'audit verify',
];

/** Service input fields → the CLI flags that carry them, so an error names the flag the operator typed. */
const FLAG_OF_FIELD: Record<string, string> = {
  countryCode: 'country',
  contractReference: 'contract',
  partnerId: 'partner',
  displayName: 'name',
  expiresInDays: 'days',
  customerId: 'customer',
  tokenId: 'token-id',
  id: 'token-id',
};

interface CliFailure {
  code: string;
  message: string;
  flag?: string;
  exitCode: number;
}

/** What to tell the operator. Unknown errors say only their kind: a driver's message can quote SQL. */
function describeFailure(error: unknown): CliFailure {
  if (error instanceof AppError) {
    const raw = error.extensions.field ? String(error.extensions.field).replace(/^input\./, '') : '';
    return { code: error.code, message: error.message, ...(raw ? { flag: `--${FLAG_OF_FIELD[raw] ?? raw}` } : {}), exitCode: 2 };
  }
  if (error instanceof CliUsageError) return { code: cliErrors.enum.USAGE, message: error.message, exitCode: 2 };
  if (error instanceof ConfigError) return { code: cliErrors.enum.CONFIGURATION, message: error.message, exitCode: 2 };
  const kind = error instanceof Error ? `${error.name}${(error as { code?: string }).code ? ` ${(error as { code?: string }).code}` : ''}` : typeof error;
  return { code: cliErrors.enum.INTERNAL, message: `unexpected error (${kind}); see the database server's log`, exitCode: 1 };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const failure = describeFailure(error);
    if (process.argv.includes('--json')) {
      const { exitCode, ...body } = failure;
      process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
      process.exit(exitCode);
    }
    const flag = failure.flag ? ` (${failure.flag})` : '';
    process.stderr.write(`${cliErrors.has(failure.code) ? '' : `${failure.code}: `}${failure.message}${flag}\n`);
    if (failure.code === cliErrors.enum.USAGE) process.stderr.write(`\n${USAGE}`);
    process.exit(failure.exitCode);
  },
);
