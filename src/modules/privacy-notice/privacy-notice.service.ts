import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../core/graphql/errors';
import { PRIVACY_NOTICES, type NoticeLanguage, type PrivacyNoticeContent } from './privacy-notice.content';
import { PrivacyNotice } from './privacy-notice.entity';

/**
 * Make sure every statement version shipped with the code is in the database
 * (§11.1). Versions already there are left untouched: a published statement
 * is never edited, a change is a new version.
 */
export async function ensurePrivacyNotices(em: EntityManager): Promise<void> {
  const byVersion = new Map<string, { fi?: PrivacyNoticeContent; en?: PrivacyNoticeContent }>();
  for (const notice of PRIVACY_NOTICES) {
    byVersion.set(notice.version, { ...byVersion.get(notice.version), [notice.language]: notice });
  }
  for (const [version, { fi, en }] of byVersion) {
    if (!fi || !en) throw new Error(`Privacy statement ${version} must ship in Finnish and English`);
    await em
      .getConnection()
      .execute('insert into privacy_notice (version, published_on, content_fi, content_en) values (?, ?, ?, ?) on conflict (version) do nothing', [
        version,
        fi.publishedOn,
        JSON.stringify(fi),
        JSON.stringify(en),
      ]);
  }
}

/** The version in force: the newest published one. */
export async function currentNoticeVersion(em: EntityManager): Promise<string> {
  const [row] = await em.getConnection().execute<{ version: string }[]>('select version from privacy_notice where published_on <= current_date order by published_on desc limit 1');
  if (!row) throw new Error('No privacy statement has been published');
  return row.version;
}

/** Resolve the version a client says it showed; unknown versions are refused. */
export async function requireNoticeVersion(em: EntityManager, field: string, version: string | null | undefined): Promise<string> {
  if (version === null || version === undefined) return currentNoticeVersion(em);
  const found = await em.findOne(PrivacyNotice, { version }, { fields: ['version'] });
  if (!found) throw badInput(field, `No privacy statement version "${version}"`);
  return found.version;
}

export async function getPrivacyNotice(em: EntityManager, language: NoticeLanguage, version: string | null): Promise<PrivacyNoticeContent | null> {
  const [row] = await em.getConnection().execute<{ content: PrivacyNoticeContent }[]>(
    `select ${language === 'fi' ? 'content_fi' : 'content_en'} as content from privacy_notice
     where (?::text is null or version = ?) and published_on <= current_date order by published_on desc limit 1`,
    [version, version],
  );
  return row?.content ?? null;
}
