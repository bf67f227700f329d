#include "core/backends/redis/redisprobe.h"

#include "connectors/connectorerror.h"
#include "connectors/redisconnection.h"
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
    if (h.state == BackendHealth::State::Connected)
        h.topology = m_client->describeTopology();
    return h;
}

} // namespace lockscope
