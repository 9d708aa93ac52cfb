// How a SCSI conformance run reads to a person: one line per disagreement, model vs target, in the
// vocabulary `copyspec run` uses for SCSI (status, sense key/ASC/ASCQ, zones), then the summary line.

import { ASC } from '../model/device/scsi/sense.js';
import type { ScsiDisagreement } from './scsi-compare.js';
import type { ScsiObservation, ScsiZoneView } from './scsi-observation.js';

const hex = (n: number): string => `${n.toString(16).toUpperCase().padStart(2, '0')}h`;

const senseName = (asc: number, ascq: number): string => Object.values(ASC).find((a) => a.asc === asc && a.ascq === ascq)?.name ?? 'unnamed';

const statusText = (o: ScsiObservation): string => (o.status === 0 ? 'GOOD' : o.status === 2 ? `CHECK CONDITION ${hex(o.key)}/${hex(o.asc)}/${hex(o.ascq)} ${senseName(o.asc, o.ascq)}` : `status ${hex(o.status)}`);

const zonesText = (zs: readonly ScsiZoneView[] | undefined): string => (zs ?? []).map((z, i) => `z${i}:${hex(z.cond)}${z.wp === null ? '' : `@${z.wp}`}`).join(' ');

const side = (o: ScsiObservation | undefined, d: ScsiDisagreement, which: 'model' | 'target'): string => {
  if (!o) return 'no completion';
  if (o.failure) return o.failure;
  const parts = [statusText(o)];
  if (d.fields.includes('csi')) parts.push(`segment ${o.commandSpecific}`);
  if (d.fields.includes('data') && d.classes) parts.push(`blocks ${d.classes[which].join(' ')}`);
  if (d.fields.includes('report') && o.report) parts.push(`report ${zonesText(o.report)}`);
  if (d.fields.includes('zones')) parts.push(`zones ${zonesText(o.zonesAfter)}`);
  if (d.fields.includes('params') && o.params) parts.push(Object.entries(o.params).map(([k, v]) => `${k}=${v}`).join(' '));
  return parts.join(', ');
};

export const describeScsiDisagreement = (scenario: string, target: string, d: ScsiDisagreement): string => {
  const verdict = d.unexplained.length ? `UNEXPLAINED (${d.unexplained.join(', ')})` : `explained by ${d.explainedBy.join(', ')}`;
  return `${scenario} step ${d.step} ${d.cmd}: model ${side(d.model, d, 'model')} | ${target} ${side(d.target, d, 'target')} — ${verdict}`;
};
