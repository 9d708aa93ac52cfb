// Against QEMU itself: skipped when qemu-system-x86_64 is not installed. Without QEMU, the command
// says so in one line (exit 2 through the CLI).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceCli } from '../../cli/conformance.js';
import { UserError } from '../../cli/errors.js';

const root = join(import.meta.dirname, '..', '..');
const haveQemu = spawnSync('qemu-system-x86_64', ['--version']).status === 0;

describe('copyspec conformance', () => {
  it('without QEMU: one line saying what to install', async () => {
    const saved = process.env.COPYSPEC_QEMU;
    process.env.COPYSPEC_QEMU = '/nonexistent/qemu-system-x86_64';
    try {
      await expect(conformanceCli(['--scenarios', join(root, 'conformance-scenarios')], () => {})).rejects.toThrow(UserError);
      await expect(conformanceCli(['--random', '1'], () => {})).rejects.toThrow(/QEMU is not available.*apt-get install/);
    } finally {
      if (saved === undefined) delete process.env.COPYSPEC_QEMU;
      else process.env.COPYSPEC_QEMU = saved;
    }
  });

  it('rejects bad usage', () => {
    expect(() => conformanceCli([], () => {})).toThrow(/--scenarios DIR or --random N/);
    expect(() => conformanceCli(['--random', '5', '--bug', 'no-such-bug'], () => {})).toThrow(/no variant "no-such-bug"/);
  });

  it.skipIf(!haveQemu)('runs the saved scenarios on QEMU: every disagreement explained', async () => {
    const lines: string[] = [];
    const code = await conformanceCli(['--scenarios', join(root, 'conformance-scenarios')], (l) => lines.push(l));
    expect(lines.at(-1)).toMatch(/^\d+ scenarios, \d+ steps, (\d+) disagreements \(\1 explained\)/);
    expect(code).toBe(0);
  });
});
