import { h } from './dom';

// A table wider than the screen (a phone's 364 px for a 779 px table) scrolls sideways with its
// first column kept in view (styles.css). Nothing showed that it scrolled: a facilitator saw four
// columns and took them for the table. Above such a table a bar now names the columns off to the
// right, with buttons that bring the next ones into view and go back to the start (by keyboard or
// by touch, and read by screen readers as plain buttons); the box's right edge is shaded while
// columns remain. Tables that fit show no bar.

const watched = new WeakMap<Element, () => void>();
/** Tables that have been in the page: one out of it again has been left, and is let go. */
const shown = new WeakSet<Element>();

// A table made before the page's last read is still out of the page when the observer first
// reports it (its size is then 0): it is kept watched, and measured once it is put in. Only a
// table that was in the page and left it (the user went elsewhere) stops being watched.
const resizes =
  typeof ResizeObserver === 'undefined'
    ? null
    : new ResizeObserver((entries) => {
        for (const { target } of entries) {
          if (target.isConnected) {
            shown.add(target);
            watched.get(target)?.();
          } else if (shown.has(target)) resizes?.unobserve(target);
        }
      });

/** Gives `wrap` (a `.table-wrap` holding a table) its scroll bar and shading when it overflows. */
export function announceOverflow(wrap: HTMLElement): void {
  if (!resizes) return;
  const text = h('span', { class: 'scroll-hint-text' });
  const back = h('button', { type: 'button', class: 'secondary small' }, '← Début du tableau');
  const next = h('button', { type: 'button', class: 'secondary small' }, 'Colonnes suivantes →');
  const bar = h('div', { class: 'scroll-hint', hidden: true }, text, h('span', null, back, next));
  const heads = () => [...wrap.querySelectorAll<HTMLElement>('thead th')];
  const nameOf = (th: HTMLElement) => th.textContent?.trim() || 'actions';
  /** Where the columns that scroll start: the right edge of the first, kept in view. */
  const keptRight = () =>
    heads()[0]?.getBoundingClientRect().right ?? wrap.getBoundingClientRect().left;
  const offRight = () => {
    // Scrolled to the end, nothing is left (a border or a fraction of a pixel aside).
    if (wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 2) return [];
    const edge = wrap.getBoundingClientRect().left + wrap.clientLeft + wrap.clientWidth + 2;
    return heads().filter((th) => th.getBoundingClientRect().right > edge);
  };
  // The bar's text shortens as columns come into view (« 4 colonnes à droite (…) » to
  // « Dernière colonne affichée. »): a bar that shrank with it moved the table up, one frame
  // after the user scrolled it, under the finger about to tap a link in it. It keeps the
  // tallest height it had at this width; a new width (a phone turned) measures it afresh.
  let width = -1;
  let tallest = 0;
  const update = () => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    bar.hidden = !scrolls;
    wrap.classList.toggle('scrolls', scrolls);
    if (!scrolls) return;
    if (!bar.isConnected) wrap.before(bar);
    const right = offRight();
    wrap.classList.toggle('more-right', right.length > 0);
    text.textContent = right.length
      ? `Tableau plus large que l’écran : ${right.length} colonne${right.length > 1 ? 's' : ''} à droite (${right.map(nameOf).join(', ')}).`
      : 'Dernière colonne affichée.';
    next.disabled = right.length === 0;
    back.disabled = wrap.scrollLeft < 1;
    if (wrap.clientWidth !== width) {
      width = wrap.clientWidth;
      tallest = 0;
      bar.style.minHeight = '';
    }
    tallest = Math.max(tallest, bar.offsetHeight);
    bar.style.minHeight = `${tallest}px`;
  };
  next.addEventListener('click', () => {
    const first = offRight()[0];
    if (!first) return;
    wrap.scrollBy({ left: first.getBoundingClientRect().left - keptRight() });
  });
  back.addEventListener('click', () => wrap.scrollTo({ left: 0 }));
  let pending = false;
  wrap.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  });
  watched.set(wrap, update);
  resizes.observe(wrap);
}
