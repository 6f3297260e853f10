/**
 * One place that reads arXiv identifiers, whatever wraps them: Atom ids (`http://arxiv.org/abs/2510.14968v1`),
 * RSS guids (`oai:arXiv.org:2609.26811v1`), descriptions (`arXiv:2205.06398v2`), bare ids from Hugging Face
 * (`2606.00467`) and old-style ids (`hep-th/9901001v2`). Every source stores papers under the id without
 * version, which is what makes a new version or a second source merge instead of duplicating.
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
  const version = match[2] ? Number(match[2]) : undefined;
  return version ? { id: match[1], version } : { id: match[1] };
}

/** The canonical abstract page of a paper, without version, so it always shows the latest one. */
export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}
