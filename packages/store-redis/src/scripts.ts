import { LuaScript } from "./lua-script.js";

// Lua scripts, each run with EVALSHA (EVAL after NOSCRIPT). "Split" scripts touch the keys of
// one slot only (a record and its bucket's ledger, or one user index) and are what a Redis
// Cluster runs; "atomic" scripts also update the user indexes in the same script, for
// standalone Redis (and Sentinel), where one script may touch any key. The atomic scripts
// derive the previous owner's index key from ARGV (its user id is only known inside the
// script), which standalone Redis allows and a cluster would reject across slots.

/*
 * What a write costs inside Redis is mostly how many commands its script runs (each
 * `redis.call` costs a few µs, whatever it does, and a re-score in a sorted set of thousands
 * more): bench/redis-script-cost.ts measures each part. So the common write, an update of a
 * live session by the same owner, runs 3: HMGET, HSET, PEXPIREAT.
 *
 * The expiry ledger and the user index (sorted sets scored by deadlines) are re-scored only
 * when the deadline has moved more than `slack` ms past the score they hold, or earlier than
 * it: the record's `scoredAt` field remembers that score. So a score is never later than the
 * session's deadline and at most `slack` earlier, and every reader allows for it: a member is
 * dead for certain only once its score is `slack` in the past (index reads and pruning), and
 * cleanup() re-checks the record of each entry whose score has passed and re-scores the live
 * ones instead of counting them. Sorted-set keys live `slack` longer than their latest score.
 * A new member, a change of owner, or a record without `scoredAt` (written by an older
 * version) is always scored. PEXPIREAT's GT/NX flags need Redis 7.0.
 */

/**
 * Add or re-score `id` in a sorted set scored by deadlines (a user index or a ledger), and keep
 * the key alive until `grace` ms after its latest score (or after `floor`, if later), so a set
 * nobody writes any more disappears by itself.
 *
 * A set only grows when a member is new, so only then are members dead since `cutoff` dropped
 * (a re-score never needs it); the new member is re-added if it was itself past the cutoff, so
 * a record written with a deadline long past still reaches the ledger and is counted by
 * cleanup(). The key's deadline only ever moves later (GT); a key that has no deadline yet (a
 * new set) gets one with NX.
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

local function needs_score(scored, expires, slack)
  scored = tonumber(scored)
  expires = tonumber(expires)
  return not scored or expires < scored or expires > scored + tonumber(slack)
end
`;

/*
 * Compare-and-set of a record.
 * KEYS: record, ledger[, user index of the new owner (atomic only, when there is one)]
 * ARGV: 1 expected version ('' = create), 2 now, 3 data, 4 meta, 5 userId, 6 hasUser ('0'|'1'),
 *       7 createdAt, 8 lastActiveAt, 9 expiresAt, 10 version, 11 PEXPIREAT ms, 12 id,
 *       13 ledger cutoff (entries dead for certain since then are dropped), 14 ledger key grace
 *       ms, 15 slack ms, 16 index cutoff, 17 user index prefix (atomic)
 * Every field is overwritten by the one HSET; only a userId that is no longer there is deleted.
 */
const SET_BODY = `
local now = tonumber(ARGV[2])
local cur = redis.call('HMGET', KEYS[1], 'version', 'expiresAt', 'userId', 'scoredAt')
local live = cur[2] and tonumber(cur[2]) > now
if ARGV[1] == '' then
  if live then return {0} end
elseif not live or tonumber(cur[1]) ~= tonumber(ARGV[1]) then
  return {0}
end
local owner = ARGV[6] == '1' and ARGV[5]
local rescore = not live or cur[3] ~= owner or needs_score(cur[4], ARGV[9], ARGV[15])
local fields = {'data', ARGV[3], 'meta', ARGV[4], 'createdAt', ARGV[7], 'lastActiveAt', ARGV[8],
  'expiresAt', ARGV[9], 'version', ARGV[10]}
if owner then fields[13] = 'userId'; fields[14] = owner end
if rescore then fields[#fields + 1] = 'scoredAt'; fields[#fields + 1] = ARGV[9] end
redis.call('HSET', KEYS[1], unpack(fields))
if cur[3] and not owner then redis.call('HDEL', KEYS[1], 'userId') end
redis.call('PEXPIREAT', KEYS[1], ARGV[11])
if rescore then sorted_add(KEYS[2], ARGV[9], ARGV[12], ARGV[13], ARGV[2], ARGV[14]) end
`;

