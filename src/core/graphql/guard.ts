import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type OperationDefinitionNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { getMetadataStorage } from 'type-graphql';
import { ALLOW, REFUSE, principalKey, type AccessCompiler, type DecisionTable, type ObjectCheck } from '../auth/access';
import type { Principal } from '../auth/principal';
import { refusalError } from '../auth/rules';
import { deliverRows, type PersonalDataViews, type ReadGuard, type RowCheck, type SelectedField } from '../personal-data/read-guard';
import type { RequestContext } from './context';

/*
 * The served schema's one hook per field: a synchronous array read of the
 * decision compiled for this request's role set (access.ts). Allowed fields
 * then resolve exactly as without permissions: graphql-js keeps its
 * synchronous path, no promise is made per field. Refused fields return the
 * refusal error as their value, which graphql-js answers as null with the
 * error at the path, the rest of the response intact, as shield did.
 *
 * Fields that hand out rows of personal data (Customer, Order, DeliveryOrder,
 * …) pass them through the read guard once per row: restriction (§8.11) and
 * the marketing channel rule mask columns, and the read audit (§9.2) notes
 * the row's selected coordinates from the document plan.
 */

/** Per request: the decisions for its principal and the plan for its document. */
export interface RequestAccess {
  principal: Principal;
  table: DecisionTable;
  plan: DocumentPlan;
  guard: ReadGuard;
  /** What this role set's rows carry checked (compilationVariant): those fields' object checks ran when their row was handed out. */
  rows: RowChecking;
}

/**
 * For one role set: the coordinates whose object check (a customer's own data) runs once per row
 * when the row is handed out, not per field, and the types whose rows therefore pass the checks.
 */
export interface RowChecking {
  /** By coordinate id: 1 when the check runs at the row's delivery. */
  checkedAtDelivery: Uint8Array;
  /** Object types with such coordinates: every field returning one of them checks its rows. */
  types: ReadonlySet<string>;
}

/**
 * What is known of one validated document for one role set: the coordinates
 * it selects on each personal-data type below a given field (for the audit),
 * computed once and kept in a bounded LRU.
 */
export class DocumentPlan {
  private readonly selections: NodeCache<readonly SelectedField[]> = new Map();
  private readonly rowChecks: NodeCache<readonly RowCheck[]> = new Map();
  private selected: Set<string> | null = null;
  private readonly fieldsByType = new Map<string, string[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    readonly operation: OperationDefinitionNode,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
  ) {}

  /** Whether the document selects Type.field anywhere: loaders use it to fetch a nested level in the same statement. */
  selects(coordinate: string): boolean {
    return this.coordinates().has(coordinate);
  }

  /** The fields the document selects on a type anywhere (loaders select only their columns). */
  fieldsOn(typeName: string): string[] {
    let fields = this.fieldsByType.get(typeName);
    if (!fields) {
      const prefix = `${typeName}.`;
      fields = [...this.coordinates()].filter((coordinate) => coordinate.startsWith(prefix)).map((coordinate) => coordinate.slice(prefix.length));
      this.fieldsByType.set(typeName, fields);
    }
    return fields;
  }

