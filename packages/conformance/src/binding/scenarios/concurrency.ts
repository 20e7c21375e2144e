import { DelayedStore } from "../../fixtures/delayed-store.js";
import type { BindingCase } from "../case.js";
import { openContext } from "../context.js";
import { ControlStore } from "../control-store.js";
import { cookieNamed, viewOf } from "./support.js";

const PARALLEL = 20;

export const concurrencyCases: readonly BindingCase[] = [
  {
    id: "binding/read-your-writes",
    async run({ harness, expect }) {
      const { client, base } = await openContext(
        harness,
        {},
        (store) => new DelayedStore(store, { delay: 50, operations: ["set"] }),
      );
      const written = await client.get("/session/set?key=a&value=1");
      // The response only arrived after the slow write finished.
      expect((await base.get(viewOf(written).id))?.data).toEqual({ a: "1" });
      expect(viewOf(await client.get("/session")).data).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/parallel-set",
    async run({ harness, expect }) {
      const { client } = await openContext(harness);
      await client.get("/session/set?key=start&value=0");
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) => client.get(`/session/set?key=k${i}&value=${i}`)),
      );
      for (const response of responses) expect(response.status).toBe(200);
      const { data } = viewOf(await client.get("/session"));
      expect(Object.keys(data)).toHaveLength(PARALLEL + 1);
      for (let i = 0; i < PARALLEL; i++) expect(data[`k${i}`]).toBe(String(i));
    },
  },
  {
    id: "binding/parallel-mutate",
    async run({ harness, expect }) {
      const { client } = await openContext(harness);
      await client.get("/session/set?key=start&value=0");
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          client.get(`/session/mutate-append?key=list&value=${i}`),
        ),
      );
      for (const response of responses) expect(response.status).toBe(200);
      const { data } = viewOf(await client.get("/session"));
      const list = data.list as string[];
      expect(list).toHaveLength(PARALLEL);
      expect([...list].sort()).toEqual(Array.from({ length: PARALLEL }, (_, i) => `${i}`).sort());
    },
  },
  {
    id: "binding/logout-race",
    async run({ harness, expect }) {
      let delayed: DelayedStore | undefined;
      let control: ControlStore | undefined;
      const { client, base } = await openContext(harness, {}, (store) => {
        delayed = new DelayedStore(store, { delay: 0, operations: ["set"] });
        control = new ControlStore(delayed);
        return control;
      });
      const login = await client.get("/session/login?user=u1");
      const { id } = viewOf(await client.get("/session"));
      const cookie = cookieNamed(login).value;
      const slowTab = client.fork();

      const release = (delayed as DelayedStore).gate();
      const held = (control as ControlStore).called("set");
      const slow = slowTab.get("/session/set?key=late&value=1");
      await held; // the slow request has loaded the session and is now writing, held at the gate
      const logout = await client.get("/session/destroy");
      expect(logout.status).toBe(200);
      release();
      const slowResponse = await slow;
      expect(slowResponse.status).toBe(200);

      expect(await base.get(id)).toBeNull();
      const again = viewOf(await client.get("/session", { headers: { cookie: `sid=${cookie}` } }));
      expect(again.isNew).toBe(true);
      expect(again.userId).toBeNull();
      expect(again.data).toEqual({});
      // The slow tab did not bring the user back either.
      const slowView = viewOf(await slowTab.get("/session"));
      expect(slowView.userId).toBeNull();
      expect(slowView.data).not.toHaveProperty("late");
    },
  },
];
