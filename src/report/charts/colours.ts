/**
 * The charts' colours, chosen for contrast and never the only way to tell things apart: every heat-map cell with a
 * count carries its number, the empty cells that are gaps carry a hatched pattern, and each series or band has its
 * own pattern and a label. Tests check the contrast of every text colour against the fill it sits on (WCAG 1.4.3,
 * 4.5:1) and of every series colour against the white page (1.4.11, 3:1).
 */

export const INK = '#0b0c0c';
export const WHITE = '#ffffff';
export const MUTED = '#484949';
/** Grid lines, axes and cell outlines. */
export const RULE = '#b1b4b6';
export const AXIS = '#6f777b';

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const v = parseInt(h, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface Swatch {
  fill: string;
  /** Text drawn on the fill. */
  text: string;
}

/** A sequential scale (light to dark, in the site's brand teal) for counts of one or more. */
export const HEAT: readonly Swatch[] = [
  { fill: '#e3f1ef', text: INK },
  { fill: '#b8ddd7', text: INK },
  { fill: '#7fbfb5', text: INK },
  { fill: '#1b6b63', text: WHITE },
  { fill: '#004e4a', text: WHITE },
];

/** An empty cell where nothing else helps either: a gap. Red hatching on pale red, outlined in dark red. */
export const GAP = { fill: '#fde8e8', hatch: '#d4351c', outline: '#8c1010' } as const;
/** An empty cell where city-wide help exists: blank. */
export const COVERED = { fill: WHITE } as const;

export interface HeatClass {
  from: number;
  to: number;
  swatch: Swatch;
}

/**
 * Equal-width classes over 1..max (at most one per colour), so a cell's shade says roughly how much help there is
 * and its number says exactly. With max 3 there are three classes of one value each.
 */
export function heatClasses(max: number): HeatClass[] {
  if (!Number.isFinite(max) || max < 1) return [];
  const k = Math.min(HEAT.length, Math.floor(max));
  const out: HeatClass[] = [];
  let from = 1;
  for (let i = 0; i < k; i++) {
    const to = i === k - 1 ? Math.floor(max) : Math.floor(1 + ((i + 1) * max) / k - 1e-9);
    if (to < from) continue;
    // Spread the classes over the whole scale so the darkest colour always means "the most".
    const swatch = HEAT[k === 1 ? HEAT.length - 1 : Math.round((i * (HEAT.length - 1)) / (k - 1))]!;
    out.push({ from, to, swatch });
    from = to + 1;
  }
  return out;
}

export function classOf(value: number, classes: readonly HeatClass[]): HeatClass | undefined {
  return classes.find((c) => value >= c.from && value <= c.to);
}

export type PatternName = 'solid' | 'hatch' | 'cross' | 'dots';

export interface SeriesStyle {
  fill: string;
  pattern: PatternName;
  /** Colour of the pattern's lines or dots on the fill. */
  ink: string;
}

/** Styles for series and bands, in order: each differs from the others in colour and in pattern. */
export const SERIES: readonly SeriesStyle[] = [
  { fill: '#004e4a', pattern: 'solid', ink: '#004e4a' },
  { fill: '#1d4f91', pattern: 'hatch', ink: WHITE },
  { fill: '#8c1010', pattern: 'cross', ink: WHITE },
  { fill: '#6f4e00', pattern: 'dots', ink: WHITE },
];

/** Freshness bands: current (green, solid), due (amber, hatched), overdue (red, cross-hatched). */
export const FRESHNESS_STYLES = {
  current: { fill: '#00703c', pattern: 'solid', ink: '#00703c' },
  due: { fill: '#7a4a00', pattern: 'hatch', ink: '#ffdd00' },
  overdue: { fill: '#8c1010', pattern: 'cross', ink: WHITE },
} as const satisfies Record<string, SeriesStyle>;

/** The SVG <pattern> for a style, or '' for solid fills. `id` must be unique in the page. */
export function patternDef(id: string, style: SeriesStyle): string {
  const size = 8;
  const bg = `<rect width="${size}" height="${size}" fill="${style.fill}"/>`;
  switch (style.pattern) {
    case 'solid':
      return '';
    case 'hatch':
      return `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">${bg}<rect width="3" height="${size}" fill="${style.ink}"/></pattern>`;
    case 'cross':
      return `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">${bg}<rect width="2" height="${size}" fill="${style.ink}"/><rect width="${size}" height="2" fill="${style.ink}"/></pattern>`;
    case 'dots':
      return `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse">${bg}<circle cx="4" cy="4" r="1.6" fill="${style.ink}"/></pattern>`;
  }
}

/** The fill attribute value for a style: its pattern, or its colour when solid. */
export function paint(id: string, style: SeriesStyle): string {
  return style.pattern === 'solid' ? style.fill : `url(#${id})`;
}
