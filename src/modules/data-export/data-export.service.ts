import { requireRecentAuthentication } from '../identity/identity.service';
import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import type { ExportSection, PersonalDataContext } from '../../core/personal-data/registry';
import { AuditAction } from '../audit/audit-entry.entity';
import { auditChange, auditGuestRequest } from '../audit/audit.collector';
import { customerEmail } from '../customers/customer-lock';
import { PrivacyRequestType } from '../privacy-requests/privacy-request.entity';
import { markCompleted, requireOpenRequest, storefrontRequestByLink } from '../privacy-requests/privacy-requests.service';
import { currentNoticeVersion, getPrivacyNotice } from '../privacy-notice/privacy-notice.service';

export interface DataExport {
  format: 'rekisteri-export/1';
  generatedAt: string;
  controller: { name: string; businessId: string; contact: string };
  /** The customer; null for a guest's export. */
  customerId: string | null;
  /** A guest's export: the e-mail address whose guest orders it holds (issue 8 §4). */
  guestEmail?: string;
  privacyStatementVersion: string;
  /** Art 15(1)(e): the rights the person has (§8), and how to use them. */
  rights: { code: string; name: string; description: string; clauses: string[] }[];
  howToExercise: string;
  /** Art 15(1)(f): where to complain (§8.12). */
  complaintAuthority: string;
  /** Art 15(1)(h): no automated decisions or profiling (§3.3). */
  automatedDecisionMaking: string;
  /** Art 15(2): no transfers outside the EU/EEA (§7.6). */
  transfersOutsideEea: string;
  sections: ExportSection[];
}

/** PostgreSQL's timestamp text ("2026-01-15 09:00:00+00", or with a T inside JSON). */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)$/;

/** Every timestamp in the export as ISO 8601 UTC (issue 8), whatever the SQL gave. */
function isoTimestamps(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return PG_TIMESTAMP.test(value) ? new Date(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString() : value;
  if (Array.isArray(value)) return value.map(isoTimestamps);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isoTimestamps(v)]));
  return value;
}

/**
 * Access and portability (§8.1): everything Rekisteri holds about the person,
 * as JSON, from every registered handler, each section with its purposes,
 * legal basis, retention and the §6 source of each record.
 */
export async function buildExport(ctx: RequestContext, customerId: string): Promise<DataExport> {
  const subject = await customerEmail(ctx.em, customerId);
  if (!subject) throw notFound('customerId', 'Customer');
  const handlerCtx: PersonalDataContext = { em: ctx.em, principal: ctx.principal, requestId: ctx.requestId, now: ctx.now(), settings: ctx.settings };
  const sections: ExportSection[] = [];
  for (const handler of ctx.contributions.personalData) sections.push(...(await handler.export(handlerCtx, { customerId, email: subject.email })));
  return exportOf(ctx, customerId, sections);
}

/** A guest (issue 8 §4): what every domain holds under the e-mail address, from the handlers that hold guest data. */
export async function buildGuestExport(ctx: RequestContext, email: string): Promise<DataExport> {
  const handlerCtx: PersonalDataContext = { em: ctx.em, principal: ctx.principal, requestId: ctx.requestId, now: ctx.now(), settings: ctx.settings };
  const sections: ExportSection[] = [];
  for (const handler of ctx.contributions.personalData) if (handler.exportGuest) sections.push(...(await handler.exportGuest(handlerCtx, email)));
  return { ...(await exportOf(ctx, null, sections)), guestEmail: email };
}

/** The Art 15(1) frame around the sections: controller, rights, complaint authority, transfers. */
async function exportOf(ctx: RequestContext, customerId: string | null, sections: ExportSection[]): Promise<DataExport> {
  const version = await currentNoticeVersion(ctx.em);
  const notice = await getPrivacyNotice(ctx.em, 'en', version);
  const complaint = notice?.rights.find((r) => r.code === 'COMPLAINT');
  return {
    format: 'rekisteri-export/1',
    generatedAt: ctx.now().toISOString(),
    controller: { name: notice?.controller.name ?? 'Potero Oy', businessId: notice?.controller.businessId ?? '', contact: notice?.controller.contact ?? '' },
    customerId,
    privacyStatementVersion: version,
    rights: (notice?.rights ?? []).map((r) => ({ code: r.code, name: r.name, description: r.description, clauses: r.clauses })),
    howToExercise: notice?.howToExercise ?? '',
    complaintAuthority: complaint?.description ?? 'The Data Protection Ombudsman (tietosuojavaltuutettu), www.tietosuoja.fi (§8.12).',
    automatedDecisionMaking: notice?.automatedDecisionMaking ? 'See the privacy statement.' : 'None: your data is not used for automated decision-making or profiling (§3.3).',
    transfersOutsideEea: notice?.transfersOutsideEea ? 'See the privacy statement.' : 'None: the data is not transferred outside the EU or the EEA (§7.6).',
    sections: isoTimestamps(sections) as ExportSection[],
  };
}

/** exportMyData before the link is opened: the request waits, nothing is handed out (§8.5). */
export interface AwaitingExport {
  status: 'AWAITING_VERIFICATION';
  requestId: string;
  /** ISO date: when the request is due at the latest (Art 12(3)). */
  dueDate: string;
  /** The account's address the link went to, masked (a…@example.fi). */
  sentTo: string;
  message: string;
}

/**
 * Storefront: the signed-in customer downloads their data (§8.1). The
 * password within the last few minutes, and the account's mailbox (§8.5):
 * the first call records an ACCESS request and sends the link; once the
 * link has opened it, the next call (password again fresh) hands out the
 * export and completes that request. The next export after that needs a new
 * link: the account holder hears of every download.
 */
export async function exportMyData(ctx: RequestContext, customerId: string): Promise<DataExport | AwaitingExport> {
  await requireRecentAuthentication(ctx);
  const outcome = await storefrontRequestByLink(ctx, customerId, PrivacyRequestType.ACCESS, async (tx, request) => {
    const data = await buildExport(tx, customerId);
    markCompleted(tx, request, { format: data.format, sections: data.sections.length });
    await tx.em.flush();
    return data;
  });
  if ('verified' in outcome) return outcome.verified;
  const { awaiting } = outcome;
  return {
    status: 'AWAITING_VERIFICATION',
    requestId: awaiting.requestId,
    dueDate: awaiting.dueAt.toISOString().slice(0, 10),
    sentTo: awaiting.sentTo,
    message: awaiting.message,
  };
}

/** Admin panel: the privacy officer answers a verified written ACCESS request. */
export async function exportOnRequest(ctx: RequestContext, requestId: string): Promise<DataExport> {
  const request = await requireOpenRequest(ctx, requestId, PrivacyRequestType.ACCESS);
  const data = request.customerId ? await buildExport(ctx, request.customerId) : await buildGuestExport(ctx, request.subjectEmail!);
  markCompleted(ctx, request, { format: data.format, sections: data.sections.length });
  // §9.2: a customer's export is audited under the customer; a guest's under the request it answered
  // (the audit holds no e-mail address in clear, issue 8 §4).
  const meta = { requestId: ctx.requestId, at: ctx.now(), operation: 'exportCustomerData' };
  if (request.customerId) auditChange(ctx.em, ctx.principal, meta, request.customerId, ['export']);
  else auditGuestRequest(ctx.em, ctx.principal, { ...meta, operation: 'exportGuestData' }, request.id, AuditAction.READ, ['Guest.export']);
  await ctx.em.flush();
  return data;
}
