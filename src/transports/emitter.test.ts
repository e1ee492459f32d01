import { describe, expect, it } from 'vitest';
import { createEmitter } from './emitter';

interface Events {
  tick: (n: number) => void;
  done: () => void;
}

describe('createEmitter', () => {
  it('calls listeners in order and stops calling one after its unsubscribe', () => {
    const emitter = createEmitter<Events>();
    const calls: string[] = [];
    const offA = emitter.on('tick', (n) => calls.push(`a${n}`));
    emitter.on('tick', (n) => calls.push(`b${n}`));
    emitter.emit('tick', 1);
    offA();
    emitter.emit('tick', 2);
    expect(calls).toEqual(['a1', 'b1', 'b2']);
    expect(emitter.listenerCount('tick')).toBe(1);
    expect(emitter.listenerCount()).toBe(1);
  });

  it('keeps calling the other listeners when one throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = createEmitter<Events>((error, event) =>
      errors.push([event, (error as Error).message]),
    );
    const calls: number[] = [];
    emitter.on('tick', () => {
      throw new Error('boom');
    });
    emitter.on('tick', (n) => calls.push(n));
    emitter.emit('tick', 7);
    expect(calls).toEqual([7]);
    expect(errors).toEqual([['tick', 'boom']]);
  });

  it('treats the same function added twice as two subscriptions', () => {
    const emitter = createEmitter<Events>();
    let count = 0;
    const listener = () => void (count += 1);
    const off = emitter.on('done', listener);
    emitter.on('done', listener);
    off();
    emitter.emit('done');
    expect(count).toBe(1);
  });

  it('applies an unsubscribe made during an emit from the next emit on', () => {
    const emitter = createEmitter<Events>();
    const calls: string[] = [];
    let offB = () => {};
    emitter.on('done', () => {
      calls.push('a');
      offB();
    });
    offB = emitter.on('done', () => calls.push('b'));
    emitter.emit('done');
    emitter.emit('done');
    expect(calls).toEqual(['a', 'b', 'a']);
  });
});
