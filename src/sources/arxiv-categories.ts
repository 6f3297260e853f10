/**
 * The arXiv category codes the bot knows (`cs.RO`, `stat.ML`, `hep-th`), so a channel that follows a category
 * or filters a search by one gets a clear answer for a typo instead of a silent nothing. From arXiv's category
 * taxonomy (https://arxiv.org/category_taxonomy); the common computer science, statistics, mathematics,
 * electrical engineering, physics, biology, finance and economics codes.
 */

const GROUPS: Record<string, string[]> = {
  cs: ['AI', 'AR', 'CC', 'CE', 'CG', 'CL', 'CR', 'CV', 'CY', 'DB', 'DC', 'DL', 'DM', 'DS', 'ET', 'FL', 'GL', 'GR', 'GT', 'HC', 'IR', 'IT', 'LG', 'LO', 'MA', 'MM', 'MS', 'NA', 'NE', 'NI', 'OH', 'OS', 'PF', 'PL', 'RO', 'SC', 'SD', 'SE', 'SI', 'SY'],
  stat: ['AP', 'CO', 'ME', 'ML', 'OT', 'TH'],
  math: ['AC', 'AG', 'AP', 'AT', 'CA', 'CO', 'CT', 'CV', 'DG', 'DS', 'FA', 'GM', 'GN', 'GR', 'GT', 'HO', 'IT', 'KT', 'LO', 'MG', 'MP', 'NA', 'NT', 'OA', 'OC', 'PR', 'QA', 'RA', 'RT', 'SG', 'SP', 'ST'],
  eess: ['AS', 'IV', 'SP', 'SY'],
  econ: ['EM', 'GN', 'TH'],
  'q-bio': ['BM', 'CB', 'GN', 'MN', 'NC', 'OT', 'PE', 'QM', 'SC', 'TO'],
  'q-fin': ['CP', 'EC', 'GN', 'MF', 'PM', 'PR', 'RM', 'ST', 'TR'],
  'astro-ph': ['CO', 'EP', 'GA', 'HE', 'IM', 'SR'],
  'cond-mat': ['dis-nn', 'mes-hall', 'mtrl-sci', 'other', 'quant-gas', 'soft', 'stat-mech', 'str-el', 'supr-con'],
  physics: ['acc-ph', 'ao-ph', 'app-ph', 'atm-clus', 'atom-ph', 'bio-ph', 'chem-ph', 'class-ph', 'comp-ph', 'data-an', 'ed-ph', 'flu-dyn', 'gen-ph', 'geo-ph', 'hist-ph', 'ins-det', 'med-ph', 'optics', 'plasm-ph', 'pop-ph', 'soc-ph', 'space-ph'],
  nlin: ['AO', 'CD', 'CG', 'PS', 'SI'],
};
const STANDALONE = ['gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nucl-ex', 'nucl-th', 'quant-ph'];

const KNOWN = new Map<string, string>(
  [...Object.entries(GROUPS).flatMap(([group, codes]) => codes.map((code) => `${group}.${code}`)), ...STANDALONE].map((c) => [c.toLowerCase(), c]),
);

/** The category as arXiv spells it (`cs.ro` -> `cs.RO`), or undefined when it is not a known category. */
export function knownCategory(text: string): string | undefined {
  return KNOWN.get(text.trim().toLowerCase());
}

/** Up to `max` known categories in the same group as `text` (`cs.RB` -> cs.*), to suggest after a typo. */
export function similarCategories(text: string, max = 5): string[] {
  const group = text.trim().toLowerCase().split('.')[0];
  const prefix = text.trim().toLowerCase().slice(0, group.length + 2);
  const inGroup = [...KNOWN.entries()].filter(([lower]) => lower.split('.')[0] === group);
  const close = inGroup.filter(([lower]) => lower.startsWith(prefix));
  return (close.length > 0 ? close : inGroup).slice(0, max).map(([, code]) => code);
}
