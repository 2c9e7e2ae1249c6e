/**
 * The saved registration profile (name, ID number, mobile): checked like a form, sealed with the
 * SecretBox at rest, seen by the renderer only masked, opened only here in the main process to
 * fill a registration form the person asked it to fill. Erasing it also erases the other local
 * copies of identity data (receipts' masked numbers, jobs that would have used it).
 */
import type { RealnameProfile } from '../../shared/contract';
import { checkIdNumber, checkMobile, checkPersonName } from '../../shared/realname';
import {
  chinaToday,
  maskIdentity,
  type IdentityKind,
  type LocalFieldError,
} from '../../shared/realnameFields';
import type { SecretBox } from '../secrets';
import type { RealnameStore } from '../storage/realnameStore';

/** The profile in clear: exists only in the main process's memory, briefly. */
export type IdentityValues = Readonly<Record<IdentityKind, string>>;

export interface ProfileDeps {
  readonly store: Pick<RealnameStore, 'profile' | 'saveProfile' | 'erase'>;
  readonly box: Pick<SecretBox, 'seal' | 'open'>;
  readonly now: () => number;
}

export class RealnameProfiles {
  constructor(private readonly deps: ProfileDeps) {}

  /** What the renderer may see. */
  masked(): RealnameProfile {
    const row = this.deps.store.profile();
    return row
      ? {
          saved: true,
          nameMasked: row.nameMasked,
          idNumberMasked: row.idMasked,
          mobileMasked: row.mobileMasked,
          savedAt: row.savedAt,
        }
      : { saved: false };
  }

  /** Checks, seals and saves; answers the refusals by kind (nothing saved) or none. */
  async save(input: {
    name: string;
    idNumber: string;
    mobile: string;
  }): Promise<LocalFieldError[]> {
    const name = checkPersonName(input.name);
    const id = checkIdNumber(input.idNumber, { today: chinaToday(this.deps.now()) });
    const mobile = checkMobile(input.mobile);
    const errors: LocalFieldError[] = [];
    if (!name.ok) errors.push({ var: 'person-name', problem: problemOf(name.problem) });
    if (!id.ok) errors.push({ var: 'id-number', problem: problemOf(id.problem) });
    if (!mobile.ok) errors.push({ var: 'mobile', problem: problemOf(mobile.problem) });
    if (!name.ok || !id.ok || !mobile.ok) return errors;
    const values: IdentityValues = {
      'person-name': name.value,
      'id-number': id.value,
      mobile: mobile.value,
    };
    const sealed = await this.deps.box.seal(JSON.stringify(values));
    this.deps.store.saveProfile({
      sealed,
      nameMasked: maskIdentity('person-name', name.value),
      idMasked: maskIdentity('id-number', id.value),
      mobileMasked: maskIdentity('mobile', mobile.value),
      savedAt: this.deps.now(),
    });
    return [];
  }

  /** The profile in clear, for filling a form here; undefined when none is saved. */
  async open(): Promise<IdentityValues | undefined> {
    const row = this.deps.store.profile();
    if (!row) return undefined;
    const parsed = JSON.parse(await this.deps.box.open(row.sealed)) as Partial<IdentityValues>;
    const pick = (kind: IdentityKind) => (typeof parsed[kind] === 'string' ? parsed[kind] : '');
    return {
      'person-name': pick('person-name'),
      'id-number': pick('id-number'),
      mobile: pick('mobile'),
    };
  }

  erase(): { receipts: number; jobs: number } {
    return this.deps.store.erase(this.deps.now());
  }
}

const problemOf = (problem: string) => (problem === 'empty' ? 'required' : problem);
