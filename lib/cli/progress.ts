// The progress line while checks run: rewritten in place on a terminal, plain lines in CI.
import type { Progress } from './collector.js';

export interface ProgressPrinter {
  update(p: Progress): void;
  /** In CI, a line saying what is still running when nothing was printed for a while. */
  heartbeat(p: Progress): void;
  /** Clears the in-place line (terminal) before the summary is printed. */
  finish(): void;
}

export function progressPrinter(write: (s: string) => void, tty: boolean, label = 'checks'): ProgressPrinter {
  let last = '';
  let lastAt = 0;
  let lastStep = -1;
  let lastPrinted = Date.now();
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
        lastPrinted = Date.now();
      }
    },
    heartbeat(p) {
      if (tty || p.total === 0 || Date.now() - lastPrinted < 25_000) return;
      const names = p.running ?? [];
      write(`${text(p)}${names.length ? `; running ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}` : ''}\n`);
      lastPrinted = Date.now();
    },
    finish() {
      if (tty && last) write('\r\x1b[2K');
      last = '';
    },
  };
}
