/**
 * The form for a dossier's next step: the choices are the dossier's `allowed` events, the fields those of the chosen
 * event (event-forms.ts). It sends the revision it was drawn from (If-Match), so a dossier changed meanwhile is
 * reloaded rather than overwritten, and an Idempotency-Key that stays the same while the body does, so a repeated
 * submit records once. A refusal is shown as the server gives it: the rule and its Vietnamese message.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Dossier, type StepResult } from '../api';
import { ProblemMessage } from '../components/status';
import { applies, emptyValues, EVENT_FORMS, eventBody, type FieldSpec, type FormValue, type FormValues } from '../event-forms';
import { useI18n, type LabelKind } from '../i18n';
import { todayInVietnam } from './screen';

export function StepForm({ dossier, onRecorded, onConflict }: { dossier: Dossier; onRecorded(result: StepResult): void; onConflict(): void }) {
  const { t, label } = useI18n();
  const allowed = dossier.allowed.filter((type) => EVENT_FORMS[type]);
  const [type, setType] = useState('');
  const [occurredOn, setOccurredOn] = useState(todayInVietnam());
  const [values, setValues] = useState<FormValues>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState('');
  const lastAttempt = useRef<{ body: string; key: string } | undefined>(undefined);

  useEffect(() => {
    if (type && !allowed.includes(type)) setType('');
  }, [dossier.revision]);

  if (allowed.length === 0) return <p>{t('noStepAllowed')}</p>;

  const choose = (next: string) => {
    setType(next);
    setValues(next ? emptyValues(EVENT_FORMS[next]) : {});
    setError(undefined);
    setNotice('');
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!type) return;
    const body = eventBody(type, occurredOn, values);
    const json = JSON.stringify(body);
    if (lastAttempt.current?.body !== json) lastAttempt.current = { body: json, key: randomKey() };
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      const result = await api.record(dossier.id, body, dossier.revision, lastAttempt.current.key);
      setNotice(t('recorded', { step: label('event', type), state: label('state', result.state) }));
      setType('');
      setValues({});
      lastAttempt.current = undefined;
      onRecorded(result);
    } catch (caught) {
      const problem = caught instanceof ApiError ? caught : new ApiError({ status: 0, code: 'CLIENT', detail: String(caught) });
      setError(problem);
      if (problem.problem.code === 'REVISION_CONFLICT') onConflict();
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = new Map((error?.problem.errors ?? []).map((e) => [e.field, e.message]));
  return (
    <form class="step-form stacked" onSubmit={submit} aria-describedby="step-outcome">
      <label for="step-type">{t('chooseStep')}</label>
      <select id="step-type" required value={type} onChange={(e) => choose(e.currentTarget.value)}>
        <option value="">{t('chooseStepPlaceholder')}</option>
        {allowed.map((a) => (
          <option key={a} value={a}>
            {label('event', a)}
          </option>
        ))}
      </select>
      {type && (
        <>
          <label for="step-occurred-on">
            {label('field', 'occurredOn')} <span class="muted">({t('required')})</span>
          </label>
          <input id="step-occurred-on" type="date" required value={occurredOn} onInput={(e) => setOccurredOn(e.currentTarget.value)} />
          <Fields fields={EVENT_FORMS[type]} values={values} path={[]} errors={fieldErrors} onChange={setValues} />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('recording') : t('record')}
          </button>
        </>
      )}
      <div id="step-outcome" aria-live="polite">
        {notice && <p class="success">{notice}</p>}
        {error && <StepRefusal error={error} />}
      </div>
    </form>
  );
}

function StepRefusal({ error }: { error: ApiError }) {
  const { t, label } = useI18n();
  const p = error.problem;
  let lead: string | undefined;
  if (p.code === 'TRANSITION_NOT_ALLOWED') lead = t('refusedTransition', { allowed: (p.allowed ?? []).map((a) => label('event', a)).join(', ') });
  else if (p.code === 'REVISION_CONFLICT') lead = t('refusedConflict');
  else if (p.code === 'VALIDATION_FAILED') lead = t('refusedValidation');
  else if (p.code === 'FORBIDDEN') lead = t('refusedForbidden');
  return (
    <div class="step-refusal" data-code={p.code} data-rule={p.rule}>
      {lead && <p>{lead}</p>}
      <ProblemMessage error={error} />
    </div>
  );
}

/** An idempotency key; crypto.getRandomValues works on plain-http intranet addresses too (randomUUID does not). */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface FieldsProps {
  fields: FieldSpec[];
  values: FormValues;
  /** names from the form's root: ids and the server's error paths ("sponsors.0.fullName") follow it */
  path: (string | number)[];
  errors: Map<string, string>;
  onChange(values: FormValues): void;
}

