import type { BindingCase } from "../case.js";
import { OLD_SECRET, openContext, SECRET } from "../context.js";
import { cookieNamed, tokenPart, viewOf } from "./support.js";

export const rotationCases: readonly BindingCase[] = [
  {
    id: "binding/rotated-secret",
    async run({ harness, expect }) {
      const { client: before, restart } = await openContext(harness, { secret: OLD_SECRET });
      const oldValue = cookieNamed(await before.get("/session/set?key=a&value=1")).value;

      const rotated = await restart({ secret: [SECRET, OLD_SECRET] });
      for (const [name, value] of before.cookies) rotated.cookies.set(name, value);
      const response = await rotated.get("/session");
      expect(viewOf(response).data).toEqual({ a: "1" });
      const reissued = cookieNamed(response).value;
      expect(tokenPart(reissued)).toBe(tokenPart(oldValue));
      expect(reissued).not.toBe(oldValue);

      // Once the old secret is dropped, the re-issued cookie still works and the old one no longer does.
      const after = await restart({ secret: SECRET });
      const current = await after.get("/session", { headers: { cookie: `sid=${reissued}` } });
      expect(viewOf(current).data).toEqual({ a: "1" });
      const stale = await after.get("/session", { headers: { cookie: `sid=${oldValue}` } });
      expect(viewOf(stale).isNew).toBe(true);
    },
  },
];
