#include "core/backends/zookeeper/zookeeperprobe.h"

#include "connectors/zksession.h"
#include "core/backends/probeattempt.h"

namespace lockscope {

ZooKeeperProbe::ZooKeeperProbe(QString uri)
    : m_uri(std::move(uri)) {}

ZooKeeperProbe::~ZooKeeperProbe() = default;

BackendHealth ZooKeeperProbe::probe() {
    using namespace std::chrono_literals;
    return probeAttempt(m_session, m_version, [&] {
        if (!m_session || m_session->state() == ZkSession::State::Expired) {
            ZkSession::Options o;
            o.connectTimeout = 2000ms;
            o.operationTimeout = 1500ms;
            m_session = std::make_unique<ZkSession>(ZooKeeperUri::parse(m_uri), o);
            m_version =
                QStringLiteral("session %1").arg(QString::number(m_session->sessionId(), 16));
        }
        m_session->exists("/");
    });
}

} // namespace lockscope
