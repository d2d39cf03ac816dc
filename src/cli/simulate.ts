import type { Command } from 'commander';

/** `switchboard simulate <scenario>` (filled in by the simulator work). */
export function registerSimulate(program: Command): void {
  void program;
}
