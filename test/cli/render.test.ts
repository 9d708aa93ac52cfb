// Every committed counterexample renders as a Mermaid sequence diagram, an SVG and an ITF trace
// (cli/render/), one replay each; the ITF has one state per replay step plus the initial one; the
// command line writes them (replay --mermaid/--svg/--itf, the .mmd beside each file check saves)
// and refuses bad combinations with one line and exit 2.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFile } from '../../cli/replay.js';
import { diagramOf } from '../../cli/render/from-replay.js';
import { escapeMermaid, mermaidOf } from '../../cli/render/mermaid.js';
import { svgOf } from '../../cli/render/svg.js';
import { itfOf, type ItfValue } from '../../cli/render/itf.js';
import { wrapText } from '../../cli/render/diagram.js';
import { cli, isOneLineError, root } from './helpers.js';

const corpus = join(root, 'counterexamples');
const files = readdirSync(corpus).filter((f) => f.endsWith('.json'));

// Mermaid sequence statements as cli/render/mermaid.ts writes them; text holds no raw `#`, `;`,
// `<`, `&` or newline (Mermaid's sequenceDiagram.jison ends a message at `#`, `;` or a newline).
const TEXT = String.raw`(?:[^#;<&\n]|#\d+;|<br/>)*`;
const STATEMENT = new RegExp(String.raw`^(?:sequenceDiagram|  title ${TEXT}|  autonumber|  participant p\d+ as ${TEXT}|  p\d+->>p\d+: ${TEXT}|  Note over p\d+(?:,p\d+)?: ${TEXT})$`);

/** Well-formed XML as svg.ts writes it: balanced tags, quoted attributes, no raw `<` or stray `&` in text. */
const xmlProblems = (xml: string): string[] => {
  const problems: string[] = [];
  const stack: string[] = [];
  const token = /<(\/?)([a-z]+)((?:\s+[A-Za-z0-9:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    if (m[6]) problems.push(`a raw < at ${m.index}`);
    else if (m[5] !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|#\d+);)/.test(m[5])) problems.push(`a stray & at ${m.index}`);
    } else if (m[1]) {
      if (stack.pop() !== m[2]) problems.push(`</${m[2]}> closes nothing open at ${m.index}`);
    } else if (!m[4]) stack.push(m[2]!);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
};

/** Every number in an ITF value outside `#meta` is an error: integers are `{"#bigint": …}`. */
const plainNumbers = (v: ItfValue | unknown): number => {
  if (typeof v === 'number') return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + plainNumbers(x), 0);
  if (v && typeof v === 'object') return Object.entries(v).reduce((n, [k, x]) => n + (k === '#meta' ? 0 : plainNumbers(x)), 0);
  return 0;
};

describe('every committed counterexample renders', () => {
  it('is a corpus worth the name', () => expect(files.length).toBeGreaterThan(30));
  it.each(files)('%s: Mermaid, SVG and ITF', (f) => {
    const r = replayFile(join(corpus, f));
    const steps = r.lines.filter((l) => l.arrow).length;
    const d = diagramOf(r);

    const text = mermaidOf(d);
    expect(text.length).toBeLessThan(50_000); // Mermaid's default maxTextSize: larger text is refused, not drawn
    const mmd = text.split('\n');
    expect(mmd.filter((l) => !STATEMENT.test(l))).toEqual([]);
    expect(mmd.filter((l) => l.includes('->>'))).toHaveLength(steps);
    expect(mmd.at(-1)).toMatch(/^ {2}Note over .*: ✗ .*violated/);

    const svg = svgOf(d);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toMatch(/<script|href=|url\(/); // self-contained: nothing to run, nothing to fetch
    expect(svg.match(/<polygon/g) ?? []).toHaveLength(steps); // one arrowhead per step

    const itf = JSON.parse(JSON.stringify(itfOf(r))) as { '#meta': Record<string, unknown>; vars: string[]; states: Record<string, unknown>[] };
    expect(itf['#meta']).toMatchObject({ format: 'ITF', property: r.cx.property, reproduces: true });
    expect(itf.states).toHaveLength(steps + 1);
    expect(itf.vars).toContain('mbt::actionTaken');
    itf.states.forEach((s, i) => {
      expect(s['#meta']).toEqual({ index: i });
      expect(Object.keys(s).filter((k) => k !== '#meta').sort()).toEqual([...itf.vars].sort());
    });
    expect(itf.states[0]!['mbt::actionTaken']).toBe('init');
    expect(plainNumbers(itf)).toBe(0);
  });
});

describe('the pieces', () => {
  it('Mermaid escapes what its grammar cannot take, as entity codes', () => {
    expect(escapeMermaid('a;b #1 <x> & ctx->status\nz')).toBe('a#59;b #35;1 #60;x> #38; ctx->status z');
  });
  it('wraps long text at spaces and cuts a word longer than the width', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 4)).toEqual(['']);
  });
});

