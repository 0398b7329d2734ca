/**
 * The admission workflow, machine version 1: the shape of the journey of domain.md as an XState v5 state machine.
 *
 * The machine knows which events each state accepts and where they lead; it does not judge the rules (age, votes,
 * deadlines…): `decide` runs those checks before an event is accepted, so folding an accepted history never depends on
 * `today` and never fails. Guards here only route: a passed vote moves on, a failed one stays.
 *
 * Top-level states are the stages of the API (`stageOf` is the first segment of the state value). Sub-states name what
 * the dossier waits for next. The preparation of the background-check stage (2-KNĐ … 5-KNĐ and the verification) may
 * happen in any order, as it does in practice; after each of those events a transient `routing` state moves the dossier
 * to the first item still missing, in the order of the forms, so `backgroundCheck.sponsors` reads "waiting for sponsors".
 * The cell vote is accepted in every preparation sub-state so that a premature vote is refused by R-ORDER with the list
 * of what is missing, rather than by a bare "not allowed".
 *
 * Never edit this machine once dossiers are pinned to it: a changed shape is machine version 2, registered beside it.
 */
import { assign, setup } from 'xstate';
import { AdmissionContext, inconclusiveInARow, openContext, recordEvent } from './context';
import type { AdmissionEvent, CandidateNominated } from './events';
import { rulesOn } from './rule-sets';
import { cellVotePassed, recognitionOutcome } from './voting';

const record = { actions: 'record' } as const;

