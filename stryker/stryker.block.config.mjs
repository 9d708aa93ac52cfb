// model/block's Stryker configuration: the shared one (stryker/stryker.config.mjs) with two changes.
// - ignoreStatic off: Stryker 9.6 refuses ignoreStatic with coverageAnalysis 'all' (the shared config
//   asks for both). model/block's only module-level tables are STACK_BUGS and ERRNO; their mutants run.
// - a longer timeout: the selection's stack properties take ~15 s on a loaded 2-core machine, and a
//   mutant that merely runs slower must not count as killed (Timeout counts as killed in the score).
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default { ...base, ignoreStatic: false, timeoutMS: 60000, timeoutFactor: 1.5 };
