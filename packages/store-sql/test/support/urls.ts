/** Where `pnpm services` (scripts/services/postgres.sh) starts PostgreSQL. */
export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5433/postgres";

/** Where `pnpm services` (scripts/services/mariadb.sh) starts MariaDB. */
export const DEFAULT_MYSQL_URL = "mysql://root@127.0.0.1:3307/sessionkit";
