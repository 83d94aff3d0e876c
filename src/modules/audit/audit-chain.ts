import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { execute } from '../../core/db/sql';
import { badInput } from '../../core/graphql/errors';

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
 * - ANCHOR_MISMATCH: the entry at a recorded anchor's position no longer has
 *   the recorded hash, or is gone.
 *
 * The chain is unkeyed: the owner of the table can disable the triggers and
 * recompute every hash, and the chain alone then verifies. So the verification
 * reports an anchor, `<head hash>:<chain position>`, that the operator records
 * OUTSIDE the database (a ticket, a signed daily e-mail, a write-once bucket);
 * a later verification given that anchor checks that the entry at that
 * position still carries that hash. A rewrite of any entry at or before it —
 * even with every later hash recomputed — or a cut of the chain shows then.
 */
export enum AuditChainProblem {
  CONTENT_CHANGED = 'CONTENT_CHANGED',
  ENTRY_MISSING = 'ENTRY_MISSING',
  LINK_BROKEN = 'LINK_BROKEN',
  OUT_OF_ORDER = 'OUT_OF_ORDER',
  ANCHOR_MISMATCH = 'ANCHOR_MISMATCH',
}

registerEnumType(AuditChainProblem, {
  name: 'AuditChainProblem',
  description: 'How the audit chain is broken at the first broken link (§9.2).',
  valuesConfig: {
    CONTENT_CHANGED: { description: 'The entry’s content no longer matches its hash: it was changed, or forged with the trigger off.' },
    ENTRY_MISSING: { description: 'Chain numbers jump here: an entry before this one was deleted.' },
    LINK_BROKEN: { description: 'The entry does not point at the hash of the entry before it.' },
    OUT_OF_ORDER: { description: 'The entry is dated before the one before it: a back-dated insert.' },
    ANCHOR_MISMATCH: {
      description: 'The entry at the position of the anchor recorded earlier no longer has that hash, or is gone: the chain was rewritten or cut.',
    },
  },
});

@ObjectType('AuditTrailVerification', { description: 'Result of checking the tamper-evident audit chain end to end (§9.2).' })
export class AuditTrailVerification {
  @Field({ description: 'True when every entry is intact and linked to the one before it.' }) ok: boolean;
  @Field(() => Int, { description: 'How many entries were checked.' }) checkedEntries: number;
  @Field(() => String, { nullable: true, description: 'Hash of the newest entry (hex): record it elsewhere to detect a rewrite of the whole chain.' })
  headHash: string | null;
  @Field(() => String, { nullable: true, description: 'Chain position of the newest entry (equals checkedEntries while nothing was deleted).' })
  headChainSeq: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The anchor to record outside the database: `<headHash>:<headChainSeq>`. Pass it to a later verification as `anchor`.',
  })
  anchor: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'With an anchor given: whether the entry at its position still has its hash. Null when no anchor was given.',
  })
  anchorMatches: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Id of the first entry where the chain is broken.' }) firstBrokenEntryId: string | null;
  @Field(() => String, { nullable: true, description: 'Chain position of the first broken entry.' }) firstBrokenChainSeq: string | null;
  @Field(() => AuditChainProblem, { nullable: true, description: 'What is wrong there.' }) problem: AuditChainProblem | null;
  @Field({ description: 'Whether the triggers that chain new entries and refuse changes are enabled right now.' }) triggersEnabled: boolean;
}

/** A head hash and chain position recorded earlier, outside the database. */
export interface AuditAnchor {
  hash: string;
  chainSeq: string;
}

const ANCHOR = /^([0-9a-f]{64}):([1-9][0-9]{0,17})$/;

/** `<64 hex digits>:<chain position>`, as `anchor` of a verification printed it; BAD_USER_INPUT otherwise. */
export function parseAuditAnchor(field: string, raw: string): AuditAnchor {
  const match = ANCHOR.exec(raw.trim().toLowerCase());
  if (!match) throw badInput(field, 'An anchor is <head hash (64 hex digits)>:<chain position>, as a verification printed it');
  return { hash: match[1], chainSeq: match[2] };
}

export async function verifyAuditChain(em: EntityManager, anchor?: AuditAnchor): Promise<AuditTrailVerification> {
  const [broken] = await execute<{ id: string; chain_seq: string; problem: AuditChainProblem }>(
    em,
    `with c as (
       select id, chain_seq, occurred_at, prev_hash, row_hash,
         audit_entry_hash(prev_hash, chain_seq, occurred_at, request_id, principal_kind::text, principal_id,
                          customer_id, action::text, fields, purpose, operation, subject_request_id, customer_ids) as recomputed,
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
  const [summary] = await execute<{ count: string; head: string | null; head_seq: string | null; triggers: string }>(
    em,
    `select (select count(*) from audit_entry) as count,
       (select encode(row_hash, 'hex') from audit_entry order by chain_seq desc limit 1) as head,
       (select chain_seq::text from audit_entry order by chain_seq desc limit 1) as head_seq,
       (select count(*) from pg_trigger where tgrelid = 'audit_entry'::regclass and tgenabled <> 'D'
          and tgname in ('audit_entry_chain', 'audit_entry_append_only', 'audit_entry_no_truncate')) as triggers`,
  );
  let anchorMatches: boolean | null = null;
  let anchored: { id: string } | undefined;
  if (anchor) {
    [anchored] = await execute<{ id: string }>(em, `select id::text as id from audit_entry where chain_seq = ?::bigint and row_hash = decode(?, 'hex')`, [
      anchor.chainSeq,
      anchor.hash,
    ]);
    anchorMatches = anchored !== undefined;
  }
  // A broken link inside the chain is reported first; an intact chain that lost its anchor was rewritten whole.
  const anchorBroken = !broken && anchorMatches === false;
  return {
    ok: !broken && anchorMatches !== false,
    checkedEntries: Number(summary.count),
    headHash: summary.head,
    headChainSeq: summary.head_seq,
    anchor: summary.head && summary.head_seq ? `${summary.head}:${summary.head_seq}` : null,
    anchorMatches,
    firstBrokenEntryId: broken?.id ?? null,
    firstBrokenChainSeq: broken?.chain_seq ?? (anchorBroken ? anchor!.chainSeq : null),
    problem: broken?.problem ?? (anchorBroken ? AuditChainProblem.ANCHOR_MISMATCH : null),
    triggersEnabled: Number(summary.triggers) === 3,
  };
}
