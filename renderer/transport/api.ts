/**
 * The transport as the renderer sees it: the contract's HutongApi, widened by local error codes
 * that never cross the contract (the main process cannot send them), so they live here only:
 * - 'transport-closed': the browser host's socket dropped with the request in flight, or is down;
 * - 'transport-refused': the browser host refused the page's token (open it again from HUTONG_URL);
 * - 'invalid-result': the answer did not match the request's result schema (./check.ts).
 */
import type {
  EventMessage,
  RequestName,
  RequestParams,
  RequestResult,
} from '../../shared/contract';
import type { ErrorCode, ErrorInfo } from '../../shared/errors';

/** Local error codes, each with a text in both catalogs (errors.<code>). */
export const LOCAL_ERROR_CODES = [
  'transport-closed',
  'transport-refused',
  'invalid-result',
] as const;
export type LocalErrorCode = (typeof LOCAL_ERROR_CODES)[number];

export function isLocalErrorCode(code: unknown): code is LocalErrorCode {
  return (LOCAL_ERROR_CODES as readonly unknown[]).includes(code);
}
export type UiErrorCode = ErrorCode | LocalErrorCode;

export type UiErrorInfo = Readonly<Omit<ErrorInfo, 'code'> & { code: UiErrorCode }>;

export type UiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: UiErrorInfo };

/**
 * Whether the link to the main process is up; Electron IPC is always 'open'. 'closed': the host
 * could not be reached (it retries with backoff); 'refused': the host turned the page's token down,
 * which no retry can mend (the page must be opened again from the URL the host printed).
 */
export type LinkStatus = 'connecting' | 'open' | 'closed' | 'refused';

export interface RendererApi {
  request<N extends RequestName>(
    name: N,
    params: RequestParams<N>,
  ): Promise<UiResult<RequestResult<N>>>;
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** Reports link changes; the listener is called once right away with the current status. */
  onLinkStatus(listener: (status: LinkStatus) => void): () => void;
}

export const transportClosed = (): UiResult<never> => ({
  ok: false,
  error: { code: 'transport-closed', message: 'Connection to the Hutong host closed' },
});

export const invalidResult = (): UiResult<never> => ({
  ok: false,
  error: { code: 'invalid-result', message: 'The answer did not match the contract' },
});

export const transportRefused = (): UiResult<never> => ({
  ok: false,
  error: { code: 'transport-refused', message: 'The Hutong host refused this page' },
});
