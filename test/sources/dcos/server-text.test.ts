// What a logging API answers besides the journal (an error page's text) reaches the node's error,
// its progress line and the terminal escaped (README.md, "Server text"), over a real HTTP server.
import { afterEach, describe, expect, it } from 'vitest';
import { sourceErrorText } from '../../../src/core/text.js';
import { expectEscaped, HOSTILE } from '../../helpers/hostile.js';
import { fakeLogCluster, type FakeLogCluster } from './fake-cluster.js';
import { scanDcos } from './helpers.js';

let fake: FakeLogCluster | null = null;
afterEach(async () => {
  await fake?.server.close();
  fake = null;
});

describe('a logging API error page with control characters', () => {
  it.each([
    [500, /^dcos:\/\/leader: the logging API failed \(500: boom .*; gave up after 1 retries$/],
    [400, /^dcos:\/\/leader: the logging API refused the request \(400: boom /],
    [418, /^dcos:\/\/leader: unexpected answer from the logging API \(418: boom /],
  ])('%i: the node\'s error and its progress are escaped', async (status, want) => {
    fake = await fakeLogCluster((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>${HOSTILE}</h1></body></html>`);
    });
    const r = await scanDcos(['dcos://leader'], fake.cluster, { maxReconnects: 1, reconnectBaseMs: 1 });
    expect(r.errors).toHaveLength(1);
    const message = r.errors[0]?.message ?? '';
    expect(message).toMatch(want);
    expectEscaped(message);
    expectEscaped(sourceErrorText(r.errors[0]!));
    for (const p of r.progress.filter((x) => x.error)) expectEscaped(p.error!);
  });
});

describe('a logging API error page that echoes the request', () => {
  it.each([
    ['the Authorization header', (auth: string) => `bad request; you sent ${auth}`],
    ['the bare token', (auth: string) => `bad request; you sent ${auth.replace(/^token=/, '')} as your token`],
    // A tag is no word of the page: the token's head is what the cut error text keeps.
    ['the token, cut where the page was read to', (auth: string) => `<p class="${'x'.repeat(2048 - 70)}">you sent ${auth.replace(/^token=/, '')}`],
  ])('%s: the token never reaches the error', async (_what, page) => {
    let token = '';
    fake = await fakeLogCluster((req, res) => {
      token = (req.headers.authorization ?? '').replace(/^token=/, '');
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(page(req.headers.authorization ?? ''));
    });
    const r = await scanDcos(['dcos://leader'], fake.cluster);
    expect(token.length).toBeGreaterThan(40);
    expect(r.errors).toHaveLength(1);
    const text = JSON.stringify(r);
    expect(text).toContain('the logging API refused the request (400: ');
    expect(text).not.toContain(token.slice(0, 20));
    expect(text).not.toContain(token.slice(-20));
  });
});
