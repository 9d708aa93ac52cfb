// The explorer's manifest (spec/explore-manifest.json): for each embedded configuration × design,
// the distinct states, transitions and deepest state at the default depth bound. A test explores
// again and compares, so a change to the model's state space — intended or not — shows up in
// review as a diff of this file (regenerate with `copyspec explore --write-manifest`).

import { DESIGN_NAMES, type DesignName } from '../../model/stack/design.js';
import { EXPLORE_CONFIGS } from './configs.js';
import { DEFAULT_DEPTH, exploreStack } from './stack-explore.js';

export const MANIFEST_FORMAT = 'copyspec-explore-manifest/1';

/** Where the manifest lives, relative to the repository root. */
export const MANIFEST_PATH = 'spec/explore-manifest.json';

export type ManifestEntry = { readonly states: number; readonly transitions: number; readonly maxDepth: number };

export type ExploreManifest = {
  readonly format: typeof MANIFEST_FORMAT;
  readonly depth: number;
  /** configuration → design → figures, in EXPLORE_CONFIGS and DESIGN_NAMES order. */
  readonly configs: Readonly<Record<string, Readonly<Record<string, ManifestEntry>>>>;
};

/** The figures of one exploration; the properties are not judged (they do not change the state space). */
export const manifestEntry = (config: string, design: DesignName, depth = DEFAULT_DEPTH): ManifestEntry => {
  const c = EXPLORE_CONFIGS.find((x) => x.name === config);
  if (!c) throw new Error(`no explore configuration ${config}`);
  const r = exploreStack(c.make(design), { maxDepth: depth, properties: [] });
  return { states: r.states, transitions: r.transitions, maxDepth: r.maxDepth };
};

export const buildManifest = (depth = DEFAULT_DEPTH): ExploreManifest => ({
  format: MANIFEST_FORMAT,
  depth,
  configs: Object.fromEntries(EXPLORE_CONFIGS.map((c) => [c.name, Object.fromEntries(DESIGN_NAMES.map((d) => [d, manifestEntry(c.name, d, depth)]))])),
});

/** The manifest as committed: two-space JSON, one line per design, newline at the end. */
export const manifestText = (m: ExploreManifest): string => {
  const configs = Object.entries(m.configs).map(
    ([c, ds]) => `    ${JSON.stringify(c)}: {\n${Object.entries(ds).map(([d, e]) => `      ${JSON.stringify(d)}: ${JSON.stringify(e)}`).join(',\n')}\n    }`,
  );
  return `{\n  "format": ${JSON.stringify(m.format)},\n  "depth": ${m.depth},\n  "configs": {\n${configs.join(',\n')}\n  }\n}\n`;
};

/** One line per difference between the committed manifest and a fresh one (empty: they agree). */
export const manifestDiff = (committed: ExploreManifest, fresh: ExploreManifest): string[] => {
  const out: string[] = [];
  if (committed.depth !== fresh.depth) out.push(`depth bound ${committed.depth} in the manifest, ${fresh.depth} now`);
  const names = new Set([...Object.keys(committed.configs), ...Object.keys(fresh.configs)]);
  for (const c of names) {
    const a = committed.configs[c] ?? {};
    const b = fresh.configs[c] ?? {};
    for (const d of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = a[d];
      const y = b[d];
      if (!x) out.push(`${c} × ${d}: not in the manifest`);
      else if (!y) out.push(`${c} × ${d}: in the manifest, no longer explored`);
      else if (x.states !== y.states || x.transitions !== y.transitions || x.maxDepth !== y.maxDepth) {
        out.push(`${c} × ${d}: manifest ${x.states} states, ${x.transitions} transitions, depth ${x.maxDepth}; now ${y.states}, ${y.transitions}, ${y.maxDepth}`);
      }
    }
  }
  return out;
};
