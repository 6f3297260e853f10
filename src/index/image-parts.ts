/**
 * What an index image holds (see index-image.ts), as the index's parts write and read it: numbers and short
 * strings, typed arrays and string lists, each under a name.
 */
export type ImageArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** What an image holds: numbers and short strings, typed arrays and string lists, each under a name. */
export class ImageParts {
  readonly numbers = new Map<string, number | string>();
  readonly arrays = new Map<string, ImageArray>();
  readonly lists = new Map<string, string[]>();

  number(name: string): number {
    const value = this.numbers.get(name);
    if (typeof value !== 'number') throw new ImageMismatch(`the image has no number "${name}"`);
    return value;
  }

  array<T extends ImageArray>(name: string, type: { new (length: number): T; name: string }): T {
    const value = this.arrays.get(name);
    if (!value || value.constructor.name !== type.name) throw new ImageMismatch(`the image has no ${type.name} "${name}"`);
    return value as T;
  }

  list(name: string): string[] {
    const value = this.lists.get(name);
    if (!value) throw new ImageMismatch(`the image has no list "${name}"`);
    return value;
  }
}

/** An image that cannot be used here (another format, other tokenising rules or settings, a part missing). */
export class ImageMismatch extends Error {}

