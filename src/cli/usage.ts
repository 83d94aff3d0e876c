/** The operator CLI's usage text and its usage error (kept light: `--help` loads nothing else). */

export const USAGE = `Usage: npm run cli -- <command> [options] [--json]

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
  audit verify [--anchor HASH:POSITION]   Check the audit trail's hash chain (§9.2); names the first
                                          broken link and exits 3 when the trail was tampered with.
                                          Prints the anchor to record outside the database; given
                                          an earlier anchor, exits 3 when the chain was rewritten.
`;

/** A mistake on the command line: exit 2 with the usage. */
export class CliUsageError extends Error {}
