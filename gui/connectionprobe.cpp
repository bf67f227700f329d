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

ConnectionProbe::~ConnectionProbe() = default;

void ConnectionProbe::probeAll() {
    using namespace std::chrono_literals;
    // fn connects if needed (filling the version) and makes one round trip; a failure drops the
    // client so that the next probe reconnects.
    auto attempt = [this](Backend backend, auto& client, auto&& fn) {
        QElapsedTimer t;
        t.start();
        try {
            fn();
            emit status(backend, State::Connected, double(t.nsecsElapsed()) / 1e6,
                        m_versions[int(backend)], {});
        } catch (const ConnectorError& e) {
            client.reset();
            emit status(backend, State::Down, 0, {}, e.message());
        } catch (const UriError& e) {
            client.reset();
            emit status(backend, State::Down, 0, {}, e.message());
        }
    };
    attempt(Backend::Redis, m_redis, [&] {
        if (!m_redis) {
            m_redis = std::make_unique<RedisClient>(RedisUri::parse(m_endpoints.redis),
                                                    RedisClient::Options{1500ms, 1500ms});
            m_versions[int(Backend::Redis)] = QString::fromStdString(m_redis->serverVersion());
        }
        m_redis->commandChecked({"PING"});
    });
    attempt(Backend::ZooKeeper, m_zk, [&] {
        if (!m_zk || m_zk->state() == ZkSession::State::Expired) {
            ZkSession::Options o;
            o.connectTimeout = 2000ms;
            o.operationTimeout = 1500ms;
            m_zk = std::make_unique<ZkSession>(ZooKeeperUri::parse(m_endpoints.zookeeper), o);
            m_versions[int(Backend::ZooKeeper)] =
                QStringLiteral("session %1").arg(QString::number(m_zk->sessionId(), 16));
        }
        m_zk->exists("/");
    });
    attempt(Backend::Postgres, m_pg, [&] {
        if (!m_pg) {
            PgConnection::Options o;
            o.connectTimeout = 2s;
            o.statementTimeout = 1500ms;
            m_pg = std::make_unique<PgConnection>(PostgresUri::parse(m_endpoints.postgres), o);
            m_versions[int(Backend::Postgres)] = QString::fromStdString(m_pg->serverVersion());
        }
        m_pg->execute("SELECT 1", "ping");
    });
}

} // namespace lockscope
