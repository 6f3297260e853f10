import { describe, expect, it } from 'vitest';
import { foldText, isContentWord, paperParts, paperText, stem, terms, words } from '../../src/text/tokenize.js';
import { WordScanner } from '../../src/text/word-scanner.js';

const keys = (text: string) => terms(text).map((t) => t.key);

describe('words', () => {
  it('lower-cases and splits on anything that is not a Latin letter, digit or underscore', () => {
    expect(words('Low-Rank Adaptation (LoRA), v2_final!')).toEqual(['low', 'rank', 'adaptation', 'lora', 'v2_final']);
  });

  it('folds accents', () => {
    expect(words('Résumé of the naïve Gödel café')).toEqual(['resume', 'of', 'the', 'naive', 'godel', 'cafe']);
    expect(foldText('ÉCOLE')).toBe('ecole');
  });

  it('gives no words for non-Latin scripts and emoji', () => {
    expect(words('Привет мир')).toEqual([]);
    expect(words('机器学习 深度')).toEqual([]);
    expect(words('Ελληνικά')).toEqual([]);
    expect(words('🚀🔥 🤖')).toEqual([]);
    expect(words('')).toEqual([]);
  });
});

describe('terms', () => {
  it('drops stop words, domain stop words and bare numbers', () => {
    expect(keys('the of and we propose a new method in 2025')).toEqual([]);
    expect(isContentWord('2025')).toBe(false);
    expect(isContentWord('x')).toBe(false);
    expect(isContentWord('gpt4')).toBe(true);
  });

  it('stems with Porter, so inflections share a key', () => {
    expect(stem('adaptation')).toBe(stem('adapting'));
    expect(keys('models')).toEqual(keys('model'));
  });

  it('joins adjacent content words into bigrams; a stop word breaks the chain', () => {
    const chained = terms('retrieval augmented generation');
    expect(chained.map((t) => t.surface)).toEqual(['retrieval', 'augmented', 'retrieval augmented', 'generation', 'augmented generation']);
    expect(chained.map((t) => t.key)).toEqual([stem('retrieval'), stem('augmented'), `${stem('retrieval')} ${stem('augmented')}`, stem('generation'), `${stem('augmented')} ${stem('generation')}`]);
    expect(keys('retrieval of generation')).toEqual([stem('retrieval'), stem('generation')]);
  });

  it('gives no terms for non-Latin and emoji-only text', () => {
    expect(terms('Привет мир 机器学习')).toEqual([]);
    expect(terms('🚀🔥🤖')).toEqual([]);
  });

  it('indexes the title twice', () => {
    expect(paperText({ title: 'Graph networks', abstract: 'We study graphs.' })).toBe('Graph networks. Graph networks. We study graphs.');
  });
});

describe('WordScanner', () => {
  const samples = [
    'Low-Rank Adaptation (LoRA) of LARGE language models, v2_final!',
    'Résumé: naïve café in Zürich; ÉCOLE',
    'Привет мир mixed with English words and 机器学习',
    '🚀 rockets 🔥 and emoji-only 🤖',
    '  leading and trailing separators...  ',
    'x',
    '',
    'a_b __init__ 3d 1e-5 GPT-4o',
  ];

  it('finds exactly the words `words` finds', () => {
    const seen: string[] = [];
    const scanner = new WordScanner((word) => {
      seen.push(word);
      return seen.length - 1;
    });
    for (const text of samples) {
      const n = scanner.scan([text]);
      const found = Array.from(scanner.values.subarray(0, n), (v) => seen[v]);
      expect(found).toEqual(words(text));
      expect(Array.from({ length: n }, (_, k) => scanner.word(k))).toEqual(words(text));
    }
  });

  it('reads parts as if joined', () => {
    const scanner = new WordScanner((word) => word.length);
    const paper = { title: 'Low-Rank Adaptation', abstract: 'Résumé of LoRA; Привет.' };
    const n = scanner.scan(paperParts(paper));
    expect(Array.from({ length: n }, (_, k) => scanner.word(k))).toEqual(words(paperText(paper)));
  });

  it('resolves each distinct word once', () => {
    const resolved: string[] = [];
    const scanner = new WordScanner((word) => resolved.push(word));
    scanner.scan(['Model model MODEL models']);
    scanner.scan(['model']);
    expect(resolved).toEqual(['model', 'models']);
  });
});
