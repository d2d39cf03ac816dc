import { TreapPriorities, insertNode, removeNode, sizeOf, type TreapNode } from './treap.ts';

/** What orders an eligible agent in a queue: level, the strategy's key, position, then id. */
export interface EntryKey {
  readonly agentId: string;
  readonly level: number;
  readonly key: number;
  readonly position: number;
}

/**
 * An agent's entry in one queue's index, which is also its tree node: the ordering fields sit in
 * the node itself, so a step down the tree reads one object (the routing hot path touches five
 * queues' trees per decision; a separate value object per node doubled the cache misses).
 */
export interface IndexEntry extends EntryKey, TreapNode<IndexEntry> {}

export function compareEntries(a: EntryKey, b: EntryKey): number {
  return a.level - b.level || a.key - b.key || a.position - b.position || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);
}

/**
 * A new entry (not yet in an index).
 * @example newEntry('agA', 1, 0, 3)
 */
export function newEntry(agentId: string, level: number, key: number, position: number): IndexEntry {
  return { agentId, level, key, position, left: null, right: null, priority: 0, size: 1 };
}

/**
 * A queue's ordered index of eligible agents: a treap (priorities from a fixed-seed xorshift, so
 * the same operations build the same tree) of intrusive entries, O(log n) to add, remove, find the
 * first, the next after a key, a rank or the k-th.
 * @example const index = new EntryIndex(); index.add(newEntry('agA', 1, 0, 1)); index.first()?.agentId; // 'agA'
 */
export class EntryIndex {
  private root: IndexEntry | null = null;
  /** The first entry, kept so the most frequent question (the best agent) is not a walk down the tree. */
  private min: IndexEntry | null = null;
  private readonly priorities = new TreapPriorities();

  get size(): number {
    return sizeOf(this.root);
  }

  /** Adds an entry that is in no index; an entry equal to one present is refused (false). */
  add(entry: IndexEntry): boolean {
    const before = this.size;
    entry.left = entry.right = null;
    entry.size = 1;
    entry.priority = this.priorities.next();
    this.root = insertNode(this.root, entry, compareEntries);
    if (this.size === before) return false;
    if (this.min === null || compareEntries(entry, this.min) < 0) this.min = entry;
    return true;
  }

  /** Removes this entry (found by its key); false when absent. */
  delete(entry: EntryKey): boolean {
    const before = this.size;
    this.root = removeNode(this.root, entry, compareEntries);
    if (this.size === before) return false;
    if (this.min !== null && compareEntries(entry, this.min) === 0) {
      let node = this.root;
      while (node?.left) node = node.left;
      this.min = node;
    }
    return true;
  }

  first(): IndexEntry | undefined {
    return this.min ?? undefined;
  }

  /** The first entry ordered after `probe`. */
  higher(probe: EntryKey): IndexEntry | undefined {
    let best: IndexEntry | undefined;
    for (let node = this.root; node !== null; ) {
      if (compareEntries(node, probe) > 0) {
        best = node;
        node = node.left;
      } else node = node.right;
    }
    return best;
  }

  /** How many entries order before `probe`. */
  rank(probe: EntryKey): number {
    let count = 0;
    for (let node = this.root; node !== null; ) {
      if (compareEntries(node, probe) < 0) {
        count += sizeOf(node.left) + 1;
        node = node.right;
      } else node = node.left;
    }
    return count;
  }

  /** The entry at a 0-based position in order. */
  at(index: number): IndexEntry | undefined {
    for (let node = this.root; node !== null; ) {
      const leftSize = sizeOf(node.left);
      if (index === leftSize) return node;
      if (index < leftSize) node = node.left;
      else {
        index -= leftSize + 1;
        node = node.right;
      }
    }
    return undefined;
  }

  /** Entries in order (do not change the index while walking). */
  *values(): IterableIterator<IndexEntry> {
    const stack: IndexEntry[] = [];
    for (let node = this.root; node !== null; node = node.left) stack.push(node);
    for (let node = stack.pop(); node; node = stack.pop()) {
      yield node;
      for (let next = node.right; next !== null; next = next.left) stack.push(next);
    }
  }
}
