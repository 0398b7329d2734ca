import { accessTokensProjection } from '../../projections/access-tokens';
import { auditProjection } from '../../projections/audit';
import { dossiersProjection } from '../../projections/dossiers';
import { orgHistoryProjection } from '../../projections/org-history';
import { organizationsProjection } from '../../projections/organizations';
import type { Projection } from '../../projections/projection';
import { quotasProjection } from '../../projections/quotas';

/** Every read model the API process keeps, in the order the runner applies them (the timers keep their own). */
export const ALL_PROJECTIONS: Projection[] = [
  organizationsProjection,
  orgHistoryProjection,
  accessTokensProjection,
  dossiersProjection,
  quotasProjection,
  auditProjection,
];
