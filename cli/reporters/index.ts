// Where `--reporter` output goes. junit and ktap: to `--output-file F` (written whole, the matrix
// or --json stays on stdout), or without F on stdout in place of the matrix. github: the
// annotations on stdout after the matrix (GitHub reads workflow commands there), the Markdown
// matrix to F, or appended to $GITHUB_STEP_SUMMARY when F is not given. Output files are probed
// before any work.

import { appendFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { fileError, probeOutputFile, writeAtomically } from '../files.js';
import { githubAnnotations, githubMarkdown } from './github.js';
import { junitXml } from './junit.js';
import { ktapLines } from './ktap.js';
import type { CheckPlan, CheckResults } from './record.js';

export const REPORTERS = ['junit', 'ktap', 'github'] as const;
export type Reporter = (typeof REPORTERS)[number];

export type ReportSinks = {
  readonly reporter: Reporter | undefined;
  /** The report takes stdout instead of the matrix. */
  readonly replacesMatrix: boolean;
  readonly outputFile: string | undefined;
  /** github without --output-file: the job summary file GitHub names in the environment. */
  readonly summaryFile: string | undefined;
};

/** Decide and probe where the report goes; refuse combinations that would mix two formats on stdout. */
export const reportSinks = (o: { json: boolean; reporter: Reporter | undefined; outputFile: string | undefined }): ReportSinks => {
  if (o.reporter === undefined) {
    if (o.outputFile !== undefined) throw new UserError('--output-file takes the output of --reporter: give --reporter junit, ktap or github');
    return { reporter: undefined, replacesMatrix: false, outputFile: undefined, summaryFile: undefined };
  }
  if (o.outputFile !== undefined) probeOutputFile(o.outputFile);
  if (o.reporter === 'github') {
    if (o.json) throw new UserError('--reporter github writes annotations on stdout, as --json writes its lines: drop one of them');
    return { reporter: o.reporter, replacesMatrix: false, outputFile: o.outputFile, summaryFile: o.outputFile === undefined ? process.env.GITHUB_STEP_SUMMARY || undefined : undefined };
  }
  if (o.json && o.outputFile === undefined) throw new UserError(`--reporter ${o.reporter} and --json both print on stdout: give --output-file F for the ${o.reporter} report`);
  return { reporter: o.reporter, replacesMatrix: o.outputFile === undefined, outputFile: o.outputFile, summaryFile: undefined };
};

export const writeReports = (plan: CheckPlan, recs: CheckResults, problems: readonly string[], sinks: ReportSinks, out: (line: string) => void): void => {
  const emit = (text: string): void => {
    if (sinks.outputFile !== undefined) writeAtomically(sinks.outputFile, text);
    else for (const l of text.replace(/\n$/, '').split('\n')) out(l);
  };
  switch (sinks.reporter) {
    case undefined:
      return;
    case 'junit':
      return emit(junitXml(plan, recs, problems));
    case 'ktap':
      return emit(`${ktapLines(plan, recs, problems).join('\n')}\n`);
    case 'github': {
      for (const l of githubAnnotations(plan, recs, problems)) out(l);
      const md = githubMarkdown(plan, recs, problems);
      if (sinks.outputFile !== undefined) writeAtomically(sinks.outputFile, md);
      else if (sinks.summaryFile !== undefined) {
        try {
          appendFileSync(sinks.summaryFile, md);
        } catch (e) {
          throw fileError(sinks.summaryFile, 'append the job summary', e);
        }
      }
      return;
    }
  }
};
