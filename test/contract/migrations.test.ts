import { freshSqlite, migrationSuite } from './migrations.suite.ts';

// PostgreSQL runs this suite from storage.postgres.test.ts: every test that touches PostgreSQL is in that one file, so
// no two of them run at once (Kysely's catalogue introspection fails while another worker drops a schema).
migrationSuite('sqlite', freshSqlite);
