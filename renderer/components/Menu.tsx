/**
 * A popup menu (WAI-ARIA menu pattern): opened from a menu button or as a context menu at the
 * pointer. Arrow keys, Home and End move between items, Enter activates, Escape and Tab close and
 * give focus back to where it was. It is fixed-positioned so no scrolling pane clips it.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, type IconName } from './Icon';

export interface MenuItem {
  readonly id: string;
  readonly label: string;
  readonly icon?: IconName;
  readonly danger?: boolean;
  readonly onSelect: () => void;
}

/** Where the menu opens: under an element (right-aligned) or at a point. */
export type MenuAnchor =
  { readonly element: HTMLElement } | { readonly x: number; readonly y: number };

interface MenuProps {
  readonly label: string;
  readonly items: readonly MenuItem[];
  readonly anchor: MenuAnchor;
  readonly onClose: () => void;
}

export function Menu({ label, items, anchor, onClose }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Where focus was when the menu opened (the menu button, or the list right-clicked).
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    const point =
      'element' in anchor
        ? (() => {
            const r = anchor.element.getBoundingClientRect();
            return { top: r.bottom + 4, left: r.right - width };
          })()
        : { top: anchor.y, left: anchor.x };
    // Keep the whole menu on screen.
    setPosition({
      top: Math.max(4, Math.min(point.top, window.innerHeight - height - 4)),
      left: Math.max(4, Math.min(point.left, window.innerWidth - width - 4)),
    });
    menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [anchor]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  const close = () => {
    onClose();
    opener?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const nodes = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = nodes.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => nodes[(i + nodes.length) % nodes.length]?.focus();
    const keys: Record<string, () => void> = {
      ArrowDown: () => go(at + 1),
      ArrowUp: () => go(at - 1),
      Home: () => go(0),
      End: () => go(nodes.length - 1),
      Escape: close,
      Tab: close,
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      style={position ?? { top: -9999, left: -9999 }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
          onClick={() => {
            close();
            item.onSelect();
          }}
        >
          {item.icon ? <Icon name={item.icon} /> : <span className="menu__spacer" />}
          <span>{item.label}</span>
        </button>
      ))}
    </div>
  );
}

/**
 * An icon button that opens a menu below itself. `items` may be a function, called when the
 * menu opens: a list of thousands of rows then pays for labels only on the one opened.
 */
export function MenuButton({
  label,
  items,
  className,
  icon = 'more',
}: {
  label: string;
  items: readonly MenuItem[] | (() => readonly MenuItem[]);
  className?: string;
  icon?: IconName;
}) {
  const [open, setOpen] = useState<MenuAnchor | null>(null);
  const menuId = useId();
  return (
    <>
      <button
        type="button"
        className={`icon-button${className ? ` ${className}` : ''}`}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        onClick={(e) => setOpen(open ? null : { element: e.currentTarget })}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen({ element: e.currentTarget });
          }
        }}
      >
        <Icon name={icon} />
      </button>
      {open && (
        <div id={menuId}>
          <Menu
            label={label}
            items={typeof items === 'function' ? items() : items}
            anchor={open}
            onClose={() => setOpen(null)}
          />
        </div>
      )}
    </>
  );
}
