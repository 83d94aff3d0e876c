import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

export enum StaffRoleEnum {
  CUSTOMER_SERVICE = 'CUSTOMER_SERVICE',
  MARKETING = 'MARKETING',
  ACCOUNTING = 'ACCOUNTING',
  PRIVACY_OFFICER = 'PRIVACY_OFFICER',
  ADMIN = 'ADMIN',
}

registerEnumType(StaffRoleEnum, {
  name: 'StaffRole',
  description: 'What a staff user may do (§9.2: data only to those who need it).',
  valuesConfig: {
    CUSTOMER_SERVICE: { description: 'Reads and corrects customer data, places and changes orders, records requests.' },
    MARKETING: { description: 'Sees only customers whose marketing consent is in force; never orders or billing.' },
    ACCOUNTING: { description: 'Orders and billing for bookkeeping; no consents or marketing data.' },
    PRIVACY_OFFICER: { description: 'Data-subject requests, restrictions, legal holds and the audit trail.' },
    ADMIN: { description: 'Manages staff users and partners; no customer data.' },
  },
});

@ObjectType('StaffUser', { description: 'A staff user of the admin panel.' })
export class StaffUserView {
  @Field(() => ID, { description: 'Stable id (UUID).' }) id: string;
  @Field({ description: 'Work e-mail: the login.' }) email: string;
  @Field({ description: 'Name shown in the admin panel.' }) displayName: string;
  @Field(() => [StaffRoleEnum], { description: 'Roles held.' }) roles: StaffRoleEnum[];
  @Field({ description: 'False once deactivated: sessions stop working at once.' }) active: boolean;
  @Field(() => Date, { description: 'When the user was created.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Last successful sign-in.' }) lastLoginAt: Date | null;
}

@InputType({ description: 'A new staff user.' })
export class CreateStaffUserInput {
  @Field({ description: 'Work e-mail: the login.' }) email: string;
  @Field({ description: 'Name shown in the admin panel.' }) displayName: string;
  @Field({ description: 'Initial password, 12–128 characters.' }) password: string;
  @Field(() => [StaffRoleEnum], { description: 'At least one role.' }) roles: StaffRoleEnum[];
}
