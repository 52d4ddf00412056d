// After an action, a page shows what it changed by drawing itself again from its address. Setting
// the address it already has fires no hashchange (a second correction of the same exit, a period
// saved twice): the page would keep the old figures. `goTo` draws it again in that case too.

/** Opens `hash` (e.g. `#/participants/42?corrigee=1`), drawing the page again if it is open. */
export function goTo(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}
