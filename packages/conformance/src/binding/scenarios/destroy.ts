import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { cookieNamed, viewOf } from "./support.js";

export const destroyCases: readonly BindingCase[] = [
  {
    id: "binding/destroy-clears",
    async run({ harness, expect }) {
      const { client, base } = await openContext(harness);
      const written = await client.get("/session/set?key=a&value=1");
      const { id } = viewOf(written);
      const stale = client.fork();

      const destroyed = await client.get("/session/destroy");
      expect(destroyed.status).toBe(200);
      const cleared = cookieNamed(destroyed);
      expect(cleared.value).toBe("");
      expect(cleared.attributes.get("max-age")).toBe("0");
      expect(cleared.attributes.get("path")).toBe("/");
      expect(await base.get(id)).toBeNull();
      expect(client.cookies.has("sid")).toBe(false);
      const view = viewOf(await stale.get("/session"));
      expect(view.isNew).toBe(true);
      expect(view.data).toEqual({});
    },
  },
];
