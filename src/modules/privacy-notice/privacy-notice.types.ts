import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum NoticeLanguageCode {
  FI = 'fi',
  EN = 'en',
}

registerEnumType(NoticeLanguageCode, {
  name: 'NoticeLanguage',
  description: 'Language of the privacy statement. FI is the original; EN is a rendering of it.',
  valuesConfig: { FI: { description: 'Finnish, the authoritative original.' }, EN: { description: 'English rendering.' } },
});

@ObjectType({ description: 'The controller of the registers (§1.1).' })
export class NoticeController {
  @Field({ description: 'Company name.' }) name: string;
  @Field({ description: 'Finnish business id (Y-tunnus).' }) businessId: string;
  @Field({ description: 'Postal address.' }) address: string;
  @Field({ description: 'Where privacy requests go (§8).' }) contact: string;
  @Field({ description: 'The person responsible for the register and how to reach them.' }) dataProtectionContact: string;
}

@ObjectType({ description: 'A personal-data register the controller keeps (§2).' })
export class NoticeRegister {
  @Field({ description: 'Stable code, e.g. WEBSHOP_USERS.' }) code: string;
  @Field({ description: 'Name of the register.' }) name: string;
  @Field({ description: 'What it holds.' }) description: string;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'A purpose the data is processed for (§3.2), with its legal basis (§5).' })
export class NoticePurpose {
  @Field({ description: 'Stable code, e.g. TARGETED_MARKETING.' }) code: string;
  @Field({ description: 'The purpose.' }) description: string;
  @Field({ description: 'The legal basis of processing for this purpose.' }) legalBasis: string;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'A category of personal data kept (§4.1).' })
export class NoticeDataCategory {
  @Field({ description: 'Stable code, e.g. EMAIL.' }) code: string;
  @Field({ description: 'Name of the category.' }) name: string;
  @Field({ description: 'What it covers.' }) description: string;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'How long data is kept (§4.2, §4.3, §8.9).' })
export class NoticeRetentionRule {
  @Field({ description: 'Stable code, e.g. BOOKKEEPING_TEN_YEARS.' }) code: string;
  @Field(() => [String], { description: 'Data category codes the rule applies to.' }) appliesTo: string[];
  @Field({ description: 'The rule in words.' }) description: string;
  @Field({ description: 'The period in words.' }) period: string;
  @Field(() => Int, { nullable: true, description: 'The period in months, when it is a fixed period.' }) periodMonths: number | null;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'Who processes or receives the data (§7).' })
export class NoticeRecipient {
  @Field({ description: 'Stable code, e.g. LOGISTICS_PARTNERS.' }) code: string;
  @Field({ description: 'Name of the recipient group.' }) name: string;
  @Field({ description: 'What they receive and why.' }) description: string;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'A right of the data subject (§8).' })
export class NoticeRight {
  @Field({ description: 'Stable code, e.g. ERASURE.' }) code: string;
  @Field({ description: 'Name of the right.' }) name: string;
  @Field({ description: 'What it means.' }) description: string;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'A regular source of data (§6).' })
export class NoticeSource {
  @Field({ description: 'Stable code; the same values as the DataSource enum.' }) code: string;
  @Field({ description: 'Name of the source.' }) name: string;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'A category of cookies (§10).' })
export class NoticeCookieCategory {
  @Field({ description: 'Stable code, e.g. STATISTICS.' }) code: string;
  @Field({ description: 'Name of the category.' }) name: string;
  @Field({ description: 'What the cookies do.' }) description: string;
  @Field({ description: 'Whether the visitor must consent before these cookies are set.' }) requiresConsent: boolean;
  @Field(() => [String], { description: 'Clause ids of the statement.' }) clauses: string[];
}

@ObjectType({ description: 'One clause of the statement with its text.' })
export class NoticeClause {
  @Field({ description: 'Clause id, e.g. §8.9.' }) id: string;
  @Field({ description: 'The clause text in the requested language.' }) text: string;
}

@ObjectType('PrivacyNotice', { description: 'The privacy statement as structured data (§1–§11). Public.' })
export class PrivacyNoticeView {
  @Field({ description: 'Version of the statement (its date, ISO).' }) version: string;
  @Field(() => NoticeLanguageCode, { description: 'Language of this rendering.' }) language: NoticeLanguageCode;
  @Field({ description: 'Date of publication (ISO).' }) publishedOn: string;
  @Field({ description: 'Title of the statement.' }) title: string;
  @Field({ description: 'The laws the statement is made under.' }) legalFrame: string;
  @Field(() => NoticeController, { description: 'The controller (§1).' }) controller: NoticeController;
  @Field({ description: 'How to exercise the rights: in writing, identity check, deadline (§8).' }) howToExercise: string;
  @Field({ description: 'Whether data leaves the EU/EEA (§7.6).' }) transfersOutsideEea: boolean;
  @Field({ description: 'Whether data is used for automated decisions or profiling (§3.3).' }) automatedDecisionMaking: boolean;
  @Field(() => [NoticeRegister], { description: 'Registers kept (§2).' }) registers: NoticeRegister[];
  @Field(() => [NoticePurpose], { description: 'Purposes and legal bases (§3, §5).' }) purposes: NoticePurpose[];
  @Field(() => [NoticeDataCategory], { description: 'Categories of data (§4.1).' }) dataCategories: NoticeDataCategory[];
  @Field(() => [NoticeRetentionRule], { description: 'Retention rules (§4.2, §4.3, §8.9).' }) retentionRules: NoticeRetentionRule[];
  @Field(() => [NoticeRecipient], { description: 'Processors and recipients (§7).' }) recipients: NoticeRecipient[];
  @Field(() => [NoticeRight], { description: 'Rights of the data subject (§8).' }) rights: NoticeRight[];
  @Field(() => [NoticeSource], { description: 'Regular sources of data (§6).' }) sources: NoticeSource[];
  @Field(() => [NoticeCookieCategory], { description: 'Cookie categories (§10).' }) cookies: NoticeCookieCategory[];
  @Field(() => [String], { description: 'Security measures (§9).' }) security: string[];
  @Field(() => [NoticeClause], { description: 'Every clause with its text.' }) clauses: NoticeClause[];
}
