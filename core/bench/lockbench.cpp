#include "core/bench/lockbench.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/bench/benchreference.h"
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

/// Adds one slice's cycles, time and latencies to a total.
void accumulate(Sample* total, const Sample& slice) {
    total->cycles += slice.cycles;
    total->seconds += slice.seconds;
    total->latenciesUs.insert(total->latenciesUs.end(), slice.latenciesUs.begin(),
                              slice.latenciesUs.end());
}

/// The uncontended measurement: three rounds, each a reference slice then a lock slice.
struct Rounds {
    Sample reference, lock;                        ///< all three rounds together
    std::vector<double> referenceRates, lockRates; ///< one per round, sorted: [1] is the median
};

/// Reference and lock slices alternate so that machine noise hits both alike.
template <class Ref, class Lock>
Rounds alternateRounds(std::chrono::milliseconds slice, Ref&& referenceCycle, Lock&& lockCycle) {
    Rounds out;
    for (int round = 0; round < 3; ++round) {
        const Sample r = loop(slice, referenceCycle);
        const Sample l = loop(slice, lockCycle);
        out.referenceRates.push_back(r.rate());
        out.lockRates.push_back(l.rate());
        accumulate(&out.reference, r);
        accumulate(&out.lock, l);
    }
    std::sort(out.referenceRates.begin(), out.referenceRates.end());
    std::sort(out.lockRates.begin(), out.lockRates.end());
    return out;
}

/// The server's CPU time per cycle while body() runs (body returns its cycles); 0 where the
/// server does not tell (serverCpu false) or there was no cycle.
template <class Body>
double serverCpuUsPerCycle(BenchReference& reference, bool serverCpu, Body&& body) {
    const double before = serverCpu ? reference.serverCpuSeconds() : 0;
    const long long cycles = body();
    const double after = serverCpu ? reference.serverCpuSeconds() : 0;
    return cycles > 0 && serverCpu ? (after - before) * 1e6 / double(cycles) : 0.0;
}

/// Every client acquires and releases one shared resource for phase, all started together by a
/// barrier. A client whose call throws stops there and counts in *failures.
Sample contend(const std::vector<std::unique_ptr<LockStrategy>>& clients, const std::string& shared,
               std::chrono::milliseconds phase, int* failures) {
    const int n = int(clients.size());
    std::vector<std::vector<double>> lat(n);
    std::atomic<long long> cycles{0};
    std::atomic<int> failed{0};
    std::barrier start(n + 1);
    std::vector<std::jthread> threads;
    Clock::time_point end; // the epoch until set: a client let go early does nothing
    // Should starting a thread fail, the ones started are let through the barrier and joined.
    auto unwind = qScopeGuard([&] {
        (void)start.arrive(std::ptrdiff_t(n + 1) - std::ptrdiff_t(threads.size()));
        for (auto& t : threads)
            t.join();
    });
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            while (Clock::now() < end) {
                const auto t0 = Clock::now();
                try {
                    auto h =
                        clients[i]->acquire(shared, LockOptions{std::chrono::seconds(10),
                                                                std::chrono::milliseconds(500)});
                    if (!h)
                        continue; // the phase may end while we wait
                    clients[i]->release(*h);
                } catch (const std::exception&) {
                    ++failed;
                    return;
                }
                lat[i].push_back(
                    std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
                ++cycles;
            }
        });
    }
    unwind.dismiss();
    end = Clock::now() + phase; // published to the threads by the barrier
    const auto t0 = Clock::now();
    start.arrive_and_wait();
    for (auto& t : threads)
        t.join();
    Sample out;
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    out.cycles = cycles.load();
    for (auto& v : lat)
        out.latenciesUs.insert(out.latenciesUs.end(), v.begin(), v.end());
    *failures = failed.load();
    return out;
}

QJsonArray roundedRates(const std::vector<double>& rates) {
    return QJsonArray{round2(rates[0]), round2(rates[1]), round2(rates[2])};
}

