/**
 * A progress bar for the ingest CLI, in plain text on stderr. On a terminal it redraws one line in place and
 * steps aside for log lines; anywhere else (a pipe, a log file) it prints one line per finished day, so logs
 * stay readable and nothing depends on a package.
 */
import type { BackfillProgress } from '../../src/sources/backfill.js';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 28;

export class ProgressBar {
  private current = '';
  private lastPlainDay = '';

  constructor(private readonly out: ProgressOutput) {}

  /** Show the latest progress of one source. */
  update(progress: BackfillProgress): void {
    const fraction = progress.days > 0 ? Math.min(1, progress.done / progress.days) : 1;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
    const done = Number.isInteger(progress.done) ? String(progress.done) : progress.done.toFixed(1);
    const line = `${progress.source.padEnd(9)} [${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%  day ${done}/${progress.days}  ${progress.day}`;
    if (this.out.isTTY) {
      this.current = line;
      this.out.write(`\r\x1b[2K${line}`);
    } else if (Number.isInteger(progress.done) && progress.day !== this.lastPlainDay) {
      this.lastPlainDay = progress.day;
      this.out.write(`${line}\n`);
    }
  }

  /** Write a full line (a log line) without tearing the bar. */
  writeLine(text: string): void {
    if (this.out.isTTY && this.current) this.out.write('\r\x1b[2K');
    this.out.write(`${text}\n`);
    if (this.out.isTTY && this.current) this.out.write(this.current);
  }

  /** End the bar's line so what follows starts on a fresh one. */
  finish(): void {
    if (this.out.isTTY && this.current) this.out.write('\n');
    this.current = '';
  }
}
