/**
 * Shared XML reading for the Atom (arXiv API) and RSS (arXiv feeds) parsers. fast-xml-parser happily returns a
 * half tree for truncated input, so the text is validated first and a broken document becomes a
 * `SourceError('malformed')` instead of silently fewer papers. Namespace prefixes are dropped (`arxiv:comment`
 * reads as `comment`) because arXiv declares them in different places in different responses.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SourceName } from '../types.js';
import { SourceError } from './http.js';

const REPEATED = new Set(['entry', 'item', 'author', 'category', 'link', 'creator']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

/** Validate and parse `text`. Throws `SourceError` of kind `malformed` naming the line of the first problem. */
export function parseXml(source: SourceName, text: string): Record<string, unknown> {
  if (!text.trim()) throw new SourceError(source, 'malformed', 'empty response body');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new SourceError(source, 'malformed', `invalid XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  return parser.parse(text) as Record<string, unknown>;
}

/** The text of an element that may be a plain string, an object with `#text`, or a one-element array. */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (Array.isArray(node)) return node.length > 0 ? textOf(node[0]) : '';
  if (typeof node === 'object') return textOf((node as Record<string, unknown>)['#text']);
  return String(node);
}

/** An attribute of an element (`attr(link, 'href')`), or '' when absent. */
export function attr(node: unknown, name: string): string {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return '';
  const value = (node as Record<string, unknown>)[`@_${name}`];
  return value === undefined ? '' : String(value);
}

/** A child that may be missing, single or repeated, always as an array. */
export function many(node: unknown): unknown[] {
  if (node === undefined || node === null || node === '') return [];
  return Array.isArray(node) ? node : [node];
}

/** A child element of an object node, or undefined. */
export function child(node: unknown, name: string): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return (node as Record<string, unknown>)[name];
}
