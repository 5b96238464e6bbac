/** The text rule: names and descriptions refuse bidirectional overrides, zero-width and control characters, found where they are written. */
import { describe, expect, test } from 'vitest';
import { edit, only, validateWith } from '../../support/data.ts';
import { DROP_IN, expectOne } from './support.ts';

describe('text', () => {
  test('a right-to-left override in a name is an error at its own column', () => {
    const files = edit(DROP_IN, "name: Carers' Drop-in", "name: Carers' \u202eni-porD");
    const d = expectOne(files, 'text', DROP_IN, 3, /name: contains a right-to-left override \(U\+202E\), which can disguise text/);
    expect(d.column).toBe(15);
    expect(d.hint).toBe('write "Carers\' ni-porD"');
  });
  test('written as a YAML escape, the character is still found where it is written', () => {
    const files = edit(DROP_IN, "name: Carers' Drop-in", 'name: "Carers\\u200B Drop-in"');
    const d = expectOne(files, 'text', DROP_IN, 3, /contains a zero-width space \(U\+200B\)/);
    expect(d.column).toBe(14);
  });
  test('a name on two lines, and a phone description with a tab', () => {
    const files = edit(DROP_IN, "name: Carers' Drop-in", "name: |\n  Carers'\n  Drop-in");
    expectOne(files, 'text', DROP_IN, 4, /name: contains a line break \(U\+000A\): keep it on one line/);
    const tab = edit('organisations/chapeltown-carers.yaml', '  - number: 0113 496 0101', '  - number: 0113 496 0101\n    description: "Advice\\tline"');
    expectOne(tab, 'text', 'organisations/chapeltown-carers.yaml', 9, /phones\[0\]\.description: contains a tab/);
  });
  test('descriptions may have line breaks but not bidirectional overrides or control characters', () => {
    expect(only(validateWith(), 'text')).toEqual([]);
    const files = edit(DROP_IN, '  Come along for an hour', '  Come along \u2066for an hour');
    const d = expectOne(files, 'text', DROP_IN, 9, /description: contains a left-to-right isolate \(U\+2066\)/);
    expect(d.column).toBe(14);
    expectOne(edit(DROP_IN, '  Come along for an hour', '  Come along\u0007 for an hour'), 'text', DROP_IN, 9, /control character \(U\+0007\)/);
  });
  test('joiners in emoji and in scripts that join letters are writing, not disguise', () => {
    const names = ['Carers\' Drop-in 👩\u200d⚕️', 'اردو\u200cکیئررز', 'ਪੰਜਾਬੀ ਸਿੱ\u200cਖ', 'ক্\u200dযা', 'Leeds 🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}'];
    for (const name of names) expect(only(validateWith(edit(DROP_IN, "name: Carers' Drop-in", `name: ${name}`)), 'text'), name).toEqual([]);
    expectOne(edit(DROP_IN, "name: Carers' Drop-in", "name: Carers' Dr\u200dop-in"), 'text', DROP_IN, 3, /zero-width joiner \(U\+200D\) outside an emoji/);
  });
});
