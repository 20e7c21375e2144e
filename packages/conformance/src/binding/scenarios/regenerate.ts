import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { cookieNamed, tokenPart, viewOf } from "./support.js";

export const regenerateCases: readonly BindingCase[] = [
  {
    id: "binding/regenerate",
    async run({ harness, expect }) {
      const { client, base } = await openContext(harness);
      const written = await client.get("/session/set?key=a&value=1");
      const old = cookieNamed(written).value;
      const oldId = viewOf(written).id;
      const stale = client.fork();

      const regenerated = await client.get("/session/regenerate");
      const fresh = cookieNamed(regenerated).value;
      expect(tokenPart(fresh)).not.toBe(tokenPart(old));
      const after = viewOf(await client.get("/session"));
      expect(after.id).not.toBe(oldId);
      expect(after.data).toEqual({ a: "1" });
      // The old id holds at most the regeneration's short-lived tombstone: no user, no data.
      const replaced = await base.get(oldId);
      expect([replaced?.userId ?? null, replaced?.data ?? {}]).toEqual([null, {}]);
      expect(viewOf(await stale.get("/session")).isNew).toBe(true);
    },
  },
  {
    id: "binding/login-regenerates",
    async run({ harness, expect }) {
      const { client, base } = await openContext(harness);
      const written = await client.get("/session/set?key=cart&value=3");
      const old = cookieNamed(written).value;
      const oldId = viewOf(written).id;
      const stale = client.fork();

      const login = await client.get("/session/login?user=u1");
      expect(tokenPart(cookieNamed(login).value)).not.toBe(tokenPart(old));
      const after = viewOf(await client.get("/session"));
      expect(after.userId).toBe("u1");
      expect(after.data).toEqual({ cart: "3" });
      expect(after.id).not.toBe(oldId);
      // The old id holds at most the regeneration's short-lived tombstone: no user, no data.
      const replaced = await base.get(oldId);
      expect([replaced?.userId ?? null, replaced?.data ?? {}]).toEqual([null, {}]);
      const anonymous = viewOf(await stale.get("/session"));
      expect(anonymous.isNew).toBe(true);
      expect(anonymous.userId).toBeNull();
    },
  },
];
