/**
 * Development only: this value is public (it is in the repository), so anyone could forge
 * session cookies signed with it. Production must set SESSION_SECRET.
 */
export const DEVELOPMENT_SECRET = "development-only-secret--set-SESSION_SECRET-in-production";

/**
 * The signing secret(s): as given, else `SESSION_SECRET`, else the development secret. A list
 * rotates: the first signs new cookies, all of them verify existing ones.
 */
export function resolveSecret(
  secret: string | readonly string[] | undefined,
): string | readonly string[] {
  const chosen = secret ?? process.env.SESSION_SECRET;
  if (chosen) return chosen;
  if (process.env.NODE_ENV === "production") {
    throw new Error("SESSION_SECRET is not set: generate one with `openssl rand -base64 48`.");
  }
  return DEVELOPMENT_SECRET;
}
