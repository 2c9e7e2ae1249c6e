/**
 * The registration service's configuration: one JSON file that a provider writes, read by the
 * service, by the operator's command-line tool and by Prosody's mod_hutong_realname (which uses
 * only `component.jid` and `policy`, so the policy published beside the group service is the
 * one the service applies). Everything is checked on load: a service with a half-understood
 * policy must not start. Relative paths are relative to the file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as v from 'valibot';

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const NonEmpty = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const Domain = v.pipe(NonEmpty(253), v.regex(/^[^@/\s]+$/, 'a bare domain JID'));

/** Which validation of shared/realname applies to a field's value. */
export const CHECKS = ['person-name', 'id-number', 'mobile'] as const;
export type Check = (typeof CHECKS)[number];

const Validation = v.object({
  datatype: v.optional(NonEmpty(64), 'xs:string'),
  regex: v.optional(NonEmpty(256)),
  min: v.optional(NonEmpty(64)),
  max: v.optional(NonEmpty(64)),
});

const Field = v.object({
  var: v.pipe(NonEmpty(64), v.regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits, -')),
  label: NonEmpty(200),
  desc: v.optional(Text(1000)),
  type: v.optional(
    v.picklist(['text-single', 'text-private', 'text-multi', 'boolean']),
    'text-single',
  ),
  required: v.optional(v.boolean(), true),
  check: v.optional(v.picklist(CHECKS)),
  /** XEP-0122 rule sent with the field; fields with a check get a default one. */
  validate: v.optional(Validation),
});
export type FieldConfig = v.InferOutput<typeof Field>;

const Policy = v.object({
  /** Group-chat services (MUC hosts) whose rooms the policy covers. */
  services: v.pipe(v.array(Domain), v.minLength(1), v.maxLength(50)),
  /** room-creation: to create a room; room-ownership: also to be made an owner of one. */
  requiredFor: v.optional(
    v.pipe(v.array(v.picklist(['room-creation', 'room-ownership'])), v.minLength(1)),
    ['room-creation'],
  ),
  /** Who orders the collection, as the provider states it. */
  authority: NonEmpty(500),
  legalText: NonEmpty(20_000),
  legalUrl: v.optional(v.pipe(NonEmpty(2000), v.url())),
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(36_500)),
  /** manual: an operator approves each registration; automatic: approved when received. */
  approval: v.optional(v.picklist(['manual', 'automatic']), 'manual'),
  /** Whether a registration awaiting approval already lets its owner create rooms. */
  pendingCounts: v.optional(v.boolean(), false),
  /** What becomes of rooms whose owners have not registered, once the deadline has passed. */
  existingRooms: v.optional(
    v.object({
      deadline: v.optional(v.pipe(v.string(), v.isoTimestamp())),
      afterDeadline: v.optional(v.picklist(['none', 'read-only']), 'none'),
    }),
    { afterDeadline: 'none' },
  ),
});
export type PolicyConfig = v.InferOutput<typeof Policy>;

const DEFAULT_FIELDS: FieldConfig[] = [
  {
    var: 'name',
    label: 'Full name (as on the ID card)',
    type: 'text-single',
    required: true,
    check: 'person-name',
  },
  {
    var: 'id-number',
    label: 'Resident ID card number',
    type: 'text-single',
    required: true,
    check: 'id-number',
  },
  {
    var: 'mobile',
    label: 'Mobile phone number',
    type: 'text-single',
    required: true,
    check: 'mobile',
  },
];

export const RegistrationConfigSchema = v.object({
  component: v.object({
    jid: Domain,
    secret: NonEmpty(1000),
    host: v.optional(NonEmpty(253), '127.0.0.1'),
    port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)), 5347),
    name: v.optional(NonEmpty(200), 'Real-name registration'),
  }),
  policy: Policy,
  form: v.optional(
    v.object({
      title: v.optional(NonEmpty(200), 'Real-name registration'),
      instructions: v.optional(Text(4000), ''),
      fields: v.pipe(v.array(Field), v.minLength(1), v.maxLength(30)),
    }),
    { title: 'Real-name registration', instructions: '', fields: DEFAULT_FIELDS },
  ),
  /**
   * Where registrations are kept: `{ "kind": "sqlite", "path": FILE }` (the older
   * `{ "sqlite": FILE }` still works) or `{ "kind": "postgres", "url": "postgres://…" }` for
   * several service instances sharing one store.
   */
  store: v.union([
    v.strictObject({ sqlite: NonEmpty(4096) }),
    v.strictObject({ kind: v.literal('sqlite'), path: NonEmpty(4096) }),
    v.strictObject({
      kind: v.literal('postgres'),
      url: v.pipe(NonEmpty(4096), v.regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')),
    }),
  ]),
  /** 32 bytes, base64: in the file itself or (better) in a file of its own. */
  encryptionKey: v.optional(NonEmpty(100)),
  encryptionKeyFile: v.optional(NonEmpty(4096)),
  /** Minutes a started registration waits for its next step. */
  sessionMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(120)), 15),
});

export type RegistrationConfig = v.InferOutput<typeof RegistrationConfigSchema> & {
  /** The AES-256 key the records are sealed with (never printed). */
  readonly key: Buffer;
  /** Absolute path of the SQLite file; undefined when the store is PostgreSQL. */
  readonly storePath: string | undefined;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function keyOf(raw: { encryptionKey?: string; encryptionKeyFile?: string }, base: string): Buffer {
  const text =
    raw.encryptionKeyFile !== undefined
      ? readFileSync(resolve(base, raw.encryptionKeyFile), 'utf8').trim()
      : raw.encryptionKey;
  if (text === undefined) throw new ConfigError('encryptionKey or encryptionKeyFile is required');
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError('the encryption key must be 32 bytes in base64');
  return key;
}

/** Checks a parsed configuration; `base` is the folder relative paths start from. */
export function parseConfig(input: unknown, base: string): RegistrationConfig {
  const result = v.safeParse(RegistrationConfigSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((item) => String(item.key)).join('.') ?? '(top)';
    throw new ConfigError(`configuration ${where}: ${issue.message}`);
  }
  const config = result.output;
  const vars = config.form.fields.map((field) => field.var);
  if (new Set(vars).size !== vars.length) throw new ConfigError('form field vars must be unique');
  if (vars.some((name) => RESERVED_VARS.has(name))) {
    throw new ConfigError(`form field vars must not be one of ${[...RESERVED_VARS].join(', ')}`);
  }
  const { store } = config;
  const sqlite =
    'sqlite' in store ? store.sqlite : store.kind === 'sqlite' ? store.path : undefined;
  return {
    ...config,
    key: keyOf(config, base),
    storePath: sqlite === undefined ? undefined : resolve(base, sqlite),
  };
}

/** Vars the service itself uses in its forms. */
export const RESERVED_VARS: ReadonlySet<string> = new Set(['FORM_TYPE', 'consent']);

/** Reads and checks the configuration file. */
export function loadConfig(path: string): RegistrationConfig {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseConfig(input, dirname(resolve(path)));
}