  private coordinates(): Set<string> {
    if (!this.selected) {
      const selected = new Set<string>();
      const typeInfo = new TypeInfo(this.schema);
      const visitor = visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent) selected.add(`${parent.name}.${node.name.value}`);
        },
      });
      visit(this.operation, visitor);
      for (const fragment of Object.values(this.fragments)) visit(fragment, visitor);
      this.selected = selected;
    }
    return this.selected;
  }

  /**
   * What the audit notes for each row handed out under these field nodes: the
   * fields selected on `typeName` (fragments expanded) that this role set is
   * not refused, with their coordinates. Computed once per list of field nodes.
   */
  selectionOn(fieldNodes: readonly FieldNode[], typeName: string, access: { table: DecisionTable; idOf: ReadonlyMap<string, number> }): readonly SelectedField[] {
    return cachedFor(this.selections, fieldNodes, () => {
      const list: SelectedField[] = [];
      for (const field of this.fieldsUnder(fieldNodes, typeName)) {
        const coordinate = `${typeName}.${field}`;
        if (access.table[access.idOf.get(coordinate) ?? -1] !== REFUSE) list.push({ field, coordinate });
      }
      return list;
    });
  }

  /**
   * The object checks to run on each row handed out under these field nodes: the fields selected
   * on `typeName` whose check runs at delivery for this role set, grouped by check (a type's
   * fields mostly share one: the customer's own data). Computed once per list of field nodes.
   */
  rowChecksOn(fieldNodes: readonly FieldNode[], typeName: string, access: { table: DecisionTable; idOf: ReadonlyMap<string, number>; rows: RowChecking }): readonly RowCheck[] {
    return cachedFor(this.rowChecks, fieldNodes, () => {
      const byCheck = new Map<ObjectCheck, string[]>();
      for (const field of this.fieldsUnder(fieldNodes, typeName)) {
        const id = access.idOf.get(`${typeName}.${field}`);
        if (id === undefined || access.rows.checkedAtDelivery[id] !== 1) continue;
        const check = access.table[id] as ObjectCheck;
        const fields = byCheck.get(check);
        if (fields) fields.push(field);
        else byCheck.set(check, [field]);
      }
      return [...byCheck].map(([check, fields]): RowCheck => ({ check, fields }));
    });
  }

  /** The field names selected on `typeName` under these (merged) field nodes, fragments expanded. */
  private fieldsUnder(fieldNodes: readonly FieldNode[], typeName: string): Set<string> {
    const names = new Set<string>();
    for (const node of fieldNodes) if (node.selectionSet) collectFields(node.selectionSet, typeName, this.fragments, names, new Set());
    return names;
  }
}

/**
 * Per-document results keyed by the merged field nodes of a field. The first node alone is not a
 * key: a named fragment's field node is the first of every place the fragment is spread, merged
 * with different siblings (`a: me { ...F }` and `b: me { ...F orders { totalCents } }` both start
 * with F's `orders`), so each list is compared node by node.
 */
type NodeCache<T> = Map<FieldNode, { nodes: readonly FieldNode[]; value: T }[]>;

function cachedFor<T>(cache: NodeCache<T>, fieldNodes: readonly FieldNode[], compute: () => T): T {
  const entries = cache.get(fieldNodes[0]);
  if (entries) {
    for (const entry of entries) {
      if (entry.nodes === fieldNodes || (entry.nodes.length === fieldNodes.length && entry.nodes.every((node, i) => node === fieldNodes[i]))) return entry.value;
    }
  }
  const value = compute();
  const entry = { nodes: fieldNodes, value };
  if (entries) entries.push(entry);
  else cache.set(fieldNodes[0], [entry]);
  return value;
}

function collectFields(set: SelectionSetNode, typeName: string, fragments: Record<string, FragmentDefinitionNode>, into: Set<string>, seen: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) into.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!selection.typeCondition || selection.typeCondition.name.value === typeName) collectFields(selection.selectionSet, typeName, fragments, into, seen);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment && !seen.has(fragment.name.value) && fragment.typeCondition.name.value === typeName) {
        seen.add(fragment.name.value);
        collectFields(fragment.selectionSet, typeName, fragments, into, seen);
      }
    }
  }
}

/**
 * Throws when a root field must not run: its arguments are malformed (ids,
 * control characters, lengths) or, for a mutation, carry §9.5 payment data.
 */
export type RootCheck = (field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, isMutation: boolean) => void;

export interface GuardOptions {
  compiler: AccessCompiler;
  views: PersonalDataViews;
  /** False for the principals the restrictions policy exempts (§8.11). */
  restrictionApplies(principal: Principal): boolean;
  /** Whose reads the audit notes (§9.2). */
  readsAreAudited(principal: Principal): boolean;
  /** Checks run before every Query and Mutation root field, after its permission. */
  rootCheck?: RootCheck;
}

/** Field coordinates that type-graphql resolves with a class method (everything else is a property read). */
function fieldResolverCoordinates(): Set<string> {
  const storage = getMetadataStorage();
  const typeNameOf = new Map<unknown, string>(storage.objectTypes.map((type) => [type.target, type.name]));
  const coordinates = new Set<string>();
  for (const resolver of storage.fieldResolvers) {
    const typeName = resolver.getObjectType ? typeNameOf.get(resolver.getObjectType()) : undefined;
    if (typeName) coordinates.add(`${typeName}.${resolver.schemaName}`);
  }
  return coordinates;
}

