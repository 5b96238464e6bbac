/** The `config` rule, checked before any listing. Where its check lives: loadConfig in src/checks/load.ts, against the config model in src/model/config.ts. */
import type { FileRule } from '../rule.ts';

export const configRule: FileRule = {
  id: 'config',
  stage: 'schema',
  description: 'loop.config.yaml is there and valid: the site, area, licence and limits every check and output relies on.',
};
