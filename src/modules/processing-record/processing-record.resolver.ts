import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import type { RecordOfProcessing } from '../../core/personal-data/record-of-processing';
import { recordOfProcessing } from './processing-record.service';

@Resolver()
export class ProcessingRecordResolver {
  @Query(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'GDPR Art 30(1) record of processing, generated from the personal-data map and the processor register: categories of data subjects and data, purposes, legal bases, recipients by kind, the EU/EEA-only rule (§7.6), retention per category and the security measures.',
  })
  recordOfProcessing(@Ctx() ctx: RequestContext): Promise<RecordOfProcessing> {
    return recordOfProcessing(ctx);
  }
}
