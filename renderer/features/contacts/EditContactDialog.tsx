/**
 * Renames a contact and edits its groups (the roster item holds both, so one request saves
 * both). Opened from "Rename…" with the name focused, or "Edit groups…" with the group input.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/useSubmit';
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
  const { busy, failure, run } = useSubmit(onClose);
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

  const onSubmit = async () => {
    const all = draft.trim() && !groups.includes(draft.trim()) ? [...groups, draft.trim()] : groups;
    await run(() =>
      contactUpdateSubmitted({
        accountId,
        jid: contact.jid,
        ...(name.trim() ? { name: name.trim() } : {}),
        groups: [...all],
      }),
    );
  };

  return (
    <FormDialog
      titleId={titleId}
      title={t('editContact.title')}
      onCancel={onClose}
      onSubmit={onSubmit}
      busy={busy}
      failure={failure}
      submitLabel={t('common.save')}
    >
      <p className="form-dialog__intro details__jid">{contact.jid}</p>
      <TextField
        label={t('editContact.name')}
        value={name}
        maxLength={256}
        placeholder={contact.jid}
        onChange={(e) => setName(e.target.value)}
        {...(focus === 'name' ? { 'data-autofocus': true } : {})}
      />
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
    </FormDialog>
  );
}
