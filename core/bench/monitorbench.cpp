#include "core/bench/monitorbench.h"

#include "core/bench/processstats.h"

#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/redisconnection.h"
#include "connectors/redisscan.h"
#include "connectors/zksession.h"
#include "core/monitor/lockmonitor.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QScopeGuard>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <pqxx/pqxx>
#include <thread>

namespace lockscope {

namespace {

/// Median refresh time (ms) over runs; also returns the last snapshot's lock count.
QJsonObject timeRefresh(const MonitorConfig& cfg, int runs, size_t* found) {
    LockMonitor monitor(cfg);
    monitor.refresh(); // connect and warm up
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        const Snapshot s = monitor.refresh();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        *found = s.locks.size();
        if (!s.backendErrors.isEmpty())
            throw std::runtime_error(
                QStringLiteral("%1 refresh failed: %2")
                    .arg(backendDisplayName(s.backendErrors.firstKey()), s.backendErrors.first())
                    .toStdString());
    }
    std::sort(ms.begin(), ms.end());
    QJsonArray all;
    for (double v : ms)
        all.append(std::round(v * 10) / 10);
    return QJsonObject{{QStringLiteral("median_ms"), std::round(ms[ms.size() / 2] * 10) / 10},
                       {QStringLiteral("runs_ms"), all}};
}

/// Deletes the keys matching pattern on every node a scan must visit (each Cluster primary).
void deleteMatching(RedisConnection& c, const std::string& pattern) {
    for (const RedisUri& node : c.scanTargets()) {
        RedisClient n(node,
                      RedisClient::Options{std::chrono::seconds(5), std::chrono::seconds(60)});
        RedisScan scan(n, pattern, 10000);
        std::vector<std::string> batch;
        while (scan.next(batch)) {
            if (batch.empty())
                continue;
            // One UNLINK per key: on a Cluster, keys of one node may still span slots.
            std::vector<RedisClient::Args> del;
            for (const auto& k : batch)
                del.push_back({"UNLINK", k});
            n.pipeline(del);
        }
    }
}

MonitorConfig monitorConfig(const NamespaceConfig& ns, Backend backend) {
    MonitorConfig cfg;
    cfg.config = ns;
    cfg.backends = {backend};
    return cfg;
}

/// Writes `otherKeys` plain keys and `locks` lock keys, pipelined in batches of 10000.
void fillRedis(RedisConnection& c, int otherKeys, int locks) {
    std::vector<RedisClient::Args> batch;
    auto flush = [&] {
        if (!batch.empty())
            c.pipeline(batch);
        batch.clear();
    };
    for (int i = 0; i < otherKeys; ++i) {
        batch.push_back({"SET", "lsbench:data:" + std::to_string(i), "x"});
        if (batch.size() == 10000)
            flush();
    }
    for (int i = 0; i < locks; ++i) {
        batch.push_back({"SET", "lsbench-lock:" + std::to_string(i),
                         "lockscope:v1:" + std::to_string(i + 1) + ":bench:1:" + std::to_string(i),
                         "PX", "600000"});
        if (batch.size() == 10000)
            flush();
    }
    flush();
}

/// Redis: lock keys among many other keys.
QJsonObject benchRedis(const NamespaceConfig& ns, const MonitorBench::Options& o) {
    // A single server, or a Cluster (the keys spread over its primaries by slot).
    const auto c = RedisConnection::open(
        ns.redis, RedisConnection::Options{std::chrono::seconds(5), std::chrono::seconds(60)});
    deleteMatching(*c, "lsbench*");
    fillRedis(*c, o.otherKeys, o.locks);
    const MonitorConfig cfg = monitorConfig(ns, Backend::Redis);
    size_t found = 0;
    const long long before = residentSetBytes();
    QJsonObject r = timeRefresh(cfg, o.runs, &found);
    LockMonitor holder(cfg);
    const Snapshot kept = holder.refresh();
    const long long after = residentSetBytes();
    r.insert(QStringLiteral("lock_keys"), o.locks);
    r.insert(QStringLiteral("other_keys"), o.otherKeys);
    r.insert(QStringLiteral("found"), qint64(kept.locks.size()));
    r.insert(QStringLiteral("rss_growth_bytes"), after - before);
    r.insert(QStringLiteral("rss_growth_per_lock_bytes"),
             o.locks > 0 ? double(after - before) / double(o.locks) : 0.0);
    r.insert(QStringLiteral("redis_topology"), RedisUri::topologyName(ns.redis.topology));
    r.insert(QStringLiteral("nodes_scanned"), qint64(c->scanTargets().size()));
    deleteMatching(*c, "lsbench*");
    return r;
}

/// ZooKeeper: one lock directory with many contenders.
QJsonObject benchZooKeeper(const NamespaceConfig& ns, const MonitorBench::Options& o) {
    ZkSession s(ns.zookeeper);
    const std::string dir = "/lsbench/locks/big";
    s.removeRecursive("/lsbench");
    s.ensurePath(dir);
    for (int i = 0; i < o.zkWaiters; ++i)
        s.create(dir + "/_c_0123456789abcdef0123456789abcdef-lock-", "bench",
                 ZkSession::CreateMode::EphemeralSequential);
    MonitorConfig cfg = monitorConfig(ns, Backend::ZooKeeper);
    cfg.zkRoots.clear();
    size_t found = 0;
    QJsonObject r = timeRefresh(cfg, o.runs, &found);
    r.insert(QStringLiteral("contenders"), o.zkWaiters);
    s.close();
    ZkSession cleanup(ns.zookeeper);
    cleanup.removeRecursive("/lsbench");
    return r;
}

/// One waiter: blocks on the row the holder has locked until it is released; counts failures.
void waitForBenchRow(const PostgresUri& uri, std::atomic<int>& failed) {
    try {
        PgConnection::Options po;
        po.statementTimeout = std::chrono::minutes(5);
        PgConnection c(uri, po);
        pqxx::work w(c.raw());
        w.exec("SELECT * FROM lsbench.rows WHERE id = 1 FOR UPDATE");
        w.commit();
    } catch (...) {
        ++failed;
    }
}

/// Waits until `expected` waiters are blocked or have failed (a condition with a deadline);
/// returns the last count of blocked backends.
int waitUntilBlocked(PgConnection& admin, const std::atomic<int>& failed, int expected) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    int blocked = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        blocked = admin.run("count", [](pqxx::connection& c) {
            pqxx::nontransaction tx(c);
            return tx
                .exec1("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")[0]
                .as<int>();
        });
        if (blocked + failed.load() >= expected)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return blocked;
}

