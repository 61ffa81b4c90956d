// Rows of cells as aligned text: each column as wide as its widest cell, so long ids never push a column out of line.

export interface ColumnOptions {
  /** Between two columns (default two spaces). */
  gap?: string;
  /** What a cell occupies on screen (default its length; pass one that ignores colour codes for painted cells). */
  width?: (cell: string) => number;
  /** Indexes of the columns aligned to the right (numbers). */
  right?: readonly number[];
}

export function alignRows(rows: readonly (readonly string[])[], o: ColumnOptions = {}): string[] {
  const gap = o.gap ?? '  ';
  const width = o.width ?? ((cell: string) => cell.length);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, width(cell)); });
  return rows.map((row) => {
    // trailing empty cells take no room: a line never ends in spaces
    let last = row.length;
    while (last > 0 && row[last - 1] === '') last--;
    return row.slice(0, last).map((cell, i) => {
      const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
      if (o.right?.includes(i)) return fill + cell;
      return i === last - 1 ? cell : cell + fill;
    }).join(gap);
  });
}
