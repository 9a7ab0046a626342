// Loaded before tsx (`node --import ./bin/load-dependencies.mjs --import tsx bin/dinie-conformance.ts`,
// the npm scripts): the CLI's heaviest dependencies, imported natively and side by side. Once tsx's
// module hooks are registered, every module loaded goes through them one by one (vitest/node took
// ~1.5 s that way instead of ~0.35 s, @redocly/openapi-core ~0.87 s instead of ~0.49 s); loaded
// here first, the CLI's own imports of them find them already loaded. Plain JavaScript: it runs
// before anything can transform TypeScript. (The npm package runs compiled code without tsx.)
// Not @redocly/openapi-core: the CLI imports it only to bundle a contract its on-disk cache lacks
// (lib/spec/bundle-cache.ts), once per contract file; preloaded, it cost every start ~0.3 s (0.90
// against 0.65 s for this file alone).
await Promise.all(
  [
    'vitest/node',
    'fastify',
    '@fastify/multipart',
    'undici',
    'ajv/dist/2020.js',
    'ajv-formats',
    'jose',
    'file-type',
    'allure-js-commons/sdk/reporter',
    '@brazilian-utils/brazilian-utils',
  ].map((m) => import(m)),
);
