// The permutation of rows in time order (ties and events without a time keep file order; timeless events last).
// Logs are nearly sorted already, so a natural merge sort over the existing runs is close to linear.

export function timeOrder(time: Float64Array, rows: number): Uint32Array {
  let order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const key = (row: number): number => {
    const t = time[row];
    return t === t ? t : Infinity; // NaN → last
  };
  // Find runs.
  const runStarts: number[] = [0];
  for (let i = 1; i < rows; i++) if (key(i) < key(i - 1)) runStarts.push(i);
  if (runStarts.length === 1) return order;
  let scratch = new Uint32Array(rows);
  let runs = runStarts;
  while (runs.length > 1) {
    const merged: number[] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const start = runs[r];
      const middle = r + 1 < runs.length ? runs[r + 1] : rows;
      const end = r + 2 < runs.length ? runs[r + 2] : rows;
      merged.push(start);
      let i = start;
      let j = middle;
      let k = start;
      while (i < middle && j < end) {
        // `<=` keeps the earlier run first on ties, so equal times stay in row order.
        scratch[k++] = key(order[i]) <= key(order[j]) ? order[i++] : order[j++];
      }
      while (i < middle) scratch[k++] = order[i++];
      while (j < end) scratch[k++] = order[j++];
    }
    [order, scratch] = [scratch, order];
    runs = merged;
  }
  return order;
}
