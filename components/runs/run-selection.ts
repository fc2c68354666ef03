/**
 * Row selection in the runs table (for "Compare"): a click toggles one row; a
 * shift-click sets every row between the last clicked one (the anchor) and
 * this one to this row's new state, as in a mail client.
 */

export interface RowSelection {
  selected: ReadonlySet<string>;
  anchor: string | null;
}

export const EMPTY_SELECTION: RowSelection = { selected: new Set(), anchor: null };

/** Applies a click (or Space / x) on `id`; `range` when shift was held. `order` is the table's visible order. */
export function clickRow(sel: RowSelection, order: readonly string[], id: string, range: boolean): RowSelection {
  const checked = !sel.selected.has(id);
  const next = new Set(sel.selected);
  const from = range && sel.anchor ? order.indexOf(sel.anchor) : -1;
  const to = order.indexOf(id);
  if (from >= 0 && to >= 0) {
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      if (checked) next.add(order[i]);
      else next.delete(order[i]);
    }
  } else if (checked) next.add(id);
  else next.delete(id);
  return { selected: next, anchor: id };
}

/** The header checkbox: selects every visible row, or clears them when all already are. */
export function toggleAllVisible(sel: RowSelection, visible: readonly string[]): RowSelection {
  const all = visible.length > 0 && visible.every((id) => sel.selected.has(id));
  const next = new Set(sel.selected);
  for (const id of visible) {
    if (all) next.delete(id);
    else next.add(id);
  }
  return { selected: next, anchor: sel.anchor };
}

/** Drops ids that are no longer in the list (deleted runs, another project). */
export function pruneSelection(sel: RowSelection, existing: readonly string[]): RowSelection {
  const keep = new Set(existing);
  if ([...sel.selected].every((id) => keep.has(id))) return sel;
  return { selected: new Set([...sel.selected].filter((id) => keep.has(id))), anchor: sel.anchor && keep.has(sel.anchor) ? sel.anchor : null };
}

/** The selected ids in the table's order (hidden ones last, in selection order). */
export function selectedInOrder(sel: RowSelection, order: readonly string[]): string[] {
  const inTable = order.filter((id) => sel.selected.has(id));
  const hidden = [...sel.selected].filter((id) => !order.includes(id));
  return [...inTable, ...hidden];
}
