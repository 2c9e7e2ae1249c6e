/**
 * Remembers the main window's bounds between runs. What is read back is validated against the
 * displays connected now, so a window that was last on an unplugged monitor never opens off-screen.
 * No `electron` import: window.ts passes the displays' work areas in.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 740 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
const MAX_COORDINATE = 1_000_000;

const isInt = (value: unknown): value is number =>
  Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_COORDINATE;

/** Accepts only a well-formed state; anything else (a hand-edited or truncated file) is null. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Places saved bounds on the display they overlap most, shrunk and moved to lie wholly inside its
 * work area. Null when they overlap no display at all: the caller then opens a centred default.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState | null {
  let best: Rect | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const o = overlap(state.bounds, area);
    if (o > bestOverlap) [best, bestOverlap] = [area, o];
  }
  if (!best) return null;
  const width = Math.min(Math.max(state.bounds.width, MIN_SIZE.width), best.width);
  const height = Math.min(Math.max(state.bounds.height, MIN_SIZE.height), best.height);
  const x = Math.min(Math.max(state.bounds.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(state.bounds.y, best.y), best.y + best.height - height);
  return { bounds: { x, y, width, height }, maximized: state.maximized };
}

export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const state = parseWindowState(JSON.parse(raw));
    return state ? fitToDisplays(state, workAreas) : null;
  } catch {
    return null;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  renameSync(temporary, file);
}
