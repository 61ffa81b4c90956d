// Colour for what a person reads: on a terminal by default, honouring NO_COLOR and FORCE_COLOR. Only the human
// stream is ever painted: --json events and the journal are data and never pass through here.

/** Wraps text in one SGR colour; the identity when colour is off. */
export type Paint = (text: string) => string;

export interface Palette {
  enabled: boolean;
  /** ok / converged */
  ok: Paint;
  /** changed / would change */
  changed: Paint;
  /** failed / unreachable */
  failed: Paint;
  /** not run, unknown, timings, waiting */
  dim: Paint;
  /** a step that is running */
  running: Paint;
  bold: Paint;
}

/**
 * Whether to colour `stream`. FORCE_COLOR decides when it is set, as Node's own rule has it (`1`/`2`/`3`/`true` or
 * empty: on, even on a pipe and despite NO_COLOR; `0`/`false`: off). Otherwise NO_COLOR with any non-empty value
 * (no-color.org) turns it off, and so do `TERM=dumb` and `CI` (the plain renderer's conditions); else a TTY is coloured.
 */
export function wantColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb' || env.CI === 'true' || env.CI === '1') return false;
  return stream.isTTY === true;
}

const sgr = (open: number, close: number): Paint => (t) => (t ? `\x1b[${open}m${t}\x1b[${close}m` : t);
const same: Paint = (t) => t;

export function palette(enabled: boolean): Palette {
  if (!enabled) return { enabled, ok: same, changed: same, failed: same, dim: same, running: same, bold: same };
  return { enabled, ok: sgr(32, 39), changed: sgr(33, 39), failed: sgr(31, 39), dim: sgr(2, 22), running: sgr(36, 39), bold: sgr(1, 22) };
}

export const NO_COLOUR = palette(false);

// eslint-disable-next-line no-control-regex
const ANY_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Every escape code removed (the plain renderer, when colour is off). */
export const stripAnsi = (text: string): string => text.replace(ANY_ESCAPE, '');
/** Cursor and erase codes removed, colour (SGR, `…m`) kept: the plain renderer when colour is forced. */
export const keepColourOnly = (text: string): string => text.replace(ANY_ESCAPE, (code) => (code.endsWith('m') ? code : ''));
/** What a text occupies on a terminal (escape codes take no room). */
export const visibleLength = (text: string): number => stripAnsi(text).length;

/** The colour of a step's (or a count's) status word. */
export function paintStatus(p: Palette, status: string): Paint {
  switch (status) {
    case 'ok': return p.ok;
    case 'changed': case 'pending': case 'would change': return p.changed;
    case 'failed': case 'unreachable': return p.failed;
    default: return p.dim;
  }
}
