import { accessTokensProjection } from '../../projections/access-tokens';
import { organizationsProjection } from '../../projections/organizations';
import type { Projection } from '../../projections/projection';

/** Every read model the application keeps, in the order the runner applies them. */
export const ALL_PROJECTIONS: Projection[] = [organizationsProjection, accessTokensProjection];
