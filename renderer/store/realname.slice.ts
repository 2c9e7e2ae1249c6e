/**
 * Real-name registration (issue 9) as the renderer keeps it: the saved profile (masked only, as
 * the main process sends it), the groups the user owns with their registration state, and the
 * latest job item of each account and registration service. The interactive registration's
 * stages are not kept here: they live in the component running them, so the values a person
 * typed go when it closes and never sit in the store.
 */
import type {
  GroupRegistration,
  JobItem,
  RealnameProfile,
  RequestParams,
  RequestResult,
} from '../../shared/contract';
import type { IdentityKind } from '../../shared/realnameFields';
import type { UiResult } from '../transport';
import type { SliceCreator } from './types';

/** Requests whose answers only the component asking needs (policy, the command's stages). */
type RealnamePassthrough =
  'realname.policy' | 'realname.begin' | 'realname.step' | 'realname.cancel' | 'realname.status';

/** One job item per account and registration service: what the bulk view shows per row. */
export const jobKey = (accountId: string, registrationService: string): string =>
  `${accountId}\n${registrationService}`;

export interface RealnameSlice {
  realnameRequest<N extends RealnamePassthrough>(
    name: N,
    params: RequestParams<N>,
  ): Promise<UiResult<RequestResult<N>>>;
  /** The saved profile, masked; null until asked. */
  readonly realnameProfile: RealnameProfile | null;
  /** Every owned group by account and service; null until asked. */
  readonly realnameGroups: readonly GroupRegistration[] | null;
  /** Whether realname.groups is being asked (the view shows it is checking). */
  readonly realnameGroupsLoading: boolean;
  /** The latest job item by jobKey. */
  readonly realnameJobs: Readonly<Record<string, JobItem>>;
  realnameProfileRequested(): Promise<UiResult<RealnameProfile>>;
  /** The realname.profile event: saved or erased elsewhere (another window, a job). */
  realnameProfileChanged(profile: RealnameProfile): void;
  realnameProfileSaved(
    values: RequestParams<'realname.saveProfile'>,
  ): Promise<UiResult<RequestResult<'realname.saveProfile'>>>;
  realnameProfileErased(): Promise<UiResult<RequestResult<'realname.eraseProfile'>>>;
  realnameGroupsRequested(): Promise<UiResult<readonly GroupRegistration[]>>;
  /** The realname.progress event. */
  realnameProgressReceived(item: JobItem): void;
  realnameRegisterManySubmitted(
    items: readonly { accountId: string; service: string }[],
    consent: { registrationServices: readonly string[]; kinds: readonly IdentityKind[] },
  ): Promise<UiResult<RequestResult<'realname.registerMany'>>>;
  realnameRetried(jobId: string): Promise<UiResult<RequestResult<'realname.retry'>>>;
  /** Job items a request answered (registerMany, retry), before their progress events. */
  realnameJobsAnswered(items: readonly JobItem[]): void;
}

/** Keeps the newer of two items for the same account and service. */
function withItems(
  jobs: Readonly<Record<string, JobItem>>,
  items: readonly JobItem[],
): Record<string, JobItem> {
  const next = { ...jobs };
  for (const item of items) {
    const key = jobKey(item.accountId, item.registrationService);
    const before = next[key];
    if (!before || before.updatedAt <= item.updatedAt) next[key] = item;
  }
  return next;
}

export const createRealnameSlice: SliceCreator<RealnameSlice> = (api) => (set, get) => ({
  realnameRequest: (name, params) => api.request(name, params),
  realnameProfile: null,
  realnameGroups: null,
  realnameGroupsLoading: false,
  realnameJobs: {},

  realnameProfileRequested: async () => {
    const result = await api.request('realname.profile', {});
    if (result.ok) set({ realnameProfile: result.value });
    return result;
  },

  realnameProfileChanged: (profile) => set({ realnameProfile: profile }),

  realnameProfileSaved: async (values) => {
    const result = await api.request('realname.saveProfile', values);
    if (result.ok && result.value.fieldErrors.length === 0)
      set({ realnameProfile: result.value.profile });
    return result;
  },

  realnameProfileErased: async () => {
    const result = await api.request('realname.eraseProfile', {});
    // Receipts lost their masked numbers: the groups are asked again when next shown.
    if (result.ok) set({ realnameProfile: { saved: false }, realnameGroups: null });
    return result;
  },

  realnameGroupsRequested: async () => {
    set({ realnameGroupsLoading: true });
    const result = await api.request('realname.groups', {});
    set({ realnameGroupsLoading: false });
    if (!result.ok) return result;
    const jobs = result.value.flatMap((group) => (group.job ? [group.job] : []));
    set((state) => ({
      realnameGroups: result.value,
      // Finished jobs are in the answer's states now; only those still running (or failed,
      // to retry) stay, and progress events add newer ones.
      realnameJobs: Object.fromEntries(
        Object.entries(withItems(state.realnameJobs, jobs)).filter(
          ([, item]) => item.state !== 'done',
        ),
      ),
    }));
    return result;
  },

  realnameProgressReceived: (item) =>
    set((state) => ({ realnameJobs: withItems(state.realnameJobs, [item]) })),

  realnameRegisterManySubmitted: async (items, consent) => {
    const result = await api.request('realname.registerMany', {
      items: items.map(({ accountId, service }) => ({ accountId, service })),
      consent: {
        agreed: true,
        registrationServices: [...consent.registrationServices],
        kinds: [...consent.kinds],
      },
    });
    if (result.ok) get().realnameJobsAnswered(result.value.items);
    return result;
  },

  realnameRetried: async (jobId) => {
    const result = await api.request('realname.retry', { jobId });
    if (result.ok) get().realnameJobsAnswered(result.value.items);
    return result;
  },

  realnameJobsAnswered: (items: readonly JobItem[]) =>
    set((state) => ({ realnameJobs: withItems(state.realnameJobs, items) })),
});
