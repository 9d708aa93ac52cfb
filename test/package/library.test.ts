// The library's design-level API (lib/check.ts) and the vitest helper (lib/vitest.ts) in process:
// a design of one's own is run with its own hooks, only while it is being checked; a known-bad
// design of one's own is refuted and its unmodified copy is not; the helper declares tests that
// pass here (its failing path, with the replay command, is test/package/pack.test.ts).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOnDesign, replayCommandOf, resolveDesign, saveCounterexample, stackCounterexample, stackPropertyOf } from '../../lib/check.js';
import { propertyTest } from '../../lib/vitest.js';
import { designOf, DESIGNS, withDesigns, type Design, type DesignName } from '../../model/designs/index.js';
import { counterexampleSchema } from '../../properties/counterexample.js';

/** vectored-bio+fix whose copies bypass zone write plugging (as the posted series does): ZONE-06 refutes it. */
const noZonePlug: Design = { ...designOf('vectored-bio+fix'), name: 'vectored-bio+no-zwplug', zonePlugCopies: false };
const sameAsFix: Design = { ...designOf('vectored-bio+fix'), name: 'vectored-bio+copy' };

describe('designs of one own', () => {
  it('are known to the layers only inside withDesigns', () => {
    const name = noZonePlug.name as DesignName;
    expect(() => designOf(name)).toThrow(/no design named "vectored-bio\+no-zwplug"/);
    expect(withDesigns([noZonePlug], () => designOf(name))).toBe(noZonePlug);
    expect(() => designOf(name)).toThrow();
  });

  it('need a name of their own; a built-in design is taken by name or as itself', () => {
    expect(() => resolveDesign({ ...designOf('copy-ctx'), fallsBack: () => false })).toThrow(/needs a name of its own: "copy-ctx" is built in/);
    expect(resolveDesign(DESIGNS['copy-ctx'])).toEqual({ name: 'copy-ctx', own: [], builtIn: true });
    expect(resolveDesign('two-bio').builtIn).toBe(true);
    expect(resolveDesign(noZonePlug)).toEqual({ name: noZonePlug.name, own: [noZonePlug], builtIn: false });
    expect(() => resolveDesign('vectored-bio+nope' as DesignName)).toThrow(/no design named/);
  });

  it('are checked with their own hooks: ZONE-06 refutes the one without zone write plugging, not its unmodified copy', () => {
    const bad = checkOnDesign('ZONE-06', noZonePlug, { runs: 100 });
    expect(bad.verdict).toBe('refuted');
    expect(bad.verdict === 'refuted' && bad.violation).toMatch(/zone write plug/);
    expect(checkOnDesign('ZONE-06', sameAsFix, { runs: 100 }).verdict).toBe('holds');
  });

  it('refuse what is not a stack property or a known-bad stack variant', () => {
    expect(() => stackPropertyOf('DATA-01')).toThrow(/not a stack property/);
    expect(() => checkOnDesign('DATA-02', 'vectored-bio+fix', { bugs: ['no-such-variant'] })).toThrow(/not a known-bad stack variant/);
  });
});

describe('counterexample files from the library', () => {
  it('are written atomically, read back by copyspec, with a replay command quoted for the shell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copyspec lib '));
    try {
      const cx = stackCounterexample({ property: 'DATA-02', design: 'vectored-bio+fix', bugs: ['linear-off-by-one'], seed: 1, path: '0:1', violation: 'v', scenario: {} });
      const file = saveCounterexample(join(dir, 'cx'), cx);
      expect(file).toBe(join(dir, 'cx', 'DATA-02-linear-off-by-one.json'));
      expect(counterexampleSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual(cx);
      expect(replayCommandOf(file)).toBe(`npx copyspec replay '${file}'`);
      expect(replayCommandOf('/tmp/a/DATA-02-x+fix.json')).toBe('npx copyspec replay /tmp/a/DATA-02-x+fix.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The helper as a suite uses it: each call declares one test.
propertyTest('DATA-02', 'vectored-bio+fix', { runs: 20 });
propertyTest('ZONE-06', noZonePlug, { runs: 100, expect: 'refuted' });
