// One real OpenSSH sshd per simulated node (test/helpers/sshd.ts), the simulator first on the remote PATH and
// every tool call costing `latencyMs` (PVE_SIM_LATENCY_MS in each session's environment).
import { binDir, cpuSecondsOf } from '@phoenix/pve-sim';
import { startSshd } from '../test/helpers/sshd.js';
import type { Server } from './estate.js';

export interface Servers {
  start(env: Record<string, string>): Promise<Server>;
  stopAll(): Promise<void>;
  /** CPU seconds the sshd servers have used so far, with every session and command they ran (once ended). */
  cpuS(): number;
}

export function sshServers(latencyMs: number): Servers {
  const running: { pid: number; stop(): Promise<void> }[] = [];
  return {
    async start(env) {
      // the warm pool bench/run.ts started (sessions do not inherit this process's environment)
      const pool = process.env['PVE_SIM_SOCKET'] ? { PVE_SIM_SOCKET: process.env['PVE_SIM_SOCKET'] } : {};
      const s = await startSshd({ env: { ...env, ...pool, PVE_SIM_LATENCY_MS: String(latencyMs) }, pathPrefix: binDir });
      running.push(s);
      return s;
    },
    async stopAll() {
      await Promise.all(running.splice(0).map((s) => s.stop()));
    },
    // a session's CPU reaches its sshd's cutime/cstime once sshd has waited for it (the connection has ended)
    cpuS: () => running.reduce((n, s) => n + cpuSecondsOf(s.pid, true), 0),
  };
}
