/**
 * "Add contact": the account (when there are several), the address, checked locally with
 * shared/jid.ts, and an optional name and group. Adding also asks to see their presence.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { parseJid, bareJid } from '../../../shared/jid';
import { Alert } from '../../components/Alert';
import { FormDialog } from '../../components/FormDialog';
import { FieldError, TextField } from '../../components/TextField';
import { useSubmit } from '../../components/useSubmit';
import { useAppStore } from '../../store';
import { accountName } from '../../store/accounts.selectors';
import { groupNames } from '../../store/roster.selectors';
import { selectLocale } from '../../store/ui.selectors';

export function AddContactDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const accounts = useAppStore(
    useShallow((s) => s.accountOrder.map((id) => s.accounts[id]).filter((a) => a !== undefined)),
  );
  const preferred = useAppStore((s) => s.accountFilter ?? s.activeAccountId);
  const rosters = useAppStore((s) => s.rosters);
  const locale = useAppStore(selectLocale);
  const contactAddSubmitted = useAppStore((s) => s.contactAddSubmitted);
  const online = accounts.filter((a) => a.status === 'online');
  const [accountId, setAccountId] = useState(
    online.find((a) => a.accountId === preferred)?.accountId ?? online[0]?.accountId ?? '',
  );
  const [jid, setJid] = useState('');
  const [name, setName] = useState('');
  const [group, setGroup] = useState('');
  const [jidError, setJidError] = useState<string | null>(null);
  const { busy, failure, run } = useSubmit(onClose);
  const titleId = useId();
  const jidId = useId();
  const jidErrorId = useId();
  const groupsListId = useId();
  const groups = useMemo(
    () => groupNames(rosters[accountId] ?? [], new Intl.Collator(locale)),
    [rosters, accountId, locale],
  );

  const onSubmit = async () => {
    const parsed = parseJid(jid);
    const bare = parsed ? bareJid(parsed) : null;
    const refuse = (key: string) => {
      setJidError(t(key));
      document.getElementById(jidId)?.focus();
    };
    if (!parsed || !bare || parsed.resource) return refuse('addContact.invalidJid');
    if (bare === accountId) return refuse('addContact.ownJid');
    const known = rosters[accountId]?.find((c) => c.jid === bare && c.subscription !== 'remove');
    if (known) return refuse('addContact.alreadyThere');
    setJidError(null);
    await run(() =>
      contactAddSubmitted({
        accountId,
        jid: bare,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(group.trim() ? { groups: [group.trim()] } : {}),
      }),
    );
  };

  return (
    <FormDialog
      titleId={titleId}
      title={t('addContact.title')}
      onCancel={onClose}
      onSubmit={onSubmit}
      busy={busy}
      failure={failure}
      submitLabel={t('addContact.submit')}
      submitDisabled={!accountId}
    >
      {online.length === 0 && <Alert tone="warning">{t('addContact.noAccountOnline')}</Alert>}
      {accounts.length > 1 && (
        <label className="field">
          <span className="field__label">{t('addContact.account')}</span>
          <select value={accountId} onChange={(e) => setAccountId(e.target.value)}>
            {online.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {accountName(a)}
              </option>
            ))}
          </select>
        </label>
      )}
      <TextField
        label={t('addContact.jid')}
        id={jidId}
        inputMode="email"
        value={jid}
        onChange={(e) => {
          setJid(e.target.value);
          setJidError(null);
        }}
        placeholder={t('signIn.jidPlaceholder')}
        autoCapitalize="off"
        spellCheck={false}
        invalid={jidError !== null}
        describedBy={jidError ? jidErrorId : undefined}
        data-autofocus
      />
      {jidError && <FieldError id={jidErrorId}>{jidError}</FieldError>}
      <TextField
        label={t('addContact.name')}
        value={name}
        maxLength={256}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label={t('addContact.group')}
        value={group}
        maxLength={256}
        list={groupsListId}
        onChange={(e) => setGroup(e.target.value)}
      >
        <datalist id={groupsListId}>
          {groups.map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
      </TextField>
      <p className="form-dialog__note">{t('addContact.note')}</p>
    </FormDialog>
  );
}
