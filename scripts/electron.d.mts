/** The path of an existing Electron binary, or null; never triggers the binary download. */
export function electronBinaryPath(): string | null;
/** Why there is no binary, for messages. */
export function electronBinaryMissingReason(): string;
