/**
 * The day of a simulation as a standalone SVG (no dependencies, a string): service level per
 * report interval and queue as lines on the left axis (0–100 %), the Erlang prediction dashed
 * beside it when the report has one, and callers waiting (time-averaged over each interval,
 * stacked per queue) as bars on the right axis. Only the intervals in which something happened
 * are drawn (`activeRange`), so a day that starts at midnight doesn't open on empty hours.
 */
import { isPrediction } from '../../domain/sim/predict.ts';
import { activeRange, clockLabel, type ReportQueue, type SimReport } from './report.ts';

export interface ChartOptions {
  /** Pixels; default 900 × 420. */
  readonly width?: number;
  readonly height?: number;
}

const COLORS = ['#1f6fb4', '#d1495b', '#2a9d5c', '#8e5cc4', '#e07b00', '#6b4f3a', '#0f9aa8', '#b8a100'] as const;
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
const MARGIN = { left: 58, right: 64, top: 62, bottom: 86 } as const;

/** The plot's geometry: where interval k and a value on either axis go. */
interface Frame {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  /** Intervals drawn: report indexes first..first+count−1. */
  readonly first: number;
  readonly count: number;
  /** Top of the right axis (callers waiting). */
  readonly waitMax: number;
}

const band = (f: Frame): number => (f.x1 - f.x0) / f.count;
const xOf = (f: Frame, i: number): number => f.x0 + band(f) * (i + 0.5);
const ySl = (f: Frame, sl: number): number => f.y1 - (f.y1 - f.y0) * sl;
const yWait = (f: Frame, waiting: number): number => f.y1 - ((f.y1 - f.y0) * waiting) / f.waitMax;
const px = (v: number): string => (Math.round(v * 10) / 10).toString();

/**
 * Draws the report's chart.
 * @example await writeFile('sim-out/demo-day.svg', svgChart(report));
 */
export function svgChart(report: SimReport, options: ChartOptions = {}): string {
  const width = options.width ?? 900;
  const height = options.height ?? 420;
  const { first, last } = activeRange(report);
  const count = last - first + 1;
  const stacked = Array.from({ length: count }, (_, i) => report.queues.reduce((s, q) => s + (q.intervals[first + i]?.avgWaiting ?? 0), 0));
  const frame: Frame = { x0: MARGIN.left, x1: width - MARGIN.right, y0: MARGIN.top, y1: height - MARGIN.bottom, first, count, waitMax: niceCeil(Math.max(0, ...stacked)) };
  const title = `${report.scenario}: service level (answered within ${report.serviceLevelSeconds} s) and callers waiting`;
  const subtitle = `per ${report.reportIntervalMinutes}-minute interval · ${report.calls} calls · seed ${report.seed}${report.compare ? ' · dashed: Erlang prediction' : ''}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="${FONT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="600" fill="#222">${escapeXml(title)}</text>`,
    `<text x="${MARGIN.left}" y="43" font-size="11.5" fill="#666">${escapeXml(subtitle)}</text>`,
    ...axes(frame, report),
    ...report.queues.flatMap((_, i) => bars(frame, report.queues, i)),
    ...report.queues.flatMap((q, i) => lines(frame, q, color(i), report.compare !== null)),
    ...legend(frame, report, width),
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Escapes text for XML content and attribute values.
 * @example escapeXml('R&D <Tier 1>'); // 'R&amp;D &lt;Tier 1&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function color(i: number): string {
  return COLORS[i % COLORS.length] ?? '#444';
}

/** Grid, both y axes with their ticks, and the x axis labelled with interval start times. */
function axes(f: Frame, report: SimReport): string[] {
  const out = ['<g font-size="11" fill="#555">'];
  for (let p = 0; p <= 100; p += 20) {
    const y = px(ySl(f, p / 100));
    out.push(`<line x1="${f.x0}" y1="${y}" x2="${f.x1}" y2="${y}" stroke="${p === 0 ? '#888' : '#e4e4e4'}" stroke-width="1"/>`);
    out.push(`<text x="${f.x0 - 8}" y="${y}" dy="0.35em" text-anchor="end">${p}%</text>`);
    const waiting = (f.waitMax * p) / 100;
    out.push(`<text x="${f.x1 + 8}" y="${y}" dy="0.35em">${Number.isInteger(waiting) ? waiting : waiting.toFixed(1)}</text>`);
  }
  const middle = px((f.y0 + f.y1) / 2);
  out.push(`<text transform="translate(16 ${middle}) rotate(-90)" text-anchor="middle">service level</text>`);
  out.push(`<text transform="translate(${f.x1 + 50} ${middle}) rotate(90)" text-anchor="middle">callers waiting (average)</text>`);
  const step = labelStep(f.count);
  const starts = report.queues[0]?.intervals ?? [];
  for (let i = 0; i <= f.count; i += step) {
    const x = px(f.x0 + band(f) * i);
    const label = starts[f.first + i]?.start ?? clockLabel((f.first + i) * report.reportIntervalMinutes * 60); // the end of the axis
    out.push(`<line x1="${x}" y1="${f.y1}" x2="${x}" y2="${f.y1 + 5}" stroke="#888"/>`);
    out.push(`<text x="${x}" y="${f.y1 + 18}" text-anchor="middle">${escapeXml(label)}</text>`);
  }
  out.push('</g>');
  return out;
}

