/**
 * The check for paper records read back from the store, at start-up and on every sync. A record this bot stored
 * passed `validatePaper` when it was written, so it is already exactly what `validatePaper` returns: its fields in
 * the fixed order, its text tidied. Confirming that takes a fraction of a full validation and no copy, so the
 * record itself becomes the paper. Anything else (a record written by an older version or by hand, one that needs
 * any tidying, or one that is invalid) goes through `validatePaper`, which decides as it always did.
 */
import type { Paper } from '../types.js';
import {
  HAS_CONTROL,
  ID_SHAPE,
  isIsoDate,
  linkProtocol,
  MAX_ABSTRACT_LENGTH,
  MAX_AUTHORS,
  MAX_CATEGORIES,
  MAX_COMMENT_LENGTH,
  MAX_ID_LENGTH,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  SOURCE_NAMES,
  validatePaper,
  type PaperValidation,
} from './validate-paper.js';

/**
 * Validate a stored record: the same verdict, problems and paper as `validatePaper`, but a record already in the
 * shape `validatePaper` returns is returned itself (not copied). Use it only for records nothing else holds
 * (freshly decoded from the store), since the paper and the record are then one object.
 */
export function validateStoredPaper(value: unknown): PaperValidation {
  return isTidyPaper(value) ? { ok: true, paper: value } : validatePaper(value);
}

type FieldCheck = (value: unknown) => boolean;

const LINE_BREAK = /[\t\n\r]/;
/** Links every arXiv paper has, which `URL` certainly reads: checked without parsing them. */
const ARXIV_LINK = /^https:\/\/arxiv\.org\/abs\/[\w./-]+$/;

/** Text that `validatePaper`'s tidying leaves as it is: no control characters, (one line), nothing to trim. */
function isTidyText(value: unknown, max: number, oneLine: boolean): value is string {
  return (
    typeof value === 'string' &&
    value.length <= max &&
    !HAS_CONTROL.test(value) &&
    (!oneLine || !LINE_BREAK.test(value)) &&
    value.trim().length === value.length
  );
}

function isTidyList(value: unknown, max: number): boolean {
  if (!Array.isArray(value) || value.length > max) return false;
  for (const item of value) if (!isTidyText(item, MAX_SHORT_TEXT_LENGTH, true) || item.length === 0) return false;
  return true;
}

const isDate = (emptyOk: boolean): FieldCheck => (value) => typeof value === 'string' && (value === '' ? emptyOk : isIsoDate(value));
const isCount = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function isTidyLink(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return false;
  if (ARXIV_LINK.test(value)) return true;
  const protocol = value.trim().length === value.length ? linkProtocol(value) : undefined;
  return protocol === 'http:' || protocol === 'https:';
}

function isSourceList(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  return value.every((source, i) => SOURCE_NAMES.includes(source as Paper['sources'][number]) && value.indexOf(source) === i);
}

function isPopularity(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const { upvotes, comments } = value as Record<string, unknown>;
  if (keys.length === 1) return keys[0] === 'upvotes' && isCount(upvotes);
  return keys.length === 2 && keys[0] === 'upvotes' && keys[1] === 'comments' && isCount(upvotes) && isCount(comments);
}

/** The fields of a `Paper` in the order `validatePaper` writes them, whether each may be absent, and its check. */
const FIELDS: readonly (readonly [name: keyof Paper, optional: boolean, check: FieldCheck])[] = [
  ['id', false, (v) => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH && ID_SHAPE.test(v)],
  ['version', true, (v) => Number.isSafeInteger(v) && (v as number) >= 1],
  ['title', false, (v) => isTidyText(v, MAX_TITLE_LENGTH, true) && v.length > 0],
  ['abstract', false, (v) => isTidyText(v, MAX_ABSTRACT_LENGTH, false)],
  ['authors', false, (v) => isTidyList(v, MAX_AUTHORS)],
  ['categories', false, (v) => isTidyList(v, MAX_CATEGORIES)],
  ['primaryCategory', true, (v) => isTidyText(v, MAX_SHORT_TEXT_LENGTH, true)],
  ['published', false, isDate(true)],
  ['updated', true, isDate(false)],
  ['url', false, isTidyLink],
  ['sources', false, isSourceList],
  ['popularity', true, isPopularity],
  ['comment', true, (v) => isTidyText(v, MAX_COMMENT_LENGTH, true)],
  ['doi', true, (v) => isTidyText(v, MAX_SHORT_TEXT_LENGTH, true)],
  ['addedAt', false, isDate(true)],
];

/** True when `value` is a plain object holding exactly the fields `validatePaper` would return, in its order, unchanged. */
function isTidyPaper(value: unknown): value is Paper {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const record = value as Record<string, unknown>;
  let next = 0;
  for (const key of Object.keys(record)) {
    while (next < FIELDS.length && FIELDS[next][0] !== key && FIELDS[next][1]) next++;
    if (next === FIELDS.length || FIELDS[next][0] !== key || !FIELDS[next][2](record[key])) return false;
    next++;
  }
  for (; next < FIELDS.length; next++) if (!FIELDS[next][1]) return false;
  return true;
}
