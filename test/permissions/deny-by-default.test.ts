import { execute, parse, type ExecutionResult } from 'graphql';
import type { Principal } from '../../src/core/auth/principal';
import type { PolicyMap } from '../../src/core/auth/policy';
import { buildSchema } from '../../src/app/schema';

/*
 * Deny by default, on the served schema (issue: "A new query, mutation, type
 * or field is unreachable until a policy names it"). The resolvers stay as
 * they are; only the privacy-notice policy is taken out of the policy list
 * that buildSchema() merges. The public privacyNotice query then has no rule
 * at all and must be refused for everyone by shield's fallback, while
 * coordinates that are still named keep working.
 */
jest.mock('../../src/app/modules', () => {
  const actual = jest.requireActual('../../src/app/modules');
  const { privacyNoticePolicy } = jest.requireActual('../../src/modules/privacy-notice/privacy-notice.policy');
  return { ...actual, POLICIES: (actual.POLICIES as PolicyMap[]).filter((policy) => policy !== privacyNoticePolicy) };
});

async function run(principal: Principal, query: string): Promise<ExecutionResult> {
  // buildSchema() is the exact function the HTTP server serves. A refused root field never reaches its resolver,
  // so the context needs only what the permission layer and the identity resolver read.
  const schema = buildSchema();
  return execute({ schema, document: parse(query), contextValue: { principal } });
}

const EVERY_STAFF_ROLE: Principal = {
  kind: 'STAFF',
  staffId: '33333333-3333-4333-8333-000000000009',
  roles: ['CUSTOMER_SERVICE', 'MARKETING', 'ACCOUNTING', 'PRIVACY_OFFICER', 'ADMIN'],
  sessionId: null,
};

describe('deny by default: a coordinate no policy names is unreachable on the served schema', () => {
  it('took exactly the privacy-notice policy out of the list buildSchema() merges', () => {
    const served: PolicyMap[] = jest.requireMock('../../src/app/modules').POLICIES;
    const actual: PolicyMap[] = jest.requireActual('../../src/app/modules').POLICIES;
    const { privacyNoticePolicy } = jest.requireActual('../../src/modules/privacy-notice/privacy-notice.policy');
    expect(actual).toContain(privacyNoticePolicy);
    expect(served).not.toContain(privacyNoticePolicy);
    expect(served).toHaveLength(actual.length - 1);
  });

  it('refuses privacyNotice to an anonymous caller once its policy is gone (UNAUTHENTICATED via fallbackError, as every refusal of an anonymous caller)', async () => {
    const result = await run({ kind: 'ANONYMOUS' }, '{ privacyNotice(language: EN) { version } }');
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].path).toEqual(['privacyNotice']);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses it even to a staff user holding every role: no role reaches an unnamed coordinate', async () => {
    const result = await run(EVERY_STAFF_ROLE, '{ privacyNotice(language: EN) { version } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('still answers coordinates that a policy names (viewer is public)', async () => {
    const result = await run({ kind: 'ANONYMOUS' }, '{ viewer { kind roles } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ viewer: { kind: 'ANONYMOUS', roles: [] } });
  });
});
