// Audit lines of in-guest work without the bounded wrapper (src/tasks/bounded-exec.ts): `pct exec 950 -- /bin/sh -c
// <RUN_BOUNDED> phoenix-run <label> <seconds> /x.sh` reads as `pct exec 950 -- /x.sh`, so tests can name the argv the
// guest runs. The wrapper's own argv is asserted in test/tasks/*.test.ts.
import { RUN_BOUNDED, RUN_NAME } from '../../src/tasks/bounded-exec.js';

/** A joined argv line with the wrapper (and its label and bound) taken out; other lines unchanged. */
export function unwrapBounded(line: string): string {
  const at = line.indexOf(`/bin/sh -c ${RUN_BOUNDED} ${RUN_NAME} `);
  if (at < 0) return line;
  // the label is one line of printable words; the bound is the first all-digit word after it
  const rest = line.slice(at + `/bin/sh -c ${RUN_BOUNDED} ${RUN_NAME} `.length);
  const m = /^.*? (\d+) /s.exec(rest);
  return m ? line.slice(0, at) + rest.slice(m[0].length) : line;
}
