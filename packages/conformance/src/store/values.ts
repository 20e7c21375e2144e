import { randomBytes } from "node:crypto";
import type { SessionStore } from "@sessionkit/core";
import type { ExpectStatic } from "vitest";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, nextVersion } from "./records.js";
import { create } from "./support.js";

/** Writes `data` as a create, then as an update, and reads both back unchanged. */
async function roundTrip(
  expect: ExpectStatic,
  store: SessionStore,
  data: Record<string, unknown>,
): Promise<void> {
  const record = createStoreTestRecord({ data });
  await create(expect, store, record);
  expect(await store.get(record.id)).toEqual(record);
  const update = nextVersion(record, { data: { ...data, updated: true } });
  expect(await store.set(update, 1)).toBe(true);
  expect(await store.get(record.id)).toEqual(update);
}

// Session data is JSON: these are the values that serialisers, SQL escaping and MongoDB field
// names get wrong. Never NUL or lone surrogates, which JSON columns reject by design.
export const valuesGroup: StoreCaseGroup = {
  name: "values",
  cases: [
    {
      id: "store/values-falsy",
      async run({ expect, store }) {
        await roundTrip(expect, store, {
          no: false,
          zero: 0,
          nothing: null,
          empty: "",
          list: [],
          object: {},
          inside: [false, 0, null, "", [], {}],
        });
      },
    },
    {
      id: "store/values-nested",
      async run({ expect, store }) {
        let deep: Record<string, unknown> = { leaf: "bottom" };
        for (let level = 0; level < 20; level++)
          deep = { level, child: deep, list: [level, [level]] };
        await roundTrip(expect, store, { deep, matrix: [[1, [2, [3, { four: [4] }]]]] });
      },
    },
    {
      id: "store/values-numbers",
      async run({ expect, store }) {
        await roundTrip(expect, store, {
          int: 42,
          negative: -7,
          fraction: -0.1,
          pi: Math.PI,
          tiny: 1e-7,
          huge: 1.5e300,
          maxSafe: Number.MAX_SAFE_INTEGER,
          minSafe: Number.MIN_SAFE_INTEGER,
          numericString: "0042",
        });
      },
    },
    {
      id: "store/values-unicode",
      async run({ expect, store }) {
        await roundTrip(expect, store, {
          accents: "crème brûlée, Ærøskøbing, Łódź",
          cjk: "日本語のテキスト, 한국어, 中文",
          rtl: "مرحبا بالعالم, שלום",
          emoji: "👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇫🇷",
          "ключ🔑": "значение",
          astral: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚",
        });
      },
    },
    {
      id: "store/values-quotes",
      async run({ expect, store }) {
        await roundTrip(expect, store, {
          "it's": "O'Reilly's",
          'say "hi"': 'she said "hello"',
          "'\"mixed\"'": "'\"both\"'",
          sql: "'; DROP TABLE sessions; --",
          backtick: "`cmd` and ``double``",
        });
      },
    },
    {
      id: "store/values-backslashes",
      async run({ expect, store }) {
        await roundTrip(expect, store, {
          "back\\slash": "C:\\Users\\me\\",
          escapes: "\\n is not a newline, \\u0041 is not A, \\\\ two",
          newline: "line 1\nline 2\r\nline 3",
          tab: "a\tb",
          controls: "\u0001\u001f\u007f",
          "key\nwith\tbreaks": true,
        });
      },
    },
    {
      id: "store/values-dot-dollar-keys",
      async run({ expect, store }) {
        await roundTrip(expect, store, {
          "a.b": 1,
          $set: { "x.y": 2 },
          $: "dollar",
          ".": "dot",
          nested: { $where: "1 == 1", "deep.er": { $ref: "r", $id: 3, "a.b.c": [{ "$x.y": 4 }] } },
          "trailing.": "dot at the end",
          price$: 5,
        });
      },
    },
    {
      id: "store/values-large",
      async run({ expect, store }) {
        // 1 MiB of incompressible text plus multi-byte characters at the end.
        const blob = randomBytes(786_432).toString("base64");
        await roundTrip(expect, store, { blob, tail: "fin ✓ 終わり 🎉" });
      },
    },
    {
      id: "store/values-meta",
      async run({ expect, store }) {
        const metas = [
          {
            userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) \"quoted\" 'single'",
            ip: "2001:db8::ff00:42:8329",
            tenantId: "tenant-ü-1",
          },
          { ip: "127.0.0.1" },
          {},
        ];
        for (const meta of metas) {
          const record = createStoreTestRecord({ meta });
          await create(expect, store, record);
          expect(await store.get(record.id)).toEqual(record);
          const update = nextVersion(record, { meta: { userAgent: "changed" } });
          expect(await store.set(update, 1)).toBe(true);
          expect(await store.get(record.id)).toEqual(update);
        }
      },
    },
  ],
};

/** Only the value cases: JSON fidelity of data and meta. */
export function describeStoreValues<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [valuesGroup]);
}
