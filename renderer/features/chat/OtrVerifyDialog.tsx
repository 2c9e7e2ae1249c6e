/**
 * Verifying a contact in a private conversation, the two ways pidgin-otr offers: comparing
 * fingerprints over another channel (then ticking that they match), or SMP, where both type the
 * same secret (the contact may be shown a question) and learn only whether they match. SMP's
 * progress and result show in place; a success trusts the key on both sides.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { humanOtrFingerprint } from '../../../shared/otrFingerprint';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { convKey } from '../../store/chat.selectors';

export function OtrVerifyDialog({
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
  const key = convKey(accountId, peer);
  const state = useAppStore((s) => s.otrStates[key]);
  const ours = useAppStore((s) => s.otrKeys[accountId]);
  const smp = useAppStore((s) => s.otrSmp[key]);
  const keyRequested = useAppStore((s) => s.otrKeyRequested);
  const verified = useAppStore((s) => s.otrVerified);
  const smpRequested = useAppStore((s) => s.otrSmpRequested);
  const [question, setQuestion] = useState('');
  const [secret, setSecret] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const titleId = useId();

  useEffect(() => {
    void keyRequested(accountId);
  }, [accountId, keyRequested]);

  const theirs = state?.state === 'private' ? state.fingerprint : undefined;
  const waiting = smp?.phase === 'waiting';
  const submit = async () => {
    if (secret.trim() === '') return setFailure(t('otr.verify.secretNeeded'));
    setFailure(null);
    const result = await smpRequested(accountId, peer, 'start', secret, question.trim());
    if (!result.ok) setFailure(errorText(t, result.error));
  };

  return (
    <FormDialog
      titleId={titleId}
      title={t('otr.verify.title', { name })}
      onCancel={onClose}
      onSubmit={submit}
      busy={waiting}
      failure={failure}
      submitLabel={t('otr.verify.ask', { name })}
      submitDisabled={!theirs}
      wide
    >
      <section className="otr-verify__compare" aria-label={t('otr.verify.compare')}>
        <p className="otr-verify__lead">{t('otr.verify.compareHint', { name })}</p>
        <figure className="fingerprint">
          <figcaption>{t('otr.verify.yours')}</figcaption>
          <pre className="fingerprint__value">
            {ours?.state === 'ready' ? humanOtrFingerprint(ours.fingerprint) : '…'}
          </pre>
        </figure>
        <figure className="fingerprint">
          <figcaption>{t('otr.verify.theirs', { name })}</figcaption>
          <pre className="fingerprint__value">{theirs ? humanOtrFingerprint(theirs) : '…'}</pre>
        </figure>
        <label className="check">
          <input
            type="checkbox"
            checked={state?.trust === 'verified' || state?.trust === 'smp'}
            disabled={!theirs || state?.trust === 'smp'}
            onChange={(e) => {
              if (theirs) void verified(accountId, peer, theirs, e.target.checked);
            }}
          />
          <span>{t('otr.verify.matches', { name })}</span>
        </label>
      </section>
      <section className="otr-verify__smp" aria-label={t('otr.verify.smp')}>
        <p className="otr-verify__lead">{t('otr.verify.smpHint', { name })}</p>
        <TextField
          label={t('otr.verify.question', { name })}
          value={question}
          maxLength={1000}
          onChange={(e) => setQuestion(e.target.value)}
          hint={t('otr.verify.questionHint')}
        />
        <TextField
          label={t('otr.verify.secret')}
          value={secret}
          maxLength={1000}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setSecret(e.target.value)}
        />
        {smp && smp.phase !== 'asked' && (
          <p className={`otr-verify__result otr-verify__result--${smp.phase}`} role="status">
            {t(`otr.verify.phase.${smp.phase}`, { name })}
          </p>
        )}
      </section>
    </FormDialog>
  );
}
