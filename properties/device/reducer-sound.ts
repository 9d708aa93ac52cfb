// The MODEL check every device reducer shares (NVMe MODEL-01, SCSI MODEL-03): no step threw, and
// after every step the content extent map is sorted, contiguous and canonical.

import { checkExtentMap, type ExtentMap } from '../../model/content/extent-map.js';

type ReducerTrace = {
  readonly threw?: { readonly stepNo: number; readonly message: string };
  readonly steps: readonly { readonly stepNo: number; readonly after: { readonly content: ExtentMap } }[];
};

/** The first step that threw or left a broken content map, or null. */
export const checkReducerSound = (t: ReducerTrace): string | null => {
  if (t.threw) return `step ${t.threw.stepNo} threw: ${t.threw.message}`;
  for (const st of t.steps) {
    const v = checkExtentMap(st.after.content);
    if (v) return `after step ${st.stepNo}: content map broken: ${v}`;
  }
  return null;
};
