/** Debian packages a purpose needs: `start` (npm start / host) or `test` (the full suite). */
export type DepsPurpose = 'test' | 'start';

/** The packages among `packages` whose binaries are missing from PATH. */
export function missingPackages(packages: readonly string[]): string[];

/**
 * Makes sure the Debian packages for a purpose are installed: installs the missing ones with
 * apt-get when running as root, otherwise rejects with an Error naming them. Resolves to the
 * packages it installed (empty when all were present).
 */
export function ensureDeps(options?: { for?: DepsPurpose; quiet?: boolean }): Promise<string[]>;
