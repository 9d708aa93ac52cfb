// Files the CLI writes: whole or not at all (a temporary beside the target, then rename), so a
// reader — or a run cut short — never sees half a counterexample, catalogue or manifest.

import { renameSync, writeFileSync } from 'node:fs';

export const writeAtomically = (path: string, text: string): void => {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};
