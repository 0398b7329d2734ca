/**
 * Progress of long work on stderr: a line rewritten in place on a terminal, a line every few seconds otherwise
 * (CI logs, pipes). Shows the count, the rate and, when the total is known, the percentage.
 */
export function progress(label: string, unit: string, total?: number): { update(done: number): void; finish(done: number): string } {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastPrinted = 0;
  const line = (done: number) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = Math.round(done / seconds).toLocaleString('en');
    const share = total ? ` (${Math.min(100, (100 * done) / total).toFixed(1)} %)` : '';
    return `${label}: ${done.toLocaleString('en')} ${unit}${share}, ${rate} ${unit}/s`;
  };
  return {
    update(done) {
      const now = Date.now();
      if (tty) process.stderr.write(`\r${line(done)}`);
      else if (now - lastPrinted >= 2000) {
        lastPrinted = now;
        process.stderr.write(`${line(done)}\n`);
      }
    },
    finish(done) {
      if (tty) process.stderr.write('\n');
      return `${line(done)} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
    },
  };
}
