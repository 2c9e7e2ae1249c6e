/**
 * A logger per module. Messages go to stderr with the module name; callers must never pass
 * passwords, keys or ID numbers (see the security rules in the developers' brief), nor write text
 * from outside into the message. Values after the message go through `loggable`, which keeps
 * codes and our own words only (logSafe.ts).
 */
import { loggable } from './logSafe';

export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = keyof typeof LEVELS;

function threshold(): number {
  const wanted = (process.env.HUTONG_LOG ?? 'info') as Level;
  return LEVELS[wanted] ?? LEVELS.info;
}

export function createLogger(module: string): Logger {
  const at =
    (level: Exclude<Level, 'silent'>) =>
    (message: string, ...rest: unknown[]) => {
      if (LEVELS[level] < threshold()) return;
      const detail = rest.map((r) => loggable(r));
      console.error(`[${level}] ${module}: ${message}`, ...detail);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
