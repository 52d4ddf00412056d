import { progress } from '#shared/domain/hours';
import { h, table } from './dom';
import { hours, pct } from './format';

/** A monthly report's contract row: hours to date against target, with the pro-rata mark. */
export function reportRowProgress(row: {
  hoursToDate: number;
  targetHours: number | null;
  expectedHours: number;
  behind: boolean;
}): HTMLElement {
  const bar = progressBar(
    row.hoursToDate,
    row.targetHours,
    row.targetHours ? row.expectedHours : null,
    row.behind,
  );
  if (!row.targetHours) return bar;
  // The expected hours in figures too, not only as a mark: the figure the compliance page names.
  return h(
    'span',
    null,
    bar,
    h('br'),
    h('span', { class: 'muted' }, `attendu : ${hours(row.expectedHours)}`),
  );
}

/** Done against target, with a mark where an even pace would be today. */
export function progressBar(
  done: number,
  target: number | null,
  expected: number | null,
  behind: boolean,
): HTMLElement {
  if (!target) return h('span', { class: 'muted' }, 'sans objectif');
  const share = Math.min(1, progress(done, target));
  const bar = h(
    'span',
    {
      class: `bar${behind ? ' behind' : ''}`,
      role: 'img',
      'aria-label': `${pct(done / target)} de l’objectif${expected !== null ? `, ${pct(expected / target)} attendu au prorata` : ''}`,
    },
    h('span', { class: 'done', style: `width:${(share * 100).toFixed(1)}%` }),
  );
  if (expected !== null) {
    bar.appendChild(
      h('span', {
        class: 'expected',
        style: `left:${Math.min(100, (expected / target) * 100).toFixed(1)}%`,
        title: `attendu : ${hours(expected)}`,
      }),
    );
  }
  return h(
    'span',
    { style: 'white-space:nowrap' },
    bar,
    ' ',
    h('span', { class: behind ? 'error' : 'muted' }, pct(done / target)),
  );
}

/** What the bars say, under every table that has them. */
export function progressLegend(): HTMLElement {
  return h(
    'p',
    { class: 'legend muted' },
    h(
      'span',
      { class: 'bar' },
      h('span', { class: 'done w40' }),
      h('span', { class: 'expected at60' }),
    ),
    ' Heures réalisées sur l’objectif ; le trait noir marque les heures attendues au prorata de la durée écoulée du marché. En rouge : en retard sur ce prorata.',
  );
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    // Through the CSSOM: the CSP refuses style attributes.
    if (k === 'style') (element as SVGElement).style.cssText = String(v);
    else element.setAttribute(k, String(v));
  }
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Hours by month as SVG bars, stacked by series (a PLIE each), with a readable table beside. */
export function monthlyChart(
  labels: string[],
  series: { name: string; color: string; values: number[] }[],
  title: string,
): HTMLElement {
  const step = 36;
  const width = Math.max(320, labels.length * step + 60);
  const height = 220;
  const totals = labels.map((_, i) => series.reduce((s, serie) => s + (serie.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const chart = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    style: 'max-width:100%;height:auto',
    role: 'img',
    'aria-label': title,
  });
  const plot = height - 50;
  chart.appendChild(
    svg('line', { x1: 40, y1: plot + 10, x2: width, y2: plot + 10, stroke: '#999' }),
  );
  chart.appendChild(svg('text', { x: 0, y: 18 }, hours(Math.round(max))));
  labels.forEach((label, i) => {
    let y = plot + 10;
    const x = 46 + i * step;
    for (const serie of series) {
      const value = serie.values[i] ?? 0;
      if (!value) continue;
      const barHeight = (value / max) * plot;
      y -= barHeight;
      const rect = svg('rect', { x, y, width: 24, height: barHeight, fill: serie.color });
      rect.appendChild(svg('title', {}, `${label} — ${serie.name} : ${hours(value)}`));
      chart.appendChild(rect);
    }
    const [top, bottom] = label.split(' ');
    chart.appendChild(
      svg('text', { x: x + 12, y: height - 18, 'text-anchor': 'middle' }, top ?? ''),
    );
    chart.appendChild(
      svg('text', { x: x + 12, y: height - 4, 'text-anchor': 'middle' }, bottom ?? ''),
    );
  });
  const legend = h(
    'p',
    { class: 'muted' },
    series.map((s) =>
      h(
        'span',
        { style: 'margin-right:14px;white-space:nowrap' },
        h('span', {
          style: `display:inline-block;width:10px;height:10px;background:${s.color};margin-right:4px`,
        }),
        s.name,
      ),
    ),
  );
  const figure = h(
    'figure',
    { style: 'margin:0' },
    h('figcaption', { class: 'muted' }, title),
    legend,
  );
  figure.appendChild(chart);
  // The same figures as a table, for screen readers and for whoever wants the numbers.
  figure.appendChild(
    h(
      'details',
      null,
      h('summary', null, 'Voir les données en tableau'),
      table(
        ['Mois', ...series.map((s) => [s.name, 'num'] as [string, 'num']), ['Total', 'num']],
        labels.map((label, i) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, label),
            series.map((s) => h('td', { class: 'num' }, hours(s.values[i] ?? 0))),
            h('td', { class: 'num' }, hours(totals[i] ?? 0)),
          ),
        ),
        title,
      ),
    ),
  );
  return figure;
}

export const PALETTE = [
  '#000091',
  '#e1000f',
  '#18753c',
  '#b34000',
  '#6a6af4',
  '#009081',
  '#a558a0',
  '#716043',
];
