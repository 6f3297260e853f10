# Paperboy in a container: build with the compiler, run compiled JavaScript as the unprivileged `node` user.
#   docker build -t paperboy .
#   docker run -d --env-file .env -e HEALTH_PORT=8080 -v paperboy-data:/app/data -p 8080:8080 paperboy
# Checked without a Docker daemon by test/ops/dockerfile.test.ts, which runs the build stage's steps.

# --- build: install everything (sqlite3 compiles its native module here), compile, then drop dev packages.
FROM node:20-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY adapters ./adapters
COPY data/seed-papers.json data/build-seed.ts ./data/
RUN npm run build
RUN npm prune --omit=dev

# --- runtime: only what running needs.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/data/seed-papers.json ./data/seed-papers.json
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
ENV STORE_URL=sqlite:///app/data/paperboy.sqlite HEALTH_PORT=8080 LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) stops the bot cleanly within SHUTDOWN_TIMEOUT_MS (default 10 s, docker stop waits 10 s:
# give `docker stop -t 15` or stop_grace_period if you raise it).
CMD ["node", "dist/adapters/main.js"]
