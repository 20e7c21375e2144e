// Both builds of @sessionkit/express in one process, as happens when an ESM app uses a CommonJS
// library that requires it: two apps on one copy of Express, one per build, and a third whose
// sub-app mounts the other build's session. They share the Express patches (error watch,
// response hold), which must work whichever build made them.
import { createRequire } from "node:module";
import { session as esmSession } from "@sessionkit/express";
import { MemoryStore } from "@sessionkit/store-memory";
import express from "express";
import { listening, mountExpressRoutes } from "../shared/routes.cjs";

const require = createRequire(import.meta.url);
const { session: cjsSession } = require("@sessionkit/express");
if (cjsSession === esmSession) throw new Error("expected two builds of @sessionkit/express");

const secret = "packed-install-secret-0123456789abcdef";

const cjsFirst = express();
cjsFirst.use(cjsSession({ secret, store: new MemoryStore() }));
mountExpressRoutes(cjsFirst);

const esmSecond = express();
esmSecond.use(esmSession({ secret, store: new MemoryStore() }));
mountExpressRoutes(esmSecond);

const mixed = express();
const inner = express();
inner.use(cjsSession({ secret, store: new MemoryStore() }));
mountExpressRoutes(inner);
mixed.use(inner);

const ports = {};
// The CommonJS app is asked first (driver order), so it patches Express; the others reuse it.
ports["express, CommonJS build"] = await listening(cjsFirst.listen(0, "127.0.0.1"));
ports["express, ESM build"] = await listening(esmSecond.listen(0, "127.0.0.1"));
ports["express sub-app, CommonJS build"] = await listening(mixed.listen(0, "127.0.0.1"));
console.log(JSON.stringify(ports));
