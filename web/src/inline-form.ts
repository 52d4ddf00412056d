import { h } from './dom';

// A small form opened in place (withdraw a statement, replace it by its corrected file): it
// takes the place of what opened it, with an « Annuler » button beside its own, and the focus
// on its first field. « Annuler » (or Escape) puts back what was there and the focus on the
// button that opened it, so that a keyboard user is never left at the top of the page.

/** Shows `form` in `place` instead of its content; `opener` gets the focus back on cancel. */
export function openInline(place: HTMLElement, opener: HTMLElement, form: HTMLFormElement): void {
  const kept = [...place.childNodes];
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Annuler');
  const close = () => {
    place.replaceChildren(...kept);
    opener.focus();
  };
  cancel.addEventListener('click', close);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  const submit = form.querySelector('button[type="submit"]');
  if (submit) submit.after(' ', cancel);
  else form.append(cancel);
  place.replaceChildren(form);
  form.querySelector<HTMLElement>('input, select, textarea')?.focus();
}
