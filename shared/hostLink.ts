/**
 * The browser host's WebSocket, as both ends agree on it (electron/host/hostServer.ts and
 * renderer/transport/websocket.ts).
 *
 * A browser never shows a page why a WebSocket handshake failed: an HTTP 401 on the upgrade and a
 * host that is not running both reach the page as close code 1006. So the host accepts the upgrade
 * of a page from its own origin whose token is wrong (a token from an earlier launch, since it is
 * new at every launch) and closes it at once with this code, which the page can read. The page
 * then stops retrying: no later attempt can succeed with that token.
 */
export const TOKEN_REFUSED_CLOSE_CODE = 4401;

/**
 * The first frame on a socket whose token the host accepted. The page counts the link open only
 * when it arrives, not when the socket opens: a refused socket opens too, just before its close.
 */
export const HOST_READY_FRAME = '{"ready":true}';
