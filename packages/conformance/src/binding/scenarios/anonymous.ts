import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { viewOf } from "./support.js";

export const anonymousCases: readonly BindingCase[] = [
  {
    id: "binding/anonymous-no-cookie",
    async run({ harness, expect }) {
      const { client, store } = await openContext(harness);
      const response = await client.get("/session");
      const view = viewOf(response);
      expect(view.isNew).toBe(true);
      expect(view.data).toEqual({});
      expect(view.userId).toBeNull();
      expect(response.setCookies).toEqual([]);
      expect(store.count()).toBe(0);
    },
  },
  {
    id: "binding/noop-route-no-cookie",
    async run({ harness, expect }) {
      const { client, store } = await openContext(harness);
      const response = await client.get("/noop");
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
      expect(response.setCookies).toEqual([]);
      expect(store.count()).toBe(0);
    },
  },
];
