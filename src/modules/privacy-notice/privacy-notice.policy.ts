import { everyone } from '../../core/auth/rules';
import type { PolicyMap } from '../../core/auth/policy';

/** The statement is public (§1): anyone may read it, signed in or not. */
export const privacyNoticePolicy: PolicyMap = {
  Query: { privacyNotice: everyone },
  PrivacyNotice: everyone,
  NoticeController: everyone,
  NoticeRegister: everyone,
  NoticePurpose: everyone,
  NoticeDataCategory: everyone,
  NoticeRetentionRule: everyone,
  NoticeRecipient: everyone,
  NoticeRight: everyone,
  NoticeSource: everyone,
  NoticeCookieCategory: everyone,
  NoticeClause: everyone,
};
