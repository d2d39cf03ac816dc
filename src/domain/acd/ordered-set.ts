/** A sorted set for the ACD's waiting lists, where a plain array's O(n) splice would dominate. */
import { TreapPriorities, insertNode, removeNode, sizeOf, type TreapNode } from './treap.ts';

interface Node<T> extends TreapNode<Node<T>> {
  readonly value: T;
}

/**
 * A set of distinct elements kept in `compare` order: a treap (a search tree that is also a
 * heap on random priorities) with subtree sizes, so `rank` and `at` are O(log n) like the rest.
 * Priorities come from an internal xorshift32 with a fixed seed rather than an injected
 * RandomSource: they only shape the tree, never the observable order, and a fixed seed keeps
 * the domain deterministic (the same operations build the same tree). Elements that compare
 * equal are the same element, so `compare` must be a total order (break ties, e.g. by id).
 * Recursion depth is the tree height, expected O(log n).
 * @example
 * const waiting = new OrderedSet<[level: number, position: number, id: string]>(
 *   (a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
 * waiting.add([1, 7, 'c2']); waiting.add([1, 3, 'c9']); waiting.add([2, 1, 'c4']);
 * waiting.first();            // [1, 3, 'c9']
 * waiting.ceiling([2, 0, '']); // [2, 1, 'c4']
 * waiting.rank([2, 0, '']);    // 2 (two callers ahead of level 2)
 */
export class OrderedSet<T> {
  private root: Node<T> | null = null;
  private readonly priorities = new TreapPriorities();
  /** Bumped on every change so a live iterator can refuse to continue over a reshaped tree. */
  private version = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return sizeOf(this.root);
  }

  /** Adds; false (and no change) when an equal element (compare === 0) is present. */
  add(value: T): boolean {
    const before = this.size;
    this.root = this.insert(this.root, value);
    return this.changed(before);
  }

  /** Removes the element equal to `value`; false when absent. */
  delete(value: T): boolean {
    const before = this.size;
    this.root = this.remove(this.root, value);
    return this.changed(before);
  }

  has(value: T): boolean {
    for (let node = this.root; node !== null; ) {
      const c = this.compare(value, node.value);
      if (c === 0) return true;
      node = c < 0 ? node.left : node.right;
    }
    return false;
  }

  first(): T | undefined {
    let node = this.root;
    while (node?.left) node = node.left;
    return node?.value;
  }

  last(): T | undefined {
    let node = this.root;
    while (node?.right) node = node.right;
    return node?.value;
  }

  /** The smallest element ≥ value. */
  ceiling(value: T): T | undefined {
    return this.lowestAbove(value, true);
  }

  /** The smallest element > value. */
  higher(value: T): T | undefined {
    return this.lowestAbove(value, false);
  }

  /** How many elements are < value (`value` need not be in the set). */
  rank(value: T): number {
    let count = 0;
    for (let node = this.root; node !== null; ) {
      if (this.compare(node.value, value) < 0) {
        count += sizeOf(node.left) + 1;
        node = node.right;
      } else node = node.left;
    }
    return count;
  }

  /** The element at 0-based index in order (undefined out of range or for a non-integer). */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return undefined;
    for (let node = this.root; node !== null; ) {
      const leftSize = sizeOf(node.left);
      if (index === leftSize) return node.value;
      if (index < leftSize) node = node.left;
      else {
        index -= leftSize + 1;
        node = node.right;
      }
    }
    return undefined;
  }

  /**
   * Elements in order, from the first ≥ `from` (or from the start), lazily: O(log n) to start,
   * O(1) amortised per element. Changing the set while iterating is not supported: rotations
   * move nodes under the iterator, so the next step after any add/delete/clear that changed the
   * set throws rather than silently skipping or repeating elements. Collect first, then change.
   * (An undefined `from` means the start, so `from` cannot itself be an undefined element.)
   */
  values(from?: T): IterableIterator<T> {
    // The ancestors still to visit, nearest on top; O(height) memory.
    const stack: Node<T>[] = [];
    for (let node = this.root; node !== null; ) {
      if (from === undefined || this.compare(node.value, from) >= 0) {
        stack.push(node);
        node = node.left;
      } else node = node.right;
    }
    return this.walk(stack, this.version);
  }

  clear(): void {
    if (this.root !== null) this.version++;
    this.root = null;
  }

  /** @internal The longest root-to-leaf path (0 when empty), for tests that the tree stays balanced. */
  height(): number {
    const depth = (node: Node<T> | null): number => (node === null ? 0 : 1 + Math.max(depth(node.left), depth(node.right)));
    return depth(this.root);
  }

  /** add and delete touch at most one element, so a changed size is exactly "the set changed". */
  private changed(sizeBefore: number): boolean {
    if (this.size === sizeBefore) return false;
    this.version++;
    return true;
  }

  private *walk(stack: Node<T>[], version: number): Generator<T, void, undefined> {
    for (let node = stack.pop(); node; node = stack.pop()) {
      yield node.value;
      // Checked on resuming, so even a step that would have ended the walk reports the misuse.
      if (this.version !== version) throw new Error('OrderedSet changed during iteration');
      for (let next = node.right; next !== null; next = next.left) stack.push(next);
    }
  }

  private lowestAbove(value: T, inclusive: boolean): T | undefined {
    let best: T | undefined;
    for (let node = this.root; node !== null; ) {
      const c = this.compare(node.value, value);
      if (c > 0 || (inclusive && c === 0)) {
        best = node.value;
        node = node.left;
      } else node = node.right;
    }
    return best;
  }

  private insert(node: Node<T> | null, value: T): Node<T> {
    const fresh: Node<T> = { value, priority: this.priorities.next(), size: 1, left: null, right: null };
    return insertNode(node, fresh, (a, b) => this.compare(a.value, b.value));
  }

  private remove(node: Node<T> | null, value: T): Node<T> | null {
    return removeNode(node, value, (v, n) => this.compare(v, n.value));
  }
}