/// PostgreSQL: many backends blocked behind one row lock.
QJsonObject benchPostgres(const NamespaceConfig& ns, const MonitorBench::Options& o) {
    PgConnection admin(ns.postgres);
    admin.execute("CREATE SCHEMA IF NOT EXISTS lsbench");
    admin.execute("CREATE TABLE IF NOT EXISTS lsbench.rows (id int PRIMARY KEY, n int)");
    admin.execute("INSERT INTO lsbench.rows VALUES (1, 0) ON CONFLICT DO NOTHING");
    PgConnection holderConn(ns.postgres);
    auto hold = std::make_unique<pqxx::work>(holderConn.raw());
    hold->exec("SELECT * FROM lsbench.rows WHERE id = 1 FOR UPDATE");
    std::vector<std::thread> waiters;
    std::atomic<int> failed{0};
    // However this function is left (a refresh or a query that throws included): the row lock
    // goes first, so that every waiter gets it and ends, then every waiter is joined. A
    // joinable std::thread destroyed by an exception would abort the process.
    const auto joinWaiters = qScopeGuard([&] {
        hold.reset();
        for (auto& t : waiters)
            if (t.joinable())
                t.join();
    });
    for (int i = 0; i < o.pgBlocked; ++i)
        waiters.emplace_back([&] { waitForBenchRow(ns.postgres, failed); });
    const int blocked = waitUntilBlocked(admin, failed, o.pgBlocked);
    size_t found = 0;
    QJsonObject r = timeRefresh(monitorConfig(ns, Backend::Postgres), o.runs, &found);
    r.insert(QStringLiteral("blocked_backends"), blocked);
    r.insert(QStringLiteral("connect_failures"), failed.load());
    hold->commit();
    hold.reset();
    for (auto& t : waiters)
        t.join(); // before their table goes
    admin.execute("DROP SCHEMA lsbench CASCADE");
    return r;
}

} // namespace

QJsonObject MonitorBench::run(const Options& o) {
    NamespaceConfig ns = o.config;
    ns.ns = "lsbench";
    QJsonObject out;
    out.insert(QStringLiteral("redis"), benchRedis(ns, o));
    out.insert(QStringLiteral("zookeeper"), benchZooKeeper(ns, o));
    out.insert(QStringLiteral("postgres"), benchPostgres(ns, o));
    return out;
}

} // namespace lockscope
