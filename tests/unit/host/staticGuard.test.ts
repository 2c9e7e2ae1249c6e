/**
 * The browser host's folder guard, called directly. Over HTTP, URL parsing removes `.` and `..`
 * segments before the guard runs, so most traversal tests pass with no guard at all; these paths
 * are what still reaches it (decoded, un-normalized: `..%2f` becomes `../` only after parsing), so
 * removing the guard fails this test.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileInside } from '../../../electron/host/staticFiles';

const root = path.resolve('/srv/hutong/static');

describe('static folder guard', () => {
  it.each([
    '/../secret.txt',
    '/../../../etc/passwd',
    '/assets/../../secret.txt',
    '/./../secret.txt',
    '/..',
    '/.',
    '/',
    // A sibling whose name starts with the root's: a bare prefix check would let it through.
    '/../static-evil/index.html',
    '/../static',
  ])('refuses %s', (requestPath) => {
    expect(fileInside(root, requestPath)).toBeNull();
  });

  it.each([
    ['/index.html', 'index.html'],
    ['/assets/index.js', 'assets/index.js'],
    ['/assets/../index.html', 'index.html'],
    ['/a b.txt', 'a b.txt'],
    ['/..secret', '..secret'],
    ['//index.html', 'index.html'],
  ])('serves %s from inside the folder', (requestPath, inside) => {
    expect(fileInside(root, requestPath)).toBe(path.join(root, inside));
  });

  it('accepts a root given with a trailing separator or relative segments', () => {
    expect(fileInside(`${root}${path.sep}`, '/../secret.txt')).toBeNull();
    expect(fileInside(`${root}/x/..`, '/index.html')).toBe(path.join(root, 'index.html'));
  });
});
