import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Database tests share one PostgreSQL server; each file gets its own schema, files run in parallel.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
