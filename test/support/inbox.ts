/** Everything received so far, and a way to wait for the next unread item that matches. */
export class Inbox<T> {
  /** Every item in arrival order, including those `next` already took. */
  readonly all: T[] = [];
  private readonly unread: T[] = [];
  private readonly waiters = new Set<{ match: (item: T) => boolean; take: (item: T) => void }>();

  /** Adds an item, handing it to the oldest waiter it matches. */
  push(item: T): void {
    this.all.push(item);
    for (const waiter of this.waiters) {
      if (waiter.match(item)) return waiter.take(item);
    }
    this.unread.push(item);
  }

  /** Takes the first unread item matching `predicate`, waiting up to `timeoutMs` for one. */
  next<S extends T>(predicate: (item: T) => item is S, timeoutMs?: number): Promise<S>;
  next(predicate?: (item: T) => boolean, timeoutMs?: number): Promise<T>;
  next(predicate: (item: T) => boolean = () => true, timeoutMs = 2_000): Promise<T> {
    const index = this.unread.findIndex(predicate);
    if (index !== -1) return Promise.resolve(this.unread.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: predicate,
        take: (item: T) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = JSON.stringify(this.all).slice(0, 500);
        reject(new Error(`no matching item within ${timeoutMs} ms; received so far: ${seen}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
