import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { viewOf } from "./support.js";

export const handlerErrorCases: readonly BindingCase[] = [
  {
    id: "binding/throw-persists-nothing",
    async run({ harness, expect }) {
      const { client, store } = await openContext(harness);
      const anonymous = await client.get("/throw", { jar: false });
      expect(anonymous.status).toBe(500);
      expect(anonymous.setCookies).toEqual([]);
      expect(store.count()).toBe(0);

      await client.get("/session/set?key=a&value=1");
      store.reset();
      const failed = await client.get("/throw");
      expect(failed.status).toBe(500);
      expect(failed.setCookies).toEqual([]);
      expect(store.writes()).toBe(0);
      const view = viewOf(await client.get("/session"));
      expect(view.data).toEqual({ a: "1" });
    },
  },
];
