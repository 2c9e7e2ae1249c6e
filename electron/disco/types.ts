/**
 * What service discovery (XEP-0030) tells us about an entity, as the rest of the main process reads
 * it: identities, features, extended info forms (XEP-0128), items and ad-hoc commands (XEP-0050).
 * Everything here has passed the limits of parse.ts, so a hostile answer cannot make it huge.
 */

/** One `<identity/>`: what kind of entity it is (category/type from the XMPP registrar). */
export interface DiscoIdentity {
  readonly category: string;
  readonly type: string;
  readonly name?: string;
  readonly lang?: string;
}

/** One field of a data form (XEP-0004), as far as extended info needs it. */
export interface DiscoFormField {
  readonly var: string;
  readonly type?: string;
  readonly label?: string;
  readonly values: readonly string[];
}

/** An extended info form (XEP-0128): a `type='result'` data form named by its FORM_TYPE. */
export interface DiscoForm {
  readonly formType: string;
  /** The form's fields without FORM_TYPE itself. */
  readonly fields: readonly DiscoFormField[];
}

/** A disco#info answer. */
export interface DiscoInfo {
  readonly identities: readonly DiscoIdentity[];
  /** Feature namespaces, each once. */
  readonly features: readonly string[];
  readonly forms: readonly DiscoForm[];
}

/** A disco#items entry: an entity (and maybe a node of it) that the asked entity lists. */
export interface DiscoItem {
  readonly jid: string;
  readonly node?: string;
  readonly name?: string;
}

/** An ad-hoc command (XEP-0050 §2.2): run it by sending `<command node=.../>` to `jid`. */
export interface AdHocCommand {
  readonly jid: string;
  readonly node: string;
  readonly name?: string;
}

/** An identity to look for among a server's services; no type matches any type. */
export interface IdentityQuery {
  readonly category: string;
  readonly type?: string;
}

/** A service found by its identity. */
export interface FoundService {
  readonly jid: string;
  readonly node?: string;
  readonly name?: string;
  readonly info: DiscoInfo;
}

/** Entity capabilities (XEP-0115) announced in a presence: `ver` is a hash of the entity's info. */
export interface EntityCaps {
  readonly hash: string;
  readonly node: string;
  readonly ver: string;
}