type DirectResolver = (source: unknown, args: unknown, ctx: RequestContext, info: GraphQLResolveInfo) => unknown;

/**
 * Field resolvers whose parameters are only @Root, @Ctx and @Info, and that
 * have no middleware or roles: called directly. type-graphql's own wrapper
 * copies the parent into an instance of its class on every call (convertToType,
 * ≈ 3% of the admin list's CPU for 800 calls a page) and sorts the parameters
 * each time; the views here are plain objects, so the copy buys nothing.
 */
function directFieldResolvers(): Map<string, DirectResolver> {
  const storage = getMetadataStorage();
  const typeNameOf = new Map<unknown, string>(storage.objectTypes.map((type) => [type.target, type.name]));
  const instances = new Map<unknown, Record<string, (...params: unknown[]) => unknown>>();
  const direct = new Map<string, DirectResolver>();
  for (const resolver of storage.fieldResolvers) {
    const typeName = resolver.getObjectType ? typeNameOf.get(resolver.getObjectType()) : undefined;
    if (!typeName || resolver.kind !== 'external' || (resolver.middlewares?.length ?? 0) > 0 || resolver.roles) continue;
    const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
    const kinds = params.map((param) => (param.kind === 'root' || param.kind === 'context' ? (param.propertyName ? 'other' : param.kind) : param.kind));
    if (!kinds.every((kind) => kind === 'root' || kind === 'context' || kind === 'info')) continue;
    const Target = resolver.target as new () => Record<string, (...params: unknown[]) => unknown>;
    let instance = instances.get(Target);
    if (!instance) {
      instance = new Target();
      instances.set(Target, instance);
    }
    const method = instance[resolver.methodName];
    if (typeof method !== 'function') continue;
    const self = instance;
    direct.set(
      `${typeName}.${resolver.schemaName}`,
      kinds.length === 2 && kinds[0] === 'root' && kinds[1] === 'context'
        ? (source, _args, ctx) => method.call(self, source, ctx)
        : (source, _args, ctx, info) =>
            method.apply(
              self,
              kinds.map((kind) => (kind === 'root' ? source : kind === 'context' ? ctx : info)),
            ),
    );
  }
  return direct;
}

/** Property name behind each plain field (schema name → class property), from type-graphql's metadata. */
function propertyNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const type of getMetadataStorage().objectTypes) for (const field of type.fields ?? []) names.set(`${type.name}.${field.schemaName}`, field.name);
  return names;
}

/**
 * What a compiled executor may leave out for one role set: the fields whose guard would only
 * read a property (compilationVariant).
 */
export interface CompilationVariant {
  /** The role set (principalKey): one compiled document per document and key. */
  key: string;
  fields: readonly GraphQLField<unknown, unknown>[];
}

/** A role set's variant with what its rows carry checked (the guard's part of it). */
interface GuardVariant extends CompilationVariant {
  rows: RowChecking;
}

const variantsBySchema = new WeakMap<GraphQLSchema, (principal: Principal) => GuardVariant>();

/**
 * The fields of a guarded schema that, for this principal's role set, need no resolver at all: the
 * field reads its own property, hands out no row of personal data (no read view, nothing masked by
 * its own resolver), and either
 *  - the policy says ALLOW as a constant, or
 *  - the field is a leaf whose policy is an object check (a customer's own data), on a type whose
 *    every row passes a guarded field: that field checks each row once and puts the refusal in
 *    place of the refused fields' values (RowChecking, deliverRow).
 * Restricted (§8.11) and channel-refused values are already errors in the row the same way, and a
 * field without a resolver answers an error value exactly as one whose resolver returns it.
 * Undefined for a schema the guard did not install.
 */
export function compilationVariant(schema: GraphQLSchema, principal: Principal): CompilationVariant | undefined {
  return variantsBySchema.get(schema)?.(principal);
}

