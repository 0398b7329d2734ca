/**
 * What is known of each organisation: name, kind, authorisation, founding date, the parent and the effective date
 * of its last recorded move, and its succession. Where an organisation sits on a given day — the tree that scope
 * checks and answers follow — is org-history.ts's (a move or succession counts from its effective date only).
 */
import type { Projection, ProjectedEvent, RowChange, RowReader } from './projection';

export const ORG_TABLE = 'org_nodes';

export const organizationsProjection: Projection = {
  name: 'organizations',
  version: 4,
  tables: [
    {
      name: ORG_TABLE,
      columns: {
        id: 'TEXT',
        name: 'TEXT',
        kind: 'TEXT',
        /** the parent at creation or by the last recorded move (not the tree of a day: see org-history.ts) */
        parent_id: 'TEXT',
        authorised_to_admit: 'INTEGER',
        successor_id: 'TEXT',
        succeeded_on: 'TEXT',
        /** the effective date of its last move, if it moved */
        since: 'TEXT',
        /** the founding date, when the creation recorded one */
        founded_on: 'TEXT',
      },
      key: ['id'],
      indexes: [['parent_id']],
    },
  ],
  apply(event: ProjectedEvent, rows: RowReader): RowChange[] {
    switch (event.type) {
      case 'OrganizationCreated': {
        const { id, name, kind, parentId, authorisedToAdmit, foundedOn } = event.data as {
          id: string;
          name: string;
          kind: string;
          parentId?: string;
          authorisedToAdmit?: boolean;
          foundedOn?: string;
        };
        return [
          {
            table: ORG_TABLE,
            upsert: {
              id,
              name,
              kind,
              parent_id: parentId ?? null,
              authorised_to_admit: authorisedToAdmit ? 1 : 0,
              successor_id: null,
              succeeded_on: null,
              since: null,
              founded_on: foundedOn ?? null,
            },
          },
        ];
      }
      case 'OrganizationMoved': {
        const { id, newParent, effectiveOn } = event.data as { id: string; newParent: string; effectiveOn: string };
        const node = rows.get(ORG_TABLE, { id });
        if (!node || !rows.get(ORG_TABLE, { id: newParent })) return [];
        return [{ table: ORG_TABLE, upsert: { ...node, parent_id: newParent, since: effectiveOn } }];
      }
      case 'OrganizationSucceeded': {
        const { predecessor, successor, effectiveOn } = event.data as { predecessor: string; successor: string; effectiveOn: string };
        const node = rows.get(ORG_TABLE, { id: predecessor });
        if (!node) return [];
        return [{ table: ORG_TABLE, upsert: { ...node, successor_id: successor, succeeded_on: effectiveOn } }];
      }
      default:
        return [];
    }
  },
};
