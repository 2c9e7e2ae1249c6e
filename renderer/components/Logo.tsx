/** Hutong's mark: two speech bubbles in a doorway, drawn inline. */
export function Logo({ size = 44 }: { size?: number }) {
  return (
    <svg
      className="logo"
      width={size}
      height={size}
      viewBox="0 0 48 48"
      aria-hidden="true"
      focusable="false"
    >
      <rect className="logo__door" x="2" y="2" width="44" height="44" rx="12" />
      <path
        className="logo__bubble"
        d="M12 14h16a4 4 0 0 1 4 4v8a4 4 0 0 1-4 4h-9l-6 5v-5h-1a4 4 0 0 1-4-4v-8a4 4 0 0 1 4-4z"
      />
      <path
        className="logo__bubble logo__bubble--back"
        d="M34 20h2a4 4 0 0 1 4 4v7a4 4 0 0 1-4 4v4l-5-4h-7a4 4 0 0 1-3.5-2"
      />
    </svg>
  );
}
