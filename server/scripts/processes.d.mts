// Types for processes.mjs (plain ESM JavaScript).

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number>;
/** Several distinct free ports, held open together so that none is handed out twice. */
export function freePorts(count: number): Promise<number[]>;
/** Whether something accepts TCP connections on host:port (default host 127.0.0.1). */
export function canConnect(port: number, host?: string): Promise<boolean>;
/** Whether the process is alive and, when configPath is given, runs with that config. */
export function isRunning(pid: number | undefined, configPath?: string): boolean;
/** Stops a process by pid: SIGTERM, then SIGKILL after a grace period. */
export function stopPid(pid: number): Promise<void>;
/** A child process to kill if we exit before it is stopped. */
export function keepTrackOf(pid: number): void;
/** The child stopped, or was handed over to outlive us. */
export function forget(pid: number): void;
/** The last lines of a log file, for an error message. */
export function logTail(file: string, lines?: number): string;
