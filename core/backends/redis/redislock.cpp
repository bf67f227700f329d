#include "core/backends/redis/redislock.h"

#include "connectors/callinterrupt.h"
#include "connectors/connectorerror.h"
#include "connectors/redisconnection.h"
#include "core/interruptiblewait.h"
#include "core/locks/ownerid.h"
#include "core/logging.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <stdexcept>
#include <thread>

namespace lockscope {

// KEYS: lock, fence.  ARGV: owner, lease ms.
// Returns {1, token, value} when acquired, {0, pttl} when held by someone else.
// The token is max(last token + 1, the server's clock in microseconds): replication is
// asynchronous, so a failover can lose the last fence writes and a counter alone would hand out a
// token twice; the clock keeps tokens rising across a failover as long as the new primary's clock
// is not behind the old one's by more than the failover took. string.format('%d'): Lua would print
// a number this large as 1.7e+15.
const char* const RedisLock::kAcquireScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, redis.call('PTTL', KEYS[1])}
end
local token = (tonumber(redis.call('GET', KEYS[2])) or 0) + 1
local now = redis.call('TIME')
local us = tonumber(now[1]) * 1000000 + tonumber(now[2])
if us > token then
  token = us
end
redis.call('SET', KEYS[2], string.format('%d', token))
local value = 'lockscope:v1:' .. string.format('%d', token) .. ':' .. ARGV[1]
redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
return {1, token, value}
)lua";

// KEYS: lock[, handoff].  ARGV: expected value, handoff ttl ms.
// Deletes the lock only if it still holds exactly the expected value, then hands off to at most
// one waiter (when a handoff key is given: LockScope's own layout). Returns {1} when deleted,
// {0, current value or false} when not. Used by release and by force-release alike.
const char* const RedisLock::kReleaseScript = R"lua(
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then
  return {0, current or false}
end
redis.call('DEL', KEYS[1])
if KEYS[2] then
  if redis.call('LLEN', KEYS[2]) == 0 then
    redis.call('RPUSH', KEYS[2], '1')
  end
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return {1}
)lua";

// KEYS: lock.  ARGV: expected value, lease ms.
const char* const RedisLock::kRenewScript = R"lua(
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
)lua";

RedisLock::RedisLock(const NamespaceConfig& config)
    : m_config(config)
    , m_client(RedisConnection::open(config.redis)) {}

RedisLock::~RedisLock() = default;

std::string RedisLock::lockKeyOf(const NamespaceConfig& config, const std::string& resource) {
    return config.redisPrefix() + "lock:{" + resource + "}";
}

std::string RedisLock::fenceKeyOf(const NamespaceConfig& config, const std::string& resource) {
    return config.redisPrefix() + "fence:{" + resource + "}";
}

std::string RedisLock::handoffKeyOf(const NamespaceConfig& config, const std::string& resource) {
    return config.redisPrefix() + "handoff:{" + resource + "}";
}

std::optional<std::string> RedisLock::resourceOfLockKey(const NamespaceConfig& config,
                                                        const std::string& key) {
    const std::string head = config.redisPrefix() + "lock:{";
    if (key.size() <= head.size() || key.rfind(head, 0) != 0 || key.back() != '}')
        return std::nullopt;
    return key.substr(head.size(), key.size() - head.size() - 1);
}

