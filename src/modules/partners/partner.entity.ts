import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';

export enum PartnerKindEnum {
  LOGISTICS = 'LOGISTICS',
  ACCOUNTING = 'ACCOUNTING',
  PAYMENT = 'PAYMENT',
  IT = 'IT',
}

registerEnumType(PartnerKindEnum, {
  name: 'PartnerKind',
  description: 'What a processor does for the controller (§7.4).',
  valuesConfig: {
    LOGISTICS: { description: 'Transport: delivers orders.' },
    ACCOUNTING: { description: 'Keeps the books.' },
    PAYMENT: { description: 'Handles payments.' },
    IT: { description: 'Runs IT services.' },
  },
});

/** A processor or recipient in the processor register (§7.2, §7.4). Only inside the EU/EEA (§7.6). */
@Entity({ tableName: 'partner' })
export class Partner {
  [OptionalProps]?: 'active' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: 'partner_name_unique' })
  name: string;

  @Enum({ items: () => PartnerKindEnum, nativeEnumName: 'partner_kind' })
  kind: PartnerKindEnum;

  /** ISO 3166-1 alpha-2, always an EU/EEA country (§7.6). */
  @Property({ type: 'character', length: 2 })
  countryCode: string;

  /** The data-processing agreement binding the partner (§7.2). */
  @Property({ type: 'text' })
  contractReference: string;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
