// A connection runs one argv on one Proxmox node. Implementations: local (execFile, no shell),
// ssh (node-ssh, argv quoted once). A simulated node is a local one whose `path` puts the simulator first.
export interface ExecResult { code: number; stdout: string; stderr: string }
export interface ExecOptions { stdin?: string; timeoutMs?: number; env?: Record<string, string> }

export interface Connection {
  /** Inventory name of the node. */
  readonly node: string;
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}
