import type { SessionRecord } from "../types.js";
import { type DeviceLabel, describeDevice } from "./device-label.js";

/** A listed session: its handle and device facts, never its data. */
export interface SessionSummary {
  /** The store key (a hash of the token): revokes, cannot impersonate. */
  id: string;
  userId: string | null;
  tenantId: string | null;
  createdAt: number;
  lastActiveAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
  device: DeviceLabel;
  /** The session of the request that asked ("this device"). */
  current: boolean;
}

export function summarize(record: SessionRecord<unknown>, currentId?: string): SessionSummary {
  const { meta } = record;
  return {
    id: record.id,
    userId: record.userId,
    tenantId: meta.tenantId ?? null,
    createdAt: record.createdAt,
    lastActiveAt: record.lastActiveAt,
    expiresAt: record.expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    device: describeDevice(meta.userAgent),
    current: record.id === currentId,
  };
}
