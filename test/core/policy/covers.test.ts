import { describe, expect, it } from 'vitest';
import { actionCovers, actionsCover } from '../../../src/core/policy/index.js';

describe('full covers every action on its rid', () => {
  it('full allows any action; any other action only itself', () => {
    expect(actionCovers('full', 'read')).toBe(true);
    expect(actionCovers('full', 'full')).toBe(true);
    expect(actionCovers('read', 'read')).toBe(true);
    expect(actionCovers('read', 'full')).toBe(false);
    expect(actionCovers('create', 'delete')).toBe(false);
  });
  it('a held set allows what one of its actions covers', () => {
    expect(actionsCover(new Set(['full']), 'update')).toBe(true);
    expect(actionsCover(new Set(['read', 'update']), 'delete')).toBe(false);
  });
});
