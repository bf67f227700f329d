#include "core/bench/lockbench.h"

#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/zksession.h"
#include "core/demo/latencystats.h"
#include "core/locks/lockstrategy.h"
#include "core/locks/ownerid.h"
#include "core/shop/shopschema.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <atomic>
#include <barrier>
#include <cmath>
#include <pqxx/pqxx>
#include <stdexcept>
#include <thread>

namespace lockscope {

namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
    long long cycles = 0;
    double seconds = 0;
    std::vector<double> latenciesUs;
    double rate() const { return seconds > 0 ? double(cycles) / seconds : 0; }
};

/// Runs cycle() until the deadline; every call timed.
template <class F> Sample loop(std::chrono::milliseconds duration, F&& cycle) {
    Sample s;
    const auto start = Clock::now();
    const auto end = start + duration;
    while (true) {
        const auto t0 = Clock::now();
        if (t0 >= end)
            break;
        cycle();
        s.latenciesUs.push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        ++s.cycles;
    }
    s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return s;
}

/// The bare-library reference for a strategy's backend. Holds its own connection.
class Reference {
public:
    Reference(const NamespaceConfig& config, const QString& strategy) {
        if (strategy == u"redis") {
            m_kind = Kind::Redis;
            m_redis = std::make_unique<RedisClient>(config.redis);
            m_key = config.redisPrefix() + "bench:reference";
        } else if (strategy == u"zookeeper") {
            m_kind = Kind::ZooKeeper;
            m_zk = std::make_unique<ZkSession>(config.zookeeper);
            m_root = "/" + config.ns + "/bench-reference";
            m_zk->ensurePath(m_root);
        } else {
            m_kind = Kind::Postgres;
            m_pg = std::make_unique<PgConnection>(config.postgres);
            m_table = config.pgSchema() + ".bench_reference";
            m_pg->execute("CREATE TABLE IF NOT EXISTS " + m_table +
                          " (id int PRIMARY KEY, n bigint NOT NULL)");
            m_pg->execute("INSERT INTO " + m_table + " VALUES (1, 0) ON CONFLICT DO NOTHING");
        }
    }
    QString describe() const {
        switch (m_kind) {
        case Kind::Redis:
            return QStringLiteral("hiredis: SET NX PX + EVAL compare-and-delete");
        case Kind::ZooKeeper:
            return QStringLiteral(
                "zookeeper_mt: create ephemeral-sequential + getChildren + delete");
        case Kind::Postgres:
            return QStringLiteral("libpqxx: BEGIN; SELECT ... FOR UPDATE; UPDATE; COMMIT");
        }
        return {};
    }
    void cycle() {
        switch (m_kind) {
        case Kind::Redis: {
            static const std::string del = "if redis.call('GET', KEYS[1]) == ARGV[1] then return "
                                           "redis.call('DEL', KEYS[1]) end return 0";
            const std::string value = std::to_string(++m_n);
            m_redis->command({"SET", m_key, value, "NX", "PX", "10000"});
            m_redis->command({"EVAL", del, "1", m_key, value});
            break;
        }
        case Kind::ZooKeeper: {
            const std::string path =
                m_zk->create(m_root + "/n-", {}, ZkSession::CreateMode::EphemeralSequential);
            m_zk->children(m_root);
            m_zk->remove(path);
            break;
        }
        case Kind::Postgres:
            m_pg->run("reference", [&](pqxx::connection& c) {
                pqxx::work tx(c);
                tx.exec("SELECT n FROM " + m_table + " WHERE id = 1 FOR UPDATE");
                tx.exec("UPDATE " + m_table + " SET n = n + 1 WHERE id = 1");
                tx.commit();
            });
            break;
        }
    }

private:
    enum class Kind { Redis, ZooKeeper, Postgres } m_kind = Kind::Redis;
    std::unique_ptr<RedisClient> m_redis;
    std::unique_ptr<ZkSession> m_zk;
    std::unique_ptr<PgConnection> m_pg;
    std::string m_key, m_root, m_table;
    long long m_n = 0;
};

