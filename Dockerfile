# One image for every service; the command picks the service (see docker-compose.yml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The contracts are an npm workspace: npm ci links node_modules/@lifecycle/contracts to it and builds it (prepare).
COPY packages ./packages
RUN npm ci --no-audit --no-fund
COPY tsconfig.json .swcrc nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# pg_dump for the database-backup schedule and `lifecyclectl backup`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
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
ENTRYPOINT ["node"]
CMD ["bin/lifecyclectl", "--help"]
