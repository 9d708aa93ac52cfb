// Recorded QEMU runs (test/conformance/fixtures/*.json): a scenario and what QEMU 7.2.22 answered
// for each step, as conformance/qemu-boot.ts returns it. Recorded from real runs, so comparison,
// explanation and shrinking are tested without QEMU.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawStep } from '../../conformance/guest-output.js';
import type { QemuRun } from '../../conformance/qemu-boot.js';
import { deviceScenarioSchema, type DeviceScenario } from '../../model/scenario/schema.js';

export type Recorded = { readonly name: string; readonly scenario: DeviceScenario; readonly run: QemuRun };

const dir = join(import.meta.dirname, 'fixtures');

export const recorded = (): Recorded[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { scenario: unknown; qemu: RawStep[] };
      return { name: f, scenario: deviceScenarioSchema.parse(j.scenario), run: { steps: new Map(j.qemu.map((s) => [s.step, s])) } };
    });
