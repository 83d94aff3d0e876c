import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import { getPrivacyNotice } from './privacy-notice.service';
import { NoticeLanguageCode, PrivacyNoticeView } from './privacy-notice.types';

@Resolver(() => PrivacyNoticeView)
export class PrivacyNoticeResolver {
  @Query(() => PrivacyNoticeView, { description: 'The privacy statement in force (or a given version), as structured data. Public.' })
  async privacyNotice(
    @Ctx() ctx: RequestContext,
    @Arg('language', () => NoticeLanguageCode, { defaultValue: NoticeLanguageCode.FI, description: 'FI (original) or EN.' })
    language: NoticeLanguageCode,
    @Arg('version', () => String, { nullable: true, description: 'A published version; the one in force when omitted.' })
    version: string | null,
  ): Promise<PrivacyNoticeView> {
    const notice = await getPrivacyNotice(ctx.em, language, version);
    if (!notice) throw notFound('version', 'Privacy statement version');
    return notice as PrivacyNoticeView;
  }
}
