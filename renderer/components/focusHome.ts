/**
 * Where focus goes when the element holding it has gone: a dialog's opener removed by the
 * dialog's own action (the account or contact it was about), or the sign-in screen replaced by
 * the main window. Left on <body>, the next Tab would start from the top of the page and a screen
 * reader would announce nothing; the window's home field (data-focus-home) is a better start.
 */
/** Focuses the home field, unless something in the page already has the focus. */
export function focusHome(): void {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  document.querySelector<HTMLElement>('[data-focus-home]')?.focus();
}
