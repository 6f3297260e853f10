/**
 * The arXiv categories people follow most, with their names, in one list: Discord autocomplete offers them for
 * a `category` option, and commands can check or name a category with them. Not every arXiv category is here
 * (arXiv has about 150); codes missing from the list are still valid arXiv categories.
 */

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
