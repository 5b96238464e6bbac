/**
 * How search sees words, shared by the build (synonym expansion, spelling vocabulary) and the browser (spelling
 * suggestions), so both agree with each other and with Pagefind: lower case, accents removed, apostrophes dropped
 * ("alzheimer's" is "alzheimers"), anything else that is not a letter or digit splits words.
 */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function words(text: string): string[] {
  const n = normalise(text);
  return n ? n.split(' ') : [];
}
