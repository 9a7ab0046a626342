// The progress line while checks run: rewritten in place on a terminal, plain lines in CI.
import type { Progress } from './collector.js';

export interface ProgressPrinter {
  update(p: Progress): void;
  /** Clears the in-place line (terminal) before the summary is printed. */
  finish(): void;
}

export function progressPrinter(write: (s: string) => void, tty: boolean, label = 'checks'): ProgressPrinter {
  let last = '';
  let lastAt = 0;
  let lastStep = -1;
  const text = (p: Progress) => `${label}: ${p.done}/${p.total}${p.complete === false ? '+' : ''} done, ${p.failed} failed so far`;
  return {
    update(p) {
      if (p.total === 0) return;
      const line = text(p);
      if (line === last) return;
      if (tty) {
        const now = Date.now();
        if (now - lastAt < 80 && p.done < p.total) return;
        lastAt = now;
        write(`\r\x1b[2K${line}`);
        last = line;
        return;
      }
      // Plain lines: one per tenth of the run (and the last one), so CI logs stay short.
      const step = Math.floor((p.done / p.total) * 10);
      if (step !== lastStep || p.done === p.total) {
        if (p.done === 0 && lastStep !== -1) return;
        lastStep = step;
        write(`${line}\n`);
        last = line;
      }
    },
    finish() {
      if (tty && last) write('\r\x1b[2K');
      last = '';
    },
  };
}