/** Replies `{0}` on conflict, `{1, previous owner or nil}` when written. */
export const SET_RECORD: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${SET_BODY}
return {1, cur[3]}`);

/** Replies `{0}` on conflict, `{1}` when written (record, ledger and user indexes). */
export const SET_ATOMIC: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${SET_BODY}
local old = cur[3]
if old and old ~= owner then redis.call('ZREM', ARGV[17] .. old, ARGV[12]) end
if owner and rescore then sorted_add(KEYS[3], ARGV[9], ARGV[12], ARGV[16], 0, ARGV[15]) end
return {1}`);

/*
 * Extends a live record; never creates one.
 * KEYS: record, ledger
 * ARGV: 1 now, 2 expiresAt, 3 lastActiveAt, 4 PEXPIREAT ms, 5 id, 6 ledger cutoff,
 *       7 ledger key grace ms, 8 slack ms, 9 index cutoff, 10 user index prefix (atomic)
 */
const TOUCH_BODY = `
local cur = redis.call('HMGET', KEYS[1], 'expiresAt', 'userId', 'scoredAt')
if not cur[1] or tonumber(cur[1]) <= tonumber(ARGV[1]) then return {0} end
local rescore = needs_score(cur[3], ARGV[2], ARGV[8])
if rescore then
  redis.call('HSET', KEYS[1], 'expiresAt', ARGV[2], 'lastActiveAt', ARGV[3], 'scoredAt', ARGV[2])
else
  redis.call('HSET', KEYS[1], 'expiresAt', ARGV[2], 'lastActiveAt', ARGV[3])
end
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
if rescore then sorted_add(KEYS[2], ARGV[2], ARGV[5], ARGV[6], ARGV[1], ARGV[7]) end
`;

/** Replies `{0}` when the record is missing or expired, `{1, owner or nil}` when extended. */
export const TOUCH_RECORD: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${TOUCH_BODY}
return {1, cur[2]}`);

/** Replies `{0}` when the record is missing or expired, `{1}` when extended (index too). */
export const TOUCH_ATOMIC: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}${TOUCH_BODY}
if rescore and cur[2] then sorted_add(ARGV[10] .. cur[2], ARGV[2], ARGV[5], ARGV[9], 0, ARGV[8]) end
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
 * Drops the user index's members that are dead for certain and replies the rest.
 * KEYS: user index. ARGV: 1 index cutoff (now - slack)
 */
export const INDEX_READ: LuaScript = new LuaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`);

/*
 * Adds or re-scores a member of a user index (the cluster's second step of set and touch,
 * always with the exact deadline).
 * KEYS: user index. ARGV: 1 expiresAt, 2 id, 3 index cutoff, 4 slack ms
 */
export const INDEX_ADD: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}
sorted_add(KEYS[1], ARGV[1], ARGV[2], ARGV[3], 0, ARGV[4])
return 1`);

/*
 * Looks at up to ARGV[2] ledger entries of one bucket whose score has passed: an entry whose
 * record is gone or dead is removed and counted; a live record (its score lagged behind its
 * deadline, see above) is scored exactly, in the ledger, its `scoredAt` and (atomic) its
 * owner's index. Replies {entries looked at, entries removed}.
 * KEYS: ledger. ARGV: 1 now, 2 limit, 3 the record key of this bucket without the id,
 *       4 ledger key grace ms, 5 slack ms, 6 index cutoff, 7 user index prefix ('' = cluster:
 *       the index holds exact deadlines and lives in another slot)
 */
export const CLEANUP_LEDGER: LuaScript = new LuaScript(`${SORTED_ADD_FUNCTION}
local now = tonumber(ARGV[1])
local passed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local dead = {}
for _, id in ipairs(passed) do
  local record = ARGV[3] .. id
  local cur = redis.call('HMGET', record, 'expiresAt', 'userId')
  if cur[1] and tonumber(cur[1]) > now then
    sorted_add(KEYS[1], cur[1], id, 0, now, ARGV[4])
    redis.call('HSET', record, 'scoredAt', cur[1])
    if ARGV[7] ~= '' and cur[2] then sorted_add(ARGV[7] .. cur[2], cur[1], id, ARGV[6], 0, ARGV[5]) end
  else
    dead[#dead + 1] = id
  end
end
if #dead > 0 then redis.call('ZREM', KEYS[1], unpack(dead)) end
return {#passed, #dead}`);
