// Lines waiting for their time: a binary min-heap on (time, arrival order), so that a log comes out ordered by
// stageTimestamp with the stages of different requests interleaved, and equal times keep their order.
import type { TimedLine } from './event-lines.ts';

interface Entry extends TimedLine {
  order: number;
}

function before(a: Entry, b: Entry): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.order < b.order);
}

export class TimeQueue {
  private readonly heap: Entry[] = [];
  private order = 0;

  get size(): number {
    return this.heap.length;
  }

  /** The earliest time waiting, or Infinity. */
  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0]!.timeUs : Infinity;
  }

  push(item: TimedLine): void {
    const heap = this.heap;
    const entry: Entry = { timeUs: item.timeUs, line: item.line, order: this.order++ };
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  pop(): TimedLine {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
