# syntax=docker/dockerfile:1
# patient-queue: the same steps as `npm start` and .ci/run (npm ci, npm run build, then the bundled
# server), in a multi-stage image that runs as the unprivileged `node` user on port 8000.
# Migrations run once per deployment, before the instances (compose.yaml's `migrate` service):
#   docker run --rm -e DATABASE_URL=... IMAGE node --import tsx scripts/prepare-db.ts
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# postinstall runs `prisma generate`, which needs the schema, its config and the engine stub.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/schema-engine-stub.sh ./scripts/schema-engine-stub.sh
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 HOST=0.0.0.0 PORT=8000
# tsx stays (dev dependency): the migration script runs from TypeScript, as in `npm start`.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# SIGTERM reaches node directly: it tells WebSocket clients to reconnect, drains, then exits.
CMD ["node", "dist/server.mjs"]
