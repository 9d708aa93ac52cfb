// struct bio_copy_offload_ctx and struct blk_copy_params' completion state as the stack keeps them
// (StackState.copyCtxs / copyParams), with the small accessors every copy-ctx step uses.

import type { Draft } from 'immer';
import type { D } from '../../stack/draft.js';
import type { CopyOffloadCtx, CopyParams } from '../../stack/state.js';

export const ctxOf = (d: D, id: number): Draft<CopyOffloadCtx> => {
  const c = d.copyCtxs?.[id];
  if (!c) throw new Error(`no copy context ${id}`);
  return c;
};

export const paramsOf = (d: D, op: number): Draft<CopyParams> => {
  const p = d.copyParams?.[op];
  if (!p) throw new Error(`no blk_copy_params for op ${op}`);
  return p;
};

/** kzalloc_obj(*ctx) in blkdev_copy_chunk: phase BLKDEV_TRANSLATE_LBAS, bio_count = 1 (the guard). */
export const newCtx = (d: D, id: number, op: number): void => {
  d.copyCtxs ??= {};
  d.copyCtxs[id] = { op, phase: 'translate', bioCount: 1, status: 0, bios: [], head: null };
};

export const ctxEvent = (d: D, ctx: number, what: string): void => {
  d.events.push({ event: 'copy-ctx', op: ctxOf(d, ctx).op, ctx, what });
};

/** First error wins (`if (!ctx->status) ctx->status = …`). */
export const firstError = (cur: number, next: number): number => (cur !== 0 ? cur : next);
