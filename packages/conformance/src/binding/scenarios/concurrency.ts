import { DelayedStore } from "../../fixtures/delayed-store.js";
import type { BindingCase, BindingCaseContext } from "../case.js";
import { openContext } from "../context.js";
import { ControlStore } from "../control-store.js";
import { cookieNamed, viewOf } from "./support.js";

const PARALLEL = 20;

/**
 * A context whose store writes can be held at a gate (`delayed.gate()`), with `control.called`
 * telling when a write has reached it: races decided by events, not timers.
 */
async function openGated(harness: BindingCaseContext["harness"]) {
  let delayed: DelayedStore | undefined;
  let control: ControlStore | undefined;
  const context = await openContext(harness, {}, (store) => {
    delayed = new DelayedStore(store, { delay: 0, operations: ["set"] });
    control = new ControlStore(delayed);
    return control;
  });
  return { ...context, delayed: delayed as DelayedStore, control: control as ControlStore };
}

export const concurrencyCases: readonly BindingCase[] = [
  {
    id: "binding/read-your-writes",
    async run({ harness, expect }) {
      const { client, base, delayed, control } = await openGated(harness);
      // The write is held at a gate instead of slowed by a timer: the test knows, by event,
      // that the write is in progress, and decides when it finishes.
      const release = delayed.gate();
      const held = control.called("set");
      let answered = false;
      const writing = client.get("/session/set?key=a&value=1").then((response) => {
        answered = true;
        return response;
      });
      await held;
      // A whole other request and answer go through while the write is held; the held reply
      // must still not have arrived (a binding that answers before its write has completed
      // would have sent it by now).
      expect((await client.get("/noop", { jar: false })).status).toBe(200);
      expect(answered).toBe(false);
      release();
      const written = await writing;
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
      const { client, base, delayed, control } = await openGated(harness);
      const login = await client.get("/session/login?user=u1");
      const { id } = viewOf(await client.get("/session"));
      const cookie = cookieNamed(login).value;
      const slowTab = client.fork();

      const release = delayed.gate();
      const held = control.called("set");
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
