// Saving a counterexample as `copyspec check` does: the file itself, then beside it the Mermaid
// sequence diagram of its replay (`X.json` → `X.mmd`), each written atomically (cli/files.ts), so a
// reviewer can paste the picture of any refuted cell without running copyspec again.

import type { Counterexample } from '../../properties/counterexample.js';
import { writeAtomically } from '../files.js';
import { replayFile } from '../replay.js';
import { diagramOf } from './from-replay.js';
import { mermaidOf } from './mermaid.js';

/** The diagram's path beside a counterexample file. */
export const mermaidPathOf = (file: string): string => `${file.replace(/\.json$/, '')}.mmd`;

export const saveCounterexample = (file: string, cx: Counterexample): void => {
  writeAtomically(file, `${JSON.stringify(cx, null, 1)}\n`);
  // Drawn from the file just written: the same replay `copyspec replay FILE --mermaid` prints.
  writeAtomically(mermaidPathOf(file), `${mermaidOf(diagramOf(replayFile(file)))}\n`);
};
