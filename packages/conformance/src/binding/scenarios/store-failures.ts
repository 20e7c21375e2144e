import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { ControlStore } from "../control-store.js";
import { viewOf } from "./support.js";

function controlled(harness: Parameters<typeof openContext>[0], storeTimeout?: number) {
  let control: ControlStore | undefined;
  const opening = openContext(harness, storeTimeout ? { storeTimeout } : {}, (store) => {
    control = new ControlStore(store);
    return control;
  });
  return opening.then((context) => ({ ...context, control: control as ControlStore }));
}

export const storeFailureCases: readonly BindingCase[] = [
  {
    id: "binding/store-failure-load",
    async run({ harness, expect }) {
      const { client, control } = await controlled(harness);
      await client.get("/session/set?key=a&value=1");
      control.setMode("fail");
      for (const path of ["/session", "/session/set?key=a&value=2", "/session/destroy"]) {
        const response = await client.get(path);
        expect(response.status, path).toBe(500);
        expect(response.setCookies, path).toEqual([]);
      }
      control.setMode("pass");
      const view = viewOf(await client.get("/session"));
      expect(view.isNew).toBe(false);
      expect(view.data).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/store-failure-save",
    async run({ harness, expect }) {
      const { client, control, store } = await controlled(harness);
      control.setMode("fail", ["set"]);
      const anonymous = await client.get("/session/set?key=a&value=1");
      expect(anonymous.status).toBe(500);
      expect(anonymous.setCookies).toEqual([]);
      expect(store.count("set")).toBe(1);

      control.setMode("pass");
      await client.get("/session/set?key=a&value=1");
      control.setMode("fail", ["set"]);
      const existing = await client.get("/session/set?key=a&value=2");
      expect(existing.status).toBe(500);
      expect(existing.setCookies).toEqual([]);
      control.setMode("pass");
      expect(viewOf(await client.get("/session")).data).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/store-hang",
    async run({ harness, expect }) {
      const storeTimeout = 200;
      const { client, control } = await controlled(harness, storeTimeout);
      await client.get("/session/set?key=a&value=1");
      // A hanging store must not hang the request: the answer comes once storeTimeout has run
      // out, not before (the store never answers, so only the timeout can end it) and not much
      // later. This is the documented bound, not a speed benchmark: the upper margin is 10x.
      const timed = async (path: string) => {
        const started = performance.now();
        const response = await client.get(path);
        return { response, elapsed: performance.now() - started };
      };
      control.setMode("hang", ["get"]);
      const onLoad = await timed("/session");
      expect(onLoad.response.status).toBe(500);
      expect(onLoad.response.setCookies).toEqual([]);
      expect(onLoad.elapsed).toBeGreaterThanOrEqual(storeTimeout * 0.75);
      expect(onLoad.elapsed).toBeLessThan(storeTimeout * 10);
      control.setMode("pass", ["get"]);
      control.setMode("hang", ["set"]);
      const onSave = await timed("/session/set?key=a&value=2");
      expect(onSave.response.status).toBe(500);
      expect(onSave.response.setCookies).toEqual([]);
      expect(onSave.elapsed).toBeGreaterThanOrEqual(storeTimeout * 0.75);
      expect(onSave.elapsed).toBeLessThan(storeTimeout * 10);
      control.setMode("pass");
      expect(viewOf(await client.get("/session")).data).toEqual({ a: "1" });
    },
  },
];
