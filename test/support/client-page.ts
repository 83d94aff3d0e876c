import express from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A web page on its own origin (another port), as the admin panel is deployed: it loads
 * @apollo/client straight from node_modules as ES modules through an import map (no bundler
 * in this project), so the browser runs the very package the panel ships.
 */

const MODULES = path.resolve(__dirname, '../../node_modules');

function apolloImports(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(MODULES, '@apollo/client/package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const imports: Record<string, string> = { '@apollo/client': '/nm/@apollo/client/core/index.js' };
  for (const key of Object.keys(pkg.exports)) {
    if (key === '.' || key.includes('*') || key.endsWith('.json')) continue;
    imports[`@apollo/client/${key.slice(2)}`] = `/nm/@apollo/client/${key.slice(2)}/index.js`;
  }
  return {
    ...imports,
    // Development builds of Apollo's environment and invariant helpers, as a dev server would pick.
    '@apollo/client/utilities/environment': '/nm/@apollo/client/utilities/environment/index.development.js',
    graphql: '/nm/graphql/index.mjs',
    rxjs: '/nm/rxjs/dist/esm5/index.js',
    tslib: '/nm/tslib/tslib.es6.mjs',
    optimism: '/nm/optimism/lib/index.js',
    '@wry/caches': '/nm/@wry/caches/lib/index.js',
    '@wry/equality': '/nm/@wry/equality/lib/index.js',
    '@wry/trie': '/nm/@wry/trie/lib/index.js',
    '@wry/context': '/nm/@wry/context/lib/index.js',
    'graphql-tag': '/nm/graphql-tag/lib/index.js',
  };
}

export interface ClientPage {
  origin: string;
  url: string;
  close(): Promise<void>;
}

/** Serves `/` (an empty page with the import map) and `/nm/*` from node_modules. */
export async function startClientPage(host = 'localhost'): Promise<ClientPage> {
  const app = express();
  const importMap = JSON.stringify({ imports: apolloImports() });
  app.get('/', (_req, res) => {
    res.type('html').send(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Admin panel (test)</title>
<script>globalThis.process = { env: { NODE_ENV: 'development' } };</script>
<script type="importmap">${importMap}</script>
<script type="module">
import * as apollo from '@apollo/client';
window.apollo = apollo;
window.apolloReady = true;
</script></head><body>admin panel</body></html>`);
  });
  app.get(/^\/nm\/(.+)$/, (req, res) => {
    const relative = (req.params as unknown as string[])[0];
    let file = path.join(MODULES, relative);
    if (!file.startsWith(MODULES)) return res.status(404).end();
    // rxjs's ES build imports files without their extension; a dev server resolves them.
    if (!existsSync(file) || statSync(file).isDirectory()) file = existsSync(`${file}.js`) ? `${file}.js` : path.join(file, 'index.js');
    if (!existsSync(file)) return res.status(404).end();
    res.type('text/javascript').send(readFileSync(file));
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return { origin, url: `${origin}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
