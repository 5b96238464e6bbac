/**
 * Small, surgical edits to a listing file that keep everything else byte for byte: comments, quoting, layout.
 * Used by `loop review` (and anything else that must change one field without reformatting a volunteer's file).
 */
import { isMap, isScalar, parseDocument, stringify } from 'yaml';

/** A scalar as YAML would write it on one line (quotes only where needed). */
function yamlScalar(value: string | number | boolean): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/**
 * Sets a top-level field to a scalar. Replaces just the old value's characters when the key exists; otherwise adds
 * `key: value` as the last line. Throws when the file is not a YAML mapping.
 */
export function setTopLevelScalar(text: string, key: string, value: string | number | boolean): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw new Error(`cannot edit a file with YAML errors: ${doc.errors[0]!.message.split('\n')[0]}`);
  const contents = doc.contents;
  if (!isMap(contents)) throw new Error('the file is not a block of fields');
  const pair = contents.items.find((item) => isScalar(item.key) && item.key.value === key);
  const written = yamlScalar(value);
  if (pair && isScalar(pair.value) && pair.value.range) {
    const [start, end] = pair.value.range;
    return `${text.slice(0, start)}${written}${text.slice(end)}`;
  }
  if (pair) throw new Error(`"${key}" is not a single value, so it cannot be set automatically`);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const body = text.endsWith('\n') ? text : `${text}${newline}`;
  return `${body}${key}: ${written}${newline}`;
}
