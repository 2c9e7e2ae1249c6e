/**
 * The proxy part of the sign-in and edit-account forms: none, a SOCKS5 proxy, or the Tor preset
 * (Tor's own SOCKS port, with "Tor only" on). Validated locally before anything is sent.
 */
import { useState } from 'react';
import { TOR_PRESET, type ProxySettings } from '../../../shared/contract';

export type ProxyMode = 'none' | 'socks5' | 'tor';
export type ProxyField = 'proxyHost' | 'proxyPort';

const NO_PROXY: ProxySettings = { type: 'none' };

function modeOf(proxy: ProxySettings): ProxyMode {
  if (proxy.type === 'none') return 'none';
  const tor = TOR_PRESET.type === 'socks5' ? TOR_PRESET : null;
  return tor && proxy.host === tor.host && proxy.port === tor.port && proxy.torOnly
    ? 'tor'
    : 'socks5';
}

export type ProxyCheck =
  | { readonly ok: true; readonly proxy: ProxySettings }
  | { readonly ok: false; readonly field: ProxyField; readonly key: string };

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;

export function useProxyState(initial: ProxySettings = NO_PROXY) {
  const [mode, setMode] = useState<ProxyMode>(modeOf(initial));
  const [host, setHost] = useState(initial.type === 'socks5' ? initial.host : '');
  const [port, setPort] = useState(initial.type === 'socks5' ? String(initial.port) : '');
  const [torOnly, setTorOnly] = useState(initial.type === 'socks5' && initial.torOnly);

  const choose = (next: ProxyMode) => {
    setMode(next);
    if (next === 'tor' && TOR_PRESET.type === 'socks5') {
      setHost(TOR_PRESET.host);
      setPort(String(TOR_PRESET.port));
      setTorOnly(true);
    } else if (next === 'socks5' && mode === 'tor') {
      // Leaving the preset: keep the address (often still Tor) but let the user relax the switch.
      setTorOnly(false);
    }
  };

  const check = (): ProxyCheck => {
    if (mode === 'none') return { ok: true, proxy: NO_PROXY };
    const name = host.trim();
    if (!name || name.length > 253 || /\s/.test(name)) {
      return { ok: false, field: 'proxyHost', key: 'proxy.invalidHost' };
    }
    const number = Number(port.trim());
    if (!isPort(number)) {
      return { ok: false, field: 'proxyPort', key: 'proxy.invalidPort' };
    }
    return { ok: true, proxy: { type: 'socks5', host: name, port: number, torOnly } };
  };

  return { mode, host, port, torOnly, choose, setHost, setPort, setTorOnly, check };
}

export type ProxyState = ReturnType<typeof useProxyState>;

/** The server port as typed (empty: the default for the security mode) and the proxy, checked. */
export type ConnectionCheck =
  | { readonly ok: true; readonly port: number | undefined; readonly proxy: ProxySettings }
  | { readonly ok: false; readonly field: 'port' | ProxyField; readonly key: string };

/** The local checks the sign-in and edit-account forms share, in the order the fields appear. */
export function checkConnection(port: string, proxy: ProxyState): ConnectionCheck {
  const text = port.trim();
  const number = Number(text);
  if (text && !isPort(number)) return { ok: false, field: 'port', key: 'signIn.invalidPort' };
  const checked = proxy.check();
  if (!checked.ok) return checked;
  return { ok: true, port: text ? number : undefined, proxy: checked.proxy };
}
