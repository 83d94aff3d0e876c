import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum PrincipalKind {
  ANONYMOUS = 'ANONYMOUS',
  CUSTOMER = 'CUSTOMER',
  STAFF = 'STAFF',
  PARTNER = 'PARTNER',
}

registerEnumType(PrincipalKind, { name: 'PrincipalKind', description: 'What kind of caller a request was made by.' });

@ObjectType({ description: 'A new session. Send the token as `Authorization: Bearer <token>`; it is shown only this once.' })
export class SessionPayload {
  @Field({ description: 'The bearer token (rks_…).' }) token: string;
  @Field(() => Date, { description: 'When the session ends unless logged out earlier.' }) expiresAt: Date;
  @Field(() => ID, { nullable: true, description: 'The signed-in customer, for storefront sessions.' }) customerId: string | null;
  @Field(() => ID, { nullable: true, description: 'The signed-in staff user, for admin-panel sessions.' }) staffId: string | null;
}

@ObjectType({ description: 'Who the current request is made by, and what it may do.' })
export class Viewer {
  @Field(() => PrincipalKind, { description: 'Anonymous, customer, staff or partner.' }) kind: PrincipalKind;
  @Field(() => ID, { nullable: true, description: 'The customer, when a customer is signed in.' }) customerId: string | null;
  @Field(() => ID, { nullable: true, description: 'The staff user, when staff is signed in.' }) staffId: string | null;
  @Field(() => ID, { nullable: true, description: 'The partner, when a partner token is used.' }) partnerId: string | null;
  @Field(() => [String], { description: 'Staff roles held (empty for others).' }) roles: string[];
  @Field(() => [String], { description: 'Partner token scopes held (empty for others).' }) scopes: string[];
}
