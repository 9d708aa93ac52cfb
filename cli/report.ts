// `copyspec report [--out DIR] [--counterexamples DIR]`: one static HTML page for design review —
// the properties × designs matrix (each posted series beside its +fix companion) with the declared
// verdicts, each cell linking to the property's statement and sources and, where a counterexample
// file exists, to it: its sequence diagram (inline SVG, cli/render/svg.ts), its Mermaid text and its
// replay command. Built from the property registry, the declared verdicts and the counterexample
// files; no check run, no server, no script, nothing fetched.

import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DEVICE_BUGS } from '../model/device/nvme/bugs.js';
import { SCSI_BUGS } from '../model/device/scsi/bugs.js';
import { STACK_BUGS } from '../model/block/bugs.js';
import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import { DECLARED, expectedVerdict, variantDesign } from '../properties/designs.js';
import type { StackBug } from '../model/block/bugs.js';
import { ALL_PROPERTIES } from './check.js';
import { UserError } from './errors.js';
import { fileError, probeOutputDirectory, writeAtomically } from './files.js';
import { command } from './options.js';
import { replayFile, type Replayed } from './replay.js';
import { diagramOf } from './render/from-replay.js';
import { mermaidOf } from './render/mermaid.js';
import { escapeXml as esc, svgOf } from './render/svg.js';

type Entry = { file: string; name: string; replayed: Replayed | null; error?: string };

/** A fragment id for a counterexample file: its name without `.json`, made safe for a URL fragment. */
const cxId = (name: string): string => `cx-${name.replace(/\.json$/, '').replace(/[^A-Za-z0-9_.-]/g, '_')}`;
const propId = (id: string): string => `prop-${id}`;

const variantText = (b: string): string => (DEVICE_BUGS as Record<string, string>)[b] ?? (SCSI_BUGS as Record<string, string>)[b] ?? (STACK_BUGS as Record<string, string>)[b] ?? '';

/** The posted series and their +fix companions, as column pairs: [posted, fix or null]. */
export const designColumns = (): [DesignName, DesignName | null][] =>
  DESIGN_NAMES.filter((d) => !d.endsWith('+fix')).map((d) => [d, (DESIGN_NAMES as readonly string[]).includes(`${d}+fix`) ? (`${d}+fix` as DesignName) : null]);

