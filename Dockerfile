# Rekisteri API image: build with dev dependencies, run the compiled server as a non-root user
# with production dependencies only (no IDE, no test tools: nothing third-party is served).
# Not built on the project's machines (no base image can be pulled there); see README "Deployment".
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:4000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form: node is PID 1 and receives SIGTERM itself (graceful drain, src/core/http/lifecycle.ts).
# The same command as `npm run start:production` (package.json), which bench:peer measures.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=200", "dist/src/main.js"]
