/**
 * Author names as people type them and as arXiv lists them differ ("Yann LeCun", "Y. LeCun", "Yann Le Cun",
 * "José Hernández-Orallo", "Jose Hernandez-Orallo"). Following an author and filtering a search by one both
 * compare names here, in one way: accents stripped, case folded, the surname compared whole and the given names
 * by their initials, so "Y. LeCun" matches "Yann LeCun" and a bare surname matches every initial.
 */

/** A name reduced to what is compared: its surname and the initials of its given names. */
export interface AuthorKey {
  /** Lower case, accents stripped, hyphens and spaces dropped: `lecun`, `hernandezorallo`. */
  surname: string;
  /** The first letter of each given name, in order: `y` for "Yann", `jm` for "J.-M.". Empty for a bare surname. */
  initials: string;
}

/** Fold case and strip accents and punctuation except spaces, periods and hyphens. */
function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s.-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The key of an author name: the last word is the surname (a "Last, First" name is turned round first), the
 * words before it give the initials. Returns undefined for a name with no letters.
 */
export function authorKey(name: string): AuthorKey | undefined {
  const turned = name.includes(',') ? name.split(',').reverse().join(' ') : name;
  const words = fold(turned).split(/[\s.]+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0) return undefined;
  const surname = words[words.length - 1].replace(/-/g, '');
  const initials = words
    .slice(0, -1)
    .flatMap((w) => w.split('-'))
    .filter(Boolean)
    .map((w) => w[0])
    .join('');
  return { surname, initials };
}

/**
 * True when the `followed` name (as a channel typed it) names the `listed` author of a paper: same surname, and
 * the initials of the shorter agree with the start of the longer (a bare surname matches any initials).
 */
export function sameAuthor(followed: AuthorKey, listed: AuthorKey): boolean {
  if (followed.surname !== listed.surname) return false;
  const [short, long] = followed.initials.length <= listed.initials.length ? [followed.initials, listed.initials] : [listed.initials, followed.initials];
  return long.startsWith(short) && (short.length > 0 || followed.initials.length === 0);
}

/** The first of `authors` (a paper's list) that `followed` names, or undefined. */
export function matchingAuthor(followed: AuthorKey, authors: readonly string[]): string | undefined {
  return authors.find((a) => {
    const key = authorKey(a);
    return key !== undefined && sameAuthor(followed, key);
  });
}
