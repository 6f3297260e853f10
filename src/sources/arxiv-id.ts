/**
 * One place that reads arXiv identifiers, whatever wraps them: Atom ids (`http://arxiv.org/abs/2510.14968v1`),
 * RSS guids (`oai:arXiv.org:2609.26811v1`), descriptions (`arXiv:2205.06398v2`), bare ids from Hugging Face
 * (`2606.00467`) and old-style ids (`hep-th/9901001v2`, `math.AG/0101001`). Every source stores papers under
 * the id without version (and without an old-style subject class), which is what makes a new version or a
 * second source merge instead of duplicating.
 */

export interface ArxivId {
  /** The id without version: `2510.14968`, `hep-th/9901001`. */
  id: string;
  /** The version number (2 for `v2`), when the text had one. */
  version?: number;
}

const NEW_STYLE = /(?:^|[^\d.])(\d{4}\.\d{4,5})(?:v(\d+))?(?![\d.])/;
const OLD_STYLE = /(?:^|[^A-Za-z-])([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?(?!\d)/;

/** Find the arXiv id (and version) in `text`. Returns undefined when there is none. */
export function parseArxivId(text: string | undefined | null): ArxivId | undefined {
  if (!text) return undefined;
  const match = NEW_STYLE.exec(text) ?? OLD_STYLE.exec(text);
  if (!match) return undefined;
  const id = canonicalArxivId(match[1]);
  const version = match[2] ? Number(match[2]) : undefined;
  return version ? { id, version } : { id };
}

/**
 * An id as arXiv's preferred form spells it: an old-style id's archive in lower case, without a subject class
 * (`math.AG/0101001` and `MATH/0101001` are `math/0101001`: the number is unique within its archive, and the
 * API answers with that form). A new-style id comes back as it is.
 */
export function canonicalArxivId(id: string): string {
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  return `${id.slice(0, slash).split('.')[0].toLowerCase()}${id.slice(slash)}`;
}

/** The canonical abstract page of a paper, without version, so it always shows the latest one. */
export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}
