#include "core/bench/visibilitybench.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/redisconnection.h"
#include "connectors/zksession.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/interruptiblewait.h"
#include "core/locks/lockstrategy.h"
#include "core/monitor/lockmonitor.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <thread>
#include <unistd.h>

namespace lockscope {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kVisibleDeadline = std::chrono::seconds(10);

/// CPU time of some of this process's threads, in seconds: the scheduler's own count in ns
/// (/proc/self/task/<tid>/schedstat), not utime + stime in clock ticks (10 ms: a monitor that
/// idles uses less than one tick in a whole run).
double threadsCpuSeconds(const std::set<QString>& tids) {
    double total = 0;
    for (const QString& tid : tids) {
        QFile f(QStringLiteral("/proc/self/task/%1/schedstat").arg(tid));
        if (!f.open(QIODevice::ReadOnly))
            continue; // the thread ended: its time is lost (counted until its last reading)
        total += f.readAll().split(' ').value(0).toDouble() / 1e9;
    }
    return total;
}

std::set<QString> threadIds() {
    const QStringList list =
        QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    return {list.begin(), list.end()};
}

/// The monitor as the console runs it, on a thread of its own: refreshed every interval and at
/// once after a change report; each refresh publishes the resources it shows.
class MonitorLoop {
public:
    MonitorLoop(const MonitorConfig& config, int intervalMs)
        : m_interval(intervalMs) {
        const std::set<QString> before = threadIds();
        std::mutex ready;
        std::condition_variable readyCv;
        bool started = false;
        m_thread = std::jthread([this, config, &ready, &readyCv, &started](std::stop_token stop) {
            LockMonitor monitor(config, [this] {
                {
                    std::lock_guard lock(m_mutex);
                    m_poked = true;
                }
                m_cv.notify_all();
            });
            monitor.refreshDiff(nullptr, LockMonitor::Wait::ForAnswers);
            // Wait (bounded) for the listeners to be up, so that their threads are counted.
            const auto until = Clock::now() + std::chrono::seconds(3);
            while (Clock::now() < until && !stop.stop_requested()) {
                bool allUp = true;
                for (const ChangeStatus& s : monitor.changeModes())
                    allUp = allUp && s.mode != ChangeMode::Polling;
                if (allUp) // baseline: Redis stays polled, the wait ends at its deadline
                    break;
                waitUnlessStopped(stop, std::chrono::milliseconds(20));
            }
            {
                std::lock_guard lock(ready);
                m_modes = monitor.changeModes();
                started = true;
            }
            readyCv.notify_all();
            while (!stop.stop_requested()) {
                Snapshot snap;
                monitor.refreshDiff(&snap, LockMonitor::Wait::Briefly);
                publish(snap);
                std::unique_lock lock(m_mutex);
                m_cv.wait_for(lock, stop, m_interval, [this] { return m_poked; });
                m_poked = false;
            }
        });
        std::unique_lock lock(ready);
        readyCv.wait(lock, [&] { return started; });
        lock.unlock();
        for (const QString& t : threadIds())
            if (!before.count(t))
                m_tids.insert(t);
        m_cpuStart = threadsCpuSeconds(m_tids);
        m_wallStart = Clock::now();
    }
    ~MonitorLoop() {
        m_thread.request_stop();
        m_cv.notify_all();
    }

    QMap<Backend, ChangeStatus> modes() const { return m_modes; }

    /// When a published refresh first showed (present) or no longer showed a resource
    /// containing tag, after `since`; nothing by the deadline.
    std::optional<Clock::time_point> waitFor(const QString& tag, bool present,
                                             Clock::time_point since) {
        std::unique_lock lock(m_mutex);
        const bool ok = m_cv.wait_until(lock, since + kVisibleDeadline, [&] {
            return m_publishedAt >= since && contains(tag) == present;
        });
        return ok ? std::optional(m_publishedAt) : std::nullopt;
    }