QJsonObject uncontendedJson(const Rounds& r) {
    const double refRate = r.referenceRates[1];
    const double soloRate = r.lockRates[1];
    return QJsonObject{
        {QStringLiteral("cycles_per_s"), round2(soloRate)},
        {QStringLiteral("latency_us"), latencyJson(r.lock.latenciesUs)},
        {QStringLiteral("reference_cycles_per_s"), round2(refRate)},
        {QStringLiteral("reference_latency_us"), latencyJson(r.reference.latenciesUs)},
        {QStringLiteral("ratio_to_reference"), round2(refRate > 0 ? soloRate / refRate : 0)},
        {QStringLiteral("rounds"),
         QJsonObject{{QStringLiteral("reference_cycles_per_s"), roundedRates(r.referenceRates)},
                     {QStringLiteral("cycles_per_s"), roundedRates(r.lockRates)}}},
    };
}

QJsonObject contendedJson(int clients, const Sample& contended, int failures, double soloRate) {
    const double rate = contended.rate();
    return QJsonObject{
        {QStringLiteral("clients"), clients},
        {QStringLiteral("cycles_per_s"), round2(rate)},
        {QStringLiteral("latency_us"), latencyJson(contended.latenciesUs)},
        {QStringLiteral("ratio_to_uncontended"), round2(soloRate > 0 ? rate / soloRate : 0)},
        {QStringLiteral("client_failures"), failures}};
}

} // namespace

QJsonObject LockBench::run(const Options& o) {
    if (!LockStrategy::lockingNames().contains(o.strategy))
        throw std::invalid_argument(
            "--strategy: '" + o.strategy.toStdString() + "' is not a lock (expected one of: " +
            LockStrategy::lockingNames().join(QStringLiteral(", ")).toStdString() + ")");
    // Refused before any setup: the reference and the strategies create schemas and znodes.
    o.config.requireWritable(QStringLiteral("bench lock"));
    const auto slice = o.duration / 6; // 3 rounds x (reference + lock)
    const std::unique_ptr<BenchReference> reference =
        BackendRegistry::forStrategy(o.strategy)->createBenchReference(o.config);
    auto lock = LockStrategy::create(o.strategy, o.config);
    const std::string ownResource = "bench-solo-" + OwnerId::guid().substr(0, 8);
    auto referenceCycle = [&] { reference->cycle(); };
    auto lockCycle = [&] {
        auto h = lock->acquire(ownResource,
                               LockOptions{std::chrono::seconds(10), std::chrono::seconds(10)});
        if (!h)
            throw std::runtime_error("uncontended acquire timed out");
        lock->release(*h);
    };
    // Warm up both (connections, prepared scripts, JIT on the server side).
    loop(std::chrono::milliseconds(200), referenceCycle);
    loop(std::chrono::milliseconds(200), lockCycle);
    const Rounds rounds = alternateRounds(slice, referenceCycle, lockCycle);

    // The reference's connection is idle from here on: it asks the server for its CPU time,
    // where the server tells.
    const bool serverCpu = reference->serverCpuSeconds() >= 0;
    const double soloCpu =
        serverCpuUsPerCycle(*reference, serverCpu, [&] { return loop(slice, lockCycle).cycles; });
    // Contended: every client on one resource, all started together.
    const std::string shared = "bench-shared-" + OwnerId::guid().substr(0, 8);
    std::vector<std::unique_ptr<LockStrategy>> clients;
    for (int i = 0; i < o.clients; ++i)
        clients.push_back(LockStrategy::create(o.strategy, o.config));
    Sample contended;
    int failures = 0;
    const double contendedCpu = serverCpuUsPerCycle(*reference, serverCpu, [&] {
        contended = contend(clients, shared, o.duration / 2, &failures);
        return contended.cycles;
    });

    QJsonObject out = uncontendedJson(rounds);
    out.insert(QStringLiteral("strategy"), o.strategy);
    out.insert(QStringLiteral("clients"), o.clients);
    out.insert(QStringLiteral("duration_s"), double(o.duration.count()) / 1000.0);
    out.insert(QStringLiteral("reference"), reference->describe());
    QJsonObject c = contendedJson(o.clients, contended, failures, rounds.lockRates[1]);
    if (serverCpu) {
        c.insert(QStringLiteral("server_cpu_us_per_cycle"), round2(contendedCpu));
        out.insert(QStringLiteral("server_cpu_us_per_cycle"), round2(soloCpu));
    }
    out.insert(QStringLiteral("contended"), c);
    return out;
}

} // namespace lockscope
