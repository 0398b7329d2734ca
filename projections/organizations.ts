/**
 * The organisation tree with materialised paths (`/central/bd/khoi-dn/vsip/`), so "is X in the subtree of Y" and
 * "everything under Y" are prefix matches. Moves re-root the moved node's whole subtree. Succession marks the
 * predecessor; re-homing what it held follows with the read side's restructuring work.
 */
import type { Projection, ProjectedEvent, Row, RowChange, RowReader } from './projection';

export const ORG_TABLE = 'org_nodes';

export const organizationsProjection: Projection = {
  name: 'organizations',
  version: 3,
  tables: [
    {
      name: ORG_TABLE,
      columns: {
        id: 'TEXT',
        name: 'TEXT',
        kind: 'TEXT',
        parent_id: 'TEXT',
        path: 'TEXT',
        authorised_to_admit: 'INTEGER',
        successor_id: 'TEXT',
        succeeded_on: 'TEXT',
        /** the effective date of its last move, if it moved */
        since: 'TEXT',
        /** the founding date, when the creation recorded one */
        founded_on: 'TEXT',
      },
      key: ['id'],
      indexes: [['parent_id'], ['path']],
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
        const parent = parentId ? rows.get(ORG_TABLE, { id: parentId }) : undefined;
        const path = `${parent ? String(parent.path) : '/'}${id}/`;
        return [
          {
            table: ORG_TABLE,
            upsert: {
              id,
              name,
              kind,
              parent_id: parentId ?? null,
              path,
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
        const parent = rows.get(ORG_TABLE, { id: newParent });
        if (!node || !parent) return [];
        return repath(rows, { ...node, parent_id: newParent, since: effectiveOn }, `${String(parent.path)}${id}/`);
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

/** The node with its new path, and every descendant with the path rewritten under it. */
function repath(rows: RowReader, node: Row, path: string): RowChange[] {
  const changes: RowChange[] = [{ table: ORG_TABLE, upsert: { ...node, path } }];
  for (const child of rows.where(ORG_TABLE, 'parent_id', node.id)) {
    changes.push(...repath(rows, child, `${path}${String(child.id)}/`));
  }
  return changes;
}
