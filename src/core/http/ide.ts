import express, { type Router } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * An IDE for /graphql in a browser, offline: Ruru (GraphiQL) from its bundled assets in
 * node_modules, pinned in package-lock. A development tool only: the package is a
 * devDependency, so a production install (`npm ci --omit=dev`) does not even contain it,
 * and the router is mounted only when introspection is on, which production refuses.
 * No CDN and no inline script: the page loads /ide/ide.js from this server, so the
 * Content-Security-Policy can stay `script-src 'self'`.
 */

export const IDE_PATH = '/ide';

/** The folder of Ruru's bundled assets, or null when the package is not installed. */
export function ruruStaticFolder(): string | null {
  try {
    const folder = path.join(path.dirname(require.resolve('ruru')), '..', 'static');
    return existsSync(path.join(folder, 'ruru.js')) ? folder : null;
  } catch {
    return null;
  }
}

const EXAMPLE_QUERY = `# Rekisteri GraphQL API. Signed in? Add the header
# {"Authorization": "Bearer <token>"} under Headers below.
{
  privacyNotice(language: EN) {
    controller { name businessId }
  }
}
`;

function page(endpoint: string): string {
  const config = JSON.stringify({ endpoint, staticPath: `${IDE_PATH}/static/`, defaultQuery: EXAMPLE_QUERY });
  const attribute = config.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rekisteri GraphQL IDE</title>
<link rel="stylesheet" href="${IDE_PATH}/static/ruru.css">
<link rel="stylesheet" href="${IDE_PATH}/ide.css">
</head>
<body>
<div id="ruru-root" data-config="${attribute}"></div>
<script type="module" src="${IDE_PATH}/ide.js"></script>
</body>
</html>
`;
}

const BOOTSTRAP = `const root = document.getElementById('ruru-root');
const config = JSON.parse(root.dataset.config);
const worker = (file) => new Worker(new URL(config.staticPath + file, import.meta.url), { type: 'module' });
globalThis.MonacoEnvironment = {
  getWorker(_, label) {
    if (label === 'json') return worker('jsonWorker.js');
    if (label === 'graphql') return worker('graphqlWorker.js');
    return worker('editorWorker.js');
  },
};
const { React, createRoot, Ruru } = await import(config.staticPath + 'ruru.js');
createRoot(root).render(React.createElement(Ruru, config));
`;

const STYLE = 'body { margin: 0; } #ruru-root { height: 100vh; }\n';

/** True when a GET asks for a page (a browser's address bar), not for a GraphQL result. */
export function wantsPage(accept: string | undefined): boolean {
  return typeof accept === 'string' && accept.includes('text/html');
}

/** The IDE's routes: the page at GET `endpoint` for browsers, and its assets under /ide. Null when Ruru is not installed. */
export function ideRouter(endpoint: string): Router | null {
  const folder = ruruStaticFolder();
  if (!folder) return null;
  const router = express.Router();
  const html = page(endpoint);
  router.get(endpoint, (req, res, next) => {
    if (!wantsPage(req.header('accept')) || req.query.query !== undefined) return next();
    res.type('html').send(html);
  });
  router.get(`${IDE_PATH}/ide.js`, (_req, res) => {
    res.type('text/javascript').send(BOOTSTRAP);
  });
  router.get(`${IDE_PATH}/ide.css`, (_req, res) => {
    res.type('text/css').send(STYLE);
  });
  router.use(`${IDE_PATH}/static`, express.static(folder, { immutable: true, maxAge: '1d', index: false }));
  return router;
}
