import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { execute } from '../../core/db/sql';

/**
 * §9.2 "audit you can trust" (issue 10): walk the audit chain the database
 * builds (migration 20261201212645, trigger audit_entry_chain) and report the
 * first broken link. Every row's hash is recomputed from its content and its
 * predecessor's hash, in chain order:
 * - CONTENT_CHANGED: a row was UPDATEd (its content no longer matches its hash),
 *   or inserted with the trigger disabled and a made-up hash;
 * - ENTRY_MISSING: a row was DELETEd (the chain numbers jump);
 * - LINK_BROKEN: a row does not point at the hash of the row before it;
 * - OUT_OF_ORDER: a row is dated before its predecessor (a back-dated insert:
 *   the database clock stamps every genuine row, in chain order).
 * The head hash is what an operator records elsewhere (a ticket, a daily
 * e-mail) so that even a rewrite of the whole chain by the table owner shows.
 */
export enum AuditChainProblem {
  CONTENT_CHANGED = 'CONTENT_CHANGED',
  ENTRY_MISSING = 'ENTRY_MISSING',
  LINK_BROKEN = 'LINK_BROKEN',
  OUT_OF_ORDER = 'OUT_OF_ORDER',
}

registerEnumType(AuditChainProblem, {
  name: 'AuditChainProblem',
  description: 'How the audit chain is broken at the first broken link (§9.2).',
  valuesConfig: {
    CONTENT_CHANGED: { description: 'The entry’s content no longer matches its hash: it was changed, or forged with the trigger off.' },
    ENTRY_MISSING: { description: 'Chain numbers jump here: an entry before this one was deleted.' },
    LINK_BROKEN: { description: 'The entry does not point at the hash of the entry before it.' },
    OUT_OF_ORDER: { description: 'The entry is dated before the one before it: a back-dated insert.' },
  },
});

@ObjectType('AuditTrailVerification', { description: 'Result of checking the tamper-evident audit chain end to end (§9.2).' })
export class AuditTrailVerification {
  @Field({ description: 'True when every entry is intact and linked to the one before it.' }) ok: boolean;
  @Field(() => Int, { description: 'How many entries were checked.' }) checkedEntries: number;
  @Field(() => String, { nullable: true, description: 'Hash of the newest entry (hex): record it elsewhere to detect a rewrite of the whole chain.' })
  headHash: string | null;
  @Field(() => ID, { nullable: true, description: 'Id of the first entry where the chain is broken.' }) firstBrokenEntryId: string | null;
  @Field(() => String, { nullable: true, description: 'Chain position of the first broken entry.' }) firstBrokenChainSeq: string | null;
  @Field(() => AuditChainProblem, { nullable: true, description: 'What is wrong there.' }) problem: AuditChainProblem | null;
  @Field({ description: 'Whether the triggers that chain new entries and refuse changes are enabled right now.' }) triggersEnabled: boolean;
}

export async function verifyAuditChain(em: EntityManager): Promise<AuditTrailVerification> {
  const [broken] = await execute<{ id: string; chain_seq: string; problem: AuditChainProblem }>(
    em,
    `with c as (
       select id, chain_seq, occurred_at, prev_hash, row_hash,
         audit_entry_hash(prev_hash, chain_seq, occurred_at, request_id, principal_kind::text, principal_id,
                          customer_id, action::text, fields, purpose, operation, subject_request_id) as recomputed,
         lag(row_hash) over w as expected_prev, lag(chain_seq) over w as prev_seq, lag(occurred_at) over w as prev_at
       from audit_entry window w as (order by chain_seq)
     ), judged as (
       select id, chain_seq, case
         when row_hash is null or recomputed <> row_hash then 'CONTENT_CHANGED'
         when chain_seq <> coalesce(prev_seq, 0) + 1 then 'ENTRY_MISSING'
         when prev_hash is distinct from expected_prev then 'LINK_BROKEN'
         when prev_at is not null and occurred_at < prev_at then 'OUT_OF_ORDER'
       end as problem from c
     )
     select id::text as id, chain_seq::text as chain_seq, problem from judged where problem is not null order by chain_seq limit 1`,
  );
  const [summary] = await execute<{ count: string; head: string | null; triggers: string }>(
    em,
    `select (select count(*) from audit_entry) as count,
       (select encode(row_hash, 'hex') from audit_entry order by chain_seq desc limit 1) as head,
       (select count(*) from pg_trigger where tgrelid = 'audit_entry'::regclass and tgenabled <> 'D'
          and tgname in ('audit_entry_chain', 'audit_entry_append_only', 'audit_entry_no_truncate')) as triggers`,
  );
  return {
    ok: !broken,
    checkedEntries: Number(summary.count),
    headHash: summary.head,
    firstBrokenEntryId: broken?.id ?? null,
    firstBrokenChainSeq: broken?.chain_seq ?? null,
    problem: broken?.problem ?? null,
    triggersEnabled: Number(summary.triggers) === 3,
  };
}
