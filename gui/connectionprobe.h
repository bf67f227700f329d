#pragma once

#include "connectors/backend.h"
#include "core/endpoints.h"

#include <QObject>
#include <QString>
#include <memory>

class QTimer;

namespace lockscope {

class RedisClient;
class ZkSession;
class PgConnection;

/// Checks each server on a worker thread: connect, one round trip, version. Lives in its own
/// QThread (owned by MainWindow); results come back by queued signal.
class ConnectionProbe : public QObject {
    Q_OBJECT
public:
    enum class State { Connecting, Connected, Down };
    Q_ENUM(State)

    explicit ConnectionProbe(Endpoints endpoints, int intervalMs = 3000);
    ~ConnectionProbe() override;

public slots:
    void start();
    void probeAll();

signals:
    void status(lockscope::Backend backend, lockscope::ConnectionProbe::State state, double rttMs,
                const QString& version, const QString& error);

private:
    Endpoints m_endpoints;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
    // Kept between probes: one round trip each time, a reconnect only after a failure (a new
    // ZooKeeper session every few seconds would be churn on the ensemble).
    std::unique_ptr<RedisClient> m_redis;
    std::unique_ptr<ZkSession> m_zk;
    std::unique_ptr<PgConnection> m_pg;
    QString m_versions[3];
};

} // namespace lockscope
