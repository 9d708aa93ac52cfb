// The explorer's state space per embedded configuration × design, against the committed manifest:
// a model change that grows, shrinks or reshapes a state space shows up here and in review.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESIGN_NAMES } from '../../model/stack/design.js';
import { EXPLORE_CONFIGS } from '../../properties/explore/configs.js';
import { MANIFEST_PATH, manifestDiff, manifestEntry, type ExploreManifest } from '../../properties/explore/manifest.js';
import { DEFAULT_DEPTH } from '../../properties/explore/stack-explore.js';

const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', MANIFEST_PATH), 'utf8')) as ExploreManifest;
const HOW = `the explorer's state space changed; if the model change is intended, regenerate ${MANIFEST_PATH} with \`npm run build && npx copyspec explore --write-manifest\` and commit the diff`;

describe('explore manifest', () => {
  it('was made at the default depth bound, for every configuration and design', () => {
    expect(committed.depth, HOW).toBe(DEFAULT_DEPTH);
    expect(Object.keys(committed.configs), HOW).toEqual(EXPLORE_CONFIGS.map((c) => c.name));
    for (const c of EXPLORE_CONFIGS) expect(Object.keys(committed.configs[c.name]!), HOW).toEqual([...DESIGN_NAMES]);
  });

  it.each(EXPLORE_CONFIGS.map((c) => [c.name]))('%s: states, transitions and depth as recorded', (config) => {
    const fresh: ExploreManifest = { ...committed, configs: { [config]: Object.fromEntries(DESIGN_NAMES.map((d) => [d, manifestEntry(config, d)])) } };
    expect(manifestDiff({ ...committed, configs: { [config]: committed.configs[config] ?? {} } }, fresh), HOW).toEqual([]);
  });
});
