/** The `yaml-syntax` rule, checked file by file. Where its check lives: src/dataset/read.ts with src/dataset/yaml-options.ts. */
import type { FileRule } from '../rule.ts';

export const yamlSyntaxRule: FileRule = {
  id: 'yaml-syntax',
  stage: 'parse',
  description: 'YAML parses: no tabs for indentation, no duplicate keys, one document, limited aliases.',
};
