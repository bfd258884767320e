// The pure helpers that make the frame fit: middle truncation, part dropping, list columns, the
// frame's line budget, account groups and the list window.
import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/ui/columns.js';
import { accountsText, byAccount } from '../../src/ui/groups.js';
import { frameLayout, splitMiddle } from '../../src/ui/layout.js';
import { fitRows, windowFor, type Row } from '../../src/ui/model.js';
import { fitParts, midTruncate, shown } from '../../src/ui/text.js';
import { finding } from '../core/session/helpers.js';

describe('midTruncate', () => {
  const rid = 'dcos:mesos:master:framework:role:cassandra-role-with-a-long-name';
  it('keeps text that fits, and cuts the middle, keeping the last segment whole', () => {
    expect(midTruncate('dcos:x', 10)).toBe('dcos:x');
    const cut = midTruncate(rid, 40);
    expect(cut).toHaveLength(40);
    expect(cut.endsWith('cassandra-role-with-a-long-name')).toBe(true);
    expect(cut.startsWith('dcos:')).toBe(true);
    expect(cut).toContain('…');
  });
  it('keeps the end of a path rid and a little of the start when even the last segment is too long', () => {
    const path = 'dcos:secrets:default:/a/very/long/path/to/the/service/keystore';
    const cut = midTruncate(path, 30);
    expect(cut).toHaveLength(30);
    expect(cut.endsWith('/service/keystore')).toBe(true);
    expect(cut.startsWith('dcos:s')).toBe(true);
  });
  it('handles tiny widths', () => {
    expect(midTruncate(rid, 1)).toBe('…');
    expect(midTruncate(rid, 0)).toBe('');
  });
});

describe('fitParts and shown', () => {
  it('drops the least important parts first and keeps the order', () => {
    const parts = [{ text: 'aaaa', priority: 0 }, { text: 'bbbb', priority: 5 }, { text: 'cccc', priority: 1 }];
    expect(fitParts(parts, 100)).toBe('aaaa · bbbb · cccc');
    expect(fitParts(parts, 12)).toBe('aaaa · cccc');
    expect(fitParts(parts, 3)).toBe('aaaa');
  });
  it('makes log text terminal-safe', () => {
    expect(shown('dcos:x\u001b[2J\nrole')).toBe('dcos:x\\x1b[2J\\x0arole');
  });
});

describe('list columns', () => {
  const base = { ridMax: 60, actionMax: 6, hostsMax: 20, countMax: 123 };
  it('at 80 columns a 60-character rid and a 6-letter action fit whole, with short status and risk', () => {
    const c = planColumns({ width: 80, ...base });
    expect(c.rid).toBe(60);
    expect(c).toMatchObject({ status: 'short', risk: 'short', hosts: 0 });
    expect(c.prefix + 4 + 1 + 4 + 1 + (c.count ? c.count + 1 : 0) + c.action + 1 + c.rid).toBeLessThanOrEqual(80);
  });
  it('adds counts, then longer words, then hosts as the width allows', () => {
    expect(planColumns({ width: 80, ...base, ridMax: 47 })).toMatchObject({ rid: 47, status: 'medium', count: 4 });
    expect(planColumns({ width: 200, ...base })).toMatchObject({ rid: 60, status: 'long', risk: 'long', prefix: 5, count: 4, hosts: 20 });
  });
  it('cuts the rid only when even the short columns leave too little', () => {
    expect(planColumns({ width: 60, ...base }).rid).toBe(40);
  });
});

describe('frame layout', () => {
  it('is one line shorter than the terminal and keeps room for the list', () => {
    const l = frameLayout({ rows: 24, extraLines: 2, errors: 2, authWant: 4, resultsWant: 9, modal: false });
    expect(l.height).toBe(23);
    expect(5 + 2 + l.errors + l.middle + l.auth + l.results).toBe(23);
    expect(l.middle).toBeGreaterThanOrEqual(8);
    const big = frameLayout({ rows: 60, extraLines: 1, errors: 2, authWant: 4, resultsWant: 9, modal: false });
    expect(big).toMatchObject({ height: 59, errors: 2, auth: 4, results: 8 });
  });
  it('on a tiny terminal drops the optional lines before the list goes', () => {
    const l = frameLayout({ rows: 10, extraLines: 2, errors: 2, authWant: 4, resultsWant: 9, modal: false });
    expect(l).toMatchObject({ height: 9, extraLines: 1, errors: 0, middle: 3 });
    expect(5 + l.extraLines + l.errors + l.middle + l.auth + l.results).toBe(9);
  });

  it('gives a dialog the panels\' lines', () => {
    const l = frameLayout({ rows: 24, extraLines: 1, errors: 0, authWant: 4, resultsWant: 9, modal: true });
    expect(l).toMatchObject({ auth: 0, results: 0, middle: 17 });
  });
  it('splits the middle: a few list rows first, then the detail pane, the rest to the list', () => {
    expect(splitMiddle(14, 2)).toEqual({ list: 4, detail: 10, border: false });
    expect(splitMiddle(14, 30)).toEqual({ list: 8, detail: 6, border: false });
    expect(splitMiddle(45, 30)).toEqual({ list: 33, detail: 12, border: true });
  });
});

describe('account groups', () => {
  const pairs = (uid: string, n: number) => Array.from({ length: n }, (_, i) => ({ uid, rid: `r${i}` }));
  it('groups by account in the order each first appears, and names them', () => {
    const g = byAccount([...pairs('a', 2), ...pairs('b', 1), ...pairs('a', 1)]);
    expect(g.map((x) => [x.uid, x.items.length])).toEqual([['a', 3], ['b', 1]]);
    expect(accountsText(['a'])).toBe('a');
    expect(accountsText(['a', 'b'])).toBe('2 accounts: a, b');
  });
});

describe('list window with account lines', () => {
  const row = (uid: string, i: number): Row => ({ key: `${uid}${i}`, finding: finding(`dcos:r${i}`, 'read', { uid }), status: { status: 'new', note: '' }, selected: false });
  const rows = [row('a', 0), row('a', 1), row('b', 0), row('b', 1), row('b', 2)];
  it('counts the account title lines in the height', () => {
    expect(fitRows(rows, 0, 4, true)).toBe(2); // a-title, a0, a1, b-title
    expect(fitRows(rows, 0, 4, false)).toBe(4);
    expect(fitRows(rows, 1, 3, true)).toBe(1); // a-title, a1, b-title
  });
  it('keeps the cursor in view', () => {
    expect(windowFor(4, 0, 4, rows, true)).toBe(2);
    expect(windowFor(0, 3, 4, rows, true)).toBe(0);
  });
});
