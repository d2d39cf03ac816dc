/**
 * The treap machinery both ordered structures of the ACD share (`OrderedSet` for callers,
 * `EntryIndex` for agents): a search tree that is also a heap on pseudo-random priorities, with
 * subtree sizes so rank and k-th are O(log n). Nodes are the callers' own objects, so one
 * structure can keep its values inside the nodes (intrusive) and another wrap them.
 */
export interface TreapNode<N> {
  left: N | null;
  right: N | null;
  /** Heap key: a parent's priority is ≥ its children's, which keeps the tree shallow. */
  priority: number;
  size: number;
}

export const sizeOf = <N extends TreapNode<N>>(node: N | null): number => (node === null ? 0 : node.size);

export function resize<N extends TreapNode<N>>(node: N): N {
  node.size = 1 + sizeOf(node.left) + sizeOf(node.right);
  return node;
}

/** Lifts `child` above `parent`, keeping the order; the caller has already linked the child. */
function rotate<N extends TreapNode<N>>(parent: N, child: N): N {
  if (child === parent.left) {
    parent.left = child.right;
    child.right = resize(parent);
  } else {
    parent.right = child.left;
    child.left = resize(parent);
  }
  return resize(child);
}

/** Joins two treaps where every node of `a` sorts before every node of `b`; depth ≤ their heights. */
function merge<N extends TreapNode<N>>(a: N | null, b: N | null): N | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.priority >= b.priority) {
    a.right = merge(a.right, b);
    return resize(a);
  }
  b.left = merge(a, b.left);
  return resize(b);
}

/**
 * Inserts `fresh` (a detached node with its priority set) as a leaf and rotates it up while its
 * priority beats its parent's; an equal node present keeps the tree unchanged.
 * @example root = insertNode(root, fresh, (a, b) => a.key - b.key);
 */
export function insertNode<N extends TreapNode<N>>(node: N | null, fresh: N, compare: (a: N, b: N) => number): N {
  if (node === null) return fresh;
  const c = compare(fresh, node);
  if (c < 0) {
    const left = (node.left = insertNode(node.left, fresh, compare));
    return left.priority > node.priority ? rotate(node, left) : resize(node);
  }
  if (c > 0) {
    const right = (node.right = insertNode(node.right, fresh, compare));
    return right.priority > node.priority ? rotate(node, right) : resize(node);
  }
  return node;
}

/**
 * Removes the node that `compare(key, node)` finds equal, if any; the removed node is detached.
 * @example root = removeNode(root, probe, (k, n) => k.key - n.key);
 */
export function removeNode<N extends TreapNode<N>, K>(node: N | null, key: K, compare: (key: K, node: N) => number): N | null {
  if (node === null) return null;
  const c = compare(key, node);
  if (c === 0) {
    const rest = merge(node.left, node.right);
    node.left = node.right = null;
    node.size = 1;
    return rest;
  }
  if (c < 0) node.left = removeNode(node.left, key, compare);
  else node.right = removeNode(node.right, key, compare);
  return resize(node);
}

/**
 * Priorities from xorshift32 with a fixed seed rather than an injected RandomSource: they only
 * shape the tree, never the observable order, and a fixed seed keeps the domain deterministic.
 */
export class TreapPriorities {
  private seed = 0x9e3779b9;

  next(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (this.seed = x >>> 0);
  }
}
