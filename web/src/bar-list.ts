import { h } from './dom';

// Horizontal bars as a list: each row names its item and writes its value in full, so that the
// words are the chart's own text alternative (a screen reader reads the list; the bars, drawn
// in CSS, are hidden from it). Names of any length fit, and on a phone the name goes above.

export interface Bar {
  label: string;
  value: number;
  /** The value as readers read it, e.g. `1 234,5 h · 0,8 ETP`. */
  text: string;
}

export function barList(caption: string, bars: readonly Bar[]): HTMLElement {
  const max = Math.max(0, ...bars.map((b) => b.value));
  return h(
    'figure',
    { class: 'bar-list' },
    h('figcaption', null, caption),
    h(
      'ul',
      null,
      bars.map((bar) =>
        h(
          'li',
          null,
          h('span', { class: 'label' }, bar.label),
          h(
            'span',
            { class: 'track', 'aria-hidden': 'true' },
            h('span', {
              class: 'fill',
              // A value above zero stays visible, however small beside the largest.
              style: `width:${max > 0 && bar.value > 0 ? Math.max(0.5, (bar.value / max) * 100).toFixed(1) : 0}%`,
            }),
          ),
          h('span', { class: 'value' }, bar.text),
        ),
      ),
    ),
  );
}
