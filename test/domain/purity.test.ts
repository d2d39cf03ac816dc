import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = resolve(import.meta.dirname, '../../src/domain');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('src/domain is a pure core', () => {
  const files = sources(DOMAIN);

  it('imports nothing from outside src/domain', () => {
    const offenders: string[] = [];
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)) {
        const spec = match[1] ?? match[2] ?? '';
        const inside = spec.startsWith('.') && resolve(join(file, '..'), spec).startsWith(DOMAIN);
        if (!inside) offenders.push(`${relative(DOMAIN, file)} imports '${spec}'`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('reads no clock, timer or randomness directly', () => {
    const offenders = files.filter((file) => /Date\.now\(|new Date\(\)|Math\.random\(|setTimeout\(|setInterval\(|process\./.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(DOMAIN, f))).toEqual([]);
  });

  it('the check itself notices an outside import', () => {
    const sample = "import { x } from '../app/platform.ts';";
    const spec = /from\s+['"]([^'"]+)['"]/.exec(sample)?.[1] ?? '';
    expect(resolve(join(DOMAIN, 'x.ts', '..'), spec).startsWith(DOMAIN)).toBe(false);
  });
});
