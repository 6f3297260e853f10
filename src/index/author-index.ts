/**
 * Which papers an author wrote, by surname, so `search author:Name` finds an author's papers among tens of
 * thousands without folding every name of every paper on each search. Built from the paper store on first use
 * and rebuilt on the first use after papers were added or changed (a new version may change the author list).
 */
import type { Paper } from '../types.js';
import { authorKey, sameAuthor, type AuthorKey } from './author-names.js';

/** The part of the paper store the author index reads. */
export interface AuthorIndexSource {
  /** Changes whenever a paper is added or changed. */
  readonly revision: number;
  all(): Iterable<Paper>;
  get(id: string): Paper | undefined;
}

export class AuthorIndex {
  private bySurname = new Map<string, string[]>();
  private builtAt = -1;

  constructor(private readonly papers: AuthorIndexSource) {}

  /** Ids of the stored papers with an author that `name` names (see `sameAuthor`); empty for a name with no letters. */
  papersBy(name: string): string[] {
    const followed = authorKey(name);
    if (!followed) return [];
    this.refresh();
    return (this.bySurname.get(followed.surname) ?? []).filter((id) => {
      const paper = this.papers.get(id);
      return paper !== undefined && paper.authors.some((a) => matches(followed, a));
    });
  }

  private refresh(): void {
    if (this.builtAt === this.papers.revision) return;
    const bySurname = new Map<string, string[]>();
    for (const paper of this.papers.all()) {
      for (const surname of new Set(paper.authors.map((a) => authorKey(a)?.surname).filter((s): s is string => !!s))) {
        let ids = bySurname.get(surname);
        if (!ids) bySurname.set(surname, (ids = []));
        ids.push(paper.id);
      }
    }
    this.bySurname = bySurname;
    this.builtAt = this.papers.revision;
  }
}

function matches(followed: AuthorKey, author: string): boolean {
  const key = authorKey(author);
  return key !== undefined && sameAuthor(followed, key);
}
