import { PrimedLoader } from '../../src/core/db/primed-loader';

/*
 * Issue 9: a primed value is answered at once (src/core/db/primed-loader.ts), so a nested field
 * whose rows came with its parent's statement stays on graphql-jit's synchronous path. Anything
 * else answers exactly what DataLoader's load() would.
 */

function loader() {
  const batches: string[][] = [];
  const primed = new PrimedLoader<string, string[]>(async (keys) => {
    batches.push([...keys]);
    return keys.map((key) => [`loaded:${key}`]);
  });
  return { primed, batches };
}

it('answers a primed value as it is, not as a promise, and loads nothing for it', async () => {
  const { primed, batches } = loader();
  primed.prime('äiti', ['Ääkkönen']);
  expect(primed.now('äiti')).toEqual(['Ääkkönen']);
  expect(await primed.load('äiti')).toEqual(['Ääkkönen']);
  expect(batches).toEqual([]);
});

it('a key not primed is loaded in one batch, as load() does', async () => {
  const { primed, batches } = loader();
  const [a, b] = [primed.now('a'), primed.now('b')];
  expect(a).toBeInstanceOf(Promise);
  expect(await Promise.all([a, b])).toEqual([['loaded:a'], ['loaded:b']]);
  expect(batches).toEqual([['a', 'b']]);
});

it('a value primed after the key was loaded does not replace the loaded one (DataLoader keeps it too)', async () => {
  const { primed } = loader();
  await primed.load('k');
  primed.prime('k', ['later']);
  expect(await primed.now('k')).toEqual(['loaded:k']);
  expect(await primed.load('k')).toEqual(['loaded:k']);
});

it('a primed error or promise is left to load(); clear() and clearAll() forget primed values', async () => {
  const { primed } = loader();
  primed.prime('bad', new Error('refused'));
  await expect(primed.now('bad')).rejects.toThrow('refused');
  primed.prime('later', Promise.resolve(['from a promise']));
  await expect(primed.now('later')).resolves.toEqual(['from a promise']);
  primed.prime('x', ['primed']).prime('y', ['primed']);
  primed.clear('x');
  expect(await primed.now('x')).toEqual(['loaded:x']);
  primed.clearAll();
  expect(await primed.now('y')).toEqual(['loaded:y']);
});
