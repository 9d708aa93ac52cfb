// `check --reporter junit|ktap|github`: JUnit XML that is well-formed with one testcase per cell;
// KTAP lines that follow Documentation/dev-tools/ktap.rst; GitHub annotations and a Markdown
// matrix; and the combinations refused in one line.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, isOneLineError, type Result } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'copyspec-reporters-'));
const SELECTION = ['check', '--design', 'vectored-bio', '--runs', '5', '--quiet', '--no-save'];

/**
 * A small XML 1.0 well-formedness check (no DTD): one root element, tags nest and close in order,
 * attributes quoted and not repeated, every `&` starts a known entity or a character reference, no
 * `<` in text or attribute values. Returns the elements as [name, attributes, parent name].
 */
export const parseXml = (xml: string): { name: string; attrs: Record<string, string>; parent: string | null }[] => {
  const fail = (why: string, at: number): never => {
    throw new Error(`not well-formed XML at ${at}: ${why}`);
  };
  const checkText = (t: string, at: number): void => {
    if (t.includes('<')) fail('< in text', at);
    for (const m of t.matchAll(/&([^;]*);?/g)) if (!/^&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) fail(`bad entity ${m[0]}`, at);
  };
  let i = 0;
  const decl = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: string[] = [];
  const out: { name: string; attrs: Record<string, string>; parent: string | null }[] = [];
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') fail('text outside the root', i);
    checkText(text, i);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) fail('unclosed tag', lt);
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      if (stack.pop() !== tag.slice(1).trim()) fail(`</${tag.slice(1)}> closes another element`, lt);
    } else {
      const selfClosing = tag.endsWith('/');
      const m = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*\/?$/.exec(tag);
      if (!m) fail(`bad tag <${tag}>`, lt);
      const attrs: Record<string, string> = {};
      for (const a of m![2]!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if (a[1]! in attrs) fail(`attribute ${a[1]} twice`, lt);
        checkText(a[2]!, lt);
        attrs[a[1]!] = a[2]!;
      }
      if (stack.length === 0 && ++roots > 1) fail('a second root element', lt);
      out.push({ name: m![1]!, attrs, parent: stack.at(-1) ?? null });
      if (!selfClosing) stack.push(m![1]!);
    }
    i = gt + 1;
  }
  if (stack.length) fail(`<${stack.at(-1)}> not closed`, xml.length);
  if (roots !== 1) fail('no root element', 0);
  return out;
};

describe('the XML check itself', () => {
  it.each([['<a><b></a></b>'], ['<a x="1" x="2"/>'], ['<a>&nope;</a>'], ['<a>1 < 2</a>'], ['<a/><b/>'], ['<a>']])('refuses %s', (xml) => {
    expect(() => parseXml(xml)).toThrow(/not well-formed/);
  });
  it('takes a declaration, nesting, entities and self-closing tags', () => {
    expect(parseXml('<?xml version="1.0"?>\n<a k="&amp;&#38;"><b/>x &lt; y</a>').map((e) => e.name)).toEqual(['a', 'b']);
  });
});

describe('check --reporter', () => {
  let json: Result;
  let cells: { verdict: string; expected: string }[];
  beforeAll(() => {
    json = cli(...SELECTION, '--json');
    cells = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verdict: string; expected: string }).filter((r) => 'verdict' in r); // not the coverage lines
  });

  it('junit: well-formed XML, one testcase per cell, failures naming the replay command; --json stays on stdout', () => {
    const file = join(tmp, 'junit.xml');
    const r = cli(...SELECTION, '--json', '--reporter', 'junit', '--output-file', file);
    expect(r.stdout).toBe(json.stdout);
    expect(r.status).toBe(json.status);
    const xml = parseXml(readFileSync(file, 'utf8'));
    const suite = xml.find((e) => e.name === 'testsuite' && e.attrs.name === 'copyspec check')!;
    const cases = xml.filter((e) => e.name === 'testcase' && e.parent === 'testsuite' && e.attrs.classname?.startsWith('copyspec.check.'));
    expect(cases).toHaveLength(cells.length);
    expect(Number(suite.attrs.tests)).toBe(cells.length);
    const failures = xml.filter((e) => e.name === 'failure' && e.attrs.type === 'verdict');
    expect(failures).toHaveLength(cells.filter((c) => c.verdict !== c.expected).length);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f.attrs.message).toMatch(/replay: copyspec (replay|check --property) /);
  });

  it('ktap: version line, plan, numbered ok / not ok lines and # diagnostics only', () => {
    const r = cli(...SELECTION, '--reporter', 'ktap');
    expect(r.status).toBe(json.status);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('KTAP version 1');
    const plan = /^1\.\.(\d+)$/.exec(lines[1]!);
    expect(plan).not.toBeNull();
    const results = lines.slice(2).filter((l) => !l.startsWith('# '));
    // <result> <number> [<description>][ # [<directive>] [<diagnostic data>]]; a description has no '#'.
    for (const l of results) expect(l).toMatch(/^(ok|not ok) \d+( [^#]+?)?( # .*)?$/);
    expect(results.map((l) => Number(/^(?:not )?ok (\d+)/.exec(l)![1]))).toEqual(Array.from({ length: Number(plan![1]) }, (_, i) => i + 1));
    expect(results).toHaveLength(cells.length + 1); // each cell, and coverage
    expect(results.filter((l) => l.startsWith('not ok')).length).toBe(cells.filter((c) => c.verdict !== c.expected).length + 1);
  });

  it('github: an ::error annotation per differing cell after the matrix, and the Markdown matrix for the job summary', () => {
    const summary = join(tmp, 'summary.md');
    writeFileSync(summary, 'before\n');
    // One run a cell: some known-bad variant of ERR-01 is surely not refuted yet, so cells differ.
    const r = cli('check', '--property', 'ERR-01', '--runs', '1', '--quiet', '--no-save', '--reporter', 'github', '--output-file', summary);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) expect(a).toMatch(/^::error file=[^,:]+,title=[^:]+::.*Replay: copyspec /);
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/^### copyspec check/);
    expect(md).toMatch(/\| property \| vectored-bio \|/);
    // Without --output-file the Markdown is appended to the file GitHub names in $GITHUB_STEP_SUMMARY.
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      cli('check', '--property', 'ERR-03', '--runs', '20', '--quiet', '--no-save', '--reporter', 'github');
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }
    const after = readFileSync(summary, 'utf8');
    expect(after.startsWith(md)).toBe(true);
    expect(after.slice(md.length)).toMatch(/^### copyspec check[^]*\| ERR-03 \|/);
  });

  it.each([
    [['--output-file', join(tmp, 'x.xml')], /--output-file takes the output of --reporter/],
    [['--reporter', 'junit', '--json'], /--reporter junit and --json both print on stdout/],
    [['--reporter', 'github', '--json'], /--reporter github writes annotations on stdout/],
    [['--reporter', 'tap'], /no reporter "tap"; known: junit, ktap, github/],
    [['--reporter', 'junit', '--output-file', tmp], /cannot write \(is a directory\)/],
  ])('%j is one line and exit 2, before any work', (extra, message) => {
    const r = cli(...SELECTION, ...extra);
    expect(isOneLineError(r)).toBe(true);
    expect(r.stderr).toMatch(message);
  });
});
