import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { viewOf } from "./support.js";

const MINUTE = 60_000;

export const absoluteTimeoutCases: readonly BindingCase[] = [
  {
    id: "binding/absolute-timeout",
    async run({ harness, expect }) {
      const { client, clock } = await openContext(harness, {
        idleTimeout: 5 * MINUTE,
        absoluteTimeout: 10 * MINUTE,
        touchAfter: MINUTE,
      });
      const { id } = viewOf(await client.get("/session/set?key=a&value=1"));
      // Active every two minutes: the idle timeout alone would keep it alive forever.
      for (let elapsed = 2; elapsed <= 8; elapsed += 2) {
        clock.advance(2 * MINUTE);
        const view = viewOf(await client.get("/session"));
        expect(view.isNew, `still live after ${elapsed} minutes`).toBe(false);
        expect(view.data).toEqual({ a: "1" });
      }
      clock.advance(2 * MINUTE);
      const ended = viewOf(await client.get("/session"));
      expect(ended.isNew).toBe(true);
      expect(ended.data).toEqual({});
      expect(ended.id).not.toBe(id);
    },
  },
];
