import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSemaphore } from '../../../src/runner/semaphore.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('at most `limit` holders; the rest wait in FIFO order', async () => {
  const sem = createSemaphore(2);
  const order: number[] = [];
  const releases: Array<() => void> = [];
  const waiters = [1, 2, 3, 4].map((n) => sem.acquire().then((release) => { order.push(n); releases.push(release); }));
  await tick();
  assert.equal(order, [1, 2]);
  assert.is(sem.active, 2);
  assert.is(sem.waiting, 2);
  releases[1]?.();
  await tick();
  assert.equal(order, [1, 2, 3]);
  releases[0]?.();
  await Promise.all(waiters);
  assert.equal(order, [1, 2, 3, 4]);
  releases[2]?.(); releases[3]?.();
  assert.is(sem.active, 0);
});

test('releasing twice frees one slot only', async () => {
  const sem = createSemaphore(1);
  const release = await sem.acquire();
  const second = sem.acquire();
  const third = sem.acquire();
  release(); release();
  await second;
  await tick();
  assert.is(sem.active, 1);
  assert.is(sem.waiting, 1);
  (await second)();
  (await third)();
  assert.is(sem.active, 0);
});

test('a non-positive limit is rejected', () => {
  assert.throws(() => createSemaphore(0), /positive integer/);
});

test.run();
