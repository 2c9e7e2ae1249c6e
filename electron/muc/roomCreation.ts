/**
 * Creating a group that always finishes (issue 9, point 4): check the address, enter the room,
 * and only when the room says it is new (status 201) configure it from the service's own form as
 * its kind asks (roomKindConfig.ts), read back what it reports, then hand it to the account's
 * room list. A room that already existed (taken between the check and the entry) is left at
 * once and never touched. Any failure after creation destroys the room, or, when even that is
 * refused, leaves it (a locked room that is not persistent goes with its last occupant): no
 * locked or half-made group stays behind. Progress goes out as steps.
 */
import xml from '@xmpp/xml';
import type {
  AddressAvailability,
  CreateRoomParams,
  CreationStep,
  RoomSnapshot,
  UnappliedSetting,
} from '../../shared/contract';
import { submissionOf, type DataForm, type FormValues } from '../../shared/dataforms';
import { fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import { groupAddress, localPartProblem, normalizeLocalPart } from '../../shared/groupAddress';
import { parseJid } from '../../shared/jid';
import type { DiscoService } from '../disco';
import { createLogger } from '../log';
import { parseDataForm } from '../xmpp/dataforms';
import type { XmppClient } from '../xmpp/client';
import { buildConfigure, buildDestroy } from './admin';
import { toRoomInfo } from './directory';
import { mucFailure } from './errors';
import { enterNewRoom, leaveNewRoom, type EntryOutcome } from './roomEntry';
import { kindConfig, kindMismatch } from './roomKindConfig';
import { NS } from '../../shared/namespaces';

const log = createLogger('muc');

/** How long the room has to answer our entry (as for any entry: JOIN_TIMEOUT_MS). */
const ENTRY_TIMEOUT_MS = 30_000;

export interface CreationDeps {
  readonly client: XmppClient;
  readonly disco: DiscoService;
  /** Whether the account's room list already holds this room. */
  readonly known: (room: string) => boolean;
  /** Enters the finished room through the account's room list (which records it). */
  readonly open: (room: string, nick: string) => Promise<Result<RoomSnapshot>>;
  readonly progress: (room: string, step: CreationStep) => void;
  readonly entryTimeoutMs?: number;
  /** Makes the submission from the form; tests replace it to have the server refuse it. */
  readonly submission?: (form: DataForm, values: FormValues) => DataForm;
}

export interface CreatedRoom {
  readonly room: RoomSnapshot;
  readonly unapplied: UnappliedSetting[];
}

/** The service part of a request: a bare domain. */
function serviceOf(text: string): string | null {
  const jid = parseJid(text);
  return jid && jid.local === '' && jid.resource === '' ? jid.domain : null;
}

/** Whether `local` is free on `service`: disco#info answering item-not-found means free. */
export async function checkAddress(
  disco: DiscoService,
  service: string,
  local: string,
): Promise<Result<AddressAvailability>> {
  const domain = serviceOf(service);
  if (!domain) return fail('invalid-jid', 'Not a service');
  const room = groupAddress(local, domain);
  if (!room) return ok({ room: '', availability: 'invalid' });
  try {
    await disco.info(room, undefined, { fresh: true });
    return ok({ room, availability: 'taken' });
  } catch (error) {
    const failure = mucFailure(error);
    if (failure.code === 'not-found') return ok({ room, availability: 'free' });
    return { ok: false, error: failure };
  }
}

export async function createRoom(
  deps: CreationDeps,
  params: CreateRoomParams,
): Promise<Result<CreatedRoom>> {
  const domain = serviceOf(params.service);
  if (!domain) return fail('invalid-jid', 'Not a service');
  if (localPartProblem(normalizeLocalPart(params.local)) !== undefined) {
    return fail('invalid-jid', 'Not a valid group address');
  }
  const room = groupAddress(params.local, domain)!;
  const name = params.name.trim();
  if (name === '') return fail('invalid-params', 'A name is needed');
  const nick = params.nick?.trim() || params.accountId.split('@')[0] || 'owner';
  if (deps.known(room)) return fail('already-exists', 'Already in the list');
  const step = (s: CreationStep) => deps.progress(room, s);

  step('checking');
  const free = await checkAddress(deps.disco, domain, params.local);
  if (!free.ok) return free;
  if (free.value.availability !== 'free') return fail('already-exists', 'The address is taken');

  step('entering');
  const entry = await enterNewRoom(
    deps.client,
    room,
    nick,
    deps.entryTimeoutMs ?? ENTRY_TIMEOUT_MS,
  );
  if (entry.kind !== 'created') return notCreated(deps.client, room, nick, entry);

  // From here on the room exists, locked, with us as its owner: finish it or remove it.
  const remove = async (cause: string): Promise<Result<never>> => {
    step('removing');
    const removed = await destroy(deps.client, room, entry.nick);
    log.info(`a new room was removed (${cause}${removed ? '' : ', destroy refused: left'})`);
    return fail('room-setup-failed', `the room could not be set up: ${cause}`, {
      condition: removed ? cause : 'not-removed',
    });
  };

  step('configuring');
  const form = await ownerForm(deps.client, room);
  if (!form.ok) return remove(form.error.condition ?? form.error.code);
  const config = kindConfig(form.value, {
    name,
    description: params.description.trim(),
    kind: params.kind,
  });
  if (config.missingEssential.length > 0) return remove('kind-unsupported');
  try {
    const submit = deps.submission ?? submissionOf;
    await deps.client.iqCaller.request(buildConfigure(room, submit(form.value, config.values)));
  } catch (error) {
    return remove(mucFailure(error).condition ?? 'configuration-refused');
  }

  step('verifying');
  const unapplied = [...config.unapplied];
  try {
    const info = await deps.disco.info(room, undefined, { fresh: true });
    const has = (feature: string) => info.features.includes(feature);
    const hidden = has('muc_hidden') ? true : has('muc_public') ? false : undefined;
    const mismatch = kindMismatch(
      { ...toRoomInfo(room, info), ...(hidden !== undefined && { hidden }) },
      params.kind,
    );
    if (mismatch.essential.length > 0) return remove('kind-unsupported');
    if (mismatch.listing && !unapplied.includes('listing')) unapplied.push('listing');
  } catch (error) {
    return remove(mucFailure(error).condition ?? 'not-verified');
  }

  step('opening');
  const opened = await deps.open(room, entry.nick);
  // The group is made and configured; should entering it through the list fail (the connection
  // dropped), it is entered again with the account like any other room.
  if (!opened.ok) return opened;
  return ok({ room: opened.value, unapplied });
}

/** The room was not created by us: say why, and leave a room that let us in. */
async function notCreated(
  client: XmppClient,
  room: string,
  nick: string,
  entry: Exclude<EntryOutcome, { kind: 'created' }>,
): Promise<Result<never>> {
  if (entry.kind === 'existed') {
    // Taken between the check and the entry: leave it as it is.
    await leaveNewRoom(client, room, entry.nick);
    return fail('already-exists', 'The room was created meanwhile');
  }
  const { refusal } = entry;
  if (refusal === 'timeout' || refusal === 'service-gone') {
    // The answer may have been lost rather than never sent: leaving removes a room made for us
    // that nobody configured (a locked room is not persistent).
    await leaveNewRoom(client, room, nick);
    return fail(refusal === 'timeout' ? 'timeout' : 'recipient-unavailable', 'No answer');
  }
  if (refusal === 'realname-required') {
    return fail('realname-required', 'The service requires a real-name registration');
  }
  if (refusal === 'not-allowed') return fail('not-allowed', 'Creation not allowed');
  // The room exists and keeps us out (password, members only, ban, a locked room of another).
  const taken: readonly string[] = [
    'nickname-conflict',
    'password-required',
    'banned',
    'members-only',
    'room-locked',
  ];
  if (taken.includes(refusal)) return fail('already-exists', `The room exists (${refusal})`);
  return fail('room-refused', `the room refused: ${refusal}`, { condition: refusal });
}

/** The room's configuration form (muc#owner), as a result. */
async function ownerForm(client: XmppClient, room: string): Promise<Result<DataForm>> {
  try {
    const reply = await client.iqCaller.request(
      xml('iq', { type: 'get', to: room }, xml('query', { xmlns: NS.mucOwner })),
    );
    const form = parseDataForm(reply.getChild('query', NS.mucOwner)?.getChild('x', NS.dataForms));
    return form ? ok(form) : fail('not-supported', 'no form', { condition: 'no-form' });
  } catch (error) {
    const failure: ErrorInfo = mucFailure(error);
    return { ok: false, error: failure };
  }
}

/** Destroys a room we own; when that is refused, leaves it. Whether it was destroyed. */
async function destroy(client: XmppClient, room: string, nick: string): Promise<boolean> {
  try {
    await client.iqCaller.request(buildDestroy(room));
    return true;
  } catch (error) {
    log.warn('a new room could not be destroyed; leaving it', error);
    await leaveNewRoom(client, room, nick);
    return false;
  }
}
