/**
 * MUC self-ping (XEP-0410): a room can drop us silently (a restart of the service, a lost
 * server-to-server link) while we believe we are in it. Pinging our own occupant JID tells:
 * a result, or an error saying only that our client does not answer pings or that our nickname
 * just changed, means we are still in; an unreachable server or no answer means we cannot tell
 * yet; any other error means the room does not know us and we must enter again (§3.2).
 */
import xml, { type Element } from '@xmpp/xml';
import type { RoomState } from './roomState';
import { NS } from '../../shared/namespaces';

export type SelfPingOutcome = 'joined' | 'not-joined' | 'unknown';

export function buildSelfPing(room: string, nick: string): Element {
  return xml('iq', { type: 'get', to: `${room}/${nick}` }, xml('ping', { xmlns: NS.ping }));
}

/** Still joined despite an error: the pinged client, not the room, answered. */
const STILL_JOINED = new Set(['service-unavailable', 'feature-not-implemented', 'item-not-found']);
/** Nothing can be concluded: try again later. */
const UNDECIDED = new Set(['remote-server-not-found', 'remote-server-timeout']);

/**
 * What the answer to a self-ping means: pass the result IQ, the error condition of an error
 * reply, or 'timeout' when nothing came back in time.
 */
export function selfPingOutcome(
  answer: Element | { condition: string } | 'timeout',
): SelfPingOutcome {
  if (answer === 'timeout') return 'unknown';
  if ('condition' in answer) {
    if (STILL_JOINED.has(answer.condition)) return 'joined';
    if (UNDECIDED.has(answer.condition)) return 'unknown';
    return 'not-joined';
  }
  return answer.attrs.type === 'result' ? 'joined' : 'unknown';
}

/**
 * One round of self-pings over the rooms we are in, one after the other; `dropped` is told of
 * each room that no longer knows us. Stops when `live` says the connection went.
 */
export async function pingJoined(
  rooms: readonly RoomState[],
  request: (stanza: Element) => Promise<Element>,
  live: () => boolean,
  dropped: (state: RoomState) => void,
): Promise<void> {
  for (const state of rooms) {
    if (state.status !== 'joined') continue;
    const answer = await request(buildSelfPing(state.room, state.nick)).then(
      (result) => result,
      (error: unknown) => {
        const condition = (error as { condition?: unknown }).condition;
        return typeof condition === 'string' ? { condition } : ('timeout' as const);
      },
    );
    if (!live()) return;
    if (selfPingOutcome(answer) === 'not-joined' && state.status === 'joined') dropped(state);
  }
}
