/**
 * An index image laid out in chunks and put back together gives an index that scores every document as the
 * original did, and that keeps taking documents; an image whose bytes or parts do not fit is refused.
 */
import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { CHUNK_BYTES, ImageAssembler, layoutImage } from '../../src/index/index-image.js';
import { ImageMismatch, type ImageParts } from '../../src/index/image-parts.js';
import { randomDocuments } from '../helpers/random-documents.js';

/** `parts` through the bytes and back. */
function roundTrip(parts: ImageParts): ImageParts {
  const { header, chunk } = layoutImage(parts);
  const assembler = new ImageAssembler(JSON.parse(JSON.stringify(header)));
  for (let i = 0; i < header.chunks; i++) assembler.add(chunk(i));
  return assembler.finish();
}

async function built(n: number): Promise<TfIdfIndex> {
  const index = new TfIdfIndex();
  index.add(randomDocuments(n, 11));
  index.add([{ id: 'named', title: 'Low-rank adaptation of large language models', abstract: 'We adapt large language models with low-rank updates.' }]);
  await index.refresh();
  return index;
}

describe('index image', () => {
  it('spans several chunks, arrays crossing their edges, and restores an index that scores as the original', async () => {
    const original = await built(20_000);
    original.remove('d7');
    await original.refresh();
    const parts = original.writeImage()!;
    const { header } = layoutImage(parts);
    expect(header.chunks).toBeGreaterThan(1);
    const crosses = header.arrays.filter(({ name, offset }) => Math.floor(offset / CHUNK_BYTES) !== Math.floor((offset + parts.arrays.get(name)!.byteLength - 1) / CHUNK_BYTES));
    expect(crosses.length).toBeGreaterThan(0);

    const restored = new TfIdfIndex();
    restored.readImage(roundTrip(original.writeImage()!));
    await restored.refresh();
    expect(restored.size).toBe(original.size);
    expect(restored.has('d7')).toBe(false);
    expect(restored.vocabularySize).toBe(original.vocabularySize);
    for (const query of ['graph diffusion', 'quantum policy agent', 'low rank adaptation', 'speech token memory']) {
      expect(restored.score(restored.vectorize(query), { limit: 20 })).toEqual(original.score(original.vectorize(query), { limit: 20 }));
    }
    expect(restored.explain(restored.vectorize('low rank adaptation'), 'named')).toEqual(original.explain(original.vectorize('low rank adaptation'), 'named'));

    // It goes on taking documents, as the original does.
    const more = randomDocuments(300, 12, 50_000);
    for (const index of [original, restored]) {
      index.add(more);
      await index.refresh();
    }
    expect(restored.score(restored.vectorize('federated privacy'), { limit: 20 })).toEqual(original.score(original.vectorize('federated privacy'), { limit: 20 }));
  });

  it('refuses bytes that do not match the header, and parts that do not fit together', async () => {
    const index = await built(500);
    const { header, chunk } = layoutImage(index.writeImage()!);
    const short = new ImageAssembler(header);
    short.add(chunk(0).subarray(1));
    expect(() => short.finish()).toThrow(ImageMismatch);
    expect(() => new ImageAssembler({ ...header, format: header.format + 1 })).toThrow(/format/);
    expect(() => new ImageAssembler({ ...header, arrays: [{ ...header.arrays[0], length: header.bytes }] })).toThrow(/out of place/);

    const parts = roundTrip(index.writeImage()!);
    parts.arrays.set('documents.endOf', new Uint32Array(parts.array('documents.endOf', Uint32Array).length).fill(2 ** 31));
    const target = new TfIdfIndex();
    expect(() => target.readImage(parts)).toThrow(/do not fit together/);
    expect(target.size).toBe(0);
    expect(() => index.readImage(roundTrip(index.writeImage()!))).toThrow(/empty index/);
  });

  it('is not taken while a refresh runs', async () => {
    const index = new TfIdfIndex();
    index.add(randomDocuments(2000, 3));
    const refreshing = index.refresh();
    expect(index.writeImage()).toBeUndefined();
    await refreshing;
    expect(index.writeImage()).toBeDefined();
  });
});
