/**
 * The widget's documented interface (src/widget/reference.ts, rendered on /embed/guide/, and docs/widget.md)
 * against the code: the attributes it observes, the parts it renders, the custom properties its styles read and
 * their defaults, and the events it sends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ATTRIBUTE_NAMES } from '../../src/widget/options.ts';
import { WIDGET_ATTRIBUTES, WIDGET_EVENTS, WIDGET_PARTS, WIDGET_PROPERTIES } from '../../src/widget/reference.ts';
import { STYLES } from '../../src/widget/styles.ts';
import { repoRoot } from '../support/shared.ts';

const element = readFileSync(join(repoRoot, 'src/widget/element.ts'), 'utf8');
const docs = readFileSync(join(repoRoot, 'docs/widget.md'), 'utf8');
const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

describe('the documented interface is the real one', () => {
  test('attributes', () => {
    expect(sorted(WIDGET_ATTRIBUTES.map((a) => a.name))).toEqual(sorted(ATTRIBUTE_NAMES));
    expect(element).toMatch(/static observedAttributes = ATTRIBUTE_NAMES/);
  });

  test('parts', () => {
    const rendered = [...element.matchAll(/part: '([^']+)'/g)].flatMap((m) => m[1]!.split(' '));
    expect(sorted(WIDGET_PARTS.map((p) => p.name))).toEqual(sorted(rendered));
  });

  test('custom properties and their defaults', () => {
    const uses = [...STYLES.matchAll(/var\((--loop-[a-z-]+),\s*((?:[^()]|\([^()]*\))*?)\)/g)].map((m) => [m[1]!, m[2]!.trim()] as const);
    expect(sorted(WIDGET_PROPERTIES.map((p) => p.name))).toEqual(sorted(uses.map(([name]) => name)));
    for (const [name, fallback] of uses) expect(fallback, `${name} has one default everywhere`).toBe(WIDGET_PROPERTIES.find((p) => p.name === name)!.default);
    // Every --loop-* the styles mention is read through var() with a default.
    expect(sorted(STYLES.match(/--loop-[a-z-]+/g) ?? [])).toEqual(sorted(uses.map(([name]) => name)));
  });

  test('events', () => {
    for (const event of WIDGET_EVENTS) expect(element).toContain(`'${event.name}'`);
    expect([...element.matchAll(/new CustomEvent\('([^']+)'/g)].map((m) => m[1]).sort()).toEqual(WIDGET_EVENTS.map((e) => e.name).sort());
  });

  test('docs/widget.md names every attribute, part, custom property and event', () => {
    const missing = [...WIDGET_ATTRIBUTES.map((a) => `\`${a.name}\``), ...WIDGET_PARTS.map((p) => `\`${p.name}\``), ...WIDGET_PROPERTIES.map((p) => `\`${p.name}\``), ...WIDGET_EVENTS.map((e) => `\`${e.name}\``)].filter((name) => !docs.includes(name));
    expect(missing).toEqual([]);
  });
});
