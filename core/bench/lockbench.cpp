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

} // namespace

QJsonObject LockBench::run(const Options& o) {
    if (!LockStrategy::lockingNames().contains(o.strategy))
        throw std::invalid_argument(
            "--strategy: '" + o.strategy.toStdString() + "' is not a lock (expected one of: " +
            LockStrategy::lockingNames().join(QStringLiteral(", ")).toStdString() + ")");
    const auto slice = o.duration / 6; // 3 rounds x (reference + lock)
    const std::unique_ptr<BenchReference> reference =
        BackendRegistry::forStrategy(o.strategy)->createBenchReference(o.config);
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
    loop(std::chrono::milliseconds(200), [&] { reference->cycle(); });
    loop(std::chrono::milliseconds(200), lockCycle);

    Sample ref, solo;
    std::vector<double> refRates, soloRates;
    for (int round = 0; round < 3; ++round) {
        Sample r = loop(slice, [&] { reference->cycle(); });
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
    // The reference's connection is idle from here on: it asks the server for its CPU time,
    // where the server tells.
    const bool serverCpu = reference->serverCpuSeconds() >= 0;
    auto cpuPerCycleUs = [&](auto&& body, long long* cycles) {
        const double before = serverCpu ? reference->serverCpuSeconds() : 0;
        body();
        const double after = serverCpu ? reference->serverCpuSeconds() : 0;
        return *cycles > 0 && serverCpu ? (after - before) * 1e6 / double(*cycles) : 0.0;
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
            std::vector<std::jthread> threads;
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
        {QStringLiteral("reference"), reference->describe()},
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
    if (serverCpu) {
        QJsonObject c = out.value(QStringLiteral("contended")).toObject();
        c.insert(QStringLiteral("server_cpu_us_per_cycle"), round2(contendedCpu));
        out.insert(QStringLiteral("contended"), c);
        out.insert(QStringLiteral("server_cpu_us_per_cycle"), round2(soloCpu));
    }
    return out;
}

} // namespace lockscope
