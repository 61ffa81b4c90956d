// listr2's animated renderer on a TTY; its plain one-line-per-task renderer otherwise (no cursor codes).
// Colour is a separate choice (colour.ts): NO_COLOR keeps the animated display on a terminal, without colour.
export type RendererName = 'default' | 'simple' | 'silent';

export function pickRenderer(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, quiet = false): RendererName {
  if (quiet) return 'silent';
  if (!stream.isTTY || env.CI === 'true' || env.CI === '1' || env.TERM === 'dumb') return 'simple';
  return 'default';
}
