import { LuaScript } from "./lua-script.js";

// Lua scripts, each run with EVALSHA (EVAL after NOSCRIPT). "Split" scripts touch the keys of
// one slot only (a record and its bucket's ledger, or one user index) and are what a Redis
// Cluster runs; "atomic" scripts also update the user indexes in the same script, for
// standalone Redis (and Sentinel), where one script may touch any key. The atomic scripts
// derive the previous owner's index key from ARGV (its user id is only known inside the
// script), which standalone Redis allows and a cluster would reject across slots.

/*
 * What a write costs inside Redis is mostly how many commands its script runs (each
 * `redis.call` costs a few µs, whatever it does): bench/redis-script-cost.ts measures each part.
 * So the common write, an update of a session whose record, ledger entry and index entry all
 * exist, runs 7: HMGET, HSET, PEXPIREAT, and ZADD + PEXPIREAT … GT for the ledger and for the
 * user index. Pruning and first-time key expiry happen only when a sorted set gains a member.
 * PEXPIREAT's GT/NX flags need Redis 7.0.
 */

/**
 * Add or re-score `id` in a sorted set scored by deadlines (a user index or a ledger), and keep
 * the key alive until `grace` ms after its latest deadline (or after `floor`, if later), so a
 * set nobody writes any more disappears by itself.
 *
 * A set only grows when a member is new, so only then are members dead since `cutoff` dropped
 * (a re-score never needs it); the new member is re-added if it was itself past the cutoff, so
 * a record written with a deadline long past still reaches the ledger and is counted by
 * cleanup(). The key's deadline only ever moves later (GT): with the ZRANGE of the latest
 * member this replaced, it could also move earlier, which saved nothing worth a command. A key
 * that has no deadline yet (a new set) gets one with NX.
 */
const SORTED_ADD_FUNCTION = `
local function sorted_add(key, score, id, cutoff, floor, grace)
  local added = redis.call('ZADD', key, score, id)
  if added == 1 then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', cutoff)
    if tonumber(score) <= tonumber(cutoff) then redis.call('ZADD', key, score, id) end
  end
  local at = string.format('%.0f', math.max(math.ceil(tonumber(score)), tonumber(floor)) + tonumber(grace))
  if redis.call('PEXPIREAT', key, at, 'GT') == 0 and added == 1 then
    redis.call('PEXPIREAT', key, at, 'NX')
  end
end
`;

/*
 * Compare-and-set of a record.
 * KEYS: record, ledger[, user index of the new owner (atomic only, when there is one)]
 * ARGV: 1 expected version ('' = create), 2 now, 3 data, 4 meta, 5 userId, 6 hasUser ('0'|'1'),
 *       7 createdAt, 8 lastActiveAt, 9 expiresAt, 10 version, 11 PEXPIREAT ms, 12 id,
 *       13 ledger cutoff (entries dead since then are dropped), 14 ledger retention ms,
 *       15 user index prefix (atomic)
 * Every field is overwritten by the one HSET; only a userId that is no longer there is deleted.
 */
const SET_BODY = `
local now = tonumber(ARGV[2])
local cur = redis.call('HMGET', KEYS[1], 'version', 'expiresAt', 'userId')
local live = cur[2] and tonumber(cur[2]) > now
if ARGV[1] == '' then
  if live then return {0} end
elseif not live or tonumber(cur[1]) ~= tonumber(ARGV[1]) then
  return {0}
end
if ARGV[6] == '1' then
  redis.call('HSET', KEYS[1], 'data', ARGV[3], 'meta', ARGV[4], 'createdAt', ARGV[7],
    'lastActiveAt', ARGV[8], 'expiresAt', ARGV[9], 'version', ARGV[10], 'userId', ARGV[5])
else
  redis.call('HSET', KEYS[1], 'data', ARGV[3], 'meta', ARGV[4], 'createdAt', ARGV[7],
    'lastActiveAt', ARGV[8], 'expiresAt', ARGV[9], 'version', ARGV[10])
  if cur[3] then redis.call('HDEL', KEYS[1], 'userId') end
end
redis.call('PEXPIREAT', KEYS[1], ARGV[11])
sorted_add(KEYS[2], ARGV[9], ARGV[12], ARGV[13], ARGV[2], ARGV[14])
`;

