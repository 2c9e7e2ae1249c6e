/**
 * Names of the registration protocol, declared once: the ad-hoc command nodes, the FORM_TYPEs
 * of the forms the service sends, and the namespace of its queries and error details. The
 * Prosody module (server/prosody/mod_hutong_realname.lua) spells the same values.
 */
export const REALNAME = {
  /** Queries from the group service (is this person / room registered?) and error details. */
  ns: 'urn:hutong:realname:0',
  /** XEP-0128 form in the disco#info of the group service and of the registration service. */
  policyForm: 'urn:hutong:realname:policy:0',
  registerNode: 'urn:hutong:realname:register',
  statusNode: 'urn:hutong:realname:status',
  /** The registration command's forms (both stages). */
  registerForm: 'urn:hutong:realname:register:0',
  /** The receipt and the status answer. */
  receiptForm: 'urn:hutong:realname:receipt:0',
} as const;
