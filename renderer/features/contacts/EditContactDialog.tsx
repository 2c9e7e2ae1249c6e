/**
 * Renames a contact and edits its groups (the roster item holds both, so one request saves
 * both). Opened from "Rename…" with the name focused, or "Edit groups…" with the group input.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { groupNames } from '../../store/roster.selectors';
import { selectLocale } from '../../store/ui.selectors';

interface EditContactDialogProps {
  readonly accountId: string;
  readonly contact: Contact;
  readonly focus: 'name' | 'groups';
  readonly onClose: () => void;
}

export function EditContactDialog({ accountId, contact, focus, onClose }: EditContactDialogProps) {
  const { t } = useTranslation();
  const roster = useAppStore((s) => s.rosters[accountId]);
  const locale = useAppStore(selectLocale);
  const contactUpdateSubmitted = useAppStore((s) => s.contactUpdateSubmitted);
  const [name, setName] = useState(contact.name ?? '');
  const [groups, setGroups] = useState<readonly string[]>(contact.groups);
  const [draft, setDraft] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const listId = useId();
  const known = useMemo(
    () => groupNames(roster ?? [], new Intl.Collator(locale)).filter((g) => !groups.includes(g)),
    [roster, locale, groups],
  );

  const addDraft = () => {
    const group = draft.trim();
    if (group && !groups.includes(group) && groups.length < 32) setGroups([...groups, group]);
    setDraft('');
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const all = draft.trim() && !groups.includes(draft.trim()) ? [...groups, draft.trim()] : groups;
    setBusy(true);
    setFailure(null);
    const result = await contactUpdateSubmitted({
      accountId,
      jid: contact.jid,
      ...(name.trim() ? { name: name.trim() } : {}),
      groups: [...all],
    });
    setBusy(false);
    if (result.ok) onClose();
    else setFailure(errorText(t, result.error));
  };

  return (
    <Modal labelledBy={titleId} onCancel={onClose} className="form-dialog">
      <form className="form-dialog__form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <h2 className="form-dialog__title" id={titleId}>
          {t('editContact.title')}
        </h2>
        <p className="form-dialog__intro details__jid">{contact.jid}</p>
        <label className="field">
          <span className="field__label">{t('editContact.name')}</span>
          <input
            type="text"
            value={name}
            maxLength={256}
            placeholder={contact.jid}
            onChange={(e) => setName(e.target.value)}
            {...(focus === 'name' ? { 'data-autofocus': true } : {})}
          />
        </label>
        <fieldset className="groups-editor">
          <legend className="field__label">{t('contact.groups')}</legend>
          {groups.length === 0 ? (
            <p className="field__hint">{t('editContact.noGroups')}</p>
          ) : (
            <ul className="groups-editor__list">
              {groups.map((group) => (
                <li key={group} className="tag tag--removable">
                  {group}
                  <button
                    type="button"
                    className="tag__remove"
                    aria-label={t('editContact.removeGroup', { group })}
                    onClick={() => setGroups(groups.filter((g) => g !== group))}
                  >
                    <Icon name="close" />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="field-row">
            <input
              className="groups-editor__input"
              type="text"
              value={draft}
              maxLength={256}
              list={listId}
              aria-label={t('editContact.addGroup')}
              placeholder={t('editContact.addGroupPlaceholder')}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addDraft();
                }
              }}
              {...(focus === 'groups' ? { 'data-autofocus': true } : {})}
            />
            <button type="button" className="button" onClick={addDraft}>
              {t('editContact.add')}
            </button>
          </div>
          <datalist id={listId}>
            {known.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </fieldset>
        {failure && <Alert>{failure}</Alert>}
        <div className="form-dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
