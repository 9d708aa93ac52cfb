// Comparison and explanation against recorded QEMU 7.2 runs.
import { describe, expect, it } from 'vitest';
import { compareScenario } from '../../conformance/compare.js';
import { divergencesFor } from '../../conformance/divergences.js';
import { observeModel } from '../../conformance/model-side.js';
import type { DeviceBug } from '../../model/device/nvme/bugs.js';
import { recorded } from './recorded.js';

const qemu72 = divergencesFor('7.2.22');
const all = recorded();
const byName = (n: string) => all.find((r) => r.name === n)!;
const compare = (name: string, bugs: readonly DeviceBug[] = [], divergences = qemu72) => {
  const r = byName(name);
  return compareScenario(r.scenario, observeModel(r.scenario, bugs), r.run, divergences);
};

describe('the model against recorded QEMU 7.2 runs', () => {
  it.each(all.map((r) => r.name))('%s: every disagreement is explained', (name) => {
    const c = compare(name);
    expect(c.disagreements.filter((d) => d.unexplained.length)).toEqual([]);
  });

  it.each([
    ['copy-limits.json', 4, ['Q-COPY-MCL']],
    ['copy-dest-zone-before-mssrl.json', 1, ['Q-COPY-DEST-ZONE']],
    ['ocfs-format1-then-msrc.json', 1, ['Q-OCFS']],
    ['zoned-resources.json', 7, ['Q-COPY-ZONE-STATE']],
  ])('%s: the first disagreement is at step %i, explained by %j', (name, step, ids) => {
    expect(compare(name).disagreements[0]).toMatchObject({ step, explainedBy: ids, unexplained: [] });
  });

  it('copy-limits: the MCL divergence parts the two states, so later steps are not compared', () => {
    expect(compare('copy-limits.json').stoppedAfter).toBe(4);
  });

  it('copy-opens-zone-first: QEMU checks zone resources before the entries', () => {
    const c = compare('copy-opens-zone-first.json');
    expect(c.disagreements[0]).toMatchObject({ step: 4, explainedBy: ['Q-COPY-OPEN-FIRST'], unexplained: [] });
  });

  it('zns-copy-reset: reads agree as equality classes (written data, copies, zeroes after a reset)', () => {
    const c = compare('zns-copy-reset.json');
    expect(c.disagreements).toEqual([]);
  });

  it('without the divergence list, the same runs disagree', () => {
    const c = compare('copy-limits.json', [], []);
    expect(c.disagreements[0]).toMatchObject({ step: 4, unexplained: ['status', 'dnr', 'dw0'] });
  });

  it.each([
    ['zns-copy-reset.json', 'reset-keeps-data', 'data'],
    ['zoned-resources.json', 'implicit-open-ignores-limits', 'status'],
    ['copy-limits.json', 'copy-ignores-msrc', 'status'],
    ['zns-copy-reset.json', 'copy-wp-not-advanced', 'zones'],
  ] as const)('%s with the known-bad variant %s: an unexplained disagreement in %s', (name, bug, field) => {
    const c = compare(name, [bug]);
    const d = c.disagreements.find((x) => x.unexplained.length);
    expect(d?.unexplained).toContain(field);
  });
});
