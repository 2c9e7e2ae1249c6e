/**
 * The strict certificate pinning switch of the sign-in and edit-account forms. Until the user
 * flips it, it follows the default (on for Tor-only), so that choosing Tor turns it on and the
 * account keeps following the default; once flipped, the choice is sent and kept.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SwitchField } from '../../components/SwitchField';
import type { ProxyState } from './useProxyState';

export function useStrictPinning(initial: boolean | undefined, proxy: ProxyState) {
  const [chosen, setChosen] = useState<boolean | undefined>(initial);
  const checked = chosen ?? (proxy.mode !== 'none' && proxy.torOnly);
  return {
    checked,
    set: setChosen,
    /** The params' field: present only once the user chose (or the account had a choice). */
    param: chosen === undefined ? {} : { strictPinning: chosen },
  };
}

export type StrictPinningState = ReturnType<typeof useStrictPinning>;

export function StrictPinningSwitch({
  pinning,
  disabled,
}: {
  pinning: StrictPinningState;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <SwitchField
      title={t('pinning.strict')}
      hint={t('pinning.strictHint')}
      checked={pinning.checked}
      onChange={pinning.set}
      disabled={disabled}
    />
  );
}
