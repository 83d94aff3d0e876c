import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import type { ExportSection, PersonalDataContext } from '../../core/personal-data/registry';
import { auditChange } from '../audit/audit.collector';
import { PrivacyRequestType } from '../privacy-requests/privacy-request.entity';
import { markCompleted, openStorefrontRequest, requireOpenRequest } from '../privacy-requests/privacy-requests.service';
import { currentNoticeVersion, getPrivacyNotice } from '../privacy-notice/privacy-notice.service';

export interface DataExport {
  format: 'rekisteri-export/1';
  generatedAt: string;
  controller: { name: string; businessId: string; contact: string };
  customerId: string;
  privacyStatementVersion: string;
  sections: ExportSection[];
}

/**
 * Access and portability (§8.1): everything Rekisteri holds about the person,
 * as JSON, from every registered handler, each section with its purposes,
 * legal basis, retention and the §6 source of each record.
 */
export async function buildExport(ctx: RequestContext, customerId: string): Promise<DataExport> {
  const [subject] = await ctx.sql.all<{ email: string | null }>('select email from customer where id = ?::uuid', [customerId]);
  if (!subject) throw notFound('customerId', 'Customer');
  const handlerCtx: PersonalDataContext = { em: ctx.em, principal: ctx.principal, requestId: ctx.requestId, now: ctx.now(), settings: ctx.settings };
  const sections: ExportSection[] = [];
  for (const handler of ctx.contributions.personalData) sections.push(...(await handler.export(handlerCtx, { customerId, email: subject.email })));
  const version = await currentNoticeVersion(ctx.em);
  const notice = await getPrivacyNotice(ctx.em, 'en', version);
  return {
    format: 'rekisteri-export/1',
    generatedAt: ctx.now().toISOString(),
    controller: { name: notice?.controller.name ?? 'Potero Oy', businessId: notice?.controller.businessId ?? '', contact: notice?.controller.contact ?? '' },
    customerId,
    privacyStatementVersion: version,
    sections,
  };
}

/** Storefront: the signed-in customer downloads their data; recorded as a completed ACCESS request. */
export async function exportMyData(ctx: RequestContext, customerId: string): Promise<DataExport> {
  const data = await buildExport(ctx, customerId);
  const request = openStorefrontRequest(ctx, customerId, PrivacyRequestType.ACCESS);
  markCompleted(ctx, request, { format: data.format, sections: data.sections.length });
  await ctx.em.flush();
  return data;
}

/** Admin panel: the privacy officer answers a verified written ACCESS request. */
export async function exportOnRequest(ctx: RequestContext, requestId: string): Promise<DataExport> {
  const request = await requireOpenRequest(ctx, requestId, PrivacyRequestType.ACCESS);
  const data = await buildExport(ctx, request.customerId);
  markCompleted(ctx, request, { format: data.format, sections: data.sections.length });
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: ctx.now(), operation: 'exportCustomerData' }, request.customerId, ['export']);
  await ctx.em.flush();
  return data;
}
