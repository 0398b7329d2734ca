// The layer rules of ../shared/architecture.md, checked on every test run (`npm run depcheck`).
// workflows ← projections ← src/engine ← adapters ← src/http, src/cli ← app.module; nothing points back up.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'workflows-are-pure',
      comment: 'workflows/ holds pure definitions: no application code, no framework, no I/O',
      severity: 'error',
      from: { path: '^workflows/' },
      to: {
        path: '^(src|projections|test)/|node_modules/(@nestjs|better-sqlite3|@eventstore|bullmq|ioredis)',
      },
    },
    {
      name: 'workflows-no-io-builtins',
      severity: 'error',
      from: { path: '^(workflows|projections)/' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process|worker_threads|dgram|tls)$' },
    },
    {
      name: 'projections-are-pure',
      comment: 'projections/ may use workflows/ only; no database handles, no subscriptions',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^(src|test)/|node_modules/(@nestjs|better-sqlite3|@eventstore|bullmq|ioredis)' },
    },
    {
      name: 'engine-knows-no-adapters',
      comment: 'the engine defines ports; adapters, HTTP and CLI depend on it, not the other way round',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: {
        path: '^src/(event-store|timers|read-models|http|cli|config|app\\.module)|node_modules/(@nestjs|better-sqlite3|@eventstore|bullmq|ioredis)',
      },
    },
    {
      name: 'adapters-do-not-reach-the-edge',
      severity: 'error',
      from: { path: '^src/(event-store|timers|read-models)/' },
      to: { path: '^src/(http|cli|main\\.ts|app\\.module)' },
    },
    {
      name: 'eventstoredb-client-confined',
      comment: 'the EventStoreDB client lives in its adapter only',
      severity: 'error',
      from: { pathNot: '^src/event-store/eventstoredb/' },
      to: { path: 'node_modules/@eventstore/' },
    },
    {
      name: 'application-does-not-import-tests',
      severity: 'error',
      from: { path: '^(src|workflows|projections)/' },
      to: { path: '^test/' },
    },
    {
      name: 'web-uses-the-public-api-only',
      comment: 'the dashboard (web/) reaches the server over HTTP (api.md) only: no server, workflow or projection code in it',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|workflows|projections|test)/' },
    },
    {
      name: 'server-does-not-import-the-dashboard',
      severity: 'error',
      from: { path: '^(src|workflows|projections)/' },
      to: { path: '^web/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^dist/' },
  },
};
