import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword, requirePassword } from '../../core/auth/passwords';
import { STAFF_ROLES, type StaffRole } from '../../core/auth/principal';
import { isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { normaliseEmail, requireName } from '../../core/validation/validators';
import { revokeStaffSessions } from '../identity/identity.service';
import { StaffUser } from './staff-user.entity';
import type { StaffRoleEnum, StaffUserView } from './staff.types';
import { staffErrors } from './staff.errors';

function toView(user: StaffUser): StaffUserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles as StaffRoleEnum[],
    active: user.active,
    createdAt: user.createdAt,
    lastLoginAt: user.lastLoginAt,
  };
}

function requireRoles(field: string, roles: readonly string[]): StaffRole[] {
  if (roles.length === 0) throw badInput(field, 'Give at least one role');
  const unique = [...new Set(roles)];
  for (const role of unique) if (!STAFF_ROLES.includes(role as StaffRole)) throw badInput(field, `Unknown role ${role}`);
  return unique as StaffRole[];
}

/** Create a staff user: by an admin over the API, or by the operator CLI for the first admin. */
export async function createStaffUser(
  em: EntityManager,
  input: { email: string; displayName: string; password: string; roles: readonly string[] },
  now: Date,
): Promise<StaffUserView> {
  const user = em.create(StaffUser, {
    email: normaliseEmail('input.email', input.email),
    displayName: requireName('input.displayName', input.displayName),
    passwordHash: await hashPassword(requirePassword('input.password', input.password)),
    roles: requireRoles('input.roles', input.roles),
    createdAt: now,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw staffErrors.error('STAFF_EMAIL_TAKEN', { field: 'input.email' });
    }
    throw error;
  }
  return toView(user);
}

async function findStaff(ctx: RequestContext, id: string): Promise<StaffUser> {
  const user = isUuid(id) ? await ctx.em.findOne(StaffUser, { id }) : null;
  if (!user) throw notFound('staffId', 'Staff user');
  return user;
}

export async function listStaffUsers(ctx: RequestContext): Promise<StaffUserView[]> {
  return (await ctx.em.find(StaffUser, {}, { orderBy: { createdAt: 'asc', id: 'asc' } })).map(toView);
}

export async function setStaffRoles(ctx: RequestContext, staffId: string, roles: readonly string[]): Promise<StaffUserView> {
  const user = await findStaff(ctx, staffId);
  const next = requireRoles('roles', roles);
  if (ctx.principal.kind === 'STAFF' && ctx.principal.staffId === user.id && !next.includes('ADMIN')) {
    throw staffErrors.error('STAFF_SELF_LOCKOUT', { message: 'You cannot remove your own ADMIN role', field: 'roles' });
  }
  user.roles = next;
  await ctx.em.flush();
  return toView(user);
}

/** Deactivate a staff user: every session of theirs stops working on its next request. */
export async function deactivateStaffUser(ctx: RequestContext, staffId: string): Promise<StaffUserView> {
  const user = await findStaff(ctx, staffId);
  if (ctx.principal.kind === 'STAFF' && ctx.principal.staffId === user.id) {
    throw staffErrors.error('STAFF_SELF_LOCKOUT', { message: 'You cannot deactivate yourself', field: 'staffId' });
  }
  user.active = false;
  await revokeStaffSessions(ctx.em, user.id, ctx.now());
  await ctx.em.flush();
  return toView(user);
}