function Fields({ fields, values, path, errors, onChange }: FieldsProps) {
  const set = (name: string, value: FormValue) => onChange({ ...values, [name]: value });
  return (
    <>
      {fields
        .filter((field) => applies(field, values))
        .map((field) => (
          <FieldInput key={field.name} field={field} value={values[field.name]} path={[...path, field.name]} errors={errors} onChange={(v) => set(field.name, v)} />
        ))}
    </>
  );
}

function FieldInput({ field, value, path, errors, onChange }: { field: FieldSpec; value: FormValue | undefined; path: (string | number)[]; errors: Map<string, string>; onChange(value: FormValue): void }) {
  const { t, label } = useI18n();
  const id = `f-${path.join('-')}`;
  const errorPath = path.join('.');
  const error = errors.get(errorPath);
  const errorId = error ? `${id}-error` : undefined;
  // Lists may be empty (no relatives); their content is judged by the workflow's rules, so no required/optional mark.
  const arrayField = field.type === 'list' || field.type === 'choices';
  const caption = (
    <>
      {label('field', field.name)} {!arrayField && <span class="muted">({field.required ? t('required') : t('optional')})</span>}
    </>
  );
  const message = error && (
    <span id={errorId} class="field-error" lang="en">
      {error}
    </span>
  );
  const str = typeof value === 'string' ? value : '';
  const common = { id, required: field.required, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': errorId };

  switch (field.type) {
    case 'text':
      return (
        <>
          <label for={id}>{caption}</label>
          {field.multiline ? (
            <textarea {...common} maxLength={field.maxLength} rows={3} value={str} onInput={(e) => onChange(e.currentTarget.value)} />
          ) : (
            <input {...common} type="text" maxLength={field.maxLength} value={str} onInput={(e) => onChange(e.currentTarget.value)} />
          )}
          {message}
        </>
      );
    case 'date':
      return (
        <>
          <label for={id}>{caption}</label>
          <input {...common} type="date" value={str} onInput={(e) => onChange(e.currentTarget.value)} />
          {message}
        </>
      );
    case 'integer':
      return (
        <>
          <label for={id}>{caption}</label>
          <input {...common} type="number" inputMode="numeric" min={field.min} max={field.max} step={1} value={str} onInput={(e) => onChange(e.currentTarget.value)} />
          {message}
        </>
      );
    case 'orgId':
      return (
        <>
          <label for={id}>{caption}</label>
          <input {...common} type="text" pattern="[a-z0-9\-]{1,64}" value={str} onInput={(e) => onChange(e.currentTarget.value)} />
          {message}
        </>
      );
    case 'yesNo':
    case 'choice': {
      const options = field.type === 'yesNo' ? ['true', 'false'] : field.options;
      const optionLabel = (o: string) => (field.type === 'yesNo' ? (o === 'true' ? t('yes') : t('no')) : label(field.labels as LabelKind, o));
      return (
        <>
          <label for={id}>{caption}</label>
          <select {...common} value={str} onChange={(e) => onChange(e.currentTarget.value)}>
            {(!field.required || field.type === 'yesNo') && <option value="">—</option>}
            {options.map((o) => (
              <option key={o} value={o}>
                {optionLabel(o)}
              </option>
            ))}
          </select>
          {message}
        </>
      );
    }
    case 'choices': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset aria-describedby={errorId}>
          <legend>{caption}</legend>
          {field.options.map((o) => (
            <label key={o} class="check">
              <input
                type="checkbox"
                checked={chosen.includes(o)}
                onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
              />{' '}
              {label(field.labels as LabelKind, o)}
            </label>
          ))}
          {message}
        </fieldset>
      );
    }
    case 'group':
      return (
        <fieldset>
          <legend>{caption}</legend>
          <Fields fields={field.fields} values={(value as FormValues) ?? {}} path={path} errors={errors} onChange={onChange} />
        </fieldset>
      );
    case 'list': {
      const items = Array.isArray(value) ? (value as FormValues[]) : [];
      return (
        <fieldset>
          <legend>{caption}</legend>
          {items.map((item, i) => (
            <fieldset key={i} class="list-item">
              <legend>
                {label('field', field.name)} {i + 1}
              </legend>
              <Fields fields={field.item} values={item} path={[...path, i]} errors={errors} onChange={(v) => onChange(items.map((old, j) => (j === i ? v : old)))} />
              <button type="button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
                {t('removeItem')} {label('field', field.name)} {i + 1}
              </button>
            </fieldset>
          ))}
          {items.length < field.maxItems && (
            <button type="button" onClick={() => onChange([...items, emptyValues(field.item)])}>
              {t('addItem')}: {label('field', field.name)}
            </button>
          )}
          {message}
        </fieldset>
      );
    }
  }
}
