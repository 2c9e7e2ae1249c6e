// Helpers of the group-creation integration tests: a signed-in device with the room service
// attached as compose.ts wires it, and what a room reports of itself read straight from the wire.
import xml from '@xmpp/xml';
import { ChatService } from '../../../electron/chat/chatService';
import { DiscoService } from '../../../electron/disco';
import { RoomService, type RoomServiceOptions } from '../../../electron/muc/roomService';
import type { XmppClient } from '../../../electron/xmpp/client';
import { NS } from '../../../shared/namespaces';
import {
  FEATURES,
  Recorder,
  bare,
  connect,
  onCleanup,
  online,
  openStore,
  token,
} from '../chat/helpers';

export interface CreatorDevice {
  readonly accountId: string;
  readonly rooms: RoomService;
  readonly recorder: Recorder;
  readonly client: XmppClient;
}

/** `user` of the shared server signed in with the services attached; detached after the test. */
export async function creatorDevice(
  user: string,
  options: Pick<RoomServiceOptions, 'creationSubmission'> = {},
): Promise<CreatorDevice> {
  return attachCreator(await connect(user, token('wizard')), bare(user), options);
}

/** The chat and room services attached to a signed-in client, as compose.ts wires them. */
export async function attachCreator(
  client: XmppClient,
  accountId: string,
  options: Pick<RoomServiceOptions, 'creationSubmission'> = {},
): Promise<CreatorDevice> {
  const { storage } = openStore();
  const recorder = new Recorder();
  let rooms: RoomService | undefined;
  const chat = new ChatService({
    store: storage.messages,
    emit: recorder.emit,
    isRoom: (account, jid) => rooms?.isRoom(account, jid) ?? false,
  });
  rooms = new RoomService({
    emit: recorder.emit,
    rooms: storage.rooms,
    messages: storage.messages,
    chat,
    ...options,
  });
  const disco = new DiscoService({
    account: accountId,
    now: Date.now,
    request: (payload, to, timeoutMs) =>
      client.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs),
  });
  const info = {
    boundJid: client.entity.jid!.toString(),
    features: FEATURES,
    resumed: false,
    disco,
  };
  const detachChat = chat.attach(accountId, client, info);
  const detachRooms = rooms.attach(accountId, client, info);
  onCleanup(() => {
    detachRooms();
    detachChat();
  });
  await online(client);
  return { accountId, rooms, recorder, client };
}

/** The room's disco#info features as the service answers now, or null when it has no room. */
export async function roomFeatures(client: XmppClient, room: string): Promise<string[] | null> {
  try {
    const reply = await client.iqCaller.request(
      xml('iq', { type: 'get', to: room }, xml('query', { xmlns: NS.discoInfo })),
    );
    return (reply.getChild('query', NS.discoInfo)?.getChildren('feature') ?? []).map((f) =>
      String(f.attrs.var),
    );
  } catch (error) {
    if ((error as { condition?: string }).condition === 'item-not-found') return null;
    throw error;
  }
}