/**
 * Runs a synchronous compilation with these fields' resolvers taken off, then puts them back.
 * Issue 9: graphql-jit reads property-only fields straight from the parent; for a field with a
 * resolver it builds, per value, three closures, the response path as linked objects, the resolve
 * info and an arguments object (a heap-sampling profile of the admin list: ≈ 13 MB allocated a
 * page, most of it there, and garbage collection a quarter of the server's CPU). Compilation does
 * not yield, so nothing else runs on the schema while the resolvers are off.
 */
export function withoutResolvers<T>(fields: readonly GraphQLField<unknown, unknown>[], compile: () => T): T {
  const saved = fields.map((field) => field.resolve);
  for (const field of fields) field.resolve = undefined;
  try {
    return compile();
  } finally {
    fields.forEach((field, i) => {
      field.resolve = saved[i];
    });
  }
}

const NO_CHECKS: readonly RowCheck[] = [];
const NO_SELECTION: readonly SelectedField[] = [];

/**
 * For each object type, the fields that hand out its rows (by named return type). A null entry means
 * the guard cannot check its rows as that type: the root types, and every type that implements an
 * interface or belongs to a union (a field returning the abstract type knows only that, and a
 * document may select the type's fields through a fragment on the abstract type, which the plan
 * does not expand). Such a type's fields keep their own checks.
 */
function rowSources(schema: GraphQLSchema): Map<string, (GraphQLField<unknown, unknown> | null)[]> {
  const sources = new Map<string, (GraphQLField<unknown, unknown> | null)[]>();
  const add = (typeName: string, field: GraphQLField<unknown, unknown> | null) => {
    const list = sources.get(typeName);
    if (list) list.push(field);
    else sources.set(typeName, [field]);
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) if (root) add(root.name, null);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isAbstractType(type)) {
      for (const possible of schema.getPossibleTypes(type)) add(possible.name, null);
      continue;
    }
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isObjectType(named)) add(named.name, field);
    }
  }
  return sources;
}