export const admissionMachineV1 = setup({
  types: {
    context: {} as AdmissionContext,
    events: {} as AdmissionEvent,
    input: {} as CandidateNominated,
  },
  actions: {
    record: assign(({ context, event }) => recordEvent(context, event)),
    markEscalated: assign({ escalatedOn: ({ event }) => event.occurredOn }),
  },
  guards: {
    historyMissing: ({ context }) => context.personalHistory === null,
    verificationMissing: ({ context }) => context.checkConclusion?.result !== 'pass',
    sponsorsMissing: ({ context }) => context.sponsors === null,
    opinionsMissing: ({ context }) => context.opinionsCollectedOn === null,
    checkFailed: ({ event }) => event.type === 'BackgroundCheckConcluded' && event.result === 'fail',
    cellVotePassed: ({ event }) => event.type === 'CellAdmissionVoteHeld' && cellVotePassed(event),
    grassrootsApproved: ({ event }) => event.type === 'GrassrootsCommitteeResolved' && event.approve,
    recognitionPassed: ({ event }) => event.type === 'RecognitionVoteHeld' && recognitionOutcome(event) === 'recognise',
    removalPassed: ({ event }) => event.type === 'RecognitionVoteHeld' && recognitionOutcome(event) === 'remove',
    // R-DEADLOCK: this inconclusive vote is the n-th in a row.
    deadlockReached: ({ context, event }) =>
      event.type === 'RecognitionVoteHeld' &&
      recognitionOutcome(event) === 'inconclusive' &&
      inconclusiveInARow(context) + 1 >= rulesOn(event.occurredOn).deadlockVotes,
  },
}).createMachine({
  id: 'admission',
  context: ({ input }) => openContext(input),
  initial: 'nominated',
  states: {
    nominated: {
      on: {
        ReadmissionConsented: record,
        AwarenessClassEnrolled: { target: 'awarenessClass', ...record },
        CandidateDropped: { target: 'dropped', ...record },
        CandidateWithdrawn: { target: 'withdrawn', ...record },
        DossierTransferred: record,
      },
    },
    awarenessClass: {
      initial: 'enrolled',
      on: {
        ReadmissionConsented: record,
        CandidateDropped: { target: 'dropped', ...record },
        CandidateWithdrawn: { target: 'withdrawn', ...record },
        DossierTransferred: record,
      },
      states: {
        enrolled: {
          on: { AwarenessCertificateIssued: { target: 'certified', ...record } },
        },
        certified: {
          on: {
            ApplicationSubmitted: { target: '#admission.backgroundCheck', ...record },
            // A lapsed certificate: the candidate attends a new class (R-CERT refuses this while it is valid).
            AwarenessClassEnrolled: { target: 'enrolled', ...record },
          },
        },
      },
    },
    backgroundCheck: {
      initial: 'routing',
      on: {
        // R-READMIT: the provincial consent, at any point before the decision. Added after dossiers were pinned to v1:
        // purely additive (no stored history holds the event), so every stored history folds as before.
        ReadmissionConsented: record,
        CandidateDropped: { target: 'dropped', ...record },
        CandidateWithdrawn: { target: 'withdrawn', ...record },
        DossierTransferred: record,
      },
      states: {
        routing: {
          always: [
            { guard: 'historyMissing', target: 'personalHistory' },
            { guard: 'verificationMissing', target: 'verification' },
            { guard: 'sponsorsMissing', target: 'sponsors' },
            { guard: 'opinionsMissing', target: 'opinions' },
            { target: 'cellVote' },
          ],
        },
        personalHistory: { on: preparationEvents() },
        verification: { on: preparationEvents() },
        sponsors: { on: preparationEvents() },
        opinions: { on: preparationEvents() },
        // Everything is in: the cell may vote. A failed vote is recorded and the dossier stays here (R-ORDER).
        cellVote: { on: preparationEvents() },
        grassrootsResolution: {
          on: {
            // R-T-DECIDE runs from the cell's passed vote, so the competent committee may extend it from then on
            // (additive: a self-transition no stored history holds).
            DecisionDeadlineExtended: record,
            GrassrootsCommitteeResolved: [
              { guard: 'grassrootsApproved', target: 'awaitingDecision', ...record },
              // ASSUMPTION: a grassroots committee that does not approve sends the dossier back to the cell, which may
              // vote again later or drop the candidate; it does not end the dossier.
              { target: 'routing', ...record },
            ],
          },
        },
        awaitingDecision: {
          on: {
            AdmissionDecided: { target: '#admission.admitted', ...record },
            AdmissionRejected: { target: '#admission.rejected', ...record },
            DecisionDeadlineExtended: record,
          },
        },
      },
    },
    admitted: {
      on: {
        AdmissionCeremonyHeld: { target: 'probationary', ...record },
        CeremonyDelayApproved: record,
        // ASSUMPTION: before the ceremony the candidate can still withdraw; the cell can no longer drop the candidate
        // on its own (the admission decision belongs to the competent committee).
        CandidateWithdrawn: { target: 'withdrawn', ...record },
        DossierTransferred: record,
      },
    },
    probationary: {
      initial: 'theoryClass',
      on: {
        // The competent committee may remove a probationary member at any point of the probation (xóa tên).
        ProbationaryMemberRemoved: { target: 'removed', ...record },
        DossierTransferred: record,
      },
      states: {
        // Waiting for the new-member theory class; a vote here is refused by R-ORDER.
        theoryClass: {
          on: {
            TheoryClassCompleted: { target: 'review', ...record },
            RecognitionVoteHeld: record,
          },
        },
        // Waiting for the cell's recognition vote (possible from probationEndsOn, R-ORDER; due by R-T-REVIEW).
        review: {
          on: {
            RecognitionVoteHeld: [
              { guard: 'recognitionPassed', target: 'awaitingRecognition', ...record },
              { guard: 'removalPassed', target: 'awaitingRemoval', ...record },
              { guard: 'deadlockReached', target: 'recognitionEscalated', ...record },
              record,
            ],
          },
        },
        awaitingRecognition: {
          on: {
            // 15-KNĐ. Added after dossiers were pinned to v1: purely additive (no stored history holds this event, so
            // every stored history folds as before); the rules require it from `recognitionResolutionRequiredFrom`.
            GrassrootsRecognitionResolved: { target: 'recognitionResolved', ...record },
            OfficialMembershipRecognized: { target: '#admission.official', ...record },
            DecisionDeadlineExtended: record,
          },
        },
        // The grassroots committee has resolved (for or against); the competent committee decides either way.
        recognitionResolved: {
          on: {
            OfficialMembershipRecognized: { target: '#admission.official', ...record },
            DecisionDeadlineExtended: record,
          },
        },
        // The cell voted for removal; the competent committee decides (it may still recognise).
        awaitingRemoval: {
          on: { OfficialMembershipRecognized: { target: '#admission.official', ...record } },
        },
        // R-DEADLOCK ("RecognitionEscalated"): three inconclusive votes; the competent committee decides. A further
        // vote is accepted by the shape only so that R-DEADLOCK can refuse it by name.
        recognitionEscalated: {
          entry: 'markEscalated',
          on: {
            OfficialMembershipRecognized: { target: '#admission.official', ...record },
            RecognitionVoteHeld: record,
          },
        },
      },
    },
    official: { type: 'final' },
    rejected: { type: 'final' },
    dropped: { type: 'final' },
    withdrawn: { type: 'final' },
    removed: { type: 'final' },
  },
});

/** The events of the preparation sub-states; each goes back through `routing` to the first item still missing. */
function preparationEvents() {
  return {
    PersonalHistoryDeclared: { target: 'routing', ...record },
    BackgroundCheckRequested: { target: 'routing', ...record },
    BackgroundCheckConcluded: [
      { guard: 'checkFailed', target: '#admission.dropped', ...record },
      { target: 'routing', ...record },
    ],
    SponsorsAssigned: { target: 'routing', ...record },
    MassOrganizationOpinionsCollected: { target: 'routing', ...record },
    CellAdmissionVoteHeld: [
      { guard: 'cellVotePassed', target: 'grassrootsResolution', ...record },
      { target: 'routing', ...record },
    ],
    // A lapsed certificate: back to the awareness class (R-CERT refuses this while the certificate is valid).
    AwarenessClassEnrolled: { target: '#admission.awarenessClass', ...record },
  } as const;
}

export type AdmissionMachine = typeof admissionMachineV1;
