import { BadRequestError } from "../errors";

/** A position in one order: the sort value of a row and its key (ties broken by key, in the same direction). */
export interface Position {
  value: number | string | null;
  pk: number;
}

/** One row of a page before it is read in full. */
export interface PagedRow {
  pk: number;
  v: number | string | null;
}

/**
 * Rows strictly after `pos` in the order (expr dir, pk dir) with missing values
 * last in both directions. Row values keep a range on an index for non-null columns.
 */
export function afterClause(expr: string, pk: string, nullable: boolean, dir: "asc" | "desc", pos: Position, params: Record<string, unknown>): string {
  const cmp = dir === "asc" ? ">" : "<";
  params.afterPk = pos.pk;
  if (pos.value == null) {
    if (!nullable) throw new BadRequestError("cursor: not a cursor of this sort order; start again without a cursor.");
    return `(${expr} IS NULL AND ${pk} ${cmp} @afterPk)`;
  }
  params.afterValue = pos.value;
  if (!nullable) return `(${expr}, ${pk}) ${cmp} (@afterValue, @afterPk)`;
  return `(${expr} ${cmp} @afterValue OR (${expr} = @afterValue AND ${pk} ${cmp} @afterPk) OR ${expr} IS NULL)`;
}

/** ORDER BY for (expr dir, pk dir), missing values last. */
export const orderClause = (expr: string, pk: string, nullable: boolean, dir: "asc" | "desc") =>
  nullable && dir === "asc" ? `${expr} ASC NULLS LAST, ${pk} ASC` : `${expr} ${dir}, ${pk} ${dir}`;
