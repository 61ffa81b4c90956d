// Feature and application scripts named by guests must exist under the scripts directory.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GuestEntry } from './guest-entries.js';

export function featureScriptPath(scriptsDir: string, feature: string): string {
  return join(scriptsDir, 'features', `${feature}.sh`);
}

export function applicationScriptPath(scriptsDir: string, script: string): string {
  return join(scriptsDir, 'apps', script);
}

export function scriptProblems(entries: readonly GuestEntry[], scriptsDir: string, exists: (p: string) => boolean = existsSync): string[] {
  const problems: string[] = [];
  for (const e of entries) {
    (e.config.features ?? []).forEach((feature, i) => {
      const path = featureScriptPath(scriptsDir, feature);
      if (!exists(path)) problems.push(`${e.label}: ${e.pointer}/features/${i}: no script for feature '${feature}': ${path} not found`);
    });
    const app = e.config.application_script;
    if (typeof app === 'string') {
      const path = applicationScriptPath(scriptsDir, app);
      if (!exists(path)) problems.push(`${e.label}: ${e.pointer}/application_script: ${path} not found`);
    }
  }
  return problems;
}
