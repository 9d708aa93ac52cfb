// How a conformance run reads to a person: one line per disagreement, model vs QEMU, then the
// summary line `N scenarios, M steps, K disagreements (J explained)`.

import { NVME_STATUS, statusByCode } from '../model/device/nvme/status.js';
import type { Disagreement } from './compare.js';
import type { Judgement } from './judge.js';
import type { StepObservation, ZoneView } from './observation.js';

const hex = (n: number): string => `${n.toString(16).toUpperCase()}h`;

const statusText = (o: StepObservation): string => {
  const name = statusByCode(o.sct, o.sc);
  const label = name ? NVME_STATUS[name].name : o.sct === 1 && o.sc === 0x0a ? 'Invalid Format' : 'unknown status';
  return `${o.sct}/${hex(o.sc)} ${label}${o.dnr ? ' DNR' : ''}`;
};

const zonesText = (zs: readonly ZoneView[] | undefined): string => (zs ?? []).map((z, i) => `z${i}:${z.state}${z.wp === null ? '' : `@${z.wp}`}`).join(' ');

/** One side of a disagreement, showing the fields that differ. */
const side = (o: StepObservation | undefined, d: Disagreement, which: 'model' | 'qemu'): string => {
  if (!o) return 'no completion';
  if (o.failure) return o.failure;
  const parts = [statusText(o)];
  if (d.fields.includes('dw0')) parts.push(`dw0=${o.dw0}${o.cmd === 'zone-append' ? ` dw1=${o.dw1}` : ''}`);
  else if (o.cmd === 'copy' && !(o.sct === 0 && o.sc === 0)) parts.push(`dw0=${o.dw0}`);
  if (d.fields.includes('data') && d.classes) parts.push(`blocks ${d.classes[which].join(' ')}`);
  if (d.fields.includes('report') && o.report) parts.push(`report ${o.report.nzones} zones: ${zonesText(o.report.zones)}`);
  if (d.fields.includes('zones')) parts.push(`zones ${zonesText(o.zonesAfter)}`);
  return parts.join(', ');
};

export const describeDisagreement = (scenario: string, d: Disagreement): string => {
  const verdict = d.unexplained.length ? `UNEXPLAINED (${d.unexplained.join(', ')})` : `explained by ${d.explainedBy.join(', ')}`;
  return `${scenario} step ${d.step} ${d.cmd}: model ${side(d.model, d, 'model')} | QEMU ${side(d.qemu, d, 'qemu')} — ${verdict}`;
};

export type Tally = { scenarios: number; steps: number; disagreements: number; explained: number; skipped: number; unexplainedScenarios: number };

/** Any device kind's judgements (NVMe: judge.ts; SCSI: scsi-campaign.ts). */
type Tallied = { readonly skipped: string } | { readonly steps: number; readonly disagreements: readonly { readonly unexplained: readonly unknown[] }[] };

export const tally = (judgements: readonly (Judgement | Tallied)[]): Tally => {
  const t: Tally = { scenarios: judgements.length, steps: 0, disagreements: 0, explained: 0, skipped: 0, unexplainedScenarios: 0 };
  for (const j of judgements) {
    if ('skipped' in j) {
      t.skipped += 1;
      continue;
    }
    t.steps += j.steps;
    t.disagreements += j.disagreements.length;
    t.explained += j.disagreements.filter((d) => d.unexplained.length === 0).length;
    if (j.disagreements.some((d) => d.unexplained.length)) t.unexplainedScenarios += 1;
  }
  return t;
};

export const summaryLine = (t: Tally): string => `${t.scenarios} scenarios, ${t.steps} steps, ${t.disagreements} disagreements (${t.explained} explained)`;
