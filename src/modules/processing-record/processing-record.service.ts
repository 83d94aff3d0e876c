import type { RequestContext } from '../../core/graphql/context';
import { STAFF_ROLES } from '../../core/auth/principal';
import { DataMap } from '../../core/personal-data/map';
import { buildRecordOfProcessing, type RecordOfProcessing, type RetentionPeriods } from '../../core/personal-data/record-of-processing';
import { listPartners } from '../partners/partners.service';
import { currentNoticeVersion, getPrivacyNotice } from '../privacy-notice/privacy-notice.service';
import { DEFAULT_RETENTION_POLICY } from '../retention/retention.periods';

/** Art 32 measures the code itself takes, besides the notice's §9 promises. */
const TECHNICAL_MEASURES = [
  'Deny by default: every API field is unreachable until a role’s policy names it; row rules limit staff and partners to what their job needs (§9.2).',
  'Passwords hashed with argon2id; session and partner tokens stored only as SHA-256; failed sign-ins throttled (§9.3).',
  'Staff and partner reads of personal data are written to an append-only audit trail (§9.2).',
  'Card numbers are refused in every input (§9.5).',
  'Erasure scrubs names, e-mail, phone and addresses from free text; only bookkeeping material is kept, for accounting only (§8.7, §8.9).',
];

/** The periods the retention passes and the erasure enforce, from configuration and the retention module. */
export function enforcedRetentionPeriods(ctx: Pick<RequestContext, 'settings'>): RetentionPeriods {
  return {
    inactiveMonths: DEFAULT_RETENTION_POLICY.inactiveMonths,
    loyaltyGraceDays: DEFAULT_RETENTION_POLICY.loyaltyGraceDays,
    bookkeepingYears: ctx.settings.bookkeepingRetentionYears,
    financialYearEndMonth: ctx.settings.financialYearEndMonth,
    customerSessionHours: ctx.settings.customerSessionHours,
    staffSessionHours: ctx.settings.staffSessionHours,
  };
}

/** GDPR Art 30(1): the record of processing, generated from the map, the processor register and the enforced periods. */
export async function recordOfProcessing(ctx: RequestContext): Promise<RecordOfProcessing> {
  const notice = await getPrivacyNotice(ctx.em, 'en', await currentNoticeVersion(ctx.em));
  const partners = await listPartners(ctx);
  return buildRecordOfProcessing(
    new DataMap(ctx.contributions.dataMap),
    {
      controller: notice?.controller ?? { name: 'Potero Oy', businessId: '2063235-5', address: '', contact: '', dataProtectionContact: '' },
      processors: partners.map((p) => ({ name: p.name, kind: p.kind, countryCode: p.countryCode, contractReference: p.contractReference, active: p.active })),
      staffRoles: STAFF_ROLES,
      periods: enforcedRetentionPeriods(ctx),
      security: [...(notice?.security ?? []), ...TECHNICAL_MEASURES],
      transfersOutsideEea: notice?.transfersOutsideEea ?? false,
    },
    ctx.now(),
  );
}
