#include "core/monitor/lockmonitor.h"

#include "connectors/connectorerror.h"
#include "core/logging.h"
#include "core/monitor/keyspacelistener.h"
#include "core/monitor/postgresscanner.h"
#include "core/monitor/redisscanner.h"
#include "core/monitor/zookeeperscanner.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace lockscope {

LockMonitor::LockMonitor(MonitorConfig config, std::function<void()> onChange)
    : m_config(std::move(config))
    , m_onZkChange(std::move(onChange)) {
    if (m_onZkChange && m_config.useRedis)
        m_keyspace = std::make_unique<KeyspaceListener>(m_config, m_onZkChange);
}

bool LockMonitor::keyspaceNotificationsActive() const {
    return m_keyspace && m_keyspace->active();
}

LockMonitor::~LockMonitor() = default;

Snapshot LockMonitor::refresh() {
    Snapshot snap;
    snap.takenAtMs = QDateTime::currentMSecsSinceEpoch();
    // Each backend on its own: one that is down does not hide the others. A failed scanner is
    // dropped and built again (reconnecting) on the next refresh.
    auto run = [&](const char* name, auto& scanner, auto&& make, auto&& scan) {
        QElapsedTimer t;
        t.start();
        const auto now = std::chrono::steady_clock::now();
        if (!scanner) {
            const auto retry = m_retry.find(name);
            if (retry != m_retry.end() && now < retry->second.first) {
                snap.backendErrors.insert(QLatin1String(name), retry->second.second);
                return; // still down: do not wait for its connect timeout on every refresh
            }
        }
        try {
            if (!scanner)
                scanner = make();
            scan(*scanner);
            m_retry.erase(name);
        } catch (const std::exception& e) {
            scanner.reset();
            const auto* ce = dynamic_cast<const ConnectorError*>(&e);
            const QString message = ce ? ce->message() : QString::fromUtf8(e.what());
            snap.backendErrors.insert(QLatin1String(name), message);
            m_retry[name] = {std::chrono::steady_clock::now() + std::chrono::seconds(5), message};
            qCWarning(lcMonitor) << name << "unavailable:" << message;
        }
        snap.backendMs.insert(QLatin1String(name), double(t.nsecsElapsed()) / 1e6);
    };
    auto append = [&](std::vector<LockEntry>&& v) {
        snap.locks.insert(snap.locks.end(), std::make_move_iterator(v.begin()),
                          std::make_move_iterator(v.end()));
    };
    if (m_config.useRedis)
        run(
            "redis", m_redis, [&] { return std::make_unique<RedisScanner>(m_config); },
            [&](RedisScanner& s) { append(s.scan()); });
    if (m_config.useZooKeeper)
        run(
            "zookeeper", m_zk,
            [&] { return std::make_unique<ZooKeeperScanner>(m_config, m_onZkChange); },
            [&](ZooKeeperScanner& s) { append(s.scan()); });
    if (m_config.usePostgres)
        run(
            "postgres", m_pg, [&] { return std::make_unique<PostgresScanner>(m_config); },
            [&](PostgresScanner& s) {
                QJsonArray tree;
                append(s.scan(&tree));
                snap.blockingTree = QJsonObject{{QStringLiteral("roots"), tree}};
            });
    snap.sort();
    return snap;
}

SnapshotDiff LockMonitor::refreshDiff(Snapshot* out) {
    Snapshot next = refresh();
    SnapshotDiff d = SnapshotDiff::between(m_last, next);
    m_last = std::move(next);
    if (out)
        *out = m_last;
    return d;
}

} // namespace lockscope
