/**
 * A contact's own privacy settings: when to talk privately with them (their own policy, or the
 * account's), and whether private conversations with them are kept on this computer. Off by
 * default, as in pidgin-otr: a private conversation is shown while Hutong runs and never written
 * to disk. Both apply when saved.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtrPolicy } from '../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';

const CHOICES = ['account', 'manual', 'opportunistic', 'always', 'never'] as const;
type Choice = (typeof CHOICES)[number];

interface Loaded {
  readonly choice: Choice;
  /** The account's policy, for "as the account". */
  readonly inheritedPolicy: OtrPolicy | undefined;
  readonly keep: boolean;
}

export function OtrContactDialog({
  accountId,
  peer,
  name,
  onClose,
}: {
  accountId: string;
  peer: string;
  name: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const otrRequest = useAppStore((s) => s.otrRequest);
  const saved = useAppStore((s) => s.otrContactPolicySaved);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [choice, setChoice] = useState<Choice>('account');
  const [keep, setKeep] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const titleId = useId();
  const policyId = useId();
  const policyHintId = useId();
  const keepHintId = useId();

  useEffect(() => {
    let live = true;
    void Promise.all([
      otrRequest('otr.policy', { accountId, peer }),
      otrRequest('otr.policy', { accountId }),
    ]).then(([own, account]) => {
      if (!live) return;
      if (!own.ok) return setFailure(errorText(t, own.error));
      const next: Loaded = {
        choice: own.value.inherited ? 'account' : own.value.policy,
        inheritedPolicy: account.ok ? account.value.policy : undefined,
        keep: own.value.keepHistory ?? false,
      };
      setLoaded(next);
      setChoice(next.choice);
      setKeep(next.keep);
    });
    return () => {
      live = false;
    };
  }, [accountId, peer, otrRequest, t]);

  const submit = async () => {
    if (!loaded) return;
    setBusy(true);
    setFailure(null);
    const result = await saved(accountId, peer, choice === 'account' ? undefined : choice, keep);
    setBusy(false);
    if (result.ok) onClose();
    else setFailure(errorText(t, result.error));
  };

  const effective = choice === 'account' ? loaded?.inheritedPolicy : choice;
  return (
    <FormDialog
      titleId={titleId}
      title={t('otr.settings.title', { name })}
      onCancel={onClose}
      onSubmit={submit}
      busy={busy}
      failure={failure}
      submitLabel={t('otr.settings.save')}
      submitDisabled={!loaded}
    >
      <div className="field">
        <label className="field__label" htmlFor={policyId}>
          {t('otr.settings.policy', { name })}
        </label>
        <select
          id={policyId}
          value={choice}
          disabled={!loaded}
          aria-describedby={policyHintId}
          data-autofocus
          onChange={(e) => setChoice(e.target.value as Choice)}
        >
          {CHOICES.map((c) => (
            <option key={c} value={c}>
              {c === 'account'
                ? t('otr.settings.asAccount', {
                    policy: loaded?.inheritedPolicy
                      ? t(`account.otr.policies.${loaded.inheritedPolicy}`)
                      : '…',
                  })
                : t(`account.otr.policies.${c}`)}
            </option>
          ))}
        </select>
        <span className="field__hint" id={policyHintId}>
          {effective ? t(`account.otr.policyHints.${effective}`) : ''}
        </span>
      </div>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={keep}
            disabled={!loaded}
            aria-describedby={keepHintId}
            onChange={(e) => setKeep(e.target.checked)}
          />
          <span>{t('otr.settings.keep', { name })}</span>
        </label>
        <span className="field__hint" id={keepHintId}>
          {t(keep ? 'otr.settings.keepOn' : 'otr.settings.keepOff')}
        </span>
      </div>
    </FormDialog>
  );
}
