// `copyspec report`: the static review page from the registry, the declared verdicts and a
// counterexample directory — every in-page link lands on an element, every file link on a file,
// each refuted cell with a file links to it, a damaged file is shown as damaged, and an output
// that cannot be written is refused before any work. (In a browser: report-browser.test.ts.)

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, isOneLineError, root } from './helpers.js';

describe('copyspec report', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'copyspec-report-'));
  const cx = join(tmp, 'cx');
  mkdirSync(cx);
  for (const f of ['LIMIT-03-copy-ctx.json', 'ERR-01-copy-ignores-mssrl.json', 'LIMIT-02-split-drops-tail.json']) copyFileSync(join(root, 'counterexamples', f), join(cx, f));
  writeFileSync(join(cx, 'BROKEN-01.json'), '{"format": "copyspec-counterexample/0"}');
  const out = join(tmp, 'out');
  const r = cli('report', '--out', out, '--counterexamples', cx);
  const html = existsSync(join(out, 'index.html')) ? readFileSync(join(out, 'index.html'), 'utf8') : '';

  it('writes one page and says how many files it showed', () => {
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*index\.html \(\d+ properties, 4 counterexamples, 1 damaged\)/);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|(?:href|src)="https?:/); // static: nothing runs, nothing is fetched
  });

  it('every link resolves: a fragment to an id of the page, a relative link to a file', () => {
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const hrefs = [...html.matchAll(/ href="([^"]+)"/g)].map((m) => m[1]!).filter((h) => !h.startsWith('data:'));
    expect(hrefs.filter((h) => h.startsWith('#') && !ids.has(decodeURIComponent(h.slice(1))))).toEqual([]);
    const files = hrefs.filter((h) => !h.startsWith('#'));
    expect(files).toHaveLength(4);
    for (const h of files) expect(existsSync(resolve(dirname(join(out, 'index.html')), decodeURIComponent(h))), h).toBe(true);
  });

  it('links a refuted cell to its counterexample, with the diagram and the replay command', () => {
    expect(html).toMatch(/<td class="refuted"[^>]*><a href="#prop-LIMIT-03">refuted<\/a> <a href="#cx-LIMIT-03-copy-ctx">counterexample<\/a><\/td>/);
    const section = html.slice(html.indexOf('<section id="cx-LIMIT-03-copy-ctx">'));
    expect(section).toMatch(/<svg xmlns=/);
    expect(section).toMatch(/npx copyspec replay .*LIMIT-03-copy-ctx\.json/);
    expect(section).toMatch(/<summary>Mermaid<\/summary><pre>sequenceDiagram/);
    expect(html).toMatch(/<section id="cx-BROKEN-01">[^]*damaged: .*format/);
  });

  it.each([
    [['--out', join(tmp, 'out', 'index.html', 'x')], /cannot create the directory|not a directory/],
    [['--out', join(tmp, 'out2'), '--counterexamples', join(tmp, 'none')], /cannot read the counterexample directory/],
    [['--out', join(tmp, 'out2'), 'extra'], /takes no file/],
  ])('refuses %j with one line and exit 2', (args, msg) => {
    const e = cli('report', ...args);
    expect(isOneLineError(e)).toBe(true);
    expect(e.stderr).toMatch(msg);
  });
});