/** Every how many intervals a label fits (about one per 70 px of a 900 px chart, on whole hours when it can). */
function labelStep(count: number): number {
  for (const step of [1, 2, 4, 6, 8, 12, 16, 24, 48, 96]) if (count / step <= 12) return step;
  return Math.ceil(count / 12);
}

/** Queue `index`'s callers waiting, stacked on top of the queues before it. */
function bars(f: Frame, queues: readonly ReportQueue[], index: number): string[] {
  const queue = queues[index];
  if (!queue) return [];
  const width = band(f) * 0.72;
  const out = [`<g fill="${color(index)}" fill-opacity="0.22">`];
  for (let i = 0; i < f.count; i++) {
    const below = queues.slice(0, index).reduce((s, q) => s + (q.intervals[f.first + i]?.avgWaiting ?? 0), 0);
    const mine = queue.intervals[f.first + i]?.avgWaiting ?? 0;
    if (mine <= 0) continue;
    const top = yWait(f, below + mine);
    out.push(`<rect x="${px(xOf(f, i) - width / 2)}" y="${px(top)}" width="${px(width)}" height="${px(yWait(f, below) - top)}"/>`);
  }
  out.push('</g>');
  return out;
}

/** The measured service level (solid, with dots) and, when compared, the prediction (dashed); gaps where there is none. */
function lines(f: Frame, queue: ReportQueue, stroke: string, compare: boolean): string[] {
  const measured = Array.from({ length: f.count }, (_, i) => queue.intervals[f.first + i]?.serviceLevel ?? null);
  const out = [`<path d="${pathOf(f, measured)}" fill="none" stroke="${stroke}" stroke-width="2.2" stroke-linejoin="round"/>`];
  if (f.count <= 60) {
    out.push(`<g fill="${stroke}">`, ...measured.flatMap((sl, i) => (sl === null ? [] : [`<circle cx="${px(xOf(f, i))}" cy="${px(ySl(f, sl))}" r="2.6"/>`])), '</g>');
  }
  if (compare) {
    const predicted = Array.from({ length: f.count }, (_, i) => {
      const p = queue.intervals[f.first + i]?.predicted;
      return p && isPrediction(p) ? p.serviceLevel : null;
    });
    out.push(`<path d="${pathOf(f, predicted)}" fill="none" stroke="${stroke}" stroke-width="1.6" stroke-dasharray="5 4" opacity="0.85"/>`);
  }
  return out;
}

/** An SVG path through the non-null points, a new subpath after each gap (a lone point is a dot-sized stub). */
function pathOf(f: Frame, values: readonly (number | null)[]): string {
  const parts: string[] = [];
  let open = false;
  values.forEach((v, i) => {
    if (v === null) {
      open = false;
      return;
    }
    parts.push(`${open ? 'L' : 'M'}${px(xOf(f, i))} ${px(ySl(f, v))}`);
    open = true;
  });
  return parts.length > 0 ? parts.join(' ') : `M${f.x0} ${f.y1}`;
}

/** Under the axis: per queue a line swatch (service level), a dashed one (prediction) and a bar swatch (waiting); wraps when a row is full. */
function legend(f: Frame, report: SimReport, width: number): string[] {
  const out = [`<g font-size="11.5" fill="#333">`];
  let x = f.x0;
  let y = f.y1 + 42;
  const item = (swatch: (x: number, y: number) => string, label: string): void => {
    const needed = 26 + label.length * 6.6; // an estimate of the label's width at 11.5 px
    if (x > f.x0 && x + needed > width - 8) {
      x = f.x0;
      y += 18;
    }
    out.push(swatch(x, y), `<text x="${px(x + 26)}" y="${y}" dy="0.35em">${escapeXml(label)}</text>`);
    x += needed + 18;
  };
  report.queues.forEach((q, i) => {
    const c = color(i);
    item((x, y) => `<line x1="${px(x)}" y1="${y}" x2="${px(x + 20)}" y2="${y}" stroke="${c}" stroke-width="2.2"/>`, `${q.name} SL`);
    if (report.compare) item((x, y) => `<line x1="${px(x)}" y1="${y}" x2="${px(x + 20)}" y2="${y}" stroke="${c}" stroke-width="1.6" stroke-dasharray="5 4"/>`, `${q.name} Erlang SL`);
    item((x, y) => `<rect x="${px(x + 4)}" y="${y - 6}" width="12" height="12" fill="${c}" fill-opacity="0.22"/>`, `${q.name} waiting`);
  });
  out.push('</g>');
  return out;
}

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above `v` (at least 1), for the right axis. */
function niceCeil(v: number): number {
  if (!(v > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}
