// Every form's submit goes through here (dom.ts's h() wraps a form's `onsubmit`; the dialogs'
// forms call guardSubmit): a new submit takes the page's previous « enregistré » notices away
// at once — while its request is in flight, a user and a screen reader must not read that a save
// is done when it is not — and the form is busy until its handler is done: its submit buttons
// disabled, a second submit (a double click, Enter twice) ignored, so that nothing is sent twice.

type SubmitHandler = (event: SubmitEvent) => unknown;

/** The outcome notices of earlier actions on the form's page (dom.ts's notice('success')). */
function dropSuccessNotices(form: HTMLFormElement): void {
  const page = form.closest('main') ?? document.querySelector('main');
  for (const shown of page?.querySelectorAll('.notice.success') ?? []) shown.remove();
}

const submitButtons = (form: HTMLFormElement) =>
  [
    ...form.querySelectorAll<HTMLButtonElement | HTMLInputElement>(
      'button[type="submit"], button:not([type]), input[type="submit"]',
    ),
  ].filter((button) => !button.disabled);

/** `handler` run as the form's submit listener, once at a time, the form busy meanwhile. */
export function guardSubmit(form: HTMLFormElement, handler: SubmitHandler): EventListener {
  return async (event) => {
    if (form.getAttribute('aria-busy') === 'true') {
      event.preventDefault();
      return;
    }
    dropSuccessNotices(form);
    const buttons = submitButtons(form);
    // A clicked button has the focus: disabled, it would lose it to the page's body.
    const focused = buttons.find((button) => button === document.activeElement);
    form.setAttribute('aria-busy', 'true');
    for (const button of buttons) button.disabled = true;
    try {
      await handler(event as SubmitEvent);
    } finally {
      form.removeAttribute('aria-busy');
      for (const button of buttons) button.disabled = false;
      const lost = !document.activeElement || document.activeElement === document.body;
      if (focused?.isConnected && lost) focused.focus();
    }
  };
}

/** For a form built without h(): its submit listener, guarded. */
export function onSubmit(form: HTMLFormElement, handler: SubmitHandler): void {
  form.addEventListener('submit', guardSubmit(form, handler));
}
