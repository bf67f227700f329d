#include "core/bench/transportbench.h"

#include "connectors/redisclient.h"
#include "connectors/transport/sshtunnel.h"
#include "core/demo/latencystats.h"
#include "core/locks/lockstrategy.h"
#include "core/locks/ownerid.h"
#include "core/sandbox/serverprocess.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lockscope {

namespace {

using Clock = std::chrono::steady_clock;

struct Transport {
    const char* name;
    std::unique_ptr<LockStrategy> lock;
    std::vector<double> rates;
    std::vector<double> latenciesUs;
};

double round2(double v) {
    return std::round(v * 100) / 100;
}

/// Lock cycles on resource for slice; the rate, every cycle timed into latencies.
double slice(LockStrategy& lock, const std::string& resource, std::chrono::milliseconds length,
             std::vector<double>* latencies) {
    const auto start = Clock::now();
    const auto end = start + length;
    long long cycles = 0;
    for (auto t0 = start; t0 < end; t0 = Clock::now()) {
        auto h =
            lock.acquire(resource, LockOptions{std::chrono::seconds(10), std::chrono::seconds(10)});
        if (!h)
            throw std::runtime_error("uncontended acquire timed out");
        lock.release(*h);
        latencies->push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        ++cycles;
    }
    return double(cycles) / std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

QJsonObject TransportBench::run(const Options& o) {
    if (!o.sandbox.secure || o.sandbox.sshUri.isEmpty())
        throw std::invalid_argument("--transports needs a sandbox started with 'sandbox up "
                                    "--secure' (TLS-only servers and an SSH tunnel host)");
    o.config.requireWritable(QStringLiteral("bench lock"));
    const RedisUri tlsUri = RedisUri::parse(o.sandbox.redisUri);
    // A plain port beside the TLS one, for the clear slices only.
    RedisClient admin(tlsUri);
    const int clearPort = ServerProcess::freeLoopbackPort();
    admin.commandChecked({"CONFIG", "SET", "port", std::to_string(clearPort)});
    const auto closePort = qScopeGuard([&] {
        try {
            admin.commandChecked({"CONFIG", "SET", "port", "0"});
        } catch (const std::exception&) {
        }
    });
    RedisUri clearUri;
    clearUri.port = clearPort;

    const std::string resource = "bench-transport-" + OwnerId::guid().substr(0, 8);
    std::vector<Transport> transports;
    // The tunnel is process-wide: each lock connects (one warm-up cycle) while it is set as
    // that lock needs, and keeps its connection.
    const auto create = [&](const char* name, const RedisUri& uri, bool tunnel) {
        SshTunnel::setCurrent(tunnel ? std::optional(SshTunnel::parse(o.sandbox.sshUri))
                                     : std::nullopt);
        NamespaceConfig c = o.config;
        c.redis = uri;
        Transport t{name, LockStrategy::create(QStringLiteral("redis"), c), {}, {}};
        std::vector<double> warm;
        slice(*t.lock, resource, std::chrono::milliseconds(200), &warm);
        transports.push_back(std::move(t));
    };
    const auto noTunnel = qScopeGuard([] { SshTunnel::setCurrent(std::nullopt); });
    create("clear", clearUri, false);
    create("tls", tlsUri, false);
    create("tunnel", tlsUri, true);
    SshTunnel::setCurrent(std::nullopt);

    const auto length = o.duration / 9; // 3 rounds x 3 transports
    for (int round = 0; round < 3; ++round)
        for (Transport& t : transports)
            t.rates.push_back(slice(*t.lock, resource, length, &t.latenciesUs));

    QJsonObject per;
    std::map<std::string, double> median;
    for (Transport& t : transports) {
        std::sort(t.rates.begin(), t.rates.end());
        LatencyStats s;
        s.addAll(t.latenciesUs);
        median[t.name] = t.rates[1];
        per.insert(
            QLatin1String(t.name),
            QJsonObject{{QStringLiteral("cycles_per_s"), round2(t.rates[1])},
                        {QStringLiteral("rounds"),
                         QJsonArray{round2(t.rates[0]), round2(t.rates[1]), round2(t.rates[2])}},
                        {QStringLiteral("latency_us"),
                         QJsonObject{{QStringLiteral("p50"), round2(s.percentile(50))},
                                     {QStringLiteral("p99"), round2(s.percentile(99))}}}});
    }
    const double clear = median["clear"];
    return QJsonObject{
        {QStringLiteral("strategy"), QStringLiteral("redis")},
        {QStringLiteral("duration_s"), double(o.duration.count()) / 1000.0},
        {QStringLiteral("transports"), per},
        {QStringLiteral("tls_to_clear"), round2(clear > 0 ? median["tls"] / clear : 0)},
        {QStringLiteral("tunnel_to_clear"), round2(clear > 0 ? median["tunnel"] / clear : 0)},
        {QStringLiteral("goal_tls_to_clear"), 0.7},
    };
}

} // namespace lockscope
