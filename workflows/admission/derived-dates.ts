/**
 * Dates that follow from the recorded ones. Each period is measured under the rule set of the act that starts it
 * (the certificate's issue, the ceremony), so a later change of rules does not move a date already running.
 */
import { addDays, IsoDate } from '../calendar';
import { AdmissionContext, currentCertificate } from './context';
import type { DossierState } from './dossier';
import { addMonthsUnder, rulesOn, wholeMonthsUnder } from './rule-sets';

/**
 * R-CERT: the certificate is valid on every day before the 60-month anniversary of its issue
 * (issued 2019-01-10 → anniversary 2024-01-10 → last valid day 2024-01-09).
 */
export function certificateLastValidDay(issuedOn: IsoDate): IsoDate {
  const rules = rulesOn(issuedOn);
  return addDays(addMonthsUnder(rules, issuedOn, rules.certificateValidityMonths), -1);
}

/** Probation lasts 12 months from the ceremony (Điều lệ Đảng, Điều 5): ceremony 2023-09-20 → 2024-09-20. */
export function probationEndsOn(context: AdmissionContext): IsoDate | null {
  if (context.ceremonyOn === null) return null;
  const rules = rulesOn(context.ceremonyOn);
  return addMonthsUnder(rules, context.ceremonyOn, rules.probationMonths);
}

/** The `dates` object of GET /dossiers/{id} (api.md); null where the act has not happened. */
export interface DossierDates {
  nominatedOn: IsoDate;
  certificateIssuedOn: IsoDate | null;
  admissionDecidedOn: IsoDate | null;
  ceremonyOn: IsoDate | null;
  probationEndsOn: IsoDate | null;
  /** recognition is back-dated: an official member is official from the end of probation, not from the decision */
  officialFrom: IsoDate | null;
}

export function datesOf(state: DossierState): DossierDates {
  const { context } = state;
  const endsOn = probationEndsOn(context);
  return {
    nominatedOn: context.nominatedOn,
    certificateIssuedOn: currentCertificate(context)?.issuedOn ?? null,
    admissionDecidedOn: context.admission?.decidedOn ?? null,
    ceremonyOn: context.ceremonyOn,
    probationEndsOn: endsOn,
    officialFrom: context.recognition !== null ? endsOn : null,
  };
}

/**
 * Party age (tuổi đảng) counts from the date of the admission decision (`AdmissionDecided.occurredOn`), and only for a
 * member who became official; null otherwise. Whole months on `on`, under the month-end rule of the decision's date.
 * Interruptions of membership are not modelled here (they would be events of a member's record, not of a dossier).
 */
export function partyAgeMonths(state: DossierState, on: IsoDate): number | null {
  const { admission, recognition } = state.context;
  if (admission === null || recognition === null || on < admission.decidedOn) return null;
  return wholeMonthsUnder(rulesOn(admission.decidedOn), admission.decidedOn, on);
}