/** Installs the guard on every field of the schema's object types (in place) and returns the schema. */
export function guardSchema(schema: GraphQLSchema, options: GuardOptions): GraphQLSchema {
  const { compiler, views } = options;
  const plans = new LRUCache<string, DocumentPlan>({ max: 1000 });
  const advanced = fieldResolverCoordinates();
  const direct = directFieldResolvers();
  const properties = propertyNames();
  // Fields whose guard only reads `source[field.name]` once allowed, with their coordinate ids and types.
  const plainReads: { field: GraphQLField<unknown, unknown>; id: number; typeName: string; leaf: boolean }[] = [];
  // Which fields hand out rows of each object type (null: rows the guard cannot check as that type).
  const returning = rowSources(schema);
  const variants = new LRUCache<string, GuardVariant>({ max: 256 });
  const variantFor = (principal: Principal): GuardVariant => {
    const key = principalKey(principal);
    let variant = variants.get(key);
    if (!variant) {
      const table = compiler.tableFor(principal);
      const unguarded = plainReads.filter(({ id }) => table[id] === ALLOW);
      const unguardedFields = new Set(unguarded.map(({ field }) => field));
      // A type's rows are all checked when no field handing them out is left without its guard.
      const delivered = (typeName: string) => returning.get(typeName)?.every((field) => field !== null && !unguardedFields.has(field)) ?? false;
      const checked = plainReads.filter(({ id, typeName, leaf }) => leaf && typeof table[id] === 'function' && delivered(typeName));
      const checkedAtDelivery = new Uint8Array(compiler.index.idOf.size);
      for (const { id } of checked) checkedAtDelivery[id] = 1;
      variant = {
        key,
        fields: [...unguarded, ...checked].map(({ field }) => field),
        rows: { checkedAtDelivery, types: new Set(checked.map(({ typeName }) => typeName)) },
      };
      variants.set(key, variant);
    }
    return variant;
  };
  variantsBySchema.set(schema, variantFor);

  const attach = (ctx: RequestContext, info: GraphQLResolveInfo): RequestAccess => {
    const principal = ctx.principal;
    const body = info.operation.loc?.source.body;
    const key = body === undefined ? undefined : `${principalKey(principal)}\u0000${info.operation.name?.value ?? ''}\u0000${body}`;
    let plan = key === undefined ? undefined : plans.get(key);
    // Selections are cached per AST node: a document parsed anew (the server's document cache evicted it)
    // gets a fresh plan, so old nodes are never kept alive through it.
    if (!plan || plan.operation !== info.operation) {
      plan = new DocumentPlan(info.schema, info.operation, info.fragments);
      if (key !== undefined) plans.set(key, plan);
    }
    const table = compiler.tableFor(principal);
    const guard: ReadGuard = {
      principal,
      restrictionApplies: options.restrictionApplies(principal),
      audited: options.readsAreAudited(principal),
    };
    const access: RequestAccess = { principal, table, plan, guard, rows: variantFor(principal).rows };
    ctx.access = access;
    return access;
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isMutation = type === schema.getMutationType();
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const id = compiler.index.idOf.get(coordinate);
      if (id === undefined) throw new Error(`No coordinate id for ${coordinate}`);
      const isRoot = type === schema.getQueryType() || isMutation;
      const property = properties.get(coordinate) ?? field.name;
      // Plain fields read the property directly: type-graphql's generic resolver allocates per call.
      const original: GraphQLFieldResolver<unknown, RequestContext> =
        (!isRoot && direct.get(coordinate)) ||
        (isRoot || advanced.has(coordinate) || !field.resolve
          ? (field.resolve ?? ((source: unknown) => (source as Record<string, unknown>)[property]))
          : (source: unknown) => (source as Record<string, unknown>)[property]);
      const rootCheck = isRoot ? options.rootCheck : undefined;
      const inner: GraphQLFieldResolver<unknown, RequestContext> = rootCheck
        ? (source, args, ctx, info) => {
            rootCheck(field, args, isMutation);
            return original(source, args, ctx, info);
          }
        : original;
      const returned = getNamedType(field.type).name;
      const view = views[returned];
      // A field resolved by a method whose own row may be masked (Customer.orders, Customer.addresses).
      const maskable = advanced.has(coordinate) && views[type.name]?.maskedFields.has(field.name) === true;
      if (!isRoot && !direct.has(coordinate) && !advanced.has(coordinate) && property === field.name && view === undefined) {
        plainReads.push({ field, id, typeName: type.name, leaf: isLeafType(getNamedType(field.type)) });
      }

      field.resolve = (source, args, ctx: RequestContext, info) => {
        const access = ctx.access ?? attach(ctx, info);
        const decision = access.table[id];
        if (decision !== ALLOW) {
          if (decision === REFUSE) return refusalError(access.principal);
          // Checked when the row was handed out: a refusal is the value now (deliverRow).
          if (access.rows.checkedAtDelivery[id] !== 1 && !decision(source, access.principal)) return refusalError(access.principal);
        }
        if (maskable) {
          const masked = (source as Record<string, unknown>)[field.name];
          if (masked instanceof Error) return masked;
        }
        const value = inner(source, args, ctx, info);
        const checks = access.rows.types.has(returned)
          ? access.plan.rowChecksOn(info.fieldNodes, returned, { table: access.table, idOf: compiler.index.idOf, rows: access.rows })
          : NO_CHECKS;
        if (view === undefined && checks.length === 0) return value;
        const selection = view === undefined ? NO_SELECTION : access.plan.selectionOn(info.fieldNodes, returned, { table: access.table, idOf: compiler.index.idOf });
        return deliverRows(value, view, access.guard, ctx.audit, selection, checks);
      };
    }
  }
  return schema;
}

/**
 * Whether this request's document selects Type.field (false outside a GraphQL
 * execution): lets a resolver fetch the next level in the same statement, or
 * start it early, instead of one round trip per level.
 */
export function documentSelects(ctx: RequestContext, coordinate: string): boolean {
  return ctx.access?.plan.selects(coordinate) ?? false;
}

/** The fields this request's document selects on a type anywhere (undefined outside a GraphQL execution). */
export function documentFieldsOn(ctx: RequestContext, typeName: string): readonly string[] | undefined {
  return ctx.access?.plan.fieldsOn(typeName);
}