double redisCpuSeconds(RedisClient& c) {
    const std::string info = c.commandChecked({"INFO", "cpu"}).str;
    double total = 0;
    for (const char* key : {"used_cpu_sys:", "used_cpu_user:"}) {
        const auto pos = info.find(key);
        if (pos != std::string::npos)
            total += std::stod(info.substr(pos + std::strlen(key)));
    }
    return total;
}

QJsonObject latencyJson(const std::vector<double>& us) {
    LatencyStats s;
    s.addAll(us);
    auto r = [](double v) { return std::round(v * 10) / 10; };
    return QJsonObject{{QStringLiteral("p50"), r(s.percentile(50))},
                       {QStringLiteral("p99"), r(s.percentile(99))}};
}

double round2(double v) {
    return std::round(v * 100) / 100;
}

} // namespace

QJsonObject LockBench::run(const Options& o) {
    if (!LockStrategy::lockingNames().contains(o.strategy))
        throw std::invalid_argument(
            "--strategy: '" + o.strategy.toStdString() +
            "' is not a lock (expected pg-row, pg-advisory, redis, zookeeper or lease)");
    const auto slice = o.duration / 6; // 3 rounds x (reference + lock)
    Reference reference(o.config, o.strategy);
    auto lock = LockStrategy::create(o.strategy, o.config);
    const std::string ownResource = "bench-solo-" + OwnerId::guid().substr(0, 8);
    auto lockCycle = [&] {
        auto h = lock->acquire(ownResource,
                               LockOptions{std::chrono::seconds(10), std::chrono::seconds(10)});
        if (!h)
            throw std::runtime_error("uncontended acquire timed out");
        lock->release(*h);
    };
    // Warm up both (connections, prepared scripts, JIT on the server side).
    loop(std::chrono::milliseconds(200), [&] { reference.cycle(); });
    loop(std::chrono::milliseconds(200), lockCycle);

    Sample ref, solo;
    std::vector<double> refRates, soloRates;
    for (int round = 0; round < 3; ++round) {
        Sample r = loop(slice, [&] { reference.cycle(); });
        Sample l = loop(slice, lockCycle);
        refRates.push_back(r.rate());
        soloRates.push_back(l.rate());
        ref.cycles += r.cycles;
        ref.seconds += r.seconds;
        ref.latenciesUs.insert(ref.latenciesUs.end(), r.latenciesUs.begin(), r.latenciesUs.end());
        solo.cycles += l.cycles;
        solo.seconds += l.seconds;
        solo.latenciesUs.insert(solo.latenciesUs.end(), l.latenciesUs.begin(), l.latenciesUs.end());
    }

    // Contended: every client on one resource, all started together.
    std::unique_ptr<RedisClient> cpuProbe;
    if (o.strategy == u"redis")
        cpuProbe = std::make_unique<RedisClient>(o.config.redis);
    auto cpuPerCycleUs = [&](auto&& body, long long* cycles) {
        const double before = cpuProbe ? redisCpuSeconds(*cpuProbe) : 0;
        body();
        const double after = cpuProbe ? redisCpuSeconds(*cpuProbe) : 0;
        return *cycles > 0 && cpuProbe ? (after - before) * 1e6 / double(*cycles) : 0.0;
    };
    long long soloCycles = 0;
    const double soloCpu =
        cpuPerCycleUs([&] { soloCycles = loop(slice, lockCycle).cycles; }, &soloCycles);

    const std::string shared = "bench-shared-" + OwnerId::guid().substr(0, 8);
    std::vector<std::unique_ptr<LockStrategy>> clients;
    for (int i = 0; i < o.clients; ++i)
        clients.push_back(LockStrategy::create(o.strategy, o.config));
    std::vector<std::vector<double>> lat(o.clients);
    std::atomic<long long> contendedCycles{0};
    std::atomic<int> failures{0};
    double contendedSeconds = 0;
    long long cycles = 0;
    const double contendedCpu = cpuPerCycleUs(
        [&] {
            std::barrier start(o.clients + 1);
            std::vector<std::thread> threads;
            const auto phase = o.duration / 2;
            Clock::time_point end; // the epoch until set: a client let go early does nothing
            // Should starting a thread fail, the ones started are let through the barrier and
            // joined: a joinable std::thread destroyed by the exception would abort the process.
            auto unwind = qScopeGuard([&] {
                (void)start.arrive(std::ptrdiff_t(o.clients + 1) - std::ptrdiff_t(threads.size()));
                for (auto& t : threads)
                    t.join();
            });
            for (int i = 0; i < o.clients; ++i) {
                threads.emplace_back([&, i] {
                    start.arrive_and_wait();
                    while (Clock::now() < end) {
                        const auto t0 = Clock::now();
                        try {
                            auto h = clients[i]->acquire(
                                shared, LockOptions{std::chrono::seconds(10),
                                                    std::chrono::milliseconds(500)});
                            if (!h)
                                continue; // the phase may end while we wait
                            clients[i]->release(*h);
                        } catch (const std::exception&) {
                            ++failures;
                            return;
                        }
                        lat[i].push_back(
                            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
                        ++contendedCycles;
                    }
                });
            }
            unwind.dismiss();
            end = Clock::now() + phase;
            const auto t0 = Clock::now();
            start.arrive_and_wait();
            for (auto& t : threads)
                t.join();
            contendedSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
            cycles = contendedCycles.load();
        },
        &cycles);
    std::vector<double> allLat;
    for (auto& v : lat)
        allLat.insert(allLat.end(), v.begin(), v.end());
    const double contendedRate = contendedSeconds > 0 ? double(cycles) / contendedSeconds : 0;

    std::sort(refRates.begin(), refRates.end());
    std::sort(soloRates.begin(), soloRates.end());
    const double refRate = refRates[1]; // median of three
    const double soloRate = soloRates[1];
    QJsonObject out{
        {QStringLiteral("strategy"), o.strategy},
        {QStringLiteral("clients"), o.clients},
        {QStringLiteral("duration_s"), double(o.duration.count()) / 1000.0},
        {QStringLiteral("cycles_per_s"), round2(soloRate)},
        {QStringLiteral("latency_us"), latencyJson(solo.latenciesUs)},
        {QStringLiteral("reference"), reference.describe()},
        {QStringLiteral("reference_cycles_per_s"), round2(refRate)},
        {QStringLiteral("reference_latency_us"), latencyJson(ref.latenciesUs)},
        {QStringLiteral("ratio_to_reference"), round2(refRate > 0 ? soloRate / refRate : 0)},
        {QStringLiteral("rounds"),
         QJsonObject{
             {QStringLiteral("reference_cycles_per_s"),
              QJsonArray{round2(refRates[0]), round2(refRates[1]), round2(refRates[2])}},
             {QStringLiteral("cycles_per_s"),
              QJsonArray{round2(soloRates[0]), round2(soloRates[1]), round2(soloRates[2])}}}},
        {QStringLiteral("contended"),
         QJsonObject{{QStringLiteral("clients"), o.clients},
                     {QStringLiteral("cycles_per_s"), round2(contendedRate)},
                     {QStringLiteral("latency_us"), latencyJson(allLat)},
                     {QStringLiteral("ratio_to_uncontended"),
                      round2(soloRate > 0 ? contendedRate / soloRate : 0)},
                     {QStringLiteral("client_failures"), failures.load()}}},
    };
    if (cpuProbe) {
        QJsonObject c = out.value(QStringLiteral("contended")).toObject();
        c.insert(QStringLiteral("server_cpu_us_per_cycle"), round2(contendedCpu));
        out.insert(QStringLiteral("contended"), c);
        out.insert(QStringLiteral("server_cpu_us_per_cycle"), round2(soloCpu));
    }
    return out;
}

} // namespace lockscope
