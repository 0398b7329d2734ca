/**
 * The organisation tree of the token's scope, loaded a level at a time (GET /organizations/{id} gives the children).
 * Plain nested lists of links and expand buttons: every node is reached with Tab, opened with Enter or Space.
 * The branch down to the selected organisation opens by itself.
 */
import { useEffect, useState } from 'preact/hooks';
import type { OrgSummary } from '../api';
import { useI18n } from '../i18n';
import { loadOrg, useOrg } from '../orgs';
import { Link } from '../router';

interface TreeProps {
  selectedId: string;
  /** ids from the root down to the selected organisation */
  openPath: string[];
  hrefFor(orgId: string): string;
}

export function OrgTree({ rootId, ...props }: TreeProps & { rootId: string }) {
  const root = useOrg(rootId);
  const { t } = useI18n();
  if (!root) return <p>{t('loading')}</p>;
  return (
    <ul class="org-tree">
      <TreeNode org={root} depth={0} {...props} />
    </ul>
  );
}

function TreeNode({ org, depth, selectedId, openPath, hrefFor }: TreeProps & { org: OrgSummary; depth: number }) {
  const { t, label } = useI18n();
  const onPath = openPath.includes(org.id);
  const [open, setOpen] = useState(depth === 0 || onPath);
  const [children, setChildren] = useState<OrgSummary[]>();
  useEffect(() => {
    if (onPath) setOpen(true);
  }, [onPath]);
  useEffect(() => {
    if (!open || children) return;
    let live = true;
    loadOrg(org.id).then(
      (found) => live && setChildren(found.children),
      () => live && setChildren([]),
    );
    return () => void (live = false);
  }, [open, children, org.id]);
  const leaf = org.kind === 'cell' || (children !== undefined && children.length === 0);
  const selected = org.id === selectedId;
  return (
    <li>
      <div class={selected ? 'node selected' : 'node'}>
        {leaf ? (
          <span class="toggle-space" aria-hidden="true" />
        ) : (
          <button
            type="button"
            class="toggle"
            aria-expanded={open ? 'true' : 'false'}
            aria-label={`${open ? t('collapse') : t('expand')}: ${org.name}`}
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        )}
        <Link href={hrefFor(org.id)} aria-current={selected ? 'page' : undefined} data-org={org.id}>
          {org.name}
        </Link>
        <span class="kind">{label('orgKind', org.kind)}</span>
      </div>
      {open && children && children.length > 0 && (
        <ul>
          {children.map((child) => (
            <TreeNode key={child.id} org={child} depth={depth + 1} selectedId={selectedId} openPath={openPath} hrefFor={hrefFor} />
          ))}
        </ul>
      )}
    </li>
  );
}
