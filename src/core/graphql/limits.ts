import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import type { RequestLimits } from '../../config/config';
import type { Principal } from '../auth/principal';
import { AppError, type CoreErrorCode, coreErrors } from './errors';
import { DEFAULT_PAGE_SIZE } from './pagination';

/**
 * Operation limits: what one request may cost before any resolver runs. The
 * cheap, structural limits come first (body size in the HTTP layer, then
 * tokens while parsing), so the expensive steps (validation, execution) only
 * ever see small documents. Every refusal is a coded GraphQL error, HTTP 400.
 * The numbers live in configuration (RequestLimits, src/config/config.ts).
 */
export type OperationLimits = Pick<RequestLimits, 'maxTokens' | 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'costBudgets' | 'assumedListSize' | 'mutationCost'>;

export type LimitCode = Extract<CoreErrorCode, `OPERATION_${string}`>;

function refuse(code: LimitCode, message: string): AppError {
  // `http` is read by Apollo for the status; the error formatter keeps it out of the body.
  return coreErrors.error(code, { message, details: { http: { status: 400 } } });
}

/** graphql-armor's rules report through this, with our code instead of its generic one. */
function reporter(code: LimitCode) {
  return [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(refuse(code, error.message.replace(/^Syntax Error: /, '')))];
}

/** Validation rules of graphql-armor, configured from the limits. */
export function limitValidationRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, propagateOnRejection: false, onReject: reporter('OPERATION_TOO_DEEP') }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: reporter('OPERATION_TOO_MANY_ALIASES') }),
    maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: reporter('OPERATION_TOO_MANY_DIRECTIVES') }),
  ];
}

function intValue(node: ValueNode | undefined, variables: Record<string, unknown>): number | null {
  if (!node) return null;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const value = variables[node.name.value];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return null;
}

/**
 * The cost of an operation, counting list sizes: each field costs 1, and a
 * field that returns many (a `first: n` page or a plain list) multiplies what
 * is selected under it by n (or `assumedListSize`). `customers(first: 200) {
 * nodes { orders { lines { … } } } }` thus costs what it will make the server
 * do. graphql-armor's own cost rule counts each field once whatever the page
 * size, which is why this one is ours. Runs after validation, so fragments
 * exist and do not cycle.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: Pick<OperationLimits, 'assumedListSize' | 'mutationCost'>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const cap = 1e12;
  const costOf = (selectionSet: SelectionSetNode, type: GraphQLNamedType, root: boolean): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const target = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
        if (fragment && target) total += costOf(fragment.selectionSet, target, root);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const target = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (target) total += costOf(selection.selectionSet, target, root);
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) {
        total += 1;
        continue;
      }
      const field: GraphQLField<unknown, unknown> | undefined = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      if (!field) continue;
      let fieldCost = 1 + (root && operation.operation === 'mutation' ? limits.mutationCost : 0);
      if (selection.selectionSet) {
        const argument = (name: string) => intValue(selection.arguments?.find((arg) => arg.name.value === name)?.value, variables);
        // A page is `first` forward or `last` backward; a list browsed both ways without either serves its default page.
        const pageable = field.args.some((arg) => arg.name === 'last');
        const first = argument('first') ?? argument('last') ?? (pageable ? DEFAULT_PAGE_SIZE : null);
        const returnsList = isListType(getNullableType(field.type));
        // A connection's nodes/edges are the page its `first` already counted.
        const insideConnection = type.name.endsWith('Connection');
        const multiplier = first !== null ? Math.max(1, first) : returnsList && !insideConnection ? limits.assumedListSize : 1;
        fieldCost += multiplier * costOf(selection.selectionSet, getNamedType(field.type), false);
      }
      total = Math.min(cap, total + fieldCost);
    }
    return total;
  };
  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  return rootType ? costOf(operation.selectionSet, rootType, true) : 0;
}

/**
 * Checks the cost budget of the caller's kind once the operation is known
 * (every request, also when Apollo serves the document from its cache of
 * validated documents, which would skip a validation rule).
 */
export function costLimitPlugin<TContext extends { principal: Principal }>(limits: OperationLimits): ApolloServerPlugin<TContext> {
  // An operation without variables costs the same every time: kept per parsed document
  // (Apollo hands the same DocumentNode for the same query text from its document cache).
  const fixedCosts = new WeakMap<DocumentNode, Map<OperationDefinitionNode, number>>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined) => {
    if (variables && Object.keys(variables).length > 0) return operationCost(schema, document, operation, variables, limits);
    let known = fixedCosts.get(document);
    if (!known) {
      known = new Map();
      fixedCosts.set(document, known);
    }
    let cost = known.get(operation);
    if (cost === undefined) {
      cost = operationCost(schema, document, operation, {}, limits);
      known.set(operation, cost);
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request, schema }) {
          if (!operation) return;
          const cost = costOf(schema, document, operation, request.variables);
          const budget = limits.costBudgets[contextValue.principal.kind];
          if (cost > budget) {
            throw refuse(
              'OPERATION_TOO_COSTLY',
              `This operation would cost ${Math.round(cost)}, over the budget of ${budget} for this kind of caller; ask for smaller pages or fewer fields`,
            );
          }
        },
      };
    },
  };
}
