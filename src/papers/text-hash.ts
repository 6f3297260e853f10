/**
 * 64 bits of a paper's indexed text (title and abstract), so an index image can tell which of its documents still
 * hold the stored paper's text: a paper whose text changed since the image was made is indexed again.
 */
import { createHash } from 'node:crypto';

function digestOf(paper: { title: string; abstract: string }): Buffer {
  return createHash('sha1').update(paper.title).update('\u0000').update(paper.abstract).digest();
}

/** Write the hash of `paper`'s text at `out[2 * slot]` and `out[2 * slot + 1]`. */
export function writeTextHash(paper: { title: string; abstract: string }, out: Uint32Array, slot: number): void {
  const digest = digestOf(paper);
  out[2 * slot] = digest.readUInt32LE(0);
  out[2 * slot + 1] = digest.readUInt32LE(4);
}

/** True when `hashes` holds `paper`'s text hash at `slot`. */
export function hasTextHash(paper: { title: string; abstract: string }, hashes: Uint32Array, slot: number): boolean {
  const digest = digestOf(paper);
  return hashes[2 * slot] === digest.readUInt32LE(0) && hashes[2 * slot + 1] === digest.readUInt32LE(4);
}
