import { DATASET_RULES, FILE_RULES } from '../../checks/rules/index.ts';
import type { Command } from '../command.ts';

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'List the validation rules',
  usage: 'npx loop rules',
  async run(_args, io) {
    const all = [...FILE_RULES, ...DATASET_RULES];
    const width = Math.max(...all.map((r) => r.id.length));
    io.stdout(all.map((r) => `${r.id.padEnd(width)}  ${r.description}`).join('\n'));
    return 0;
  },
};