const readCounterexamples = (dir: string): Entry[] => {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw fileError(dir, 'read the counterexample directory', e);
  }
  return names.map((name) => {
    const file = join(dir, name);
    try {
      return { file, name, replayed: replayFile(file) };
    } catch (e) {
      // A damaged file is shown as such; the rest of the report still stands.
      if (e instanceof UserError) return { file, name, replayed: null, error: e.message };
      throw e;
    }
  });
};

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #1f2328; }
code, pre { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 12px; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; } tbody th { white-space: nowrap; }
td.holds { background: #dafbe1; } td.refuted { background: #ffebe9; } td.na { background: #f6f8fa; color: #57606a; }
td.fix { border-left: 3px double #8c959f; }
section { border-top: 1px solid #d0d7de; margin-top: 1.5em; }
.diagram { overflow-x: auto; border: 1px solid #d0d7de; padding: 4px; max-height: 60em; overflow-y: auto; }
pre { background: #f6f8fa; padding: 6px; overflow-x: auto; }
.bad { color: #cf222e; }
.warn { color: #9a6700; }
`;

export const renderReport = (outDir: string, cxDir: string, entries: readonly Entry[]): string => {
  const byKey = new Map<string, Entry>();
  for (const e of entries) if (e.replayed) byKey.set(`${e.replayed.cx.property}|${e.replayed.cx.design ?? ''}|${e.replayed.cx.variant ?? ''}`, e);
  const cxOf = (p: string, d: string | null, v: string | null): Entry | undefined => byKey.get(`${p}|${d ?? ''}|${v ?? ''}`);
  // A file from an inconclusive cell (a stack run cut by the step budget) is no counterexample: its link says so.
  const cxLink = (e: Entry | undefined, label = 'counterexample'): string =>
    e ? (e.replayed?.cx.verdict === 'inconclusive' ? ` <a class="warn" href="#${cxId(e.name)}">inconclusive (${esc(label === 'counterexample' ? 'run cut by the step budget' : label)})</a>` : ` <a href="#${cxId(e.name)}">${esc(label)}</a>`) : '';
  const pairs = designColumns();
  const cols = pairs.flatMap(([d, f]) => (f ? [d, f] : [d]));
  const html: string[] = [];
  html.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<link rel="icon" href="data:,">', '<title>copyspec review report</title>', `<style>${CSS}</style>`, '</head>', '<body>');
  html.push('<h1>copyspec: properties × designs</h1>');
  html.push(`<p>Declared verdicts (<code>properties/designs.ts</code>; <code>copyspec check</code> holds each design to them) and the counterexample files in <code>${esc(cxDir)}</code>. Each posted series stands beside its <code>+fix</code> companion. A cell links to the property (statement, sources) and, for a refuted cell with a file, to the counterexample: its sequence diagram, Mermaid text and replay command.</p>`);
  html.push('<table id="matrix">', '<thead>', `<tr><th rowspan="2">property</th>${pairs.map(([d, f]) => `<th colspan="${f ? 2 : 1}">${esc(d)}</th>`).join('')}</tr>`);
  html.push(`<tr>${pairs.map(([, f]) => (f ? '<th>posted</th><th>+fix</th>' : '<th>posted</th>')).join('')}</tr>`, '</thead>', '<tbody>');
  // The matrix proper first (stack properties, one verdict per design), then the design-independent ones.
  for (const { meta, kind } of [...ALL_PROPERTIES].sort((a, b) => Number(b.kind === 'stack') - Number(a.kind === 'stack'))) {
    const head = `<th><a href="#${propId(meta.id)}">${esc(meta.id)}</a></th>`;
    if (kind !== 'stack') {
      const where = kind === 'device' ? 'the NVMe namespace model' : kind === 'scsi' ? 'the SCSI logical unit model' : 'the layer function';
      html.push(`<tr>${head}<td class="holds" colspan="${cols.length}"><a href="#${propId(meta.id)}">holds</a> on ${where}, whatever the design; refutes ${meta.refutes.length} known-bad variant(s)${meta.refutes.map((v) => cxLink(cxOf(meta.id, null, v), v)).join(',')}</td></tr>`);
      continue;
    }
    const cells = cols.map((d) => {
      const v = expectedVerdict(d, meta.id);
      const why = DECLARED[d][meta.id]?.why;
      return `<td class="${v === 'n/a' ? 'na' : v}${d.endsWith('+fix') ? ' fix' : ''}"${why ? ` title="${esc(why)}"` : ''}><a href="#${propId(meta.id)}">${v}</a>${cxLink(cxOf(meta.id, d, null))}</td>`;
    });
    html.push(`<tr>${head}${cells.join('')}</tr>`);
  }
  html.push('</tbody>', '</table>');

  html.push('<h2 id="variants">Known-bad variants</h2>', '<p>Deliberately broken models; each property must refute the variants it names.</p>');
  html.push('<table>', '<thead><tr><th>property</th><th>variant</th><th>on</th><th>counterexample</th></tr></thead>', '<tbody>');
  for (const { meta, kind } of ALL_PROPERTIES) {
    for (const v of meta.refutes) {
      const d = kind === 'stack' ? variantDesign(v as StackBug) : null;
      const e = cxOf(meta.id, d, v);
      html.push(`<tr><td><a href="#${propId(meta.id)}">${esc(meta.id)}</a></td><td><code>${esc(v)}</code>: ${esc(variantText(v))}</td><td>${esc(d ?? kind)}</td><td>${e ? cxLink(e, e.name) : 'no file'}</td></tr>`);
    }
  }
  html.push('</tbody>', '</table>');

  html.push('<h2 id="properties">Properties</h2>');
  for (const { meta, kind } of ALL_PROPERTIES) {
    html.push(`<section id="${propId(meta.id)}">`, `<h3>${esc(meta.id)}: ${esc(meta.title)}</h3>`, `<p>${esc(meta.statement)}</p>`);
    html.push(`<p>Layers: ${esc(meta.layers.join(', '))}. Checked on: ${esc(kind)}.</p>`, '<p>Sources:</p>', `<ul>${meta.sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`);
    if (kind === 'stack') {
      html.push('<p>Declared verdicts:</p>', `<ul>${DESIGN_NAMES.map((d) => `<li>${esc(d)}: ${expectedVerdict(d, meta.id)}${DECLARED[d][meta.id] ? ` — ${esc(DECLARED[d][meta.id]!.why)}` : ''}${cxLink(cxOf(meta.id, d, null))}</li>`).join('')}</ul>`);
    }
    html.push(`<p>Refutes: ${meta.refutes.map((v) => `<code>${esc(v)}</code>${cxLink(cxOf(meta.id, kind === 'stack' ? variantDesign(v as StackBug) : null, v))}`).join(', ') || 'none'}</p>`, '<p><a href="#matrix">back to the matrix</a></p>', '</section>');
  }

  html.push('<h2 id="counterexamples">Counterexamples</h2>');
  for (const e of entries) {
    // The JSON file, linked relative to the page; the replay command as typed from the working directory.
    const href = relative(outDir, e.file).split(sep).map(encodeURIComponent).join('/');
    html.push(`<section id="${cxId(e.name)}">`, `<h3><a href="${esc(href)}">${esc(e.name)}</a></h3>`);
    if (!e.replayed) {
      html.push(`<p class="bad">damaged: ${esc(e.error ?? '')}</p>`, '</section>');
      continue;
    }
    const r = e.replayed;
    const d = diagramOf(r);
    html.push(`<p><a href="#${propId(r.cx.property)}">${esc(r.cx.property)}</a>${r.cx.design ? ` on ${esc(r.cx.design)}` : ''}${r.cx.variant ? `, variant <code>${esc(r.cx.variant)}</code>` : ''}: ${esc(r.cx.violation)}</p>`);
    const replayed = r.violation ? 'Reproduces' : r.cut !== undefined ? `<span class="warn">Inconclusive: the run is cut by its step budget of ${r.cut} steps without repeating a state</span>` : '<span class="bad">Does not reproduce</span>';
    html.push(`<p>${replayed} on replay: <code>npx copyspec replay ${esc(e.file)}</code> (add <code>--mermaid</code>, <code>--svg</code> or <code>--itf OUT</code>)</p>`);
    html.push(`<div class="diagram">${svgOf(d)}</div>`, `<details><summary>Mermaid</summary><pre>${esc(mermaidOf(d))}</pre></details>`, '<p><a href="#matrix">back to the matrix</a></p>', '</section>');
  }
  html.push('</body>', '</html>', '');
  return html.join('\n');
};

export const reportCommand = (outDir: string, cxDir: string, out: (line: string) => void): number => {
  probeOutputDirectory(outDir); // before replaying every file, not after
  const entries = readCounterexamples(cxDir);
  const path = join(outDir, 'index.html');
  writeAtomically(path, renderReport(outDir, cxDir, entries));
  const damaged = entries.filter((e) => !e.replayed).length;
  out(`wrote ${path} (${ALL_PROPERTIES.length} properties, ${entries.length} counterexamples${damaged ? `, ${damaged} damaged` : ''})`);
  return 0;
};

export const REPORT = command({
  name: 'report',
  summary: 'write a static HTML review page: the properties × designs matrix with links to each property and counterexample (sequence diagram, replay command)',
  options: {
    out: { type: 'string', arg: 'DIR', default: 'report', help: 'where index.html goes' },
    counterexamples: { type: 'string', arg: 'DIR', default: 'counterexamples', help: 'the counterexample files to show' },
  },
  run: (o, _, out) => reportCommand(o.out, o.counterexamples, out),
});