bool RedisLock::parseValue(const std::string& value, int64_t* token, std::string* owner) {
    static const std::string prefix = "lockscope:v1:";
    if (value.rfind(prefix, 0) != 0)
        return false;
    const auto colon = value.find(':', prefix.size());
    if (colon == std::string::npos)
        return false;
    // The token exactly as LockScope writes it (INCR's value): decimal, no sign, space or
    // leading zero, within int64 (std::stoll alone took " 5", "+5" and "05" too).
    const std::string digits = value.substr(prefix.size(), colon - prefix.size());
    if (digits.empty() || digits.size() > 19 || digits[0] == '0' ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return false;
    try {
        const long long t = std::stoll(digits);
        if (token)
            *token = t;
    } catch (const std::out_of_range&) {
        return false;
    }
    if (owner)
        *owner = value.substr(colon + 1);
    return true;
}

std::optional<LockHandle> RedisLock::acquire(const std::string& resource,
                                             const LockOptions& options) {
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + options.wait;
    const std::string owner = OwnerId::next();
    const std::string lease = std::to_string(options.lease.count());
    const auto baseTimeout = m_client->commandTimeout();
    while (true) {
        const auto started = steady_clock::now();
        const RedisReply r = m_client->evalScript(
            kAcquireScript, {lockKey(resource), fenceKey(resource)}, {owner, lease});
        if (r.isError() || !r.isArray() || r.elements.empty())
            throw ConnectorError(Backend::Redis, ConnectorError::Kind::Protocol,
                                 QStringLiteral("acquire"),
                                 QString::fromStdString(r.isError() ? r.str : "unexpected reply"));
        if (r.elements[0].integer == 1) {
            LockHandle h("redis", resource, owner, r.elements[1].integer, r.elements[2].str);
            // The lease is counted from before the request: the server's clock may have started
            // later.
            h.startLease(started, options.lease);
            return h;
        }
        const auto now = steady_clock::now();
        if (now >= deadline)
            return std::nullopt;
        // Block server-side until a release hands off, the holder's lease may have run out
        // (a crashed holder never releases), or our deadline. Jitter spreads waiters that all
        // wake on an expiry.
        long long pttl = r.elements.size() > 1 ? r.elements[1].integer : 0;
        if (pttl < 0)
            pttl = 1000; // no TTL (a foreign lock): look again every second
        const auto jitter = milliseconds(QRandomGenerator::global()->bounded(1, 15));
        auto waitFor =
            std::min(duration_cast<milliseconds>(deadline - now), milliseconds(pttl) + jitter);
        waitFor = std::max(waitFor, milliseconds(1));
        if (waitFor < milliseconds(2)) {
            std::this_thread::sleep_for(waitFor);
            continue;
        }
        m_client->setCommandTimeout(waitFor + baseTimeout);
        const auto restoreTimeout = qScopeGuard([&] { m_client->setCommandTimeout(baseTimeout); });
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.3f", double(waitFor.count()) / 1000.0);
        m_client->command({"BLPOP", handoffKey(resource), seconds});
    }
}

bool RedisLock::renew(LockHandle& handle) {
    using namespace std::chrono;
    // A renewal that timed out or lost its connection says nothing about the lock: it is asked
    // again (a Cluster client reloads its slot map first, a Sentinel client asks the sentinels,
    // so the retry reaches a promoted replica) while the lease has time left; the renew script
    // is idempotent. Only the server's "not yours" or the lease running out means lost. No
    // attempt waits longer than the command timeout, nor past the lease.
    const milliseconds base = m_client->commandTimeout();
    const auto restore = qScopeGuard([&] { m_client->setCommandTimeout(base); });
    const std::stop_token stop = CallInterrupt::current();
    while (true) {
        const milliseconds left = handle.leaseRemaining();
        if (left <= milliseconds(0) || handle.state()->lost) {
            handle.markLost();
            return false;
        }
        m_client->setCommandTimeout(std::max(milliseconds(1), std::min(base, left)));
        const auto started = steady_clock::now();
        RedisReply r;
        try {
            r = m_client->evalScript(kRenewScript, {lockKey(handle.resource())},
                                     {handle.raw(), std::to_string(handle.leaseLength().count())});
        } catch (const ConnectorError& e) {
            using K = ConnectorError::Kind;
            if (e.kind() != K::Timeout && e.kind() != K::ConnectionLost &&
                e.kind() != K::Unreachable)
                throw;
            if (stop.stop_requested())
                throw;
            qCDebug(lcLocks) << "renew of" << QString::fromStdString(handle.resource())
                             << "not answered, asking again:" << e.message();
            // A refused connection fails at once: pause a little so as not to spin, and stop
            // at once for a caller that is being stopped.
            if (steady_clock::now() - started < kRenewRetryPause &&
                !waitUnlessStopped(stop, std::min(kRenewRetryPause, handle.leaseRemaining())))
                throw;
            continue;
        }
        if (r.isInteger() && r.integer == 1) {
            handle.startLease(started, handle.leaseLength());
            return true;
        }
        handle.markLost();
        return false;
    }
}

LockStrategy::ReleaseResult RedisLock::release(LockHandle& handle) {
    const RedisReply r = m_client->evalScript(
        kReleaseScript, {lockKey(handle.resource()), handoffKey(handle.resource())},
        {handle.raw(), std::to_string(kHandoffTtl.count())});
    if (r.isArray() && !r.elements.empty() && r.elements[0].integer == 1)
        return ReleaseResult::Released;
    handle.markLost();
    return ReleaseResult::NotOwner;
}

} // namespace lockscope
