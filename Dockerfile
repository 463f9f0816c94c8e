# One image for every service; the command picks the service (see docker-compose.yml).
# NODE_IMAGE defaults to the upstream image; a machine without an image registry passes its own
# (scripts/container-images.sh builds a stand-in: `docker build --build-arg NODE_IMAGE=... .`).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The contracts are an npm workspace: npm ci links node_modules/@lifecycle/contracts to it and builds it (prepare).
COPY packages ./packages
RUN npm ci --no-audit --no-fund
COPY tsconfig.json .swcrc nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
# Production dependencies only in what the runtime stage copies; --ignore-scripts: the contracts
# package's `prepare` (its build) would run again, without the build tools prune just removed.
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
# pg_dump for the database-backup schedule and `lifecyclectl backup`; tini as PID 1, so SIGTERM from
# `docker stop` reaches node (which drains and exits 0) and zombies are reaped.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production HTTP_HOST=0.0.0.0
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/packages/contracts/package.json ./packages/contracts/package.json
COPY --from=build /app/packages/contracts/dist ./packages/contracts/dist
COPY bin ./bin
COPY config ./config
RUN mkdir -p /app/var/mail /app/var/backups && chown -R node:node /app/var
USER node
# Each service answers /readyz on HTTP_PORT (set per service in docker-compose.yml); the one-shot
# commands (migrate, lifecyclectl) run with `--no-healthcheck` or `healthcheck: disable`.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node"]
CMD ["bin/lifecyclectl", "--help"]
