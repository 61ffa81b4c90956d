// listr2's animated renderer on a TTY; its plain one-line-per-task renderer otherwise (no ANSI codes).
export type RendererName = 'default' | 'simple' | 'silent';

export function pickRenderer(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, quiet = false): RendererName {
  if (quiet) return 'silent';
  if (!stream.isTTY || env.CI === 'true' || env.CI === '1' || env.TERM === 'dumb' || env.NO_COLOR !== undefined) return 'simple';
  return 'default';
}
