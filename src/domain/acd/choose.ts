import type { RandomSource } from '../ports.ts';
import type { EntryKey, IndexEntry } from './entry-index.ts';
import type { QueueState } from './queue-state.ts';
import { Strategy } from './routing.ts';

/** A probe that sorts before every entry of `level`. */
const levelStart = (level: number): EntryKey => ({ level, key: Number.NEGATIVE_INFINITY, position: Number.NEGATIVE_INFINITY, agentId: '' });

/**
 * The agents a caller is offered now, by the queue's strategy, among the eligible agents of the
 * levels open to it (`open`: the highest open level). Each pick is a few O(log n) index steps;
 * ring-all returns every eligible agent of the open levels.
 * @example choose(queue, 'caller-1', 2, random); // ['agB']
 */
export function choose(queue: QueueState, callerId: string, open: number, random: RandomSource): IndexEntry[] {
  const { index } = queue;
  const first = index.first();
  if (first === undefined || first.level > open) return [];
  switch (queue.routing.strategy) {
    case Strategy.RingAll:
      return ringAll(queue, open);
    case Strategy.TopDown:
      return [after(queue, queue.topDown.get(callerId) ?? null, open) ?? first];
    case Strategy.RoundRobin:
    case Strategy.SequentiallyByNextAgentOrder:
      return [after(queue, queue.pointer, open) ?? first];
    case Strategy.Random:
      return [randomInLevel(queue, first.level, random)];
    default:
      // Ordered strategies: the index order is level, then the strategy's key, position and id.
      return [first];
  }
}

/** The next entry after `pointer` within the open levels, or null to wrap to the top. */
function after(queue: QueueState, pointer: EntryKey | null, open: number): IndexEntry | null {
  if (pointer === null) return null;
  const next = queue.index.higher(pointer);
  return next !== undefined && next.level <= open ? next : null;
}

/** Uniformly random among the eligible agents of the lowest level that has one. */
function randomInLevel(queue: QueueState, level: number, random: RandomSource): IndexEntry {
  const { index } = queue;
  const start = index.rank(levelStart(level));
  const count = index.rank(levelStart(level + 1)) - start;
  const pick = start + Math.min(count - 1, Math.floor(random.next() * count));
  return index.at(pick) as IndexEntry;
}

function ringAll(queue: QueueState, open: number): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const entry of queue.index.values()) {
    if (entry.level > open) break;
    out.push(entry);
  }
  return out;
}
