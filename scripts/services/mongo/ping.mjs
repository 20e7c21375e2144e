// Exits 0 when a MongoDB-compatible server answers `ping` at the URL given as the first argument.
// The driver is resolved from packages/store-mongo, which has it as a dev dependency, so this
// check needs no mongosh (not installable here) and speaks the real wire-protocol handshake.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const url = process.argv[2] ?? "mongodb://127.0.0.1:27018/";
const storePackage = fileURLToPath(
  new URL("../../../packages/store-mongo/package.json", import.meta.url),
);
const { MongoClient } = createRequire(storePackage)("mongodb");

const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
try {
  await client.db("admin").command({ ping: 1 });
  process.exitCode = 0;
} catch {
  process.exitCode = 1;
} finally {
  await client.close();
}
