import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { viewOf } from "./support.js";

export const roundTripCases: readonly BindingCase[] = [
  {
    id: "binding/data-round-trip",
    async run({ harness, expect }) {
      const { client, store } = await openContext(harness);
      const first = viewOf(await client.get("/session/set?key=a&value=1"));
      store.reset();
      const text = "héllo wörld ✓ ; = &";
      const second = viewOf(
        await client.get(`/session/set?key=b&value=${encodeURIComponent(text)}`),
      );
      expect(second.id).toBe(first.id);
      expect(second.isNew).toBe(false);
      expect(store.count("get")).toBe(1);
      store.reset();
      const third = viewOf(await client.get("/session"));
      expect(third).toEqual({
        id: first.id,
        data: { a: "1", b: text },
        isNew: false,
        userId: null,
      });
      expect(store.count("get")).toBe(1);
      expect(store.writes()).toBe(0);
    },
  },
];
