import {
  getNamedType,
  getNullableType,
  isLeafType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { randomUUID } from 'node:crypto';

/*
 * Schema-driven request building for the hardening suites: for any query or
 * mutation, arguments that pass GraphQL validation (so the request reaches the
 * argument guard), and every path to a free-text String inside them.
 */

/** A value of `type` that GraphQL accepts, with every field filled (so every free-text slot exists). */
export function sampleValue(type: GraphQLInputType, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return depth > 3 ? [] : [sampleValue(nullable.ofType, depth + 1)];
  if (isEnumType(nullable)) return nullable.getValues()[0].name;
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) || depth < 3) value[field.name] = sampleValue(field.type, depth + 1);
    }
    return value;
  }
  if (isScalarType(nullable)) {
    switch (nullable.name) {
      case 'ID':
        return randomUUID();
      case 'Int':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'String':
        return 'Testi';
      case 'DateTimeISO':
      case 'DateTime':
        return new Date('2026-01-01T00:00:00Z').toISOString();
      case 'LocalDate':
      case 'Date':
        return '2026-01-01';
      default:
        return 'Testi';
    }
  }
  return null;
}

/** Every String (not ID, not enum) position reachable in an argument, as a path of keys. */
export function stringPaths(type: GraphQLInputType, path: (string | number)[] = [], depth = 0): (string | number)[][] {
  const nullable = getNullableType(type);
  if (depth > 4) return [];
  if (isListType(nullable)) return stringPaths(nullable.ofType, [...path, 0], depth + 1);
  if (isInputObjectType(nullable)) {
    return Object.values(nullable.getFields()).flatMap((field) => stringPaths(field.type, [...path, field.name], depth + 1));
  }
  if (isScalarType(nullable) && nullable.name === 'String') return [path];
  return [];
}

/** Set `value` at `path` inside `target`, creating objects and one-element lists on the way. */
export function setAt(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let current: Record<string | number, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    if (current[key] === undefined || current[key] === null) current[key] = nextIsIndex ? [] : {};
    current = current[key] as Record<string | number, unknown>;
  }
  current[path[path.length - 1]] = value;
}

/** A document calling one root field with all its arguments as variables, selecting __typename (or nothing for scalars). */
export function documentFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const scalarLike = isLeafType(getNamedType(field.type));
  return `${operation}${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${scalarLike ? '' : ' { __typename }'} }`;
}

/** Kept for callers that prepared enum knowledge; the leaf check now reads the schema types directly. */
export function rememberEnums(_schema: GraphQLSchema): void {}

/** Sample variables for every argument (required and optional alike, so each free-text slot exists). */
export function sampleArguments(args: readonly GraphQLArgument[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const arg of args) {
    variables[arg.name] = sampleValue(arg.type);
  }
  return variables;
}
