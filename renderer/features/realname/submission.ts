/**
 * What a registration stage would send, worked out in the renderer before anything goes: the
 * local checks (shared/realnameFields, the same the main process runs again) and exactly which
 * fields leave, for the consent screen and the consent echo. Pure.
 */
import type { DataForm, FormValues } from '../../../shared/dataforms';
import type { RegistrationStep } from '../../../shared/contract';
import { checkRegistrationValues, sentVars } from '../../../shared/realnameFields';

export interface LocalProblem {
  readonly var: string;
  readonly problem: string;
}

/** Stands in for a value the saved profile fills in the main process: it only has to be there. */
const FILLED = 'profile';

/** The values as the main process will see them: profile-filled fields count as set. */
function effectiveValues(step: RegistrationStep, values: FormValues, useProfile: boolean) {
  if (!useProfile) return values;
  const filled: Record<string, readonly string[]> = { ...values };
  for (const name of step.profileFillable) filled[name] = [FILLED];
  return filled;
}

/**
 * Problems found locally, by field; a field the saved profile fills is checked in the main
 * process (its value never comes here), so it is left out.
 */
export function localProblems(
  step: RegistrationStep,
  values: FormValues,
  useProfile: boolean,
  now: number,
): LocalProblem[] {
  if (!step.form) return [];
  const checked = checkRegistrationValues(
    step.form,
    effectiveValues(step, values, useProfile),
    now,
  );
  if (checked.ok) return [];
  const filled = new Set(useProfile ? step.profileFillable : []);
  return checked.errors.filter((error) => !filled.has(error.var));
}

/** The vars this submission sends (what the consent screen lists and the echo names). */
export function goingFields(step: RegistrationStep, values: FormValues, useProfile: boolean) {
  return step.form ? sentVars(step.form, effectiveValues(step, values, useProfile)) : [];
}

/** A field's label as the service gives it (text), or its var when it gives none. */
export function fieldLabel(form: DataForm | undefined, name: string): string {
  const field = form?.fields.find((f) => f.var === name);
  return field?.label ?? name;
}

/**
 * The values to keep after a stage was answered: none once anything was sent (the renderer
 * never keeps an ID number after submission), all of them when nothing left (a local refusal,
 * or the service refusing a field: the person corrects it in place).
 */
export function valuesAfter(step: RegistrationStep, before: FormValues): FormValues {
  return step.sent && step.fieldErrors.length === 0 ? {} : before;
}
