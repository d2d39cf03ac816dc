import type { TimerCallback, Timers } from '../ports/timers.ts';

/** Timers on the machine's clock. */
export class WallTimers implements Timers {
  private readonly handles = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    /** A failing timer must not crash the process; the server logs it. */
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  at(at: number, fn: TimerCallback): () => void {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      void Promise.resolve()
        .then(fn)
        .catch((error: unknown) => this.onError(error));
    }, Math.max(0, at - this.now()));
    this.handles.add(handle);
    return () => {
      clearTimeout(handle);
      this.handles.delete(handle);
    };
  }

  pending(): number {
    return this.handles.size;
  }

  /** Cancels everything (shutdown). */
  clear(): void {
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }
}

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly fn: TimerCallback;
  cancelled: boolean;
}

/**
 * Timers that only fire when `runUntil` moves time forward: due order, ties in scheduling
 * order, so a run is identical every time. A binary heap keeps scheduling O(log n).
 * @example const timers = new VirtualTimers(); timers.at(5000, fire); await timers.runUntil(6000, (t) => (now = t));
 */
export class VirtualTimers implements Timers {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private live = 0;

  at(at: number, fn: TimerCallback): () => void {
    const entry: Entry = { at, seq: this.seq++, fn, cancelled: false };
    this.push(entry);
    this.live++;
    return () => {
      if (entry.cancelled) return;
      entry.cancelled = true;
      this.live--;
    };
  }

  pending(): number {
    return this.live;
  }

  /** The due time of the next live timer, if any. */
  nextDue(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /**
   * Runs every timer due at or before `until`, in order; `setNow` is called with each timer's
   * due time before it runs (timers a timer schedules within the span run too).
   */
  async runUntil(until: number, setNow: (t: number) => void, afterEach: () => Promise<void> = async () => undefined): Promise<number> {
    let ran = 0;
    for (let next = this.nextDue(); next !== undefined && next <= until; next = this.nextDue()) {
      const entry = this.pop() as Entry;
      entry.cancelled = true;
      this.live--;
      setNow(entry.at);
      await entry.fn();
      await afterEach();
      ran++;
    }
    return ran;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.pop();
  }

  private before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i] as Entry, heap[parent] as Entry)) break;
      [heap[i], heap[parent]] = [heap[parent] as Entry, heap[i] as Entry];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < heap.length && this.before(heap[l] as Entry, heap[best] as Entry)) best = l;
      if (r < heap.length && this.before(heap[r] as Entry, heap[best] as Entry)) best = r;
      if (best === i) break;
      [heap[i], heap[best]] = [heap[best] as Entry, heap[i] as Entry];
      i = best;
    }
    return top;
  }
}
