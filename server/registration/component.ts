/**
 * The registration service on the wire: an external component (XEP-0114) that answers service
 * discovery (its policy as an XEP-0128 form, its two commands), the ad-hoc commands (XEP-0050)
 * and the group service's enforcement queries. Everything that decides lives in the modules it
 * wires; this file only routes. Unknown requests get service-unavailable from @xmpp/iq.
 */
import { component, xml, type Component } from '@xmpp/component';
import type { Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';
import { errorElement } from './commandXml';
import { formElement } from './forms';
import { handleQuery } from './enforcement';
import { policyForm } from './policyForm';
import { REALNAME } from './protocol';
import { handleStatus } from './receipt';
import { handleRegister, type CommandDeps } from './registerCommand';

const COMMANDS = [
  { node: REALNAME.registerNode, name: 'Register (real name)' },
  { node: REALNAME.statusNode, name: 'Registration status' },
] as const;

function discoInfo(deps: CommandDeps, node: string | undefined): Element {
  const feature = (name: string) => xml('feature', { var: name });
  const command = COMMANDS.find((c) => c.node === node);
  if (command) {
    return xml(
      'query',
      { xmlns: NS.discoInfo, node },
      xml('identity', { category: 'automation', type: 'command-node', name: command.name }),
      feature(NS.commands),
      feature(NS.dataForms),
    );
  }
  if (node !== undefined) return errorElement('cancel', 'item-not-found');
  return xml(
    'query',
    { xmlns: NS.discoInfo },
    xml('identity', { category: 'component', type: 'generic', name: deps.config.component.name }),
    ...[
      NS.discoInfo,
      NS.discoItems,
      NS.commands,
      NS.dataForms,
      NS.dataFormsValidate,
      REALNAME.ns,
    ].map(feature),
    formElement(policyForm(deps.config)),
  );
}

function discoItems(deps: CommandDeps, node: string | undefined): Element {
  if (node !== NS.commands) return xml('query', { xmlns: NS.discoItems, ...(node && { node }) });
  const jid = deps.config.component.jid;
  return xml(
    'query',
    { xmlns: NS.discoItems, node },
    ...COMMANDS.map((c) => xml('item', { jid, node: c.node, name: c.name })),
  );
}

/** A full JID as the server stamped it; the service answers only requests that carry one. */
const fromOf = (stanza: Element): string =>
  typeof stanza.attrs.from === 'string' ? stanza.attrs.from : '';

export function createRegistrationComponent(deps: CommandDeps): Component {
  const { config } = deps;
  const entity = component({
    service: `xmpp://${config.component.host}:${config.component.port}`,
    domain: config.component.jid,
    password: config.component.secret,
  });
  entity.iqCallee.get(NS.discoInfo, 'query', ({ element }) =>
    discoInfo(deps, element.attrs.node as string | undefined),
  );
  entity.iqCallee.get(NS.discoItems, 'query', ({ element }) =>
    discoItems(deps, element.attrs.node as string | undefined),
  );
  entity.iqCallee.set(NS.commands, 'command', ({ stanza, element }) => {
    const from = fromOf(stanza);
    if (!from.includes('@')) return errorElement('auth', 'forbidden', 'Only people can register');
    if (element.attrs.node === REALNAME.registerNode) return handleRegister(deps, from, element);
    if (element.attrs.node === REALNAME.statusNode) return handleStatus(config, deps.store, from);
    return errorElement('cancel', 'item-not-found');
  });
  entity.iqCallee.get(REALNAME.ns, 'query', ({ stanza, element }) =>
    handleQuery(deps.store, config.policy, fromOf(stanza), element),
  );
  return entity;
}
