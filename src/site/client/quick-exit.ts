/**
 * The "Exit this page" button's behaviour (src/components/QuickExit.astro): leave at once for the neutral page with
 * `location.replace`, so the page being left is not in the history for "Back" to return to, after blanking it so
 * nothing stays on screen while the other site loads. Shift pressed three times in a row, with no other key
 * between (so typing capitals never triggers it), does the same, as in the GOV.UK pattern.
 */
const link = document.querySelector<HTMLAnchorElement>('a[data-quick-exit]');
if (link) {
  const exit = () => {
    document.body.hidden = true;
    document.title = 'Loading';
    window.location.replace(link.href);
  };
  link.addEventListener('click', (event) => {
    event.preventDefault();
    exit();
  });
  for (const hint of document.querySelectorAll<HTMLElement>('[data-quick-exit-hint]')) hint.hidden = false;
  let shifts = 0;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Shift') {
      shifts = 0;
      return;
    }
    if (event.repeat) return;
    if (++shifts >= 3) exit();
  });
}
