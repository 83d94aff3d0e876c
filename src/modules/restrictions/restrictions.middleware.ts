import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { hasRole } from '../../core/auth/principal';
import type { RequestContext } from '../../core/graphql/context';
import { AppError } from '../../core/graphql/errors';
import { RESTRICTABLE_FIELDS } from './restrictions.types';

/**
 * §8.11: while data is disputed it is only stored. Staff other than the
 * privacy officer see a restricted field as RESTRICTED (null with that code at
 * its path), not its value; the customer still sees their own data.
 */
/** A whole restriction also covers the orders, which repeat name, address and contact data. */
const WHOLE_ONLY = ['orders'];

export const enforceRestrictions: IMiddlewareTypeMap<{ restrictedFields?: string[] | null }, RequestContext> = {
  Customer: Object.fromEntries(
    [...RESTRICTABLE_FIELDS, ...WHOLE_ONLY].map((field) => [
      field,
      (resolve, parent, args, ctx, info) => {
        const restricted = parent.restrictedFields;
        if (restricted && (restricted.includes('*') || restricted.includes(field)) && ctx.principal.kind !== 'CUSTOMER' && !hasRole(ctx.principal, 'PRIVACY_OFFICER')) {
          throw new AppError('RESTRICTED', 'Processing of this data is restricted while it is disputed (§8.11)');
        }
        return resolve(parent, args, ctx, info);
      },
    ]),
  ),
};
