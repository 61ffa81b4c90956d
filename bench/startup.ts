// Row 1: start-up. `phoenix --help` and `--version` against a bare `node -e 0` (target ≤ 3×), and `phoenix validate`
// on the original project's real configuration (target ≤ 300 ms). Medians of five, after one warm-up run each.
import { realEstate } from '../test/helpers/real-estate.js';
import { REAL_FIXTURE_REL } from '../test/helpers/fixtures.js';
import { exitReason, PHOENIX, sample } from './cli.js';
import { atMost, ms, times, type BenchRow } from './table.js';

const RUNS = 5;

export async function startupRows(): Promise<BenchRow[]> {
  const node = await sample(RUNS, process.execPath, ['-e', '0']);
  const rows: BenchRow[] = [];
  for (const [id, flag] of [['1a', '--help'], ['1b', '--version']] as const) {
    const r = await sample(RUNS, PHOENIX, [flag]);
    const ratio = r.ms / node.ms;
    rows.push({
      id, what: `\`phoenix ${flag}\` vs bare \`node -e 0\``, runs: `${RUNS}`, measured: r.exit === 0 ? `${ms(r.ms)} vs ${ms(node.ms)}` : exitReason(r),
      against: times(ratio), target: '≤ 3×', result: r.exit === 0 ? atMost(ratio, 3) : 'FAIL',
    });
  }
  const real = realEstate();
  if (!real) {
    rows.push({ id: '1c', what: '`phoenix validate`, real configuration', runs: '-', measured: `skipped: ${REAL_FIXTURE_REL} is absent`, against: '', target: '≤ 300 ms', result: 'skip' });
    return rows;
  }
  try {
    const v = await sample(RUNS, PHOENIX, ['validate', '-c', real.configFile]);
    const p = await sample(RUNS, PHOENIX, ['plan', 'LetsGo', '-c', real.configFile, '-o', '/dev/null']);
    rows.push({
      id: '1c', what: '`phoenix validate`, real configuration', runs: `${RUNS}`, measured: v.exit === 0 ? ms(v.ms) : exitReason(v),
      against: ms(v.ms), target: '≤ 300 ms', result: v.exit === 0 ? atMost(v.ms, 300) : 'FAIL',
    });
    rows.push({
      id: '1d', what: '`phoenix plan LetsGo -o /dev/null`, real configuration (context)', runs: `${RUNS}`,
      measured: p.exit === 0 ? ms(p.ms) : exitReason(p), against: '', target: '-', result: p.exit === 0 ? 'info' : 'FAIL',
    });
  } finally {
    real.cleanup();
  }
  return rows;
}
