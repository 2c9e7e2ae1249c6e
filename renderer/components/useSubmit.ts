/**
 * The busy/failure flow of a dialog's request: clear the last failure, mark busy, await the
 * result, then close on success or show the coded error as text. One place, so every dialog
 * disables its button and words its errors the same way.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, type ErrorContext } from '../i18n/errorText';
import type { UiErrorInfo, UiResult } from '../transport';

interface SubmitOptions {
  /** Errors that still close (e.g. a connection error the account card shows instead). */
  readonly closeOn?: (error: UiErrorInfo) => boolean;
  /** The server the request went to, for the error's wording. */
  readonly context?: ErrorContext;
  /** Runs after a failure's text is shown, e.g. to empty a refused passphrase. */
  readonly onFailure?: (error: UiErrorInfo) => void;
}

export interface Submit {
  readonly busy: boolean;
  readonly failure: string | null;
  /** Sets or clears the failure text (local checks share the same place). */
  readonly setFailure: (text: string | null) => void;
  readonly run: (
    request: () => Promise<UiResult<unknown>>,
    options?: SubmitOptions,
  ) => Promise<void>;
}

/** `onDone` runs after a successful request; a screen the store replaces needs none. */
export function useSubmit(onDone?: () => void): Submit {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run: Submit['run'] = async (request, options = {}) => {
    setFailure(null);
    setBusy(true);
    const result = await request();
    setBusy(false);
    if (result.ok || options.closeOn?.(result.error)) {
      onDone?.();
      return;
    }
    setFailure(errorText(t, result.error, options.context));
    options.onFailure?.(result.error);
  };

  return { busy, failure, setFailure, run };
}
