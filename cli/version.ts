// The copyspec version, from package.json (found from cli/ or dist/cli/): `copyspec --version`, and
// the shard header, so shards of different versions are not merged.

import { readFileSync } from 'node:fs';

export const packageVersion = (): string => {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'copyspec' && pkg.version) return pkg.version;
    } catch {
      // not at this level: try the next one up
    }
  }
  return 'unknown';
};
