#include "core/backends/redis/redlocklock.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "core/backends/redis/redislock.h"
#include "core/locks/ownerid.h"
#include "core/logging.h"

#include <QRandomGenerator>
#include <stdexcept>
#include <thread>

namespace lockscope {

namespace {

using namespace std::chrono;

constexpr milliseconds kNodeTimeout{250}; ///< per server round trip (and connect)
constexpr milliseconds kRestAfterFailure{1000};

// KEYS: lock. ARGV: expected value.
const char* const kDeleteIfOwner = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua";

// KEYS: lock. ARGV: expected value, lease ms.
const char* const kExtendIfOwner = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
)lua";

} // namespace

struct RedlockLock::Node {
    RedisUri uri;
    std::unique_ptr<RedisClient> client;
    steady_clock::time_point restUntil{};
};

RedlockLock::RedlockLock(const NamespaceConfig& config)
    : m_config(config) {
    if (config.redlock.size() < 3)
        throw std::invalid_argument(
            "redlock needs at least 3 independent Redis servers (--redlock URI,URI,URI); got " +
            std::to_string(config.redlock.size()));
    for (const RedisUri& uri : config.redlock) {
        // A server given twice (or two dbs of one server) would vote twice: no majority of
        // independent servers.
        for (const auto& n : m_nodes)
            if (n->uri.host.compare(uri.host, Qt::CaseInsensitive) == 0 && n->uri.port == uri.port)
                throw std::invalid_argument("redlock needs independent Redis servers; " +
                                            HostPort{uri.host, uri.port}.toString().toStdString() +
                                            " is given twice");
        auto n = std::make_unique<Node>();
        n->uri = uri;
        m_nodes.push_back(std::move(n));
    }
}

RedlockLock::~RedlockLock() = default;

std::string RedlockLock::valueFor(milliseconds lease, const std::string& owner) {
    return "lockscope:redlock:" + std::to_string(lease.count()) + ":" + owner;
}

bool RedlockLock::parseValue(const std::string& value, milliseconds* lease, std::string* owner) {
    static const std::string prefix = "lockscope:redlock:";
    if (value.rfind(prefix, 0) != 0)
        return false;
    const auto colon = value.find(':', prefix.size());
    if (colon == std::string::npos || colon == prefix.size() || colon + 1 == value.size())
        return false;
    const std::string digits = value.substr(prefix.size(), colon - prefix.size());
    if (digits.size() > 12 || digits.find_first_not_of("0123456789") != std::string::npos)
        return false;
    if (lease)
        *lease = milliseconds(std::stoll(digits));
    if (owner)
        *owner = value.substr(colon + 1);
    return true;
}

milliseconds RedlockLock::driftFor(milliseconds lease) {
    return milliseconds(lease.count() / 100 + 2);
}

template <class F> int RedlockLock::onEach(F&& f) {
    int yes = 0;
    for (auto& n : m_nodes) {
        const auto now = steady_clock::now();
        if (now < n->restUntil)
            continue;
        try {
            if (!n->client)
                n->client = std::make_unique<RedisClient>(
                    n->uri, RedisClient::Options{kNodeTimeout, kNodeTimeout});
            if (f(*n->client))
                ++yes;
        } catch (const ConnectorError& e) {
            // A server down or silent is a "no"; it rests a moment so that a silent one does not
            // eat every attempt's time.
            qCDebug(lcLocks) << "redlock:" << n->uri.toString() << e.message();
            n->client.reset();
            n->restUntil = steady_clock::now() + kRestAfterFailure;
        }
    }
    return yes;
}

std::optional<LockHandle> RedlockLock::acquire(const std::string& resource,
                                               const LockOptions& options) {
    const auto deadline = steady_clock::now() + options.wait;
    const std::string key = RedisLock::lockKeyOf(m_config, resource);
    const std::string lease = std::to_string(options.lease.count());
    while (true) {
        const std::string owner = OwnerId::next();
        const std::string value = valueFor(options.lease, owner);
        const auto started = steady_clock::now();
        const int yes = onEach([&](RedisClient& c) {
            return c.command({"SET", key, value, "NX", "PX", lease}).isOk();
        });
        const auto elapsed = duration_cast<milliseconds>(steady_clock::now() - started);
        const milliseconds validity = options.lease - elapsed - driftFor(options.lease);
        if (yes >= quorum() && validity > milliseconds(0)) {
            LockHandle h("redlock", resource, owner, 0, value);
            h.startLease(started, validity); // what is left of the lease everywhere
            return h;
        }
        onEach([&](RedisClient& c) {
            return c.evalScript(kDeleteIfOwner, {key}, {value}).integer == 1;
        });
        const auto now = steady_clock::now();
        if (now >= deadline)
            return std::nullopt;
        // Random back-off so that contenders do not split the votes again and again.
        const auto delay = milliseconds(QRandomGenerator::global()->bounded(20, 80));
        std::this_thread::sleep_for(std::min(delay, duration_cast<milliseconds>(deadline - now)));
    }
}

bool RedlockLock::renew(LockHandle& handle) {
    const std::string key = RedisLock::lockKeyOf(m_config, handle.resource());
    const auto started = steady_clock::now();
    milliseconds lease{0};
    if (!parseValue(handle.raw(), &lease, nullptr) || lease <= milliseconds(0)) {
        handle.markLost();
        return false;
    }
    const int yes = onEach([&](RedisClient& c) {
        return c.evalScript(kExtendIfOwner, {key}, {handle.raw(), std::to_string(lease.count())})
                   .integer == 1;
    });
    const auto elapsed = duration_cast<milliseconds>(steady_clock::now() - started);
    const milliseconds validity = lease - elapsed - driftFor(lease);
    if (yes >= quorum() && validity > milliseconds(0) && !handle.mayBeLost()) {
        handle.startLease(started, validity);
        return true;
    }
    handle.markLost();
    return false;
}

LockStrategy::ReleaseResult RedlockLock::release(LockHandle& handle) {
    const std::string key = RedisLock::lockKeyOf(m_config, handle.resource());
    // Everywhere, including servers that said no: a reply lost on the way may have set it.
    const int deleted = onEach([&](RedisClient& c) {
        return c.evalScript(kDeleteIfOwner, {key}, {handle.raw()}).integer == 1;
    });
    // Any server that still had this owner's value proves the handle held it; one that timed out
    // keeps its copy until the lease runs out.
    if (deleted >= 1)
        return ReleaseResult::Released;
    handle.markLost();
    return ReleaseResult::NotOwner;
}

} // namespace lockscope
