/** The search entry points: Ctrl+K (⌘K) anywhere, and a button; and the panel when open. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store';
import { SearchPanel } from './SearchPanel';

export function MessageSearch() {
  const open = useAppStore((s) => s.searchOpen);
  const searchOpened = useAppStore((s) => s.searchOpened);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        searchOpened();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [searchOpened]);
  return open ? <SearchPanel /> : null;
}

export function SearchLauncher({ className }: { className?: string }) {
  const { t } = useTranslation();
  const searchOpened = useAppStore((s) => s.searchOpened);
  return (
    <button
      type="button"
      className={`icon-button search-launcher${className ? ` ${className}` : ''}`}
      onClick={searchOpened}
      aria-label={t('search.open')}
      aria-keyshortcuts="Control+K"
      title={t('search.openTitle')}
    >
      <Icon name="search" />
    </button>
  );
}
