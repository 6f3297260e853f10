/**
 * Text from paper sources arrives wrapped at 80 columns, with HTML entities (sometimes double-encoded) and
 * inline LaTeX. Normalising once here means search, ranking and every chat adapter see the same clean text:
 * one line, entities decoded, simple LaTeX turned into readable Unicode and anything more complex kept as is.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', middot: '·', times: '×', divide: '÷',
  plusmn: '±', deg: '°', micro: 'µ', copy: '©', reg: '®', trade: '™', shy: '', minus: '−', le: '≤', ge: '≥',
  ne: '≠', asymp: '≈', infin: '∞', rarr: '→', larr: '←', harr: '↔', alpha: 'α', beta: 'β', gamma: 'γ',
  delta: 'δ', epsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π', sigma: 'σ', tau: 'τ', phi: 'φ', omega: 'ω',
  aacute: 'á', agrave: 'à', acirc: 'â', auml: 'ä', atilde: 'ã', aring: 'å', ccedil: 'ç', eacute: 'é',
  egrave: 'è', ecirc: 'ê', euml: 'ë', iacute: 'í', igrave: 'ì', icirc: 'î', iuml: 'ï', ntilde: 'ñ',
  oacute: 'ó', ograve: 'ò', ocirc: 'ô', ouml: 'ö', otilde: 'õ', oslash: 'ø', uacute: 'ú', ugrave: 'ù',
  ucirc: 'û', uuml: 'ü', yacute: 'ý', szlig: 'ß', Eacute: 'É', Ouml: 'Ö', Uuml: 'Ü', Auml: 'Ä',
};

/** LaTeX commands with a one-character Unicode reading (matched as whole command names). */
const LATEX_SYMBOLS: Record<string, string> = {
  times: '×', cdot: '·', pm: '±', mp: '∓', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠',
  approx: '≈', sim: '∼', simeq: '≃', equiv: '≡', propto: '∝', infty: '∞', to: '→', rightarrow: '→',
  leftarrow: '←', Rightarrow: '⇒', leftrightarrow: '↔', mapsto: '↦', in: '∈', notin: '∉', subset: '⊂',
  subseteq: '⊆', cup: '∪', cap: '∩', forall: '∀', exists: '∃', partial: '∂', nabla: '∇', sum: '∑',
  prod: '∏', int: '∫', sqrt: '√', ell: 'ℓ', ldots: '…', cdots: '⋯', dots: '…', circ: '∘', star: '⋆',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ',
  Omega: 'Ω', '%': '%', '&': '&', '#': '#', _: '_', $: '$',
};

/** Text-formatting commands whose argument is the readable part: `\emph{word}` reads as `word`. */
const LATEX_TEXT_COMMANDS = /\\(?:emph|textit|textbf|texttt|textrm|textsc|mathrm|mathbf|mathit|mathcal|mathbb|text|operatorname)\{([^{}]*)\}/g;

/**
 * Decode HTML entities: named ones from a common table, decimal (`&#233;`) and hex (`&#xE9;`). Runs twice so
 * double-encoded text (`&amp;eacute;`) comes out right; unknown names are left as they are.
 */
export function decodeHtmlEntities(text: string): string {
  let current = text;
  for (let pass = 0; pass < 2 && current.includes('&'); pass++) {
    current = current.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return NAMED_ENTITIES[name] ?? whole;
    });
  }
  return current;
}

/**
 * Make inline LaTeX readable without losing it: `$\times$` becomes `×`, `$\alpha$-stable` becomes `α-stable`,
 * `\emph{x}` becomes `x`. A math span that still holds commands, braces or sub/superscripts after that keeps its
 * dollars and original text, so a formula is never half-translated.
 */
export function readableLatex(text: string): string {
  const replaceSymbols = (s: string) =>
    s.replace(/\\([A-Za-z]+|[%&#_$])(?![A-Za-z])/g, (whole, name: string) => LATEX_SYMBOLS[name] ?? whole);
  const withText = text.replace(LATEX_TEXT_COMMANDS, '$1');
  const withMath = withText.replace(/\$([^$]{1,200})\$/g, (whole, inner: string) => {
    // Only spans that look like math: a command, or one short symbol ($n$, $μ$). "$5 and $10" stays money.
    if (!inner.includes('\\') && !/^[^\s\d][^\s]{0,2}$/.test(inner)) return whole;
    const plain = replaceSymbols(inner).replace(/\s*\\[,;!: ]\s*/g, ' ').trim();
    return /[\\{}^_]/.test(plain) ? whole : plain;
  });
  return withMath.replace(/\\(%|&|#|_)/g, '$1');
}

/** Collapse runs of whitespace (newlines, tabs, non-breaking spaces) into one space and trim. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u2000-\u200a\u2028\u2029\u3000]+/g, ' ').trim();
}

/** Normalise a title or abstract: entities decoded, simple LaTeX made readable, one line of single spaces. */
export function normalizeText(text: string | undefined | null): string {
  if (!text) return '';
  return collapseWhitespace(readableLatex(decodeHtmlEntities(String(text))));
}

/** An ISO 8601 UTC timestamp for any date text `Date` understands, or undefined. */
export function isoDate(text: string): string | undefined {
  if (!text.trim()) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
