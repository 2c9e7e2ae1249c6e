/**
 * The roster as one listbox, grouped by roster group with online contacts first. Arrow keys,
 * Home and End move the selection (aria-activedescendant keeps focus on the list itself).
 */
import { useId, useMemo, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contract';
import { useAppStore } from '../../store';
import { displayName, rosterSections, selectActiveRoster } from '../../store/roster.selectors';
import { selectFilter, selectLocale } from '../../store/ui.selectors';
import { ContactRow } from './ContactRow';

export function RosterList({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const contacts = useAppStore(selectActiveRoster);
  const filter = useAppStore(selectFilter);
  const locale = useAppStore(selectLocale);
  const selectedJid = useAppStore((s) => s.selectedJid);
  const contactSelected = useAppStore((s) => s.contactSelected);
  const prefix = useId();

  const sections = useMemo(
    () => rosterSections(contacts, filter, new Intl.Collator(locale, { sensitivity: 'base' })),
    [contacts, filter, locale],
  );
  const flat = useMemo(
    () =>
      sections.flatMap((section, s) =>
        section.contacts.map((contact, i) => ({ id: `${prefix}-${s}-${i}`, jid: contact.jid })),
      ),
    [sections, prefix],
  );
  const activeIndex = flat.findIndex((o) => o.jid === selectedJid);

  const move = (index: number) => {
    const option = flat[Math.max(0, Math.min(flat.length - 1, index))];
    if (!option) return;
    contactSelected(option.jid);
    document.getElementById(option.id)?.scrollIntoView({ block: 'nearest' });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex === -1 ? flat.length - 1 : activeIndex - 1),
      Home: () => move(0),
      End: () => move(flat.length - 1),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  if (contacts.length === 0) {
    return (
      <div className="roster-empty">
        <p className="roster-empty__title">{t('roster.empty')}</p>
        <p>{t('roster.emptyHint')}</p>
      </div>
    );
  }
  if (flat.length === 0) {
    return (
      <p className="roster-empty" role="status">
        {t('roster.noMatches', { query: filter.trim() })}
      </p>
    );
  }

  return (
    <div
      className="roster"
      role="listbox"
      aria-labelledby={labelledBy}
      tabIndex={0}
      aria-activedescendant={activeIndex >= 0 ? flat[activeIndex]?.id : undefined}
      onKeyDown={onKeyDown}
    >
      {sections.map((section, s) => {
        const headId = `${prefix}-g${s}`;
        return (
          <div
            role="group"
            aria-labelledby={headId}
            key={section.group ?? '\u0000'}
            className="roster__section"
          >
            <div className="roster__group" id={headId}>
              <span className="roster__group-name">{section.group ?? t('roster.noGroup')}</span>
              <span className="roster__group-count">
                {t('roster.groupCount', { online: section.online, total: section.contacts.length })}
              </span>
            </div>
            {section.contacts.map((contact: Contact, i) => (
              <ContactRow
                key={contact.jid}
                id={`${prefix}-${s}-${i}`}
                contact={contact}
                name={displayName(contact)}
                selected={contact.jid === selectedJid}
                onSelect={() => contactSelected(contact.jid)}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}
