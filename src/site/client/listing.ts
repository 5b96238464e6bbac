/** A listing page in the browser: only the "Save to shortlist" toggle, which needs JavaScript and so starts hidden. */
import { enhanceSaveButtons } from './save-button.ts';

for (const node of document.querySelectorAll<HTMLElement>('.save-row[data-needs-js]')) node.hidden = false;
enhanceSaveButtons();
