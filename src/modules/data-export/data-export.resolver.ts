import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { signedInCustomerId } from '../../core/auth/principal';
import type { RequestContext } from '../../core/graphql/context';
import { exportMyData, exportOnRequest, type AwaitingExport, type DataExport } from './data-export.service';

@Resolver()
export class DataExportResolver {
  @Mutation(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Storefront: everything held about you, machine-readable (§8.1): data, sources (§6), purposes and legal bases (§3, §5), retention (§4), recipients (§7). ' +
      'Needs the password within the last few minutes (reauthenticate) and a confirmation from the account’s mailbox (§8.5): the first call answers ' +
      '{ status: "AWAITING_VERIFICATION", requestId, dueDate, sentTo, message } and sends a single-use link; once the link is opened, the next call answers ' +
      'the export itself (format "rekisteri-export/1") and completes the request.',
  })
  exportMyData(@Ctx() ctx: RequestContext): Promise<DataExport | AwaitingExport> {
    return exportMyData(ctx, signedInCustomerId(ctx.principal));
  }

  @Mutation(() => GraphQLJSONObject, { nullable: true, description: 'Answer a verified ACCESS request with the full export (§8.1); completes the request.' })
  exportCustomerData(@Ctx() ctx: RequestContext, @Arg('requestId', () => ID, { description: 'A verified ACCESS request.' }) requestId: string): Promise<DataExport> {
    return exportOnRequest(ctx, requestId);
  }
}
