import type { MikroORM } from '@mikro-orm/postgresql';
import { AppError, coreErrors } from '../../core/graphql/errors';
import type { CallerRequest } from '../../core/http/app';
import { ANONYMOUS, type PartnerKind, type PartnerScope, type Principal, type StaffRole } from '../../core/auth/principal';
import { classifyToken, hashToken } from '../../core/auth/tokens';
import { selectPrepared } from '../../core/db/prepared';
import type { Authenticated, DeferredCheck } from '../../core/auth/credential-check';
import { LRUCache } from 'lru-cache';

/**
 * Turns `Authorization: Bearer <token>` into a principal. No header means
 * ANONYMOUS. A token that is malformed, unknown, expired or revoked is refused
 * with 401 and a reason, and the token is checked on every request, so a
 * revocation takes effect on the very next one: looked up before the request
 * runs, or, for a customer session seen before, in the same statement as the
 * request's first read, with the response held until the check has passed
 * (core/auth/credential-check.ts).
 */

export type TokenFailure = 'TOKEN_MALFORMED' | 'TOKEN_UNKNOWN' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED';

const MESSAGES: Record<TokenFailure, string> = {
  TOKEN_MALFORMED: 'The Authorization header does not hold a Rekisteri token (Bearer rks_… or rk_…)',
  TOKEN_UNKNOWN: 'This token is not valid; sign in again',
  TOKEN_EXPIRED: 'This token has expired; sign in again',
  TOKEN_REVOKED: 'This token has been revoked',
};

export function tokenRefused(reason: TokenFailure): AppError {
  return coreErrors.error('UNAUTHENTICATED', { message: MESSAGES[reason], details: { reason, http: { status: 401 } } });
}

interface SessionRow {
  id: string;
  customerId: string | null;
  staffId: string | null;
  expiresAt: string | Date;
  revokedAt: string | Date | null;
  roles: StaffRole[] | null;
  staffActive: boolean | null;
  customerStatus: string | null;
}

interface PartnerTokenRow {
  id: string;
  partnerId: string;
  partnerKind: PartnerKind;
  partnerActive: boolean;
  scopes: PartnerScope[];
  expiresAt: string | Date;
  revokedAt: string | Date | null;
  lastUsedAt: string | Date | null;
}

/** How often a partner token's last use is written: enough to spot unused tokens, not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Why a session found by its token no longer holds, or null: revoked, its staff user
 * deactivated or its customer no longer ACTIVE, or past its validity. The one rule for both
 * the lookup before a request and the check that rides along with its first read.
 */
function sessionFailure(row: Pick<SessionRow, 'revokedAt' | 'staffActive' | 'customerStatus' | 'expiresAt'>, at: number): TokenFailure | null {
  if (row.revokedAt !== null || row.staffActive === false || (row.customerStatus !== null && row.customerStatus !== 'ACTIVE')) return 'TOKEN_REVOKED';
  if (new Date(row.expiresAt).getTime() <= at) return 'TOKEN_EXPIRED';
  return null;
}

/** A customer session's check, as the storefront's first read carries it (core/auth/credential-check.ts). */
const CUSTOMER_SESSION_CHECK = `select s.id, s.customer_id as "customerId", s.expires_at as "expiresAt", s.revoked_at as "revokedAt", c.status as "customerStatus"
  from session s join customer c on c.id = s.customer_id where s.token_hash = ?`;

/** How many customer sessions' principals are remembered as hints, and for how long. */
const KNOWN_SESSIONS = { max: 20_000, ttl: 10 * 60_000 };

export function createAuthenticator(now: () => Date = () => new Date()) {
  /**
   * Which customer a session token was when it last passed its check: only a hint. A request
   * with a known token goes on as that customer with the check still to do, and the check
   * rides along with its first read (same statement, same snapshot); the response waits for it.
   */
  const knownCustomerSessions = new LRUCache<string, { customerId: string; sessionId: string }>(KNOWN_SESSIONS);

  function customerSessionCheck(tokenHash: string, known: { customerId: string; sessionId: string }, at: number): DeferredCheck {
    return {
      sql: CUSTOMER_SESSION_CHECK,
      params: [tokenHash],
      judge(row) {
        const reason =
          !row || row.id !== known.sessionId || row.customerId !== known.customerId
            ? 'TOKEN_UNKNOWN'
            : sessionFailure({ ...(row as Pick<SessionRow, 'revokedAt' | 'customerStatus' | 'expiresAt'>), staffActive: null }, at);
        if (!reason) return null;
        knownCustomerSessions.delete(tokenHash);
        return tokenRefused(reason);
      },
    };
  }

  return async (req: CallerRequest, orm: MikroORM): Promise<Authenticated> => {
    const header = req.header('authorization');
    if (header === undefined || header === '') return ANONYMOUS;
    const match = /^Bearer ([^\s]+)$/i.exec(header); // RFC 7235: the scheme is case-insensitive
    const token = match?.[1];
    const kind = token ? classifyToken(token) : null;
    if (!token || !kind) throw tokenRefused('TOKEN_MALFORMED');
    const connection = orm.em.getConnection();
    const at = now().getTime();

    if (kind === 'SESSION') {
      const tokenHash = hashToken(token);
      const known = knownCustomerSessions.get(tokenHash);
      if (known) {
        return { principal: { kind: 'CUSTOMER', ...known }, check: customerSessionCheck(tokenHash, known, at) };
      }
      // A prepared statement (core/db/prepared.ts).
      const [row] = await selectPrepared<SessionRow>(
        orm.em,
        `select s.id, s.customer_id as "customerId", s.staff_id as "staffId", s.expires_at as "expiresAt", s.revoked_at as "revokedAt",
           u.roles, u.active as "staffActive", c.status as "customerStatus"
         from session s
         left join staff_user u on u.id = s.staff_id
         left join customer c on c.id = s.customer_id
         where s.token_hash = ?`,
        [tokenHash],
      );
      if (!row) throw tokenRefused('TOKEN_UNKNOWN');
      const reason = sessionFailure(row, at);
      if (reason) throw tokenRefused(reason);
      if (row.customerId) {
        knownCustomerSessions.set(tokenHash, { customerId: row.customerId, sessionId: row.id });
        return { kind: 'CUSTOMER', customerId: row.customerId, sessionId: row.id };
      }
      return { kind: 'STAFF', staffId: row.staffId!, roles: row.roles ?? [], sessionId: row.id };
    }

    const [row] = await selectPrepared<PartnerTokenRow>(
      orm.em,
      `select t.id, t.partner_id as "partnerId", p.kind as "partnerKind", p.active as "partnerActive", t.scopes,
         t.expires_at as "expiresAt", t.revoked_at as "revokedAt", t.last_used_at as "lastUsedAt"
       from partner_token t join partner p on p.id = t.partner_id
       where t.token_hash = ?`,
      [hashToken(token)],
    );
    if (!row) throw tokenRefused('TOKEN_UNKNOWN');
    if (row.revokedAt !== null || !row.partnerActive) throw tokenRefused('TOKEN_REVOKED');
    if (new Date(row.expiresAt).getTime() <= at) throw tokenRefused('TOKEN_EXPIRED');
    if (row.lastUsedAt === null || at - new Date(row.lastUsedAt).getTime() > LAST_USED_RESOLUTION_MS) {
      await connection.execute('update partner_token set last_used_at = ? where id = ?', [new Date(at), row.id]);
    }
    return { kind: 'PARTNER', partnerId: row.partnerId, partnerKind: row.partnerKind, tokenId: row.id, scopes: row.scopes };
  };
}
