import { MongoClient } from "mongodb";
import type { TestProject } from "vitest/node";
import { DEFAULT_MONGO_URL, redact } from "../src/config.js";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUrl: string;
  }
}

/**
 * Fails the run, with the way out in the message, when no server answers: a missing database
 * must never turn into silently skipped tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.MONGO_URL || DEFAULT_MONGO_URL;
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 3_000 });
  try {
    await client.db().command({ ping: 1 });
  } catch (error) {
    // The reason goes into the message rather than `cause`: vitest 4 fails to print a driver
    // error as a cause (its `name` is a getter) and would hide this message behind that.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No MongoDB-compatible server answers at ${redact(url)} (${reason}). Start one with \`pnpm services\` (mongo-java-server on 127.0.0.1:27018), or point MONGO_URL at a running MongoDB.`,
    );
  } finally {
    await client.close();
  }
  project.provide("mongoUrl", url);
}