describe('copyspec replay --mermaid / --svg / --itf', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'copyspec-render-'));
  const file = join(corpus, 'LIMIT-03-copy-ctx.json');

  it('--itf writes a trace JSON.parse reads, one state per replay step, and still prints the trace', () => {
    const out = join(tmp, 'trace.itf.json');
    const r = cli('replay', file, '--json', '--itf', out);
    expect(r.status).toBe(1);
    const steps = r.stdout.trim().split('\n').length - 1; // one line per step, then the verdict
    const itf = JSON.parse(readFileSync(out, 'utf8')) as { vars: string[]; states: Record<string, unknown>[] };
    expect(itf.states).toHaveLength(steps + 1);
    expect(itf.vars).toEqual(expect.arrayContaining(['mbt::actionTaken', 'tags', 'plug', 'queued', 'zones', 'content']));
    const actions = r.stdout.trim().split('\n').slice(0, -1).map((l) => (JSON.parse(l) as { action: string }).action);
    expect(itf.states.slice(1).map((s) => s.action)).toEqual(actions);
    expect(itf.states[1]!['mbt::actionTaken']).toBe('submit');
  });

  it('--mermaid prints the diagram; --svg the picture; the exit status still says it reproduces', () => {
    const m = cli('replay', file, '--mermaid');
    expect(m.status).toBe(1);
    expect(m.stdout).toMatch(/^sequenceDiagram\n/);
    const s = cli('replay', file, '--svg');
    expect(s.status).toBe(1);
    expect(s.stdout).toMatch(/^<svg [^]*<\/svg>\n$/);
  });

  it.each([
    [['--mermaid', '--svg'], /one of --json, --mermaid, --svg/],
    [['--json', '--mermaid'], /one of --json, --mermaid, --svg/],
    [['--itf'], /--itf needs a value/],
    [['--itf', tmpdir()], /is a directory/],
    [['--itf', join(tmpdir(), 'no-such-dir-copyspec', 'x.json')], /cannot write/],
  ])('refuses %j with one line and exit 2', (args, msg) => {
    const r = cli('replay', file, ...args);
    expect(isOneLineError(r)).toBe(true);
    expect(r.stderr).toMatch(msg);
  });

  it('check writes the .mmd beside each counterexample it saves, the same as replay --mermaid', () => {
    const dir = join(tmp, 'saved');
    // LIMIT-01's three known-bad device variants: cheap cells, each refuted and saved.
    const r = cli('check', '--property', 'LIMIT-01', '--runs', '300', '--save', dir);
    expect(r.status).toBe(0);
    const saved = readdirSync(dir).sort();
    expect(saved).toContain('LIMIT-01-copy-ignores-mcl.json');
    expect(saved.filter((f) => f.endsWith('.mmd'))).toEqual(saved.filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '.mmd')));
    expect(readFileSync(join(dir, 'LIMIT-01-copy-ignores-mcl.mmd'), 'utf8')).toBe(cli('replay', join(dir, 'LIMIT-01-copy-ignores-mcl.json'), '--mermaid').stdout);
  });
});
