// The rules where copy-ctx as posted and copy-ctx+fix differ inside the design's own code. Each
// `true` in POSTED is what the patch text does; FIXED is the kernel change listed in
// copyCtxFix.origin.changes. Not every finding has a switch of its own: D6 (pre-switch failures)
// and D8 hang on dmClonesUncounted (endio.ts, the completion path), D9 (module vs disk) on
// headIsFirstParked (translation.ts), D19 on the design's nvmeCopyLimits / nvmeSetupCopy hooks
// (nvme.ts), and +fix's source-segment count at translation (LIMIT-03) on headIsFirstParked too.

export type CopyCtxRules = {
  /** D3 — 03/12 blkdev_copy_chunk: atomic_inc(&params->copy_ctx_count) once per COPY_SRC bio (the decrement is once per context). */
  readonly ctxCountPerSrcBio: boolean;
  /** D2 — 03/12 blkdev_req_op_copy_done, case BLKDEV_COPY: `status = ctx->status`, the completing bio's bi_status is ignored. */
  readonly dropsRequestStatus: boolean;
  /** D2b — 03/12 blkdev_end_copy_sync only complete()s: blkdev_copy_sync returns 0 whenever the copy was queued. */
  readonly syncDropsStatus: boolean;
  /** D7 — 02/12 not_supported drops bio_count without the "== 0 → translation_complete" test; 03/12 pops an empty list. */
  readonly notSupportedNoCompletionCheck: boolean;
  /** D8 — dm core unchanged: a clone parks without a bio_count reference; the context ends from the caller's bio (the dm original). */
  readonly dmClonesUncounted: boolean;
  /** 03/12 blkdev_req_op_copy_done: kfree(ctx) once the context ends, whoever still refers to it. */
  readonly kfreeAtDone: boolean;
  /** D5 — 05/12 accessors stop at rq->bio (bi_next = NULL): the head COPY_SRC is the only source. */
  readonly headIsFirstParked: boolean;
  /** 03/12 chunking from max_copy_sectors and max_copy_src_segments only (no per-range or zone limit). */
  readonly postedChunking: boolean;
};

export const POSTED: CopyCtxRules = {
  ctxCountPerSrcBio: true,
  dropsRequestStatus: true,
  syncDropsStatus: true,
  notSupportedNoCompletionCheck: true,
  dmClonesUncounted: true,
  kfreeAtDone: true,
  headIsFirstParked: true,
  postedChunking: true,
};

export const FIXED: CopyCtxRules = {
  ctxCountPerSrcBio: false,
  dropsRequestStatus: false,
  syncDropsStatus: false,
  notSupportedNoCompletionCheck: false,
  dmClonesUncounted: false,
  kfreeAtDone: false,
  headIsFirstParked: false,
  postedChunking: false,
};

export const rulesOf = (design: string): CopyCtxRules => (design === 'copy-ctx+fix' ? FIXED : POSTED);
