import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { createStaffUser, deactivateStaffUser, listStaffUsers, setStaffRoles } from './staff.service';
import { CreateStaffUserInput, StaffRoleEnum, StaffUserView } from './staff.types';

@Resolver(() => StaffUserView)
export class StaffResolver {
  @Query(() => [StaffUserView], { nullable: true, description: 'All staff users (admins).' })
  staffUsers(@Ctx() ctx: RequestContext): Promise<StaffUserView[]> {
    return listStaffUsers(ctx);
  }

  @Mutation(() => StaffUserView, { nullable: true, description: 'Create a staff user with per-user credentials (§9.3).' })
  createStaffUser(@Ctx() ctx: RequestContext, @Arg('input', () => CreateStaffUserInput) input: CreateStaffUserInput): Promise<StaffUserView> {
    return createStaffUser(ctx.em, input, ctx.now());
  }

  @Mutation(() => StaffUserView, { nullable: true, description: "Replace a staff user's roles." })
  setStaffRoles(
    @Ctx() ctx: RequestContext,
    @Arg('staffId', () => ID, { description: 'The staff user.' }) staffId: string,
    @Arg('roles', () => [StaffRoleEnum], { description: 'The roles to hold from now on.' }) roles: StaffRoleEnum[],
  ): Promise<StaffUserView> {
    return setStaffRoles(ctx, staffId, roles);
  }

  @Mutation(() => StaffUserView, { nullable: true, description: 'Deactivate a staff user; their sessions end at once.' })
  deactivateStaffUser(@Ctx() ctx: RequestContext, @Arg('staffId', () => ID, { description: 'The staff user.' }) staffId: string): Promise<StaffUserView> {
    return deactivateStaffUser(ctx, staffId);
  }
}
