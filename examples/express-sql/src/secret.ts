/**
 * Development only: this value is public (it is in the repository), so anyone could forge
 * session cookies signed with it. Production must set SESSION_SECRET.
 */
export const DEVELOPMENT_SECRET = "development-only-secret--set-SESSION_SECRET-in-production";

/** The signing secret: as given, else `SESSION_SECRET`, else the development secret. */
export function resolveSecret(secret: string | undefined): string {
  const chosen = secret ?? process.env.SESSION_SECRET;
  if (chosen) return chosen;
  if (process.env.NODE_ENV === "production") {
    throw new Error("SESSION_SECRET is not set: generate one with `openssl rand -base64 48`.");
  }
  return DEVELOPMENT_SECRET;
}
