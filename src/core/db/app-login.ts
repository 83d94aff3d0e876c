import { Client } from 'pg';

/**
 * The API's own database login (issue 10, §9.2). Migrations and the
 * operator's owner work connect with DATABASE_URL (the owner of the tables);
 * the API connects as this login, which is no superuser, owns nothing, and
 * holds only the grants of the application role rekisteri_app (INSERT and
 * SELECT on the audit trail, no UPDATE, DELETE or TRUNCATE, no right to
 * disable a trigger). There is no SET ROLE to undo with RESET ROLE: the
 * connection never had more.
 *
 * Roles are cluster-wide and several test runs share one cluster, so the
 * login is created idempotently and race-safely: CREATE ROLE inside an
 * exception block, retried when two creators collide.
 */
export const APP_LOGIN = 'rekisteri_api';
export const APP_ROLE_NAME = 'rekisteri_app';

/** Outside production only (tests, the embedded server): production derives one from REKISTERI_SECRET. */
export const DEVELOPMENT_APP_LOGIN_PASSWORD = 'rekisteri-api-development-login';

/** The owner's connection string with the API login's user and password. */
export function appLoginUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_LOGIN;
  url.password = encodeURIComponent(password);
  return url.toString();
}

const RETRYABLE = new Set(['23505', '40001', '40P01', 'XX000', '42710']);

/** Create (or update the password of) the API login and give it the application role. Needs CREATEROLE. */
export async function ensureAppLogin(ownerUrl: string, password: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const quoted = (await client.query<{ q: string }>('select quote_literal($1) as q', [password])).rows[0].q;
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`do $$ begin
          if not exists (select 1 from pg_roles where rolname = '${APP_ROLE_NAME}') then
            begin create role ${APP_ROLE_NAME} nologin; exception when duplicate_object or unique_violation then null; end;
          end if;
          if not exists (select 1 from pg_roles where rolname = '${APP_LOGIN}') then
            begin create role ${APP_LOGIN} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit;
            exception when duplicate_object or unique_violation then null; end;
          end if;
        end $$`);
        await client.query(`alter role ${APP_LOGIN} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit password ${quoted}`);
        const member = await client.query(
          `select 1 from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member
           where r.rolname = $1 and u.rolname = $2`,
          [APP_ROLE_NAME, APP_LOGIN],
        );
        if (member.rowCount === 0) await client.query(`grant ${APP_ROLE_NAME} to ${APP_LOGIN}`);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        // "tuple concurrently updated" (XX000) and friends: another run is doing the same right now.
        if (attempt < 5 && RETRYABLE.has(code)) {
          await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
          continue;
        }
        throw error;
      }
    }
  } finally {
    await client.end();
  }
}