    /// The monitor threads' CPU since construction, in % of one core.
    double cpuPercent() const {
        const double wall = std::chrono::duration<double>(Clock::now() - m_wallStart).count();
        return wall > 0 ? 100.0 * (threadsCpuSeconds(m_tids) - m_cpuStart) / wall : 0;
    }
    void restartCpu() {
        m_cpuStart = threadsCpuSeconds(m_tids);
        m_wallStart = Clock::now();
    }

private:
    bool contains(const QString& tag) const {
        return std::any_of(m_seen.begin(), m_seen.end(),
                           [&](const QString& s) { return s.contains(tag); });
    }
    void publish(const Snapshot& snap) {
        QStringList seen;
        for (const LockEntry& e : snap.locks)
            seen << e.resource + u'\n' + e.logicalResource;
        {
            std::lock_guard lock(m_mutex);
            m_seen = std::move(seen);
            m_publishedAt = Clock::now();
        }
        m_cv.notify_all();
    }

    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    bool m_poked = false;
    QStringList m_seen;
    Clock::time_point m_publishedAt{};
    QMap<Backend, ChangeStatus> m_modes;
    std::set<QString> m_tids;
    double m_cpuStart = 0;
    Clock::time_point m_wallStart{};
    std::jthread m_thread;
};

/// One way of taking a lock for the bench: take(tag) returns when it is held.
class Taker {
public:
    virtual ~Taker() = default;
    virtual void take(const QString& tag) = 0;
    virtual void drop() = 0;
    /// What the monitor shows for tag's lock contains this.
    virtual QString shown(const QString& tag) const { return tag; }
};

class StrategyTaker : public Taker {
public:
    StrategyTaker(const QString& strategy, const NamespaceConfig& config)
        : m_strategy(LockStrategy::create(strategy, config)) {}
    void take(const QString& tag) override {
        LockOptions o;
        o.lease = std::chrono::seconds(60);
        m_handle = m_strategy->acquire(tag.toStdString(), o);
        if (!m_handle)
            throw std::runtime_error("bench visibility: could not take " + tag.toStdString());
    }
    void drop() override {
        if (m_handle)
            m_strategy->release(*m_handle);
        m_handle.reset();
    }

private:
    std::unique_ptr<LockStrategy> m_strategy;
    std::optional<LockHandle> m_handle;
};

/// A foreign Redis client: SET key value NX PX, then DEL.
class RedisSetNxTaker : public Taker {
public:
    explicit RedisSetNxTaker(const NamespaceConfig& config)
        : m_conn(RedisConnection::open(config.redis)) {}
    void take(const QString& tag) override {
        m_key = "lock:" + tag.toStdString();
        m_conn->commandChecked({"SET", m_key, "foreign-holder", "NX", "PX", "60000"});
    }
    void drop() override { m_conn->commandChecked({"DEL", m_key}); }

private:
    std::unique_ptr<RedisConnection> m_conn;
    std::string m_key;
};

/// A foreign ZooKeeper client: a Curator-style ephemeral sequential znode under /locks.
class ZnodeTaker : public Taker {
public:
    explicit ZnodeTaker(const NamespaceConfig& config)
        : m_session(config.zookeeper) {}
    void take(const QString& tag) override {
        m_dir = "/locks/" + tag.toStdString();
        m_session.ensurePath(m_dir);
        m_node = m_session.create(m_dir + "/_c_0123456789abcdef0123456789abcdef-lock-", "",
                                  ZkSession::CreateMode::EphemeralSequential);
    }
    void drop() override {
        m_session.remove(m_node);
        try {
            m_session.remove(m_dir);
        } catch (const ConnectorError&) {
        }
    }

private:
    ZkSession m_session;
    std::string m_dir;
    std::string m_node;
};

/// A psql-style session: BEGIN; SELECT ... FOR UPDATE on a row; COMMIT to drop.
class PgForUpdateTaker : public Taker {
public:
    explicit PgForUpdateTaker(const NamespaceConfig& config)
        : m_table(config.pgSchema() + ".vis_rows")
        , m_conn(config.postgres) {
        m_conn.execute("CREATE SCHEMA IF NOT EXISTS " + config.pgSchema());
        m_conn.execute("CREATE TABLE IF NOT EXISTS " + m_table +
                       " (id int PRIMARY KEY); INSERT INTO " + m_table +
                       " VALUES (1) ON CONFLICT DO NOTHING");
    }
    void take(const QString&) override {
        m_conn.execute("BEGIN");
        m_conn.execute("SELECT * FROM " + m_table + " WHERE id = 1 FOR UPDATE");
    }
    void drop() override { m_conn.execute("COMMIT"); }
    QString shown(const QString&) const override { return QStringLiteral("vis_rows"); }

private:
    std::string m_table;
    PgConnection m_conn;
};

/// Many idle locks held for the idle measurement.
class IdleLocks {
public:
    IdleLocks(Backend b, const NamespaceConfig& config, int n) {
        if (n <= 0)
            return;
        if (b == Backend::Redis) {
            auto conn = RedisConnection::open(config.redis);
            std::vector<RedisConnection::Args> cmds;
            for (int i = 0; i < n; ++i)
                cmds.push_back(
                    {"SET", "lsvis:idle:lock:" + std::to_string(i), "idle", "PX", "600000"});
            conn->pipeline(cmds);
            m_cleanup = [config, n] {
                auto c = RedisConnection::open(config.redis);
                std::vector<RedisConnection::Args> dels;
                for (int i = 0; i < n; ++i)
                    dels.push_back({"DEL", "lsvis:idle:lock:" + std::to_string(i)});
                c->pipeline(dels);
            };
        } else if (b == Backend::ZooKeeper) {
            m_zk = std::make_unique<ZkSession>(config.zookeeper);
            for (int i = 0; i < n; ++i) {
                const std::string dir = "/locks/lsvis-idle-" + std::to_string(i);
                m_zk->ensurePath(dir);
                m_zk->create(dir + "/_c_0123456789abcdef0123456789abcdef-lock-", "",
                             ZkSession::CreateMode::EphemeralSequential);
            }
            m_cleanup = [this, n] {
                for (int i = 0; i < n; ++i)
                    m_zk->removeRecursive("/locks/lsvis-idle-" + std::to_string(i));
            };
        } else {
            m_pg = std::make_unique<PgConnection>(config.postgres);
            m_pg->execute("SELECT pg_advisory_lock(424200000 + g) FROM generate_series(1, " +
                          std::to_string(n) + ") g");
            m_cleanup = [this] { m_pg->execute("SELECT pg_advisory_unlock_all()"); };
        }
    }
    ~IdleLocks() {
        try {
            if (m_cleanup)
                m_cleanup();
        } catch (const std::exception&) {
        }
    }

private:
    std::unique_ptr<ZkSession> m_zk;
    std::unique_ptr<PgConnection> m_pg;
    std::function<void()> m_cleanup;
};

QJsonObject percentiles(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        if (v.empty())
            return 0.0;
        const size_t i = std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5));
        return std::round(v[i] * 10) / 10;
    };
    return {{QStringLiteral("p50"), at(0.5)}, {QStringLiteral("p95"), at(0.95)}};
}

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

