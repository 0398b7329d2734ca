/** A labelled drop-down, the filters' building block: a value, its options with their labels, a change handler. */
export function Choice({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange(value: string): void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** A screen's heading: what it shows, for which organisation. */
export function ScreenHeading({ title, orgName }: { title: string; orgName: string }) {
  return (
    <h1>
      {title} — {orgName}
    </h1>
  );
}
