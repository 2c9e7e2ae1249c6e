/**
 * Names of the registration protocol: the ad-hoc command nodes, the FORM_TYPEs of the forms the
 * service sends, and the namespace of its queries and error details. Declared once, in
 * shared/realnamePolicy.ts, where clients read them too; the Prosody module
 * (server/prosody/mod_hutong_realname.lua) spells the same values.
 */
import { REALNAME_NS } from '../../shared/realnamePolicy';

export const REALNAME = {
  /** Queries from the group service (is this person / room registered?) and error details. */
  ns: REALNAME_NS.feature,
  /** XEP-0128 form in the disco#info of the group service and of the registration service. */
  policyForm: REALNAME_NS.policyForm,
  registerNode: REALNAME_NS.registerNode,
  statusNode: REALNAME_NS.statusNode,
  /** The registration command's forms (both stages). */
  registerForm: REALNAME_NS.registerForm,
  /** The receipt and the status answer. */
  receiptForm: REALNAME_NS.receiptForm,
} as const;
