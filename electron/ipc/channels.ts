/**
 * The two IPC channel names, declared once for the preload (renderer side) and the binder (main
 * side). Everything else about a request — its name, params and result — comes from the contract.
 */
export const CHANNELS = {
  /** renderer → main: invoke(name, params), answered with a Result envelope. */
  request: 'hutong:request',
  /** main → renderer: a batch of EventMessages `[{ event, payload }, ...]` (see eventBatch.ts). */
  event: 'hutong:event',
} as const;
