/**
 * Localized text for a field's problem, naming the field. A code means different things for
 * different kinds of field ('length' of an ID number is not that of a name), so the kind's own
 * text is tried first, then the realname code, then the generic data-form text.
 */
import type { TFunction } from 'i18next';
import type { IdentityKind } from '../../../shared/realnameFields';

/** The catalog keys tried, most specific first. */
export function problemKeys(kind: IdentityKind | undefined, problem: string): string[] {
  return [
    ...(kind ? [`realname.problem.${kind}.${problem}`] : []),
    `realname.problem.any.${problem}`,
    `form.problem.${problem}`,
  ];
}

export function problemText(
  t: TFunction,
  kind: IdentityKind | undefined,
  problem: string,
  field: string,
): string {
  const text = t(problemKeys(kind, problem), {
    field,
    defaultValue: t('realname.problem.unknown', { field }),
  });
  // A generic data-form text does not name the field: put its label in front.
  return text.includes(field) ? text : t('realname.problem.named', { field, text });
}
