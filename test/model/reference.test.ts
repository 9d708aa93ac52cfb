import { describe, expect, it } from 'vitest';
import { referenceCopy, referenceInit, referenceRead, referenceWrite } from '../../model/reference/reference.js';

describe('naive reference', () => {
  it('reads every source before writing the destination', () => {
    let ref = referenceInit([{ name: 'd', size: 16, initial: 'orig' }]);
    ref = referenceWrite(ref, 'd', 0, ['a', 'b', 'c', 'd']);
    // Sources [0,2) and [2,4) to destination 1: the second source is read before the first write lands.
    ref = referenceCopy(ref, 'd', 1, [{ sector: 0, nr: 2 }, { sector: 2, nr: 2 }]);
    expect(referenceRead(ref, 'd', { sector: 0, nr: 5 })).toEqual(['a', 'a', 'b', 'c', 'd']);
  });
});
