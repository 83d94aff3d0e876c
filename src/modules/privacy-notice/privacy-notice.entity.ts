import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { PrivacyNoticeContent } from './privacy-notice.content';

/**
 * A published version of the privacy statement (§1, §11.1), in the Finnish
 * original and the English rendering. Consents point at the version they were
 * given under. Published versions are never edited: a change is a new row.
 */
@Entity({ tableName: 'privacy_notice' })
export class PrivacyNotice {
  /** The statement's date as its version, e.g. "2020-12-01". */
  @PrimaryKey({ type: 'text' })
  version: string;

  @Property({ type: 'date' })
  publishedOn: string;

  @Property({ type: 'json' })
  contentFi: PrivacyNoticeContent;

  @Property({ type: 'json' })
  contentEn: PrivacyNoticeContent;
}