/** Replies `{0}` on conflict, `{1, previous owner or nil}` when written. */
export const SET_RECORD: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${SET_BODY}
return {1, cur[3]}`);

/** Replies `{0}` on conflict, `{1}` when written (record, ledger and user indexes). */
export const SET_ATOMIC: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${SET_BODY}
local old = cur[3]
if old and (ARGV[6] ~= '1' or old ~= ARGV[5]) then
  redis.call('ZREM', ARGV[15] .. old, ARGV[12])
end
if ARGV[6] == '1' then sorted_add(KEYS[3], ARGV[9], ARGV[12], ARGV[2], 0, 0) end
return {1}`);

/*
 * Extends a live record; never creates one.
 * KEYS: record, ledger
 * ARGV: 1 now, 2 expiresAt, 3 lastActiveAt, 4 PEXPIREAT ms, 5 id, 6 ledger cutoff,
 *       7 ledger retention ms, 8 user index prefix (atomic)
 */
const TOUCH_BODY = `
local cur = redis.call('HMGET', KEYS[1], 'expiresAt', 'userId')
if not cur[1] or tonumber(cur[1]) <= tonumber(ARGV[1]) then return {0} end
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[2], 'lastActiveAt', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
sorted_add(KEYS[2], ARGV[2], ARGV[5], ARGV[6], ARGV[1], ARGV[7])
`;

/** Replies `{0}` when the record is missing or expired, `{1, owner or nil}` when extended. */
export const TOUCH_RECORD: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${TOUCH_BODY}
return {1, cur[2]}`);

/** Replies `{0}` when the record is missing or expired, `{1}` when extended (index too). */
export const TOUCH_ATOMIC: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${TOUCH_BODY}
if cur[2] then sorted_add(ARGV[8] .. cur[2], ARGV[2], ARGV[5], ARGV[1], 0, 0) end
return {1}`);

/*
 * Deletes a record and its ledger entry.
 * KEYS: record, ledger
 * ARGV: 1 id, 2 user index prefix (atomic)
 */
const DESTROY_BODY = `
local owner = redis.call('HGET', KEYS[1], 'userId')
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
`;

/** Replies the owner of the deleted record, or nil. */
export const DESTROY_RECORD: LuaScript = new LuaScript(`${DESTROY_BODY}
return owner`);

/** Replies 1; also removes the id from its owner's index. */
export const DESTROY_ATOMIC: LuaScript = new LuaScript(`${DESTROY_BODY}
if owner then redis.call('ZREM', ARGV[2] .. owner, ARGV[1]) end
return 1`);

/*
 * Deletes a record only if it is live and belongs to the user (destroyByUser, one per record).
 * KEYS: record, ledger
 * ARGV: 1 now, 2 userId, 3 id
 */
export const DESTROY_OWNED: LuaScript = new LuaScript(`
local cur = redis.call('HMGET', KEYS[1], 'expiresAt', 'userId')
if not cur[1] or cur[2] ~= ARGV[2] or tonumber(cur[1]) <= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[3])
return 1`);

/*
 * Drops the user index's dead members and replies the rest.
 * KEYS: user index. ARGV: 1 now
 */
export const INDEX_READ: LuaScript = new LuaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`);

/*
 * Adds or re-scores a member of a user index (the cluster's second step of set and touch).
 * KEYS: user index. ARGV: 1 expiresAt, 2 id, 3 now
 */
export const INDEX_ADD: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}
sorted_add(KEYS[1], ARGV[1], ARGV[2], ARGV[3], 0, 0)
return 1`);

/*
 * Removes up to ARGV[2] dead entries from one bucket's ledger and replies how many.
 * KEYS: ledger. ARGV: 1 now, 2 limit
 */
export const CLEANUP_LEDGER: LuaScript = new LuaScript(`
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #dead > 0 then redis.call('ZREM', KEYS[1], unpack(dead)) end
return #dead`);
