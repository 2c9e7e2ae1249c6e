/** Service discovery (XEP-0030/0115/0128/0050) for the main process: see discoService.ts. */
export { DiscoService, DISCO_CACHE_LIMITS, DISCO_TTL_MS, type DiscoDeps } from './discoService';
export { DiscoRefusal } from './errors';
export { capsHash, verificationString, verifiesCaps } from './caps';
export type * from './types';
