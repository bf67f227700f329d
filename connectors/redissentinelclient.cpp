#include "connectors/redissentinelclient.h"

#include "connectors/connectorerror.h"
#include "connectors/logging.h"
#include "connectors/redisclient.h"

namespace lockscope {

namespace {

bool isReadOnly(const RedisReply& r) {
    return r.isError() && r.str.rfind("READONLY", 0) == 0;
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
    for (const HostPort& sentinel : m_uri.nodes) {
        RedisUri s;
        s.host = sentinel.host;
        s.port = sentinel.port; // sentinels are asked without the data nodes' credentials
        RedisReply addr;
        try {
            RedisClient c(s, m_options);
            addr = c.command({"SENTINEL", "get-master-addr-by-name", name});
        } catch (const ConnectorError& e) {
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

template <class F> auto RedisSentinelClient::call(F&& f) {
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

RedisReply RedisSentinelClient::command(const Args& args) {
    RedisReply r = call([&](RedisClient& c) { return c.command(args); });
    if (isReadOnly(r)) { // not run: safe to send again to the new primary
        resolve();
        r = call([&](RedisClient& c) { return c.command(args); });
    }
    return r;
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
    RedisReply r = call([&](RedisClient& c) { return c.evalScript(script, keys, argv); });
    if (isReadOnly(r)) {
        resolve();
        r = call([&](RedisClient& c) { return c.evalScript(script, keys, argv); });
    }
    return r;
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

QString RedisSentinelClient::nodeOf(const std::string&) {
    if (!m_client)
        resolve();
    return m_primary.toString();
}

} // namespace lockscope
