/**
 * XML namespaces of the XMPP extensions Hutong speaks, declared once. Both sides use them: the
 * main process to build and read stanzas, the renderer to read the feature lists (disco#info)
 * that an account snapshot carries.
 */
export const NS = {
  discoInfo: 'http://jabber.org/protocol/disco#info',
  discoItems: 'http://jabber.org/protocol/disco#items',
  caps: 'http://jabber.org/protocol/caps',
  commands: 'http://jabber.org/protocol/commands',
  dataForms: 'jabber:x:data',
  dataFormsValidate: 'http://jabber.org/protocol/xdata-validate',
  carbons: 'urn:xmpp:carbons:2',
  mam: 'urn:xmpp:mam:2',
  rsm: 'http://jabber.org/protocol/rsm',
  forward: 'urn:xmpp:forward:0',
  delay: 'urn:xmpp:delay',
  sid: 'urn:xmpp:sid:0',
  receipts: 'urn:xmpp:receipts',
  chatStates: 'http://jabber.org/protocol/chatstates',
  correct: 'urn:xmpp:message-correct:0',
  hints: 'urn:xmpp:hints',
  invisible: 'urn:xmpp:invisible:0',
  muc: 'http://jabber.org/protocol/muc',
  mucUser: 'http://jabber.org/protocol/muc#user',
  mucAdmin: 'http://jabber.org/protocol/muc#admin',
  mucOwner: 'http://jabber.org/protocol/muc#owner',
  mucRoomInfo: 'http://jabber.org/protocol/muc#roominfo',
  directInvite: 'jabber:x:conference',
  bookmarks: 'urn:xmpp:bookmarks:1',
  pubsub: 'http://jabber.org/protocol/pubsub',
  pubsubEvent: 'http://jabber.org/protocol/pubsub#event',
  pubsubPublishOptions: 'http://jabber.org/protocol/pubsub#publish-options',
  /** XEP-0049 private XML storage, where XEP-0048 bookmarks lived before PEP. */
  privateStorage: 'jabber:iq:private',
  legacyBookmarks: 'storage:bookmarks',
  sm: 'urn:xmpp:sm:3',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  streams: 'http://etherx.jabber.org/streams',
  tls: 'urn:ietf:params:xml:ns:xmpp-tls',
  client: 'jabber:client',
  roster: 'jabber:iq:roster',
  rosterVer: 'urn:xmpp:features:rosterver',
  nick: 'http://jabber.org/protocol/nick',
  ping: 'urn:xmpp:ping',
  /** XEP-0380: names the encryption of a message to clients that cannot read it. */
  eme: 'urn:xmpp:eme:0',
  otr: 'urn:xmpp:otr:0',
} as const;
