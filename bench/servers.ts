// One real OpenSSH sshd per simulated node (test/helpers/sshd.ts), the simulator first on the remote PATH and
// every tool call costing `latencyMs` (PVE_SIM_LATENCY_MS in each session's environment).
import { binDir } from '@phoenix/pve-sim';
import { startSshd } from '../test/helpers/sshd.js';
import type { Server } from './estate.js';

export interface Servers {
  start(env: Record<string, string>): Promise<Server>;
  stopAll(): Promise<void>;
}

export function sshServers(latencyMs: number): Servers {
  const running: { stop(): Promise<void> }[] = [];
  return {
    async start(env) {
      const s = await startSshd({ env: { ...env, PVE_SIM_LATENCY_MS: String(latencyMs) }, pathPrefix: binDir });
      running.push(s);
      return s;
    },
    async stopAll() {
      await Promise.all(running.splice(0).map((s) => s.stop()));
    },
  };
}
