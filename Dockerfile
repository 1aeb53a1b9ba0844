# One image for every leadflow process; LEADFLOW_* variables choose the store, the bus and the role.
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json tsconfig.base.json tsconfig.json ./
COPY contracts ./contracts
COPY packages ./packages
COPY services ./services
COPY test/package.json ./test/package.json
RUN pnpm install --frozen-lockfile --prod=false
ENV NODE_ENV=production LEADFLOW_HOST=0.0.0.0
EXPOSE 8080
CMD ["node", "--import", "tsx", "services/leadflow/src/main.ts"]
