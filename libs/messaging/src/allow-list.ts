/**
 * The public fields of a published payload, checked against its schema type: every field of `T` must be
 * listed, and nothing else may be. `true` publishes a scalar field; an object field lists its own public
 * fields; an array field is described by its elements.
 */
export type AllowList<T> = { [Field in keyof T]-?: FieldRule<NonNullable<T[Field]>> };

type FieldRule<Value> = Value extends readonly (infer Element)[]
  ? FieldRule<Element>
  : Value extends object
    ? AllowList<Value>
    : true;

type AnyAllowList = { readonly [field: string]: true | AnyAllowList };

/**
 * Copies only the allowed fields of `value`, recursively. Anything not listed — a field added to an event
 * later, a secret, an object where a scalar belongs — is left out, so publishing fails closed.
 */
export function pickAllowed<T>(value: object, allowList: AllowList<T>): Partial<T> {
  return pickObject(value, allowList as AnyAllowList) as Partial<T>;
}

type Rules = ReadonlyArray<readonly [field: string, rule: true | AnyAllowList]>;

/** Each allow-list's entries, listed once: the relay picks every event it publishes, and listing them was its hot spot. */
const rulesByAllowList = new WeakMap<AnyAllowList, Rules>();

function rulesOf(allowList: AnyAllowList): Rules {
  let rules = rulesByAllowList.get(allowList);
  if (!rules) {
    rules = Object.entries(allowList);
    rulesByAllowList.set(allowList, rules);
  }
  return rules;
}

function pickObject(value: object, allowList: AnyAllowList): Record<string, unknown> {
  // Read by name: only the allow-list's own fields, whatever type the value was declared with.
  const fields = value as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const [field, rule] of rulesOf(allowList)) {
    if (!Object.hasOwn(fields, field)) continue;
    const fieldValue = pickValue(fields[field], rule);
    if (fieldValue !== undefined) picked[field] = fieldValue;
  }
  return picked;
}

function pickValue(value: unknown, rule: true | AnyAllowList): unknown {
  if (value === null) return null;
  if (Array.isArray(value))
    return value.map((element) => pickValue(element, rule)).filter((element) => element !== undefined);
  if (typeof value === 'object') return rule === true ? undefined : pickObject(value, rule);
  return rule === true ? value : undefined;
}
