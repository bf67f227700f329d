#include "gui/connectionprobe.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/urierror.h"
#include "connectors/zksession.h"

#include <QElapsedTimer>
#include <QTimer>
#include <pqxx/pqxx>

namespace lockscope {

ConnectionProbe::ConnectionProbe(Endpoints endpoints, int intervalMs)
    : m_endpoints(std::move(endpoints))
    , m_intervalMs(intervalMs) {}

void ConnectionProbe::start() {
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &ConnectionProbe::probeAll);
    m_timer->start(m_intervalMs);
    probeAll();
}

void ConnectionProbe::probeAll() {
    using namespace std::chrono_literals;
    auto attempt = [this](Backend backend, auto&& fn) {
        QElapsedTimer t;
        t.start();
        try {
            const QString version = fn();
            emit status(backend, State::Connected, double(t.nsecsElapsed()) / 1e6, version, {});
        } catch (const ConnectorError& e) {
            emit status(backend, State::Down, 0, {}, e.message());
        } catch (const UriError& e) {
            emit status(backend, State::Down, 0, {}, e.message());
        }
    };
    attempt(Backend::Redis, [&] {
        RedisClient c(RedisUri::parse(m_endpoints.redis), RedisClient::Options{1500ms, 1500ms});
        return QString::fromStdString(c.serverVersion());
    });
    attempt(Backend::ZooKeeper, [&] {
        ZkSession::Options o;
        o.connectTimeout = 2000ms;
        o.operationTimeout = 1500ms;
        ZkSession s(ZooKeeperUri::parse(m_endpoints.zookeeper), o);
        s.exists("/");
        return QStringLiteral("session %1").arg(QString::number(s.sessionId(), 16));
    });
    attempt(Backend::Postgres, [&] {
        PgConnection::Options o;
        o.connectTimeout = 2s;
        o.statementTimeout = 1500ms;
        PgConnection c(PostgresUri::parse(m_endpoints.postgres), o);
        return QString::fromStdString(c.serverVersion());
    });
}

} // namespace lockscope
