/**
 * Issue #14: one adversarial 10,000-character description took ~0.6 s to render (quadratic scanning). The work is
 * now linear, which tests/site/markdown.test.ts checks by counting it; this is the wall-clock figure.
 */
import { renderMarkdown } from '../../src/site/format/markdown.ts';
import type { Benchmark } from './support.ts';

/** Inputs that were quadratic, and a few that never were, each `n` characters long. */
const SHAPES: Record<string, (n: number) => string> = {
  'space-underscore-letter': (n) => ' _a'.repeat(n / 3),
  'unclosed link destinations': (n) => '[a]('.repeat(n / 4),
  'nested broken link destinations': (n) => `${'[a](http://['.repeat(n / 26)}${')'.repeat(n / 26)}`,
  'opening brackets': (n) => '['.repeat(n),
  'inner spaces': (n) => `a${' '.repeat(n - 2)}b`,
  'asterisks': (n) => '*'.repeat(n),
  'mixed': (n) => '*_[`<\\(]) '.repeat(n / 10),
};

function slowest(n: number): { ms: number; shape: string } {
  let worst = { ms: 0, shape: '' };
  for (const [shape, make] of Object.entries(SHAPES)) {
    const input = make(n);
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      renderMarkdown(input);
      best = Math.min(best, performance.now() - started);
    }
    if (best > worst.ms) worst = { ms: best, shape };
  }
  return worst;
}

export const markdownBenchmark: Benchmark = {
  name: 'markdown',
  description: 'renderMarkdown on adversarial descriptions (best of 5 per shape, slowest shape reported)',
  async run() {
    slowest(1_000); // warm up the JIT
    const small = slowest(10_000);
    const large = slowest(40_000);
    return [
      { name: `markdown adversarial 10k chars (slowest: ${small.shape})`, value: small.ms, unit: 'ms', target: { max: 10 } },
      { name: `markdown adversarial 40k chars (slowest: ${large.shape})`, value: large.ms, unit: 'ms' },
      { name: 'ratio 40k / 10k (linear is about 4)', value: large.ms / small.ms, unit: 'ratio', target: { max: 8 } },
    ];
  },
};
