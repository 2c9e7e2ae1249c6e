/**
 * The keys of a list whose focus moves while the list keeps it (listbox with
 * aria-activedescendant, or a toolbar with a roving tab stop): arrows, Home, End, Page Up/Down
 * move; Enter (and Space) open. Pure, so the three lists share it and a unit test pins it down.
 */
export type ListMove = { readonly to: number } | { readonly open: true } | null;

export interface ListKeys {
  /** Which arrows move: up/down for a list, left/right for a strip. */
  readonly orientation?: 'vertical' | 'horizontal';
  /** How far Page Up/Down move (about a screenful of rows). */
  readonly page?: number;
}

export function listMove(
  key: string,
  active: number,
  count: number,
  { orientation = 'vertical', page = 8 }: ListKeys = {},
): ListMove {
  if (count <= 0) return null;
  const last = count - 1;
  const clamp = (i: number) => ({ to: Math.max(0, Math.min(last, i)) });
  const next = orientation === 'vertical' ? 'ArrowDown' : 'ArrowRight';
  const previous = orientation === 'vertical' ? 'ArrowUp' : 'ArrowLeft';
  switch (key) {
    case next:
      return clamp(active < 0 ? 0 : active + 1);
    case previous:
      return clamp(active < 0 ? last : active - 1);
    case 'Home':
      return { to: 0 };
    case 'End':
      return { to: last };
    case 'PageDown':
      return orientation === 'vertical' ? clamp(Math.max(active, 0) + page) : null;
    case 'PageUp':
      return orientation === 'vertical' ? clamp(active - page) : null;
    case 'Enter':
    case ' ':
      return active >= 0 && active <= last ? { open: true } : null;
    default:
      return null;
  }
}
