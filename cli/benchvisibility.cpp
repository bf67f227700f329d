#include "cli/benchvisibility.h"

#include "cli/cliutil.h"
#include "connectors/connectorerror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/bench/visibilitybench.h"
#include "core/readonlyrefusal.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace lockscope::cli {

int runVisibility(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "How soon the monitor sees a lock taken and dropped by real clients (LockScope's own "
        "strategies and foreign ones), and its CPU. Takes and drops its own locks in namespace "
        "lsvis."));
    p.addOption({QStringLiteral("backend"), QStringLiteral("redis, zookeeper, postgres or all."),
                 QStringLiteral("name"), QStringLiteral("all")});
    p.addOption({QStringLiteral("samples"), QStringLiteral("Locks per backend (default 20)."),
                 QStringLiteral("N"), QStringLiteral("20")});
    p.addOption({QStringLiteral("interval-ms"),
                 QStringLiteral("The monitor's refresh interval, as the console's (default 1000)."),
                 QStringLiteral("ms"), QStringLiteral("1000")});
    p.addOption({QStringLiteral("baseline"),
                 QStringLiteral("No Redis tracking, no PostgreSQL adaptive polling: the monitor as "
                                "it was before them (for a before/after comparison).")});
    p.addOption({QStringLiteral("idle-locks"),
                 QStringLiteral("Also measure the monitor's CPU with this many idle locks held on "
                                "each backend (idle_locks, idle_monitor_cpu_pct)."),
                 QStringLiteral("N"), QStringLiteral("0")});
    p.addOption({QStringLiteral("idle-seconds"),
                 QStringLiteral("How long the idle measurement lasts (default 10)."),
                 QStringLiteral("s"), QStringLiteral("10")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    addConnectionOptions(p);
    addNamespaceOption(p);
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    VisibilityBench::Options o;
    if (!intOption(p, QStringLiteral("samples"), 1, 100000, &o.samples) ||
        !intOption(p, QStringLiteral("interval-ms"), 50, 3600000, &o.intervalMs) ||
        !intOption(p, QStringLiteral("idle-locks"), 0, 100000, &o.idleLocks) ||
        !intOption(p, QStringLiteral("idle-seconds"), 1, 3600, &o.idleSeconds) ||
        !namespaceFrom(p, &o.config))
        return BadArguments;
    if (!backendsFrom(p, &o.backends))
        return BadArguments;
    o.baseline = p.isSet(QStringLiteral("baseline"));
    if (o.config.readOnly) { // it takes and drops locks
        printError(ReadOnlyRefusal(QStringLiteral("bench visibility")).message());
        return ReadOnly;
    }
    QJsonArray r;
    QMap<Backend, ChangeStatus> modes;
    try {
        r = VisibilityBench::run(o, &modes);
    } catch (...) {
        return failureExitCode();
    }
    if (p.isSet(QStringLiteral("json"))) {
        printJson(r);
        return Ok;
    }
    for (const QJsonValue& v : r) {
        const QJsonObject b = v.toObject();
        const QJsonObject av = b.value(QStringLiteral("acquire_visible_ms")).toObject();
        const QJsonObject rg = b.value(QStringLiteral("release_gone_ms")).toObject();
        const Backend id =
            BackendRegistry::byName(b.value(QStringLiteral("backend")).toString())->id();
        QString line = QStringLiteral("%1 (%2): %3 samples, acquire->visible p50 %4 ms p95 %5 ms, "
                                      "release->gone p50 %6 ms p95 %7 ms, monitor CPU %8%")
                           .arg(b.value(QStringLiteral("backend")).toString(),
                                changeModeName(modes.value(id).mode))
                           .arg(b.value(QStringLiteral("samples")).toInt())
                           .arg(av.value(QStringLiteral("p50")).toDouble())
                           .arg(av.value(QStringLiteral("p95")).toDouble())
                           .arg(rg.value(QStringLiteral("p50")).toDouble())
                           .arg(rg.value(QStringLiteral("p95")).toDouble())
                           .arg(b.value(QStringLiteral("monitor_cpu_pct")).toDouble());
        if (b.contains(QStringLiteral("idle_locks")))
            line += QStringLiteral(", idle with %1 locks %2%")
                        .arg(b.value(QStringLiteral("idle_locks")).toInt())
                        .arg(b.value(QStringLiteral("idle_monitor_cpu_pct")).toDouble());
        printLine(line);
    }
    return Ok;
}

} // namespace lockscope::cli
