/** The flood specs' own pairs (reader, flooder), one per test: a flood fills both archives. */
export const FLOOD_PAIRS = [1, 2, 3].map((n) => [`flooded${n}`, `flooder${n}`] as const);
