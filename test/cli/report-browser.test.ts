// The review report and a counterexample's SVG in a real browser: Debian's headless chromium,
// driven over the DevTools protocol on a pipe (--remote-debugging-pipe: no port, no network, no
// dependency). Each page must load without a console error, an uncaught exception or a failed load;
// the SVG must parse as an SVG document; every link of the report must resolve (a fragment to an
// element of the page, a relative link to a file). Without chromium the test is skipped, saying why.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, root } from './helpers.js';

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync('which', [c]).status === 0);

type Message = { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: Record<string, unknown>; error?: { message: string } };

/** A minimal DevTools protocol client over chromium's pipe (fd 3 in, fd 4 out; messages end in NUL). */
class Browser {
  private next = 0;
  private pending = new Map<number, (m: Message) => void>();
  private listeners: ((m: Message) => void)[] = [];
  private constructor(private readonly proc: ChildProcess, private readonly input: Writable) {}

  static start(binary: string): Browser {
    const profile = mkdtempSync(join(tmpdir(), 'copyspec-chromium-'));
    // --no-sandbox: CI runs as root, where chromium refuses its sandbox.
    const proc = spawn(binary, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const b = new Browser(proc, proc.stdio[3] as Writable);
    let buf = '';
    (proc.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      for (let i = buf.indexOf('\0'); i >= 0; i = buf.indexOf('\0')) {
        const m = JSON.parse(buf.slice(0, i)) as Message;
        buf = buf.slice(i + 1);
        if (m.id !== undefined) b.pending.get(m.id)?.(m);
        else for (const l of b.listeners) l(m);
      }
    });
    return b;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result ?? {})));
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Load `url` in a new tab; the problems the page reported, and `probe` evaluated in it. */
  async open(url: string, probe: string): Promise<{ problems: string[]; value: unknown }> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const problems: string[] = [];
    let loaded!: () => void;
    const load = new Promise<void>((r) => (loaded = r));
    const listen = (m: Message): void => {
      if (m.sessionId !== sessionId) return;
      const p = m.params ?? {};
      if (m.method === 'Page.loadEventFired') loaded();
      if (m.method === 'Runtime.exceptionThrown') problems.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
      if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) problems.push(`console.${String(p.type)}: ${JSON.stringify(p.args)}`);
      if (m.method === 'Log.entryAdded' && (p.entry as { level: string }).level === 'error') problems.push(`log: ${JSON.stringify(p.entry)}`);
    };
    this.listeners.push(listen);
    await Promise.all(['Page.enable', 'Runtime.enable', 'Log.enable'].map((m) => this.send(m, {}, sessionId)));
    await this.send('Page.navigate', { url }, sessionId);
    await load;
    const r = (await this.send('Runtime.evaluate', { expression: probe, returnByValue: true }, sessionId)) as { result: { value: unknown } };
    await this.send('Target.closeTarget', { targetId });
    this.listeners = this.listeners.filter((l) => l !== listen);
    return { problems, value: r.result.value };
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => undefined);
    this.proc.kill();
  }
}

describe.skipIf(!chromium)(`in headless chromium${chromium ? '' : ' (skipped: no chromium on PATH; Debian: apt-get install chromium)'}`, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'copyspec-browser-'));
  let browser: Browser;
  beforeAll(() => {
    browser = Browser.start(chromium!);
  });
  afterAll(() => browser?.close());

  it('sees what it must refuse: a console error, a missing file', async () => {
    const f = join(tmp, 'bad.html');
    writeFileSync(f, '<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><script>console.error("broken")</script><img src="missing.png"></body></html>');
    const { problems } = await browser.open(pathToFileURL(f).href, '1');
    expect(problems.join('\n')).toMatch(/broken/);
    expect(problems.join('\n')).toMatch(/missing\.png/);
  });

  it('the report loads without a console error and every link resolves', async () => {
    const out = join(tmp, 'report');
    const r = cli('report', '--out', out);
    expect(r.status).toBe(0);
    const page = pathToFileURL(join(out, 'index.html')).href;
    const probe = `JSON.stringify({
      hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      missing: [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')).filter((h) => !document.getElementById(decodeURIComponent(h.slice(1)))),
      svgs: document.querySelectorAll('.diagram > svg').length,
      cells: document.querySelectorAll('#matrix tbody tr').length,
    })`;
    const { problems, value } = await browser.open(page, probe);
    expect(problems).toEqual([]);
    const v = JSON.parse(value as string) as { hrefs: string[]; missing: string[]; svgs: number; cells: number };
    expect(v.missing).toEqual([]);
    expect(v.hrefs.length).toBeGreaterThan(100);
    const files = v.hrefs.filter((h) => !h.startsWith('#'));
    expect(files.length).toBeGreaterThan(30);
    for (const h of files) expect(existsSync(fileURLToPath(new URL(h, page))), h).toBe(true);
    expect(v.svgs).toBeGreaterThan(30);
    expect(v.cells).toBeGreaterThan(20);
  });

  it('a counterexample SVG opens as an SVG document without errors', async () => {
    const r = cli('replay', join(root, 'counterexamples', 'LIMIT-03-copy-ctx.json'), '--svg');
    expect(r.status).toBe(1);
    const f = join(tmp, 'cx.svg');
    writeFileSync(f, r.stdout);
    const { problems, value } = await browser.open(pathToFileURL(f).href, `JSON.stringify({ root: document.documentElement.localName, errors: document.getElementsByTagNameNS('*', 'parsererror').length, texts: document.querySelectorAll('text').length })`);
    expect(problems).toEqual([]);
    const v = JSON.parse(value as string) as { root: string; errors: number; texts: number };
    expect(v).toMatchObject({ root: 'svg', errors: 0 });
    expect(v.texts).toBeGreaterThan(10);
  });
});
