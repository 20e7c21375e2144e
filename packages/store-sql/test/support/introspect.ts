import type { Knex } from "knex";
import type { TestTarget } from "./databases.js";

/** The columns that lead some index of `table` (primary key excluded), sorted. */
export async function indexedColumns(
  knex: Knex,
  target: TestTarget,
  table: string,
): Promise<string[]> {
  let columns: string[];
  switch (target) {
    case "postgres": {
      const result: { rows: { column: string }[] } = await knex.raw(
        `select a.attname as "column"
           from pg_index i
           join pg_class c on c.oid = i.indrelid
           join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
          where c.relname = ? and not i.indisprimary`,
        [table],
      );
      columns = result.rows.map((row) => row.column);
      break;
    }
    case "mysql": {
      const [rows] = (await knex.raw(
        `select column_name as \`column\` from information_schema.statistics
          where table_schema = database() and table_name = ? and seq_in_index = 1
            and index_name <> 'PRIMARY'`,
        [table],
      )) as [{ column: string }[]];
      columns = rows.map((row) => row.column);
      break;
    }
    case "sqlite-file":
    case "sqlite-memory": {
      const indexes: { name: string; origin: string }[] = await knex.raw(
        `select name, origin from pragma_index_list(?)`,
        [table],
      );
      columns = [];
      for (const index of indexes.filter((i) => i.origin === "c")) {
        const info: { name: string; seqno: number }[] = await knex.raw(
          `select name, seqno from pragma_index_info(?)`,
          [index.name],
        );
        const first = info.find((column) => column.seqno === 0);
        if (first) columns.push(first.name);
      }
      break;
    }
  }
  return columns.sort();
}

/** The names of `table`'s columns, sorted. */
export async function columnNames(knex: Knex, table: string): Promise<string[]> {
  return Object.keys(await knex(table).columnInfo()).sort();
}
