/**
 * Checks a suite's `skip` option when the suite is registered: every id must name a case of the
 * suite's catalogue (a typo would otherwise skip nothing, silently) and every reason must say
 * something (the report shows it).
 */
export function validateSkips(
  suite: string,
  catalogue: Readonly<Record<string, string>>,
  skip: Readonly<Record<string, string | undefined>> | undefined,
): void {
  for (const [id, reason] of Object.entries(skip ?? {})) {
    if (!Object.hasOwn(catalogue, id)) {
      throw new TypeError(`${suite}: skip names an unknown case id "${id}"`);
    }
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new TypeError(`${suite}: skip of "${id}" needs a reason`);
    }
  }
}
