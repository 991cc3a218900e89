// Dotted JSON paths evaluated on a parsed event: arrays along the way fan out, so a path can yield several values
// (and matches if any of them matches). A numeric segment indexes an array.

export function valuesAtPath(root: unknown, segments: readonly string[]): unknown[] {
  let current: unknown[] = [root];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) collect(value, segment, next);
    current = next;
    if (current.length === 0) break;
  }
  // A path that ends on an array stands for its elements.
  const flat: unknown[] = [];
  for (const value of current) {
    if (Array.isArray(value)) flat.push(...value);
    else flat.push(value);
  }
  return flat.filter((value) => value !== undefined && value !== null);
}

function collect(value: unknown, segment: string, out: unknown[]): void {
  if (Array.isArray(value)) {
    if (/^\d+$/.test(segment)) {
      out.push(value[Number(segment)]);
      return;
    }
    for (const element of value) collect(element, segment, out);
    return;
  }
  if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, segment)) {
    out.push((value as Record<string, unknown>)[segment]);
  }
}

/** The text a path value is matched against: strings as they are, other values as JSON. */
export function pathValueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
