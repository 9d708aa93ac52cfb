// The README's command table names every option each command's table defines (cli/options.ts
// generates the help; this keeps the README from drifting from it), and its examples are the files.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/app.js';
import { root } from './helpers.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('documents every option of copyspec %s', (name, c) => {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`copyspec ${name}`));
    expect(row, `no row for ${name} in README "Commands"`).toBeDefined();
    for (const o of c.options) expect(row).toContain(`--${o}`);
  });

  it('documents the exit statuses the CLI uses', () => {
    for (const code of ['0', '1', '2', '3', '70']) expect(readme).toMatch(new RegExp(`\\*\\*Exit status\\*\\*:.*\\b${code}\\b`, 's'));
  });

  it('shows examples/zns-copy-reset.json as it is', () => {
    const file = readFileSync(join(root, 'examples', 'zns-copy-reset.json'), 'utf8').trim();
    expect(readme).toContain(file);
  });
});
