/** Text from the network cut to a display limit. */

/**
 * `value` cut to at most `max` UTF-16 units, never inside a surrogate pair (a lone half would
 * show as garbage); undefined stays undefined.
 */
export function cutText(value: string | null | undefined, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** How much of a short text from the network (a status, a reason, a name) is kept. */
export const SHORT_TEXT_MAX = 1024;

/** A short text from the network, cut at SHORT_TEXT_MAX. */
export const shortText = (value: string | null | undefined): string | undefined =>
  cutText(value, SHORT_TEXT_MAX);
