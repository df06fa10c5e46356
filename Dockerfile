# Production image for the API and the worker: one image, two commands (see docker-compose.yml).
#   API:    node dist/src/bin/api.js   (the default CMD)
#   worker: node dist/src/bin/worker.js

# ---- build: compile TypeScript with the dev dependencies, then drop them ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# The lockfile alone decides the dependency layer, so source edits reuse the npm ci cache.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json ./
COPY src ./src
COPY web ./web
COPY scripts/lib.sh scripts/build-console.sh ./scripts/
# The web console is bundled here (dist/console); the API serves it at /.
RUN npm run build \
 && bash scripts/build-console.sh \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app

# Files stay root-owned: the app (user node) can read its code but not rewrite it.
# package.json marks the project root (src/platform/paths.ts finds migrations/ from it).
COPY --from=build /app/package.json ./
# node_modules keeps webpack and swc: the worker bundles dist/src/workflows at start.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# SQL migrations are read at start by both the API and the worker.
COPY migrations ./migrations
# The shipped policy profiles and their policy texts, read by the API at start (a deployment's own
# are mounted at POLICY_PROFILES_DIR, see docker-compose.yml).
COPY policies/profiles ./policies/profiles

USER node
EXPOSE 3000
# No HEALTHCHECK here: the two roles need different checks, defined per service in docker-compose.yml.
CMD ["node", "dist/src/bin/api.js"]
