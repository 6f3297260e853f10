/**
 * arXiv categories in one place. Every code arXiv's taxonomy has (https://arxiv.org/category_taxonomy) is known
 * (`knownCategory`), so a channel that follows a category or filters a search by one gets a clear answer for a
 * typo instead of a silent nothing (`similarCategories`); the categories people follow most also carry their
 * names (`ARXIV_CATEGORIES`), which Discord autocomplete offers for a `category` option.
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

/** One arXiv category: its code (`cs.CL`) and its name (`Computation and Language`). */
export interface ArxivCategory {
  code: string;
  name: string;
}

/** Common arXiv categories, computer science first, in arXiv's order within each archive. */
export const ARXIV_CATEGORIES: readonly ArxivCategory[] = [
  { code: 'cs.AI', name: 'Artificial Intelligence' },
  { code: 'cs.AR', name: 'Hardware Architecture' },
  { code: 'cs.CC', name: 'Computational Complexity' },
  { code: 'cs.CE', name: 'Computational Engineering, Finance, and Science' },
  { code: 'cs.CG', name: 'Computational Geometry' },
  { code: 'cs.CL', name: 'Computation and Language' },
  { code: 'cs.CR', name: 'Cryptography and Security' },
  { code: 'cs.CV', name: 'Computer Vision and Pattern Recognition' },
  { code: 'cs.CY', name: 'Computers and Society' },
  { code: 'cs.DB', name: 'Databases' },
  { code: 'cs.DC', name: 'Distributed, Parallel, and Cluster Computing' },
  { code: 'cs.DL', name: 'Digital Libraries' },
  { code: 'cs.DM', name: 'Discrete Mathematics' },
  { code: 'cs.DS', name: 'Data Structures and Algorithms' },
  { code: 'cs.ET', name: 'Emerging Technologies' },
  { code: 'cs.FL', name: 'Formal Languages and Automata Theory' },
  { code: 'cs.GR', name: 'Graphics' },
  { code: 'cs.GT', name: 'Computer Science and Game Theory' },
  { code: 'cs.HC', name: 'Human-Computer Interaction' },
  { code: 'cs.IR', name: 'Information Retrieval' },
  { code: 'cs.IT', name: 'Information Theory' },
  { code: 'cs.LG', name: 'Machine Learning' },
  { code: 'cs.LO', name: 'Logic in Computer Science' },
  { code: 'cs.MA', name: 'Multiagent Systems' },
  { code: 'cs.MM', name: 'Multimedia' },
  { code: 'cs.MS', name: 'Mathematical Software' },
  { code: 'cs.NE', name: 'Neural and Evolutionary Computing' },
  { code: 'cs.NI', name: 'Networking and Internet Architecture' },
  { code: 'cs.OS', name: 'Operating Systems' },
  { code: 'cs.PF', name: 'Performance' },
  { code: 'cs.PL', name: 'Programming Languages' },
  { code: 'cs.RO', name: 'Robotics' },
  { code: 'cs.SD', name: 'Sound' },
  { code: 'cs.SE', name: 'Software Engineering' },
  { code: 'cs.SI', name: 'Social and Information Networks' },
  { code: 'cs.SY', name: 'Systems and Control' },
  { code: 'stat.AP', name: 'Statistics: Applications' },
  { code: 'stat.CO', name: 'Statistics: Computation' },
  { code: 'stat.ME', name: 'Statistics: Methodology' },
  { code: 'stat.ML', name: 'Statistics: Machine Learning' },
  { code: 'stat.TH', name: 'Statistics Theory' },
  { code: 'math.CO', name: 'Combinatorics' },
  { code: 'math.NA', name: 'Numerical Analysis' },
  { code: 'math.OC', name: 'Optimization and Control' },
  { code: 'math.PR', name: 'Probability' },
  { code: 'math.ST', name: 'Statistics Theory (math)' },
  { code: 'eess.AS', name: 'Audio and Speech Processing' },
  { code: 'eess.IV', name: 'Image and Video Processing' },
  { code: 'eess.SP', name: 'Signal Processing' },
  { code: 'eess.SY', name: 'Systems and Control (eess)' },
  { code: 'q-bio.NC', name: 'Neurons and Cognition' },
  { code: 'q-bio.QM', name: 'Quantitative Methods' },
  { code: 'physics.comp-ph', name: 'Computational Physics' },
  { code: 'physics.data-an', name: 'Data Analysis, Statistics and Probability' },
  { code: 'quant-ph', name: 'Quantum Physics' },
  { code: 'cond-mat.dis-nn', name: 'Disordered Systems and Neural Networks' },
  { code: 'econ.EM', name: 'Econometrics' },
  { code: 'q-fin.CP', name: 'Computational Finance' },
];

/** The listed category with this code (case-insensitive: `CS.cl` finds `cs.CL`), or undefined. */
export function findArxivCategory(code: string): ArxivCategory | undefined {
  const wanted = code.trim().toLowerCase();
  return ARXIV_CATEGORIES.find((c) => c.code.toLowerCase() === wanted);
}

/**
 * Up to `limit` categories matching what was typed (case-insensitive): codes starting with it first, then codes
 * or names containing it. Empty input gives the first `limit` of the list.
 */
export function suggestArxivCategories(typed: string, limit = 25): ArxivCategory[] {
  const needle = typed.trim().toLowerCase();
  if (!needle) return ARXIV_CATEGORIES.slice(0, limit);
  const starts = ARXIV_CATEGORIES.filter((c) => c.code.toLowerCase().startsWith(needle));
  const contains = ARXIV_CATEGORIES.filter((c) => !starts.includes(c) && `${c.code} ${c.name}`.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, limit);
}
