#include "core/backends/redis/redisprobe.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclusterclient.h"
#include "connectors/redisconnection.h"
#include "connectors/redissentinelclient.h"
#include "core/backends/probeattempt.h"

namespace lockscope {

RedisProbe::RedisProbe(QString uri)
    : m_uri(std::move(uri)) {}

RedisProbe::~RedisProbe() = default;

BackendHealth RedisProbe::probe() {
    using namespace std::chrono_literals;
    BackendHealth h = probeAttempt(m_client, m_version, [&] {
        if (!m_client) {
            m_client = RedisConnection::open(RedisUri::parse(m_uri),
                                             RedisConnection::Options{1500ms, 1500ms});
            m_version = QString::fromStdString(m_client->serverVersion());
        }
        m_client->commandChecked({"PING"});
    });
    if (h.state == BackendHealth::State::Connected) {
        if (auto* cluster = dynamic_cast<RedisClusterClient*>(m_client.get()))
            h.topology = QStringLiteral("Cluster: %1 primaries").arg(cluster->shards(false).size());
        else if (auto* sentinel = dynamic_cast<RedisSentinelClient*>(m_client.get()))
            h.topology = QStringLiteral("Sentinel: primary %1").arg(sentinel->primary().toString());
    }
    return h;
}

} // namespace lockscope
