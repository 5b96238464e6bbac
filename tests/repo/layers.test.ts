/**
 * The layout of src/ follows the data flow, and this test keeps it so. Folders stand on floors, lowest first; a file
 * may import its own folder and folders on lower floors only: never a folder above it, never a neighbour on its own
 * floor, so no two folders import each other and there is no cycle between folders. Every import counts, type-only
 * and dynamic ones too (a type is a dependency on the module that defines it), in .ts files and in the frontmatter
 * and <script> blocks of .astro files. Parsed with TypeScript's own parser, not matched with patterns.
 *
 * A new folder must be given a floor here; a new import that goes up is a design question, not a test to mend:
 * move the code it needs down (or the importer up) instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/shared.ts';

/** Floors of src/, from the ground up. Folders on one floor do not import each other. */
export const FLOORS: readonly (readonly string[])[] = [
  ['build'], // what the environment says about a build, read once (the clock takes LOOP_AS_OF from here)
  ['model', 'styles'], // the listing format (zod schemas, vocabularies, formats, walkers, the clock); the CSS
  ['urls'], // every address on the published site, from the model's types alone
  ['dataset', 'edge'], // reading data/ with positions, diagnostics, the linked Dataset and its views; the ORUK query layer run at the CDN's edge (model and urls only: it is bundled into the hosts' functions)
  ['checks'], // validation: loading the Dataset and running the rules
  ['history'], // git history of the data
  ['publish', 'importers', 'github', 'cms', 'serve'], // outputs, inputs, GitHub chores, the web form, the static server
  ['site', 'widget'], // what the pages show; the embeddable widget
  ['report'], // figures, charts and the dashboard
  ['layouts'], // the page frame
  ['components'], // Astro building blocks (a listing page sits in the frame)
  ['pages', 'routes'], // Astro pages and injected routes
  ['integrations'], // the Astro build's hooks
  ['cli'], // the `loop` command
];

/** Folders inside a folder that stand side by side and must not import each other. */
export const WINGS: readonly (readonly string[])[] = [['importers/formats', 'importers/sync']];

const SRC = join(repoRoot, 'src');
const SCRIPT = /\.(ts|mts|js|mjs|astro)$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : SCRIPT.test(e.name) ? [join(dir, e.name)] : []));
}

/** The script parts of a file: all of a .ts file; the frontmatter and every <script> of an .astro file. */
function scriptsOf(file: string, text: string): string[] {
  if (!file.endsWith('.astro')) return [text];
  const parts: string[] = [];
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (frontmatter) parts.push(frontmatter[1]!);
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(m[1]!);
  return parts;
}

/** Every module specifier in a piece of code: import/export declarations, import types and import() calls. */
export function specifiersOf(code: string): string[] {
  const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) found.push(node.moduleReference.expression.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) found.push(node.argument.literal.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) found.push(node.arguments[0].text);
    else if (ts.isNewExpression(node) && node.expression.getText(source) === 'URL' && node.arguments?.length === 2 && node.arguments[1]!.getText(source) === 'import.meta.url' && ts.isStringLiteralLike(node.arguments[0]!)) found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export interface Import {
  /** Importing file, relative to src/ with forward slashes. */
  from: string;
  /** Imported file, relative to src/. */
  to: string;
}

/** Every import from one file of src/ to another. */
export function importsIn(root: string): Import[] {
  const out: Import[] = [];
  for (const file of walk(root)) {
    const from = relative(root, file).split(sep).join('/');
    for (const code of scriptsOf(file, readFileSync(file, 'utf8'))) {
      for (const spec of specifiersOf(code)) {
        if (!spec.startsWith('.')) continue;
        const to = posix.normalize(posix.join(posix.dirname(from), spec));
        if (!to.startsWith('../')) out.push({ from, to });
      }
    }
  }
  return out;
}

const folderOf = (path: string): string => path.split('/')[0]!;
const floorOf = new Map(FLOORS.flatMap((folders, floor) => folders.map((f) => [f, floor] as const)));
const wingOf = (path: string): string | undefined => WINGS.flat().find((w) => path.startsWith(`${w}/`));

/** The imports that break the floors, in words. */
export function brokenLayers(imports: readonly Import[]): string[] {
  const broken: string[] = [];
  for (const { from, to } of imports) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (!to.includes('/')) continue; // a file directly in src/ (there are none today)
    if (a !== b) {
      const fa = floorOf.get(a);
      const fb = floorOf.get(b);
      if (fa === undefined || fb === undefined) broken.push(`src/${a === undefined || fa === undefined ? a : b}/ has no floor in FLOORS (${from} -> ${to})`);
      else if (fb > fa) broken.push(`src/${from} imports src/${to}: ${a} (floor ${fa}) must not import ${b}, which stands above it (floor ${fb})`);
      else if (fb === fa) broken.push(`src/${from} imports src/${to}: ${a} and ${b} stand side by side (floor ${fa}) and must not import each other`);
    } else {
      const wa = wingOf(from);
      const wb = wingOf(to);
      if (wa && wb && wa !== wb) broken.push(`src/${from} imports src/${to}: the wings ${wa} and ${wb} must not import each other`);
    }
  }
  return broken;
}

/** Cycles between folders (strongly connected groups of more than one), whatever FLOORS says. */
export function folderCycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b || !to.includes('/')) continue;
    if (!edges.has(a)) edges.set(a, new Set());
    if (!edges.has(b)) edges.set(b, new Set());
    edges.get(a)!.add(b);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const stack: string[] = [];
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indexOf.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!indexOf.has(v)) connect(v);
  return cycles;
}

describe('the layout of src/', () => {
  const imports = importsIn(SRC);

  test('the parser sees the imports (a guard against a guard that reads nothing)', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({ from: 'checks/load.ts', to: 'dataset/dataset.ts' });
    // .astro frontmatter is read too
    expect(imports.some((i) => i.from.endsWith('.astro'))).toBe(true);
  });

  test('every folder of src/ has a floor', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory() && walk(join(SRC, e.name)).length > 0).map((e) => e.name);
    expect(folders.filter((f) => !floorOf.has(f))).toEqual([]);
  });

  test('no folder imports a folder above it or beside it, and the importers\' wings stay apart', () => {
    expect(brokenLayers(imports)).toEqual([]);
  });

  test('no two folders import each other, directly or round a loop', () => {
    expect(folderCycles(imports)).toEqual([]);
  });

  test('the rules catch a backwards import and a cycle', () => {
    const backwards = [{ from: 'checks/load.ts', to: 'dataset/dataset.ts' }, { from: 'dataset/read.ts', to: 'checks/load.ts' }];
    expect(brokenLayers(backwards)).toEqual([expect.stringContaining('dataset (floor 3) must not import checks, which stands above it (floor 4)')]);
    expect(folderCycles(backwards)).toEqual([['checks', 'dataset']]);
    expect(brokenLayers([{ from: 'importers/sync/sync.ts', to: 'importers/formats/hsds.ts' }])).toHaveLength(1);
    expect(brokenLayers([{ from: 'publish/oruk.ts', to: 'importers/values.ts' }])).toEqual([expect.stringContaining('side by side')]);
  });
});
