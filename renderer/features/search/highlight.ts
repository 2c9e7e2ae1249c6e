/**
 * Splits a message body into plain and matched segments from the search's [start, end) ranges,
 * so the view wraps matches in <mark> as React text — never by building HTML. Ranges are
 * clamped, sorted and merged, so bad input cannot throw or duplicate text.
 */
export interface Segment {
  readonly text: string;
  readonly match: boolean;
}

export function highlightSegments(
  text: string,
  ranges: readonly (readonly [number, number])[],
): Segment[] {
  const clean = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))])
    .filter(([a, b]) => (a ?? 0) < (b ?? 0))
    .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0)) as [number, number][];
  const segments: Segment[] = [];
  let at = 0;
  for (const [start, end] of clean) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) segments.push({ text: text.slice(at, from), match: false });
    segments.push({ text: text.slice(from, end), match: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), match: false });
  return segments;
}

/**
 * Long bodies are cut to a window around the first match, so the hit is visible in one or two
 * lines of the result list. Returns the cut text and its ranges shifted to match.
 */
export function excerpt(
  text: string,
  ranges: readonly (readonly [number, number])[],
  max = 160,
): { text: string; ranges: [number, number][] } {
  const list = ranges.map(([a, b]) => [a, b] as [number, number]);
  if (text.length <= max) return { text, ranges: list };
  const first = Math.min(...list.map(([a]) => a), text.length);
  const start = Math.max(0, Math.min(first - 40, text.length - max));
  const end = Math.min(text.length, start + max);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  return {
    text: prefix + text.slice(start, end) + suffix,
    ranges: list
      .map(([a, b]) => [Math.max(a, start) + shift, Math.min(b, end) + shift] as [number, number])
      .filter(([a, b]) => a < b),
  };
}
