const { Client } = require('pg');
const fs = require('fs');
(async () => {
  const c = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/rekisteri_bench_peer' });
  await c.connect();
  const pid = (await c.query('select pg_backend_pid() as p')).rows[0].p;
  const tck = () => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
  const full = fs.readFileSync('/tmp/sf-stmt.sql', 'utf8');
  const [tok, cid] = ['0ab6bbe6f6a4edd7d27ab31fe525a3d98f0b3829413b3684018ebd176c1cb23f', '931d3734-0233-4928-bf41-f575bedfe0ac'];
  const inner = full.replace(/^select q\.\*, \(select row_to_json\(k\)[\s\S]*?::text as "rkCredential" from \(/, '').replace(/\) q$/, '').replace('$2::uuid', '$1::uuid');
  const variants = {
    full: [full, [tok, cid]],
    jsonArray: [full.replace('(select row_to_json(k) from (select s.id, s.customer_id as "customerId", s.expires_at as "expiresAt", s.revoked_at as "revokedAt", c.status as "customerStatus"\n\t  from session s join customer c on c.id = s.customer_id where s.token_hash = $1) k)::text', '(select json_build_array(s.id, s.customer_id, s.expires_at, s.revoked_at, c.status) from session s join customer c on c.id = s.customer_id where s.token_hash = $1)::text'), [tok, cid]],
    noCredential: [inner, [cid]],
    noRestriction: [inner.replace(/\(select array_agg\(distinct coalesce\(f, '\*'\)\)[\s\S]*?lifted_at is null\)/, 'null'), [cid]],
    noConsents: [inner.replace(/, \(select coalesce\(json_agg\(json_build_array\(e\.id[\s\S]*?"consentsJson"/, ''), [cid]],
    ordersOnly: [`select c.id, (select coalesce(json_agg(json_build_array(o.id, o.placed_at, o.order_number, o.status, o.total_cents, coalesce((select json_agg(json_build_array(l.id, l.line_no, l.product_code, l.quantity, l.unit_price_cents) order by l.line_no) from order_line l where l.order_id = o.id), '[]')) order by o.placed_at desc, o.id), '[]') from customer_order o where o.customer_id = c.id) as "ordersJson" from customer c where c.id = $1::uuid`, [cid]],
    trivial: ['select c.id, c.first_name from customer c where c.id = $1::uuid', [cid]],
  };
  console.log('applied', variants.jsonArray[0] !== full);
  for (const k of ['noRestriction','noConsents','trivial','ordersOnly']) delete variants[k];
  const N = Number(process.env.N || 1500);
  for (let round = 0; round < 4; round++) for (const [name, [text, values]] of Object.entries(variants)) {
    for (let i = 0; i < 50; i++) await c.query({ name, text, values });
    const d0 = tck(); const u0 = process.cpuUsage(); const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await c.query({ name, text, values });
    const ms = Number(process.hrtime.bigint() - t) / 1e6 / N; const u = process.cpuUsage(u0);
    console.log(name.padEnd(14), 'db cpu ms', ((tck() - d0) / N).toFixed(3), 'round trip ms', ms.toFixed(3), 'client cpu ms', ((u.user + u.system) / 1000 / N).toFixed(3));
  }
  await c.end();
})();
