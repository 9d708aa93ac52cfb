// The divergence list in code and the page documenting it name the same ids.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { divergencesFor, KNOWN_DIVERGENCES } from '../../conformance/divergences.js';

const page = readFileSync(join(import.meta.dirname, '..', '..', 'spec', 'qemu-divergences.md'), 'utf8');
const pageIds = [...page.matchAll(/^\| (Q-[A-Z0-9-]+) \|/gm)].map((m) => m[1]);

describe('known divergences', () => {
  it('every id in conformance/divergences.ts has its row in spec/qemu-divergences.md, and no other row', () => {
    expect(pageIds.sort()).toEqual(KNOWN_DIVERGENCES.map((d) => d.id).sort());
  });

  it('names the spec clause the model follows for each', () => {
    for (const d of KNOWN_DIVERGENCES) expect(d.spec, d.id).toMatch(/NVMCS|ZNS|explorer/);
  });

  it('selects by QEMU version', () => {
    const ids = (v: string) => divergencesFor(v).map((d) => d.id);
    expect(ids('7.2.22')).toContain('Q-COPY-INTERNAL');
    expect(ids('8.0')).toContain('Q-COPY-MCL');
    expect(ids('8.1')).not.toContain('Q-COPY-INTERNAL');
    expect(ids('10.0')).toContain('Q-COPY-ZONE-STATE');
  });
});
