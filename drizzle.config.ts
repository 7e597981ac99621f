/**
 * drizzle-kit configuration: `npm run db:generate` diffs proxy/db/schema.ts against the last
 * snapshot and writes a new SQL migration into proxy/db/migrations (applied at proxy start-up).
 * https://orm.drizzle.team/docs/drizzle-config-file
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './proxy/db/schema.ts',
  out: './proxy/db/migrations',
  strict: true,
});
