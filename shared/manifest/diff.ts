// A small line-based unified diff for previews and the CLI. Line endings are not shown; a missing final newline is
// marked the way `diff -u` does.

interface Line {
  text: string;
  /** The last line of a file that does not end with a newline. */
  noNewline: boolean;
}

type Op = { kind: ' ' | '-' | '+'; line: Line };

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((part, index) => ({ text: part, noNewline: !endsWithNewline && index === parts.length - 1 }));
}

const same = (a: Line, b: Line) => a.text === b.text && a.noNewline === b.noNewline;

/** Edit script by longest common subsequence over the part between the common prefix and suffix. */
function editScript(a: Line[], b: Line[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && same(a[prefix]!, b[prefix]!)) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    same(a[a.length - 1 - suffix]!, b[b.length - 1 - suffix]!)
  )
    suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const ops: Op[] = a.slice(0, prefix).map((line) => ({ kind: ' ', line }));
  if (midA.length * midB.length > 4_000_000) {
    ops.push(
      ...midA.map((line) => ({ kind: '-' as const, line })),
      ...midB.map((line) => ({ kind: '+' as const, line })),
    );
  } else {
    const width = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * width + j] = same(midA[i]!, midB[j]!)
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && same(midA[i]!, midB[j]!)) {
        ops.push({ kind: ' ', line: midA[i++]! });
        j++;
      } else if (j < midB.length && (i === midA.length || lcs[i * width + j + 1]! > lcs[(i + 1) * width + j]!)) {
        ops.push({ kind: '+', line: midB[j++]! });
      } else {
        ops.push({ kind: '-', line: midA[i++]! });
      }
    }
  }
  ops.push(...a.slice(a.length - suffix).map((line) => ({ kind: ' ' as const, line })));
  return ops;
}

export interface DiffOptions {
  oldLabel?: string;
  newLabel?: string;
  /** Unchanged lines shown around each change (default 3). */
  context?: number;
}

/** Unified diff of two texts; the empty string when they have the same lines. */
export function unifiedDiff(oldText: string, newText: string, options: DiffOptions = {}): string {
  const context = options.context ?? 3;
  const ops = editScript(splitLines(oldText), splitLines(newText));
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${options.oldLabel ?? 'a'}`, `+++ ${options.newLabel ?? 'b'}`];
  // Group changes whose context windows touch into one hunk.
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length, index + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  for (const [start, end] of hunks) {
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== '+') oldLine++;
      if (op.kind !== '-') newLine++;
    }
    const body = ops.slice(start, end);
    const oldCount = body.filter((op) => op.kind !== '+').length;
    const newCount = body.filter((op) => op.kind !== '-').length;
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
    );
    for (const op of body) {
      out.push(op.kind + op.line.text);
      if (op.line.noNewline) out.push('\\ No newline at end of file');
    }
  }
  return out.join('\n') + '\n';
}
