import { describe, expect, it } from 'vitest';
import type { ReportInterval, ReportQueue, SimReport } from '../../../src/app/sim/report.ts';
import { escapeXml, svgChart } from '../../../src/app/sim/svg-chart.ts';

function interval(k: number, sl: number | null, waiting: number, predictedSl?: number): ReportInterval {
  const start = `${String(Math.floor(k / 2)).padStart(2, '0')}:${k % 2 ? '30' : '00'}`;
  return {
    start, offered: sl === null ? 0 : 50, answered: 45, abandoned: 5, timedOut: 0, serviceLevel: sl, asaSeconds: 12, abandonRate: 0.1,
    avgWaiting: waiting, maxWaiting: Math.ceil(waiting * 2), occupancy: 0.8,
    ...(predictedSl !== undefined && { predicted: { model: 'erlang-a', agents: 10, offeredLoad: 8, serviceLevel: predictedSl, asaSeconds: 10, abandonRate: 0.05, occupancy: 0.78 } }),
  };
}

function queue(id: number, name: string, compare: boolean): ReportQueue {
  // Quiet until 07:00 (k = 14), a day of traffic, quiet again from 19:00.
  const intervals = Array.from({ length: 48 }, (_, k) => (k < 14 || k >= 38 ? interval(k, null, 0) : interval(k, 0.5 + 0.4 * Math.sin(k / 3), 1 + (k % 5), compare ? 0.8 : undefined)));
  return { id, name, intervals, total: interval(0, 0.7, 2) };
}

function report(names: string[], compare: boolean): SimReport {
  return {
    scenario: 'R&D <day> "one"', seed: 1, tenant: 'simcorp', startAt: '2026-01-05T00:00:00.000Z', calls: 1234, wallSeconds: 1,
    reportIntervalMinutes: 30, serviceLevelSeconds: 20, warmupMinutes: 0, compare: compare ? 'erlang' : null,
    queues: names.map((n, i) => queue(i + 1, n, compare)), digest: null, serverSeeds: { randomSeed: 1, telephonySeed: 2 }, errors: [],
  };
}

/** Checks the markup is well formed: every tag closed in order, attributes quoted, no stray `<` or `&`. */
function wellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed markup at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name as string);
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
}

describe('svgChart', () => {
  it('is a standalone, well-formed SVG with a line per queue and its prediction dashed', () => {
    const svg = svgChart(report(['Support', 'Sales'], true));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="420"')).toBe(true);
    wellFormed(svg);
    expect(svg.match(/<path d="M/g)).toHaveLength(4); // measured and predicted, per queue
    expect(svg.match(/stroke-dasharray="5 4"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('answered within 20 s');
    expect(svg).toContain('Support waiting');
    expect(svg).toContain('Sales Erlang SL');
  });

  it('draws only the hours with traffic, labelled by interval start', () => {
    const svg = svgChart(report(['Support'], false));
    const labels = [...svg.matchAll(/text-anchor="middle">(\d\d:\d\d)</g)].map((m) => m[1]);
    expect(labels[0]).toBe('07:00');
    expect(labels.at(-1)).toBe('19:00');
    expect(svg).not.toContain('Erlang');
    expect(svg.match(/<path /g)).toHaveLength(1);
  });

  it('escapes names', () => {
    const svg = svgChart(report(['<Tier 1> & "VIP"'], false));
    wellFormed(svg);
    expect(svg).toContain('&lt;Tier 1&gt; &amp; &quot;VIP&quot; SL');
    expect(svg).toContain('R&amp;D &lt;day&gt; &quot;one&quot;');
    expect(svg).not.toContain('<Tier 1>');
    expect(escapeXml(`a<b>&'"`)).toBe('a&lt;b&gt;&amp;&apos;&quot;');
  });

  it('copes with a run in which nobody called', () => {
    const quiet = report(['Support'], true);
    const svg = svgChart({ ...quiet, queues: quiet.queues.map((q) => ({ ...q, intervals: q.intervals.map((_, k) => interval(k, null, 0)) })) });
    wellFormed(svg);
    expect(svg).toContain('<path d="M');
  });
});
