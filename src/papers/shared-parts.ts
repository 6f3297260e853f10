/**
 * One copy of each part that many papers held in memory have in common. Each paper read from the store or taken
 * in from a source comes with its own copies of its dates, category and source lists and author names; at 50,000
 * papers the duplicates cost about 10 MB, at a million over 100 MB. Papers are never changed in place once held,
 * so papers with equal lists can hold the same array.
 */
import type { Paper } from '../types.js';

/** A list's key: its items joined by a character no validated item holds (items are one line, trimmed). */
const LIST_SEPARATOR = '\n';

/** Shares the common parts of the papers given to it; one per batch of papers (it keeps what it has seen). */
export class SharedParts {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();

  /**
   * Make `paper` (a new object nothing else holds) use the shared copies of its common parts
   * (`shareCommon`) and of its author names. Returns `paper`.
   */
  share(paper: Paper): Paper {
    const authors = paper.authors;
    for (let i = 0; i < authors.length; i++) authors[i] = this.string(authors[i]);
    return this.shareCommon(paper);
  }

  /**
   * Make `paper` use the shared copies of what papers have in common by nature: its dates, primary category,
   * and its category and source lists (the lists as a whole). Author names are left as they are. Returns `paper`.
   */
  shareCommon(paper: Paper): Paper {
    paper.categories = this.list(paper.categories);
    paper.sources = this.list(paper.sources) as Paper['sources'];
    paper.published = this.string(paper.published);
    paper.addedAt = this.string(paper.addedAt);
    if (paper.updated !== undefined) paper.updated = this.string(paper.updated);
    if (paper.primaryCategory !== undefined) paper.primaryCategory = this.string(paper.primaryCategory);
    return paper;
  }

  private string(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }

  private list(items: string[]): string[] {
    const key = items.join(LIST_SEPARATOR);
    const known = this.lists.get(key);
    if (known !== undefined && known.length === items.length) return known;
    for (let i = 0; i < items.length; i++) items[i] = this.string(items[i]);
    if (known === undefined) this.lists.set(key, items);
    return items;
  }
}
