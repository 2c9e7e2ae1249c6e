/**
 * Local checks of real-name registration fields (name, identity number, mobile number), shared
 * by the client, which checks before anything leaves the machine, and the registry service, which
 * checks again whatever any client sends. Pure: no Node, no DOM.
 */
export { calendarDayOf, type CalendarDay } from './calendar';
export {
  checkIdNumber,
  EARLIEST_BIRTH_YEAR,
  ID_NUMBER_LENGTH,
  idCheckCharacter,
  maskIdNumber,
  type IdNumberOptions,
  type IdNumberProblem,
} from './idNumber';
export { maskTail, SHOWN_CHARACTERS } from './mask';
export { checkMobile, maskMobile, MOBILE_LENGTH, type MobileProblem } from './mobile';
export { normalizeInput, type Normalized } from './normalize';
export {
  checkPersonName,
  NAME_MAX_LENGTH,
  NAME_MIN_LENGTH,
  type PersonNameProblem,
} from './personName';
export { isKnownRegion } from './region';
export type { Change, CheckResult, NormalizeProblem } from './result';

import type { IdNumberProblem } from './idNumber';
import type { MobileProblem } from './mobile';
import type { PersonNameProblem } from './personName';

/** Every code a real-name check may refuse with, for the UI's table of messages. */
export type RealNameProblem = IdNumberProblem | MobileProblem | PersonNameProblem;
