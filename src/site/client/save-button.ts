/**
 * "Save to shortlist" toggle buttons (aria-pressed), on listing pages and result cards. They are in the page hidden
 * and only shown here, so without JavaScript there is no button that does nothing. The label stays the same and
 * the pressed state says whether it is saved (screen readers announce "pressed"); a polite status nearby counts the
 * list after each press.
 */
import { isSaved, onShortlistChange, toggleSaved, savedKeys } from './shortlist-store.ts';

function sync(button: HTMLButtonElement): void {
  button.setAttribute('aria-pressed', String(isSaved(button.dataset.save!)));
}

/** Makes one button live. `status`, if given, says how many are saved after a press. */
export function enhanceSaveButton(button: HTMLButtonElement, status?: HTMLElement | null): void {
  sync(button);
  button.hidden = false;
  button.addEventListener('click', () => {
    const saved = toggleSaved(button.dataset.save!);
    sync(button);
    if (status) {
      const n = savedKeys().length;
      status.textContent = `${saved ? 'Saved' : 'Removed'}. ${n === 1 ? '1 listing' : `${n} listings`} on your shortlist.`;
    }
  });
}

/** A button for a result card, made here (the search and near-me pages build their cards in the browser). */
export function saveButtonFor(key: string, name: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'save';
  button.dataset.save = key;
  button.textContent = 'Save';
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = ` ${name} to your shortlist`;
  button.append(hidden);
  enhanceSaveButton(button);
  return button;
}

/** Every [data-save] button on the page, kept in step when the list changes in another tab. */
export function enhanceSaveButtons(root: ParentNode = document): void {
  const status = document.querySelector<HTMLElement>('#shortlist-status');
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('button[data-save]')];
  for (const button of buttons) enhanceSaveButton(button, status);
  onShortlistChange(() => {
    for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-save]')) sync(button);
  });
}
