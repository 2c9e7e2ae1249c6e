/**
 * An OTR fingerprint in the form people compare (as Pidgin shows it): five groups of eight
 * upper-case hex digits. Both sides use it: the renderer to show it, the main process in logs of
 * our own and in exported files.
 */
export function humanOtrFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,8}/g) ?? []).join(' ');
}
