import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { viewOf } from "./support.js";

export const headerTransportCases: readonly BindingCase[] = [
  {
    id: "binding/header-transport",
    async run({ harness, expect }) {
      const { client } = await openContext(harness, { transport: { header: "authorization" } });
      const login = await client.get("/session/login?user=u1", { jar: false });
      expect(login.setCookies).toEqual([]);
      const token = login.headers.get("x-session-token");
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      const auth = { authorization: `Bearer ${token}` };

      const written = await client.get("/session/set?key=a&value=1", { headers: auth, jar: false });
      expect(written.setCookies).toEqual([]);
      const view = viewOf(await client.get("/session", { headers: auth, jar: false }));
      expect(view).toMatchObject({ isNew: false, userId: "u1", data: { a: "1" } });

      const forged = await client.get("/session", {
        headers: { authorization: `Bearer ${token}x` },
        jar: false,
      });
      expect(viewOf(forged).isNew).toBe(true);
      const anonymous = viewOf(await client.get("/session", { jar: false }));
      expect(anonymous.isNew).toBe(true);
    },
  },
];
