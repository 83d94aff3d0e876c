import type { MikroORM } from '@mikro-orm/postgresql';
import { AppError, coreErrors } from '../../core/graphql/errors';
import type { CallerRequest } from '../../core/http/app';
import { ANONYMOUS, type PartnerKind, type PartnerScope, type Principal, type StaffRole } from '../../core/auth/principal';
import { classifyToken, hashToken } from '../../core/auth/tokens';
import { selectPrepared } from '../../core/db/prepared';

/**
 * Turns `Authorization: Bearer <token>` into a principal. No header means
 * ANONYMOUS. A token that is malformed, unknown, expired or revoked is refused
 * with 401 and a reason, and the token is looked up on every request, so a
 * revocation takes effect on the very next one.
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

export function createAuthenticator(now: () => Date = () => new Date()) {
  return async (req: CallerRequest, orm: MikroORM): Promise<Principal> => {
    const header = req.header('authorization');
    if (header === undefined || header === '') return ANONYMOUS;
    const match = /^Bearer ([^\s]+)$/i.exec(header); // RFC 7235: the scheme is case-insensitive
    const token = match?.[1];
    const kind = token ? classifyToken(token) : null;
    if (!token || !kind) throw tokenRefused('TOKEN_MALFORMED');
    const connection = orm.em.getConnection();
    const at = now().getTime();

    if (kind === 'SESSION') {
      // A prepared statement: the lookup runs on every request (core/db/prepared.ts).
      const [row] = await selectPrepared<SessionRow>(
        orm.em,
        `select s.id, s.customer_id as "customerId", s.staff_id as "staffId", s.expires_at as "expiresAt", s.revoked_at as "revokedAt",
           u.roles, u.active as "staffActive", c.status as "customerStatus"
         from session s
         left join staff_user u on u.id = s.staff_id
         left join customer c on c.id = s.customer_id
         where s.token_hash = ?`,
        [hashToken(token)],
      );
      if (!row) throw tokenRefused('TOKEN_UNKNOWN');
      if (row.revokedAt !== null || row.staffActive === false || (row.customerStatus !== null && row.customerStatus !== 'ACTIVE')) {
        throw tokenRefused('TOKEN_REVOKED');
      }
      if (new Date(row.expiresAt).getTime() <= at) throw tokenRefused('TOKEN_EXPIRED');
      if (row.customerId) return { kind: 'CUSTOMER', customerId: row.customerId, sessionId: row.id };
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
