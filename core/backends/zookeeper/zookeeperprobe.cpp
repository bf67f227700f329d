#include "core/backends/zookeeper/zookeeperprobe.h"

#include "connectors/connectorerror.h"
#include "connectors/zkfourletter.h"
#include "connectors/zksession.h"
#include "core/backends/probeattempt.h"

namespace lockscope {

ZooKeeperProbe::ZooKeeperProbe(QString uri)
    : m_uri(std::move(uri)) {}

ZooKeeperProbe::~ZooKeeperProbe() = default;

BackendHealth ZooKeeperProbe::probe() {
    using namespace std::chrono_literals;
    BackendHealth h = probeAttempt(m_session, m_version, [&] {
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
    // An ensemble: each member's mode (srvr), and the one this session is on.
    const ZooKeeperUri uri = ZooKeeperUri::parse(m_uri);
    if (uri.hosts.size() > 1) {
        const int on = m_session ? m_session->connectedPort() : 0;
        QStringList members;
        for (const HostPort& m : uri.hosts) {
            QString mode = QStringLiteral("down");
            try {
                const std::string a =
                    ZkFourLetter::ask(m.host.toStdString(), m.port, "srvr", 500ms);
                const auto pos = a.find("Mode: ");
                mode = pos == std::string::npos
                           ? QStringLiteral("answering")
                           : QString::fromStdString(a.substr(pos + 6, a.find('\n', pos) - pos - 6))
                                 .trimmed();
            } catch (const ConnectorError&) {
            }
            members << QStringLiteral("%1 %2%3").arg(
                m.toString(), mode, m.port == on ? QStringLiteral(" (this session)") : QString());
        }
        h.topology = QStringLiteral("ensemble: ") + members.join(QStringLiteral(", "));
    }
    return h;
}

} // namespace lockscope
