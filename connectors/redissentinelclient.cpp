#include "connectors/redissentinelclient.h"

#include "connectors/connectorerror.h"
#include "connectors/endpointmemory.h"
#include "connectors/logging.h"
#include "connectors/redisclient.h"

#include <QStringList>
#include <optional>

namespace lockscope {

namespace {

constexpr auto kWatchRetry = std::chrono::seconds(1);
const std::string kSwitchChannel = "+switch-master";

bool isReadOnly(const RedisReply& r) {
    return r.isError() && r.str.rfind("READONLY", 0) == 0;
}

/// "<name> <old-ip> <old-port> <new-ip> <new-port>" from a +switch-master message, or nothing.
std::optional<HostPort> switchedTo(const RedisReply& msg, const std::string& name) {
    if (!msg.isArray() || msg.elements.size() != 3 || msg.elements[0].str != "message" ||
        msg.elements[1].str != kSwitchChannel)
        return std::nullopt;
    const QStringList f = QString::fromStdString(msg.elements[2].str).split(u' ');
    if (f.size() != 5 || f[0].toStdString() != name)
        return std::nullopt;
    bool ok = false;
    const int port = f[4].toInt(&ok);
    if (!ok)
        return std::nullopt;
    return HostPort{f[3], port};
}

} // namespace

RedisSentinelClient::RedisSentinelClient(RedisUri uri, Options options)
    : m_uri(std::move(uri))
    , m_options(options) {
    if (m_uri.nodes.isEmpty())
        m_uri.nodes.append(HostPort{m_uri.host, m_uri.port});
    resolve();
}

RedisSentinelClient::~RedisSentinelClient() = default;

void RedisSentinelClient::resolve() {
    QStringList failures;
    const std::string name = m_uri.primaryName.toStdString();
    // Those that recently did not answer last, each asked under the short discovery timeout.
    for (const HostPort& sentinel : EndpointMemory::ordered(m_uri.nodes)) {
        RedisUri s;
        s.host = sentinel.host;
        s.port = sentinel.port; // sentinels are asked without the data nodes' credentials
        RedisReply addr;
        try {
            RedisClient c(s, discoveryOptions(m_options));
            addr = c.command({"SENTINEL", "get-master-addr-by-name", name});
            EndpointMemory::answered(sentinel);
        } catch (const ConnectorError& e) {
            EndpointMemory::failed(sentinel);
            failures.append(QStringLiteral("sentinel %1: %2").arg(sentinel.toString(), e.detail()));
            continue;
        }
        if (addr.isNil()) {
            failures.append(QStringLiteral("sentinel %1 knows no primary named '%2'")
                                .arg(sentinel.toString(), m_uri.primaryName));
            continue;
        }
        if (addr.isError() || !addr.isArray() || addr.elements.size() != 2) {
            failures.append(
                QStringLiteral("sentinel %1: %2")
                    .arg(sentinel.toString(), addr.isError() ? QString::fromStdString(addr.str)
                                                             : QStringLiteral("unexpected reply")));
            continue;
        }
        const HostPort primary{QString::fromStdString(addr.elements[0].str),
                               std::atoi(addr.elements[1].str.c_str())};
        try {
            auto client = std::make_unique<RedisClient>(m_uri.single(primary), m_options);
            const RedisReply role = client->command({"ROLE"});
            if (!role.isArray() || role.elements.empty() || role.elements[0].str != "master") {
                failures.append(QStringLiteral("sentinel %1 names %2, which is not a primary "
                                               "(ROLE: %3)")
                                    .arg(sentinel.toString(), primary.toString(),
                                         role.isArray() && !role.elements.empty()
                                             ? QString::fromStdString(role.elements[0].str)
                                             : QString::fromStdString(role.str)));
                continue;
            }
            if (m_client && (primary.host != m_primary.host || primary.port != m_primary.port))
                qCInfo(lcRedis) << "Sentinel primary" << m_uri.primaryName << "moved from"
                                << m_primary.toString() << "to" << primary.toString();
            m_client = std::move(client);
            m_primary = primary;
            ++m_resolutions;
            return;
        } catch (const ConnectorError& e) {
            if (e.kind() == ConnectorError::Kind::Auth)
                throw;
            failures.append(QStringLiteral("primary %1 (from sentinel %2): %3")
                                .arg(primary.toString(), sentinel.toString(), e.detail()));
        }
    }
    m_client.reset();
    throw ConnectorError(
        Backend::Redis, ConnectorError::Kind::Unreachable, QStringLiteral("Sentinel"),
        QStringLiteral("no primary '%1' found: %2").arg(m_uri.primaryName, failures.join(u"; ")));
}

void RedisSentinelClient::subscribeSwitches() {
    // The first sentinel that has not recently failed; one that fails here is tried last next.
    const HostPort sentinel = EndpointMemory::ordered(m_uri.nodes).front();
    RedisUri s;
    s.host = sentinel.host;
    s.port = sentinel.port;
    try {
        const Options options = discoveryOptions(m_options);
        auto watch = std::make_unique<RedisClient>(s, options);
        watch->send({"SUBSCRIBE", kSwitchChannel});
        RedisReply ack;
        if (!watch->readPushed(&ack, options.commandTimeout) || !ack.isArray() ||
            ack.elements.empty() || ack.elements[0].str != "subscribe")
            throw ConnectorError(Backend::Redis, ConnectorError::Kind::Protocol,
                                 sentinel.toString(), QStringLiteral("SUBSCRIBE not confirmed"));
        m_watch = std::move(watch);
        EndpointMemory::answered(sentinel);
    } catch (const ConnectorError& e) {
        if (e.kind() == ConnectorError::Kind::Auth)
            throw;
        EndpointMemory::failed(sentinel);
        qCDebug(lcRedis) << "no +switch-master subscription on sentinel" << sentinel.toString()
                         << ":" << e.detail();
        m_watchRetryAt = std::chrono::steady_clock::now() + kWatchRetry;
    }
}

void RedisSentinelClient::followSwitches() {
    if (!m_watch) {
        if (std::chrono::steady_clock::now() < m_watchRetryAt)
            return;
        subscribeSwitches();
        if (!m_watch)
            return;
    }
    std::optional<HostPort> moved;
    try {
        RedisReply msg;
        while (m_watch->readPushed(&msg, std::chrono::milliseconds(0)))
            if (auto to = switchedTo(msg, m_uri.primaryName.toStdString()))
                moved = to;
    } catch (const ConnectorError& e) {
        qCDebug(lcRedis) << "+switch-master subscription lost:" << e.detail();
        if (m_watch)
            EndpointMemory::failed(HostPort{m_watch->uri().host, m_watch->uri().port});
        m_watch.reset(); // resubscribe (to another sentinel) on a later call
        m_watchRetryAt = std::chrono::steady_clock::now() + kWatchRetry;
        return;
    }
    if (moved && (moved->host != m_primary.host || moved->port != m_primary.port)) {
        qCInfo(lcRedis) << "Sentinel announced primary" << m_uri.primaryName << "at"
                        << moved->toString();
        m_client.reset(); // the call below resolves, and checks the new primary's ROLE
    }
}

template <class F> auto RedisSentinelClient::call(F&& f) {
    followSwitches();
    if (!m_client)
        resolve();
    try {
        auto r = f(*m_client);
        return r;
    } catch (const ConnectorError& e) {
        using K = ConnectorError::Kind;
        if (e.kind() == K::ConnectionLost || e.kind() == K::Timeout || e.kind() == K::Unreachable)
            m_client.reset(); // the next call asks the sentinels again
        throw;
    }
}

template <class F> RedisReply RedisSentinelClient::callOnPrimary(F&& f) {
    RedisReply r = call(f);
    if (isReadOnly(r)) { // not run: safe to send again to the new primary
        resolve();
        r = call(f);
    }
    return r;
}

RedisReply RedisSentinelClient::command(const Args& args) {
    return callOnPrimary([&](RedisClient& c) { return c.command(args); });
}

std::vector<RedisReply> RedisSentinelClient::pipeline(const std::vector<Args>& commands) {
    auto replies = call([&](RedisClient& c) { return c.pipeline(commands); });
    for (size_t i = 0; i < replies.size(); ++i)
        if (isReadOnly(replies[i]))
            replies[i] = command(commands[i]);
    return replies;
}

RedisReply RedisSentinelClient::evalScript(const std::string& script, const Args& keys,
                                           const Args& argv) {
    return callOnPrimary([&](RedisClient& c) { return c.evalScript(script, keys, argv); });
}

void RedisSentinelClient::setCommandTimeout(std::chrono::milliseconds timeout) {
    m_options.commandTimeout = timeout;
    if (m_client)
        m_client->setCommandTimeout(timeout);
}

std::vector<RedisUri> RedisSentinelClient::scanTargets() {
    if (!m_client)
        resolve();
    return {m_uri.single(m_primary)};
}

QString RedisSentinelClient::describeTopology() {
    return QStringLiteral("Sentinel: primary %1").arg(primary().toString());
}

QString RedisSentinelClient::nodeOf(const std::string&) {
    if (!m_client)
        resolve();
    return m_primary.toString();
}

} // namespace lockscope
