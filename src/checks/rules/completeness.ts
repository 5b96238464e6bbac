import type { Rule } from '../rule.ts';

export const completenessRule: Rule = {
  id: 'completeness',
  description: 'Active listings have most recommended fields (score below completeness.warn_below in loop.config.yaml warns).',
  check({ dataset, report }) {
    const threshold = dataset.config.completeness.warn_below;
    for (const listing of dataset.listings) {
      if (!dataset.isActive(listing)) continue;
      const { score, missing } = dataset.completenessOf(listing);
      if (score < threshold) {
        report(listing.file, ['name'], `this listing is ${score}% complete (the policy asks for at least ${threshold}%)`, {
          severity: 'warning',
          hint: missing.slice(0, 3).map((m) => m.advice).join(' '),
        });
      }
    }
  },
};
