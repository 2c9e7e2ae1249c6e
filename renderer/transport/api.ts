/**
 * The transport as the renderer sees it: the contract's HutongApi, widened by one local error code.
 * The browser host's socket can drop, and a request in flight then fails with 'transport-closed',
 * which never crosses the contract (the main process cannot send it), so it lives here only.
 */
import type {
  EventMessage,
  RequestName,
  RequestParams,
  RequestResult,
} from '../../shared/contract';
import type { ErrorCode, ErrorInfo } from '../../shared/errors';

export type LocalErrorCode = 'transport-closed';
export type UiErrorCode = ErrorCode | LocalErrorCode;

export type UiErrorInfo = Readonly<Omit<ErrorInfo, 'code'> & { code: UiErrorCode }>;

export type UiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: UiErrorInfo };

/** Whether the link to the main process is up; Electron IPC is always 'open'. */
export type LinkStatus = 'connecting' | 'open' | 'closed';

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