QJsonObject runBackend(Backend b, const VisibilityBench::Options& o, const NamespaceConfig& ns,
                       QMap<Backend, ChangeStatus>* modes) {
    MonitorConfig mc;
    mc.config = ns;
    mc.backends = {b};
    if (o.baseline) {
        mc.redisTracking = MonitorConfig::RedisTracking::Off;
        mc.pgAdaptive = false;
    }
    MonitorLoop loop(mc, o.intervalMs);
    std::vector<std::unique_ptr<Taker>> takers;
    if (b == Backend::Redis) {
        takers.push_back(std::make_unique<StrategyTaker>(QStringLiteral("redis"), ns));
        takers.push_back(std::make_unique<RedisSetNxTaker>(ns));
    } else if (b == Backend::ZooKeeper) {
        takers.push_back(std::make_unique<StrategyTaker>(QStringLiteral("zookeeper"), ns));
        takers.push_back(std::make_unique<ZnodeTaker>(ns));
    } else {
        takers.push_back(std::make_unique<StrategyTaker>(QStringLiteral("pg-advisory"), ns));
        takers.push_back(std::make_unique<PgForUpdateTaker>(ns));
    }
    auto* rng = QRandomGenerator::global();
    const auto pause = [&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(rng->bounded(o.intervalMs + 1)));
    };
    std::vector<double> visible, gone;
    int missed = 0;
    loop.restartCpu();
    for (int i = 0; i < o.samples; ++i) {
        Taker& t = *takers[static_cast<size_t>(i) % takers.size()];
        const QString tag =
            QStringLiteral("lsvis%1x%2").arg(i).arg(rng->bounded(1000000), 6, 10, QLatin1Char('0'));
        pause();
        t.take(tag);
        const auto taken = Clock::now();
        const auto seen = loop.waitFor(t.shown(tag), true, taken);
        pause();
        t.drop();
        const auto dropped = Clock::now();
        const auto away = loop.waitFor(t.shown(tag), false, dropped);
        if (!seen || !away) {
            ++missed;
            continue;
        }
        visible.push_back(ms(*seen - taken));
        gone.push_back(ms(*away - dropped));
    }
    QJsonObject r{{QStringLiteral("backend"), backendName(b)},
                  {QStringLiteral("samples"), static_cast<int>(visible.size())},
                  {QStringLiteral("acquire_visible_ms"), percentiles(visible)},
                  {QStringLiteral("release_gone_ms"), percentiles(gone)},
                  {QStringLiteral("monitor_cpu_pct"), std::round(loop.cpuPercent() * 100) / 100}};
    if (missed > 0)
        r.insert(QStringLiteral("missed"), missed);
    if (modes)
        modes->insert(b, loop.modes().value(b));
    if (o.idleLocks > 0) {
        const IdleLocks idle(b, ns, o.idleLocks);
        // The first refreshes read the new locks; measure the steady state after them.
        std::this_thread::sleep_for(std::chrono::milliseconds(2 * o.intervalMs));
        loop.restartCpu();
        std::this_thread::sleep_for(std::chrono::seconds(o.idleSeconds));
        r.insert(QStringLiteral("idle_locks"), o.idleLocks);
        r.insert(QStringLiteral("idle_monitor_cpu_pct"), std::round(loop.cpuPercent() * 100) / 100);
    }
    return r;
}

} // namespace

QJsonArray VisibilityBench::run(const Options& options, QMap<Backend, ChangeStatus>* modes) {
    NamespaceConfig ns = options.config;
    ns.ns = "lsvis";
    QJsonArray out;
    for (const LockBackend* b : BackendRegistry::all()) {
        if (!options.backends.empty() && std::find(options.backends.begin(), options.backends.end(),
                                                   b->id()) == options.backends.end())
            continue;
        out.append(runBackend(b->id(), options, ns, modes));
    }
    return out;
}

} // namespace lockscope
