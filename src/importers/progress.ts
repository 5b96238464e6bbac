/**
 * Progress for long imports, on stderr so stdout stays the report: a line rewritten in place on a terminal, and
 * otherwise (CI logs) a line at most every few seconds, so a 300-page walk shows it is alive without flooding.
 */

export interface Progress {
  /** Starts a phase ("fetching services"), with a total when it is known. */
  phase(label: string, total?: number): void;
  /** Moves the current phase on by `n`, or sets its total when the source reveals it. */
  tick(n?: number, total?: number): void;
  /** A one-off message (a retry, a skipped page). */
  note(message: string): void;
  done(): void;
}

export const silentProgress: Progress = { phase() {}, tick() {}, note() {}, done() {} };

export function createProgress(write: (text: string) => void, isTTY: boolean, intervalMs = 5000, now: () => number = Date.now): Progress {
  let label = '';
  let total: number | undefined;
  let count = 0;
  let last = 0;
  let lineOpen = false;
  const render = () =>
    count === 0 && !total ? `${label}...` : `${label}: ${count.toLocaleString('en-GB')}${total ? ` of ${total.toLocaleString('en-GB')} (${Math.floor((count / total) * 100)}%)` : ''}`;
  const show = (force = false) => {
    const t = now();
    if (isTTY) {
      if (!force && t - last < 100) return;
      last = t;
      process.stderr.isTTY ? process.stderr.write(`\r\u001b[2K${render()}`) : write(render());
      lineOpen = true;
    } else if (force || t - last >= intervalMs) {
      last = t;
      write(render());
    }
  };
  const endLine = () => {
    if (isTTY && lineOpen && process.stderr.isTTY) process.stderr.write('\n');
    lineOpen = false;
  };
  return {
    phase(next, nextTotal) {
      if (label) {
        if (isTTY || count > 0) show(true);
        endLine();
      }
      label = next;
      total = nextTotal;
      count = 0;
      last = now();
      // Every phase is announced, in logs too: a long one without ticks (writing, validating) must not look hung.
      if (isTTY) show(true);
      else write(render());
    },
    tick(n = 1, nextTotal) {
      count += n;
      if (nextTotal !== undefined) total = nextTotal;
      show();
    },
    note(message) {
      endLine();
      write(message);
    },
    done() {
      if (label && (isTTY || count > 0)) show(true);
      endLine();
      label = '';
    },
  };
}
