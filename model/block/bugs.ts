// Known-bad variants of the host block stack: each breaks one kernel rule on purpose so that the
// property guarding it can be shown to refute it.

export const STACK_BUGS = {
  'split-ignores-src-segments': 'copy split does not count source segments against max_copy_src_segments (the driver then exceeds MSRC)',
  'split-ignores-chunk': 'split does not stop at chunk_sectors (zone) boundaries',
  'split-drops-tail': 'split loses the last piece of a bio that needs more than two pieces',
  'linear-off-by-one': 'dm-linear maps sector s to start + (s - begin) + 1',
  'crypt-passes-copy': 'dm-crypt remaps a copy like a read or write instead of refusing it',
  'plug-no-auto-flush': 'the plug never flushes at BLK_MAX_REQUEST_COUNT or BLK_PLUG_FLUSH_SIZE',
  'plug-drops-on-flush': 'an auto-flush of the plug drops the request being added',
  'no-flush-on-sleep': 'a task that sleeps for a tag keeps its plug (schedule() does not call blk_flush_plug)',
  'no-zone-write-plugging': 'writes and copies to a sequential zone bypass zone write plugging',
  'retry-ignores-dnr': 'the driver retries a failed command even when the controller set Do Not Retry',
  'combine-ignores-dw0': 'multi-bio-plug: after a combined Copy fails partway, every request it carried completes successfully (CQE Dword 0 ignored)',
  'combine-ignores-msrc': 'multi-bio-plug: the batch callback combines requests past MSRC+1 source entries',
  'driver-rejects-merged-copy': 'the driver fails a copy request that carries more than one bio instead of building its Source Range entries from all of them',
  'tag-leak-on-error': 'a request that completes with an error does not free its tag',
  'zwplug-merge-no-advance': 'a write merged into a plugged request does not advance its zone write plug\'s wp_offset (blk_zone_write_plug_bio_merged forgets it)',
  'merge-forgets-length': 'a bio back-merged into a plugged read or write request is added to its bios but not to its length',
  'copy-merge-forgets-length': 'a copy bio back-merged into a plugged copy request is added to its bios and sources but not to its length (__data_len)',
  'tag-ignores-depth': 'blk_mq_get_tag hands out a tag when the tag set\'s depth is used up',
  'plug-forgets-multiple-queues': 'blk_add_rq_to_plug never sets plug->multiple_queues when requests for a second queue are plugged',
  'token-fixed-copy-limit': 'token+fix: blkdev_issue_copy chunks by the RFC\'s fixed max_copy_sectors = 1 << 24 (nvme_init_non_mdts_limits ignores MSSRL, MCL and MSRC)',
  'copy-merge-ignores-segments': 'vectored-bio: a copy bio back-merges without counting its segments against max_copy_segments (ll_new_hw_segment skipped)',
  // sd (issue 13, model/driver/sd.ts, scsi-status.ts)
  'sd-ignores-sense': 'sd: a command that completed with CHECK CONDITION ends its requests with BLK_STS_OK (scsi_io_completion never looks at the status byte or the sense data)',
  'sd-xcopy-ignores-segment-number': 'sd: an EXTENDED COPY carrying several requests that fails part way (COPY ABORTED, the segment in COMMAND-SPECIFIC INFORMATION) ends every request it carried with success',
  'sd-xcopy-segment-too-long': 'sd: the copy limits ignore MAXIMUM SEGMENT LENGTH (RECEIVE COPY OPERATING PARAMETERS), so an EXTENDED COPY segment may write more bytes than the copy manager takes',
} as const;

export type StackBug = keyof typeof STACK_BUGS;

export const isStackBug = (s: string): s is StackBug => Object.hasOwn(STACK_BUGS, s);
