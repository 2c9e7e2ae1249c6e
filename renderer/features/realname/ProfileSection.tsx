/**
 * The registration profile in Settings: name, ID number and mobile, checked as they are typed,
 * behind "Set up a profile…" while there is none (most people never meet a service that asks, and
 * an ID number field in everyone's settings would suggest otherwise),
 * saved sealed by the main process and from then on shown masked only (the typed values are
 * dropped from the form once saved). "Erase my registration data" removes the profile and every
 * local copy in one confirmed action, and says what was erased.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { BusyButton } from '../../components/BusyButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { problemText } from './problemText';
import { PROFILE_FIELDS, profileProblems, type ProfileDraft } from './profileChecks';
import { ProfileFields } from './ProfileFields';

const EMPTY: ProfileDraft = { name: '', idNumber: '', mobile: '' };

export function ProfileSection() {
  const { t } = useTranslation();
  const profile = useAppStore((s) => s.realnameProfile);
  const requested = useAppStore((s) => s.realnameProfileRequested);
  const saved = useAppStore((s) => s.realnameProfileSaved);
  const erased = useAppStore((s) => s.realnameProfileErased);
  const [draft, setDraft] = useState<ProfileDraft>(EMPTY);
  const [editing, setEditing] = useState(false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [erasedNote, setErasedNote] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);

  // "Set up…" and "Replace…" go away as the form opens: the focus goes to its first field.
  useEffect(() => {
    if (editing) sectionRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [editing]);

  useEffect(() => {
    if (profile === null) void requested();
  }, [profile, requested]);

  // Today, for the date-of-birth check; a dialog is not open across midnights that matter.
  const [now] = useState(() => Date.now());
  const local = profileProblems(draft, now);
  const shown = (kind: (typeof PROFILE_FIELDS)[number]['kind'], key: keyof ProfileDraft) => {
    const server = serverProblems[kind];
    const code = server ?? local[kind];
    if (!code) return undefined;
    // While typing, a half-typed value is not wrong yet; anything else is said at once.
    const early = !tried && !server && (draft[key] === '' || code === 'length');
    return early ? undefined : problemText(t, kind, code, t(`realname.profile.fields.${kind}`));
  };

  const save = async () => {
    if (busy) return;
    setTried(true);
    setFailure(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const result = await saved(draft);
    setBusy(false);
    if (!result.ok) {
      setFailure(errorText(t, result.error));
      return;
    }
    if (result.value.fieldErrors.length > 0) {
      setServerProblems(
        Object.fromEntries(result.value.fieldErrors.map((e) => [e.var, e.problem])),
      );
      return;
    }
    // Saved and sealed: the full numbers leave the renderer.
    setDraft(EMPTY);
    setTried(false);
    setServerProblems({});
    setEditing(false);
    setErasedNote(null);
  };

  const change = (next: ProfileDraft) => {
    setDraft(next);
    setServerProblems({});
  };

  const showForm = editing;
  return (
    <section
      ref={sectionRef}
      className="settings-dialog__section realname-profile"
      aria-labelledby={headingId}
    >
      <h3 className="settings-dialog__heading" id={headingId}>
        {t('realname.profile.heading')}
      </h3>
      <p className="settings-dialog__hint">
        {profile?.saved || editing ? t('realname.profile.hint') : t('realname.profile.none')}
      </p>
      {profile?.saved === false && !editing && (
        <div className="realname-profile__actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t('realname.profile.setUp')}
          </button>
        </div>
      )}
      {erasedNote && (
        <p role="status" className="realname-profile__erased">
          {erasedNote}
        </p>
      )}
      {profile?.saved && !editing && (
        <>
          <dl className="realname-facts" aria-label={t('realname.profile.savedLabel')}>
            <dt>{t('realname.profile.fields.person-name')}</dt>
            <dd className="realname-facts__mono">{profile.nameMasked}</dd>
            <dt>{t('realname.profile.fields.id-number')}</dt>
            <dd className="realname-facts__mono">{profile.idNumberMasked}</dd>
            <dt>{t('realname.profile.fields.mobile')}</dt>
            <dd className="realname-facts__mono">{profile.mobileMasked}</dd>
          </dl>
          <div className="realname-profile__actions">
            <button type="button" className="button" onClick={() => setEditing(true)}>
              {t('realname.profile.replace')}
            </button>
            <button
              type="button"
              className="button realname-profile__erase"
              onClick={() => setConfirming(true)}
            >
              {t('realname.profile.erase')}
            </button>
          </div>
        </>
      )}
      {showForm && profile !== null && (
        <ProfileFields draft={draft} onChange={change} problem={shown} onSubmit={() => void save()}>
          <button
            type="button"
            className="button"
            onClick={() => {
              setEditing(false);
              change(EMPTY);
              setTried(false);
              setServerProblems({});
            }}
          >
            {t('common.cancel')}
          </button>
          <BusyButton className="button button--primary" busy={busy} onClick={() => void save()}>
            {t('realname.profile.save')}
          </BusyButton>
        </ProfileFields>
      )}
      {failure && <Alert onDismiss={() => setFailure(null)}>{failure}</Alert>}
      {confirming && (
        <ConfirmDialog
          title={t('realname.profile.eraseTitle')}
          confirmLabel={t('realname.profile.eraseConfirm')}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const result = await erased();
            if (result.ok)
              setErasedNote(
                t('realname.profile.erased', {
                  receipts: result.value.receipts,
                  jobs: result.value.jobs,
                }),
              );
            return result;
          }}
        >
          <p>{t('realname.profile.eraseBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
