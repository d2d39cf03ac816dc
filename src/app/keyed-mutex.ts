/**
 * Runs tasks one at a time per key (a tenant), in arrival order. Decisions are taken on the
 * in-memory state, so two changes to one tenant must not interleave between read and commit.
 * @example await locks.run(tenantId, () => service.change());
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
