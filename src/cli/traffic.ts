import type { Command } from 'commander';

/** `switchboard traffic <scenario> --url …` (filled in by the traffic-generator work). */
export function registerTraffic(program: Command): void {
  void program;
}
