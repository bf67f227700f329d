#include "cli/benchcommand.h"

#include "cli/benchvisibility.h"
#include "cli/cliutil.h"
#include "connectors/connectorerror.h"
#include "core/bench/lockbench.h"
#include "core/bench/monitorbench.h"
#include "core/bench/transportbench.h"
#include "core/locks/lockstrategy.h"
#include "core/readonlyrefusal.h"
#include "core/sandbox/sandboxinfo.h"

#include <QJsonArray>

namespace lockscope::cli {

namespace {

void printTable(const QJsonObject& r) {
    const QJsonObject c = r.value(QStringLiteral("contended")).toObject();
    const QJsonObject lat = r.value(QStringLiteral("latency_us")).toObject();
    const QJsonObject rlat = r.value(QStringLiteral("reference_latency_us")).toObject();
    const QJsonObject clat = c.value(QStringLiteral("latency_us")).toObject();
    printLine(QStringLiteral("%1").arg(r.value(QStringLiteral("strategy")).toString()));
    printLine(QStringLiteral("  uncontended  %1 cycles/s  p50 %2 us  p99 %3 us")
                  .arg(r.value(QStringLiteral("cycles_per_s")).toDouble(), 10, 'f', 0)
                  .arg(lat.value(QStringLiteral("p50")).toDouble())
                  .arg(lat.value(QStringLiteral("p99")).toDouble()));
    printLine(QStringLiteral("  reference    %1 cycles/s  p50 %2 us  p99 %3 us  (%4)")
                  .arg(r.value(QStringLiteral("reference_cycles_per_s")).toDouble(), 10, 'f', 0)
                  .arg(rlat.value(QStringLiteral("p50")).toDouble())
                  .arg(rlat.value(QStringLiteral("p99")).toDouble())
                  .arg(r.value(QStringLiteral("reference")).toString()));
    printLine(QStringLiteral("  ratio        %1x the reference")
                  .arg(r.value(QStringLiteral("ratio_to_reference")).toDouble()));
    printLine(
        QStringLiteral(
            "  contended    %1 cycles/s  p50 %2 us  p99 %3 us  (%4 clients, %5x uncontended%6)")
            .arg(c.value(QStringLiteral("cycles_per_s")).toDouble(), 10, 'f', 0)
            .arg(clat.value(QStringLiteral("p50")).toDouble())
            .arg(clat.value(QStringLiteral("p99")).toDouble())
            .arg(c.value(QStringLiteral("clients")).toInt())
            .arg(c.value(QStringLiteral("ratio_to_uncontended")).toDouble())
            .arg(c.contains(QStringLiteral("server_cpu_us_per_cycle"))
                     ? QStringLiteral(", server CPU %1 us/cycle vs %2 uncontended")
                           .arg(c.value(QStringLiteral("server_cpu_us_per_cycle")).toDouble())
                           .arg(r.value(QStringLiteral("server_cpu_us_per_cycle")).toDouble())
                     : QString()));
}

int runMonitor(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Monitor refresh time at scale (creates and deletes its own data)."));
    p.addOption({QStringLiteral("locks"), QStringLiteral("Redis lock keys (default 10000)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("others"), QStringLiteral("Other Redis keys (default 1000000)."),
                 QStringLiteral("M")});
    p.addOption({QStringLiteral("zk-waiters"),
                 QStringLiteral("ZooKeeper contenders (default 10000)."), QStringLiteral("W")});
    p.addOption({QStringLiteral("pg-blocked"),
                 QStringLiteral("Blocked PostgreSQL backends (default 500)."),
                 QStringLiteral("B")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    addConnectionOptions(p);
    addNamespaceOption(p);
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    MonitorBench::Options o;
    if (!intOption(p, QStringLiteral("locks"), 0, 10000000, &o.locks) ||
        !intOption(p, QStringLiteral("others"), 0, 100000000, &o.otherKeys) ||
        !intOption(p, QStringLiteral("zk-waiters"), 0, 1000000, &o.zkWaiters) ||
        !intOption(p, QStringLiteral("pg-blocked"), 0, 2000, &o.pgBlocked) ||
        !namespaceFrom(p, &o.config))
        return BadArguments;
    if (o.config.readOnly) { // it creates thousands of locks to measure the monitor
        printError(ReadOnlyRefusal(QStringLiteral("bench monitor")).message());
        return ReadOnly;
    }
    QJsonObject r;
    try {
        r = MonitorBench::run(o);
    } catch (...) {
        return failureExitCode();
    }
    if (p.isSet(QStringLiteral("json"))) {
        printJson(r);
        return Ok;
    }
    const QJsonObject rd = r.value(QStringLiteral("redis")).toObject();
    printLine(
        QStringLiteral("redis      %1 lock keys among %2 others: refresh %3 ms (median), found %4, "
                       "RSS +%5 bytes (%6 bytes/lock)")
            .arg(rd.value(QStringLiteral("lock_keys")).toInt())
            .arg(rd.value(QStringLiteral("other_keys")).toInt())
            .arg(rd.value(QStringLiteral("median_ms")).toDouble())
            .arg(rd.value(QStringLiteral("found")).toInt())
            .arg(rd.value(QStringLiteral("rss_growth_bytes")).toInteger())
            .arg(rd.value(QStringLiteral("rss_growth_per_lock_bytes")).toDouble(), 0, 'f', 0));
    const QJsonObject zk = r.value(QStringLiteral("zookeeper")).toObject();
    printLine(QStringLiteral("zookeeper  1 lock with %1 contenders: refresh %2 ms (median)")
                  .arg(zk.value(QStringLiteral("contenders")).toInt())
                  .arg(zk.value(QStringLiteral("median_ms")).toDouble()));
    const QJsonObject pg = r.value(QStringLiteral("postgres")).toObject();
    printLine(QStringLiteral("postgres   %1 blocked backends: refresh %2 ms (median)")
                  .arg(pg.value(QStringLiteral("blocked_backends")).toInt())
                  .arg(pg.value(QStringLiteral("median_ms")).toDouble()));
    return Ok;
}

} // namespace

namespace {

/// `bench lock --transports`: TransportBench on the --sandbox's secure servers.
int runTransports(const QCommandLineParser& p) {
    const QString dir = p.value(QStringLiteral("sandbox"));
    if (dir.isEmpty()) {
        printError(QStringLiteral("bench lock --transports: --sandbox DIR (a 'sandbox up "
                                  "--secure' sandbox) is required"));
        return BadArguments;
    }
    int seconds = 6;
    if (!intOption(p, QStringLiteral("duration"), 1, 3600, &seconds))
        return BadArguments;
    NamespaceConfig config;
    if (!namespaceFrom(p, &config))
        return BadArguments;
    try {
        TransportBench::Options o{SandboxInfo::load(dir), config, std::chrono::seconds(seconds)};
        const QJsonObject r = TransportBench::run(o);
        if (p.isSet(QStringLiteral("json"))) {
            printJson(r);
        } else {
            const QJsonObject t = r.value(QStringLiteral("transports")).toObject();
            printLine(QStringLiteral("transport  cycles/s   p50 us   p99 us"));
            for (const char* name : {"clear", "tls", "tunnel"}) {
                const QJsonObject x = t.value(QLatin1String(name)).toObject();
                const QJsonObject l = x.value(QStringLiteral("latency_us")).toObject();
                printLine(QStringLiteral("%1 %2 %3 %4")
                              .arg(QLatin1String(name), -10)
                              .arg(x.value(QStringLiteral("cycles_per_s")).toDouble(), 9, 'f', 0)
                              .arg(l.value(QStringLiteral("p50")).toDouble(), 8, 'f', 1)
                              .arg(l.value(QStringLiteral("p99")).toDouble(), 8, 'f', 1));
            }
            printLine(QStringLiteral("tls/clear %1 (goal >= 0.7), tunnel/clear %2")
                          .arg(r.value(QStringLiteral("tls_to_clear")).toDouble())
                          .arg(r.value(QStringLiteral("tunnel_to_clear")).toDouble()));
        }
    } catch (const std::invalid_argument& e) {
        printError(QString::fromStdString(e.what()));
        return BadArguments;
    } catch (...) {
        return failureExitCode();
    }
    return Ok;
}

} // namespace

int BenchCommand::run(const QStringList& args) {
    const QString what = args.value(1);
    const QStringList effective = withSubcommand(args);
    if (what == u"monitor")
        return runMonitor(effective);
    if (what == u"visibility")
        return runVisibility(effective);
    if (what != u"lock") {
        printError(QStringLiteral("bench: expected 'lock', 'monitor' or 'visibility' (got '%1')")
                       .arg(what));
        return BadArguments;
    }
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Lock acquire+release cycles beside the bare client libraries."));
    p.addOption({QStringLiteral("strategy"), QStringLiteral("A lock strategy, or 'all'."),
                 QStringLiteral("name")});
    p.addOption({QStringLiteral("clients"), QStringLiteral("Contending clients (default 32)."),
                 QStringLiteral("N"), QStringLiteral("32")});
    p.addOption({QStringLiteral("duration"), QStringLiteral("Seconds per strategy (default 6)."),
                 QStringLiteral("SEC"), QStringLiteral("6")});
    p.addOption(
        {QStringLiteral("json"), QStringLiteral("Print JSON (an array with --strategy all).")});
    p.addOption({QStringLiteral("transports"),
                 QStringLiteral("The redis lock cycle over clear TCP, TLS and TLS in the SSH "
                                "tunnel, side by side, on a 'sandbox up --secure' sandbox "
                                "(--sandbox).")});
    addConnectionOptions(p);
    addNamespaceOption(p);
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    if (p.isSet(QStringLiteral("transports")))
        return runTransports(p);
    int clients = 32, seconds = 6;
    if (!intOption(p, QStringLiteral("clients"), 1, 256, &clients) ||
        !intOption(p, QStringLiteral("duration"), 1, 3600, &seconds))
        return BadArguments;
    const QString strategy = p.value(QStringLiteral("strategy"));
    const QStringList strategies =
        strategy == u"all" ? LockStrategy::lockingNames() : QStringList{strategy};
    for (const QString& s : strategies) {
        if (!LockStrategy::lockingNames().contains(s)) {
            printError(QStringLiteral("--strategy: '%1' is not a lock (expected %2 or all)")
                           .arg(s, LockStrategy::lockingNames().join(QStringLiteral(", "))));
            return BadArguments;
        }
    }
    NamespaceConfig config;
    if (!namespaceFrom(p, &config))
        return BadArguments;
    QJsonArray all;
    try {
        for (const QString& s : strategies) {
            LockBench::Options o{config, s, clients, std::chrono::seconds(seconds)};
            const QJsonObject r = LockBench::run(o);
            all.append(r);
            if (!p.isSet(QStringLiteral("json")))
                printTable(r);
        }
    } catch (...) {
        return failureExitCode();
    }
    if (p.isSet(QStringLiteral("json"))) {
        if (strategies.size() == 1)
            printJson(all.first().toObject());
        else
            printJson(all);
    }
    return Ok;
}

} // namespace lockscope::cli
