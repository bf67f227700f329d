#include "cli/chaoscommand.h"

#include "cli/cliutil.h"
#include "cli/scenariooptions.h"
#include "cli/signalwatcher.h"
#include "core/demo/chaosmatrix.h"
#include "core/demo/demoengine.h"
#include "core/demo/faultrefused.h"
#include "core/locks/lockstrategy.h"
#include "core/shop/stockstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace lockscope::cli {

namespace {

void addOptions(QCommandLineParser& p) {
    p.addOption({QStringLiteral("strategies"),
                 QStringLiteral("Comma-separated strategies (default redis,zookeeper,pg-row)."),
                 QStringLiteral("list")});
    p.addOption(
        {QStringLiteral("faults"),
         QStringLiteral(
             "Comma-separated faults: none, crash, pause, slow-release, "
             "partition, server-restart, failover, leader-kill (default crash,pause,partition,"
             "server-restart, and leader-kill with an ha --sandbox)."),
         QStringLiteral("list")});
    p.addOption({QStringLiteral("fencing"), QStringLiteral("on, off or on,off (default on,off)."),
                 QStringLiteral("list")});
    p.addOption({QStringLiteral("partition"),
                 QStringLiteral("What partition cuts off: lock (default) or store."),
                 QStringLiteral("lock|store")});
    p.addOption({QStringLiteral("store"),
                 QStringLiteral("Where stock lives: postgres (default), redis, zookeeper."),
                 QStringLiteral("store"), QStringLiteral("postgres")});
    p.addOption(
        {QStringLiteral("items"), QStringLiteral("Items (default 1)."), QStringLiteral("K")});
    p.addOption({QStringLiteral("stock"), QStringLiteral("Initial stock per item (default 4)."),
                 QStringLiteral("Q")});
    p.addOption({QStringLiteral("buyers"), QStringLiteral("Concurrent buyers (default 4)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("attempts"),
                 QStringLiteral("Purchases per buyer; 0 = until sold out (default)."),
                 QStringLiteral("M")});
    p.addOption({QStringLiteral("pay-ms"), QStringLiteral("Payment inside the lock (default 20)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("lease-ms"), QStringLiteral("Lock lease (default 1000)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("wait-ms"),
                 QStringLiteral("Lock wait deadline per purchase (default 10000)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("fault-rate"),
                 QStringLiteral("Share of purchases hit by the fault (default 0.5)."),
                 QStringLiteral("P")});
    p.addOption({QStringLiteral("fault-ms"),
                 QStringLiteral("Pause / partition length (default 2 x lease)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("seed"), QStringLiteral("Seed of every run (default 1)."),
                 QStringLiteral("X")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array, one object a row.")});
}

/// The comma-separated names of option `name`, each checked by ok (which prints why not).
template <class Parse>
bool listOption(const QCommandLineParser& p, const QString& name, const QStringList& fallback,
                Parse parse) {
    const QStringList names =
        p.isSet(name) ? p.value(name).split(u',', Qt::SkipEmptyParts) : fallback;
    if (names.isEmpty()) {
        printError(QStringLiteral("--%1: expected at least one value").arg(name));
        return false;
    }
    for (const QString& n : names)
        if (!parse(n.trimmed()))
            return false;
    return true;
}

bool scenarioFrom(const QCommandLineParser& p, DemoScenario* s) {
    if (!sharedScenarioFrom(p, s))
        return false;
    if (!StockStore::names().contains(s->store)) {
        printError(QStringLiteral("--store: unknown store '%1' (expected postgres, redis or "
                                  "zookeeper)")
                       .arg(s->store));
        return false;
    }
    return true;
}

QString number(int v) {
    return v >= 0 ? QString::number(v) : QStringLiteral("?");
}

void printTable(const std::vector<ChaosMatrix::Row>& rows,
                const std::vector<ChaosMatrix::Cell>& skipped, double wallS) {
    printLine(QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                  .arg(cell(QStringLiteral("strategy"), -12), cell(QStringLiteral("fault"), -14),
                       cell(QStringLiteral("fencing"), -7), cell(QStringLiteral("oversold"), 8),
                       cell(QStringLiteral("overlapping"), 11),
                       cell(QStringLiteral("both wrote"), 10), cell(QStringLiteral("fenced"), 6),
                       cell(QStringLiteral("failed"), 6), cell(QStringLiteral("recover ms"), 10)));
    for (const ChaosMatrix::Row& r : rows) {
        const QString recover = r.timeToRecoverMs >= 0
                                    ? QString::number(qRound64(r.timeToRecoverMs))
                                : r.faultsStruck == 0 ? QStringLiteral("no fault")
                                                      : QStringLiteral("none after");
        QString line =
            QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                .arg(cell(r.cell.strategy, -12), cell(DemoScenario::faultName(r.cell.fault), -14),
                     cell(r.cell.fencing ? QStringLiteral("on") : QStringLiteral("off"), -7),
                     cell(number(r.oversold), 8), cell(number(r.overlappingHolds), 11),
                     cell(number(r.bothWrote), 10), cell(number(r.fencedWrites), 6),
                     cell(number(r.failedPurchases), 6), cell(recover, 10));
        if (r.infraFailure)
            line += QStringLiteral("  INFRASTRUCTURE FAILURE: ") + oneLine(r.infraReason);
        printLine(line);
    }
    for (const ChaosMatrix::Cell& c : skipped)
        printLine(QStringLiteral("skipped %1 %2 fencing %3: %4")
                      .arg(c.strategy, DemoScenario::faultName(c.fault),
                           c.fencing ? QStringLiteral("on") : QStringLiteral("off"),
                           oneLine(c.skipped)));
    printLine(QStringLiteral("%1 runs, %2 skipped, %3 s")
                  .arg(rows.size())
                  .arg(skipped.size())
                  .arg(std::round(wallS * 10.0) / 10.0));
}

} // namespace

int ChaosCommand::run(const QStringList& args) {
    if (args.value(1) != u"matrix") {
        if (args.value(1) == u"--help" || args.value(1) == u"-h") {
            printLine(
                QStringLiteral("usage: lockscope-cli chaos matrix [options]; see lockscope-cli "
                               "chaos matrix --help"));
            return Ok;
        }
        printError(QStringLiteral("chaos: expected matrix (got '%1'); see lockscope-cli chaos "
                                  "matrix --help")
                       .arg(args.value(1)));
        return BadArguments;
    }
    const QStringList effective = withSubcommand(args);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Every fault against every strategy it applies to, fencing on and off: one demo run "
        "each, one row each (oversold, overlapping holds, fenced writes, failed purchases, time "
        "to recover from a fault's end to the next confirmed purchase). The stock race only "
        "(demo --scenario double-charge and cart take --fault one run at a time)."));
    addOptions(p);
    addConnectionOptions(p);
    addNamespaceOption(p);
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    if (!p.positionalArguments().isEmpty()) {
        printError(QStringLiteral("chaos matrix: unexpected argument '%1'")
                       .arg(p.positionalArguments().first()));
        return BadArguments;
    }
    DemoScenario base = ChaosMatrix::defaultScenario();
    QStringList strategies;
    QList<DemoScenario::Fault> faults;
    QList<bool> fencings;
    const QString sandboxDir = p.isSet(QStringLiteral("sandbox"))
                                   ? p.value(QStringLiteral("sandbox"))
                                   : qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR");
    QStringList defaultFaults;
    for (const DemoScenario::Fault f : ChaosMatrix::defaultFaults(sandboxDir))
        defaultFaults << DemoScenario::faultName(f);
    const bool listsOk =
        listOption(p, QStringLiteral("strategies"), ChaosMatrix::defaultStrategies(),
                   [&](const QString& s) {
                       if (!LockStrategy::allNames().contains(s)) {
                           printError(QStringLiteral("--strategies: unknown strategy '%1' "
                                                     "(expected some of %2)")
                                          .arg(s, LockStrategy::allNames().join(u',')));
                           return false;
                       }
                       if (!strategies.contains(s))
                           strategies << s;
                       return true;
                   }) &&
        listOption(p, QStringLiteral("faults"), defaultFaults,
                   [&](const QString& s) {
                       DemoScenario::Fault f;
                       if (!DemoScenario::parseFault(s, &f)) {
                           printError(QStringLiteral("--faults: unknown fault '%1' (expected some "
                                                     "of %2)")
                                          .arg(s, DemoScenario::faultNames().join(u',')));
                           return false;
                       }
                       if (!faults.contains(f))
                           faults << f;
                       return true;
                   }) &&
        listOption(
            p, QStringLiteral("fencing"), {QStringLiteral("on"), QStringLiteral("off")},
            [&](const QString& s) {
                if (s != u"on" && s != u"off") {
                    printError(
                        QStringLiteral("--fencing: expected on, off or on,off, got '%1'").arg(s));
                    return false;
                }
                if (!fencings.contains(s == u"on"))
                    fencings << (s == u"on");
                return true;
            });
    NamespaceConfig config;
    if (!listsOk || !scenarioFrom(p, &base) || !namespaceFrom(p, &config))
        return BadArguments;
    const bool json = p.isSet(QStringLiteral("json"));
    const bool tty = !json && ::isatty(STDERR_FILENO);

    std::vector<ChaosMatrix::Cell> cells;
    try {
        config.requireWritable(QStringLiteral("a chaos matrix"));
        cells = ChaosMatrix::plan(config, base, strategies, faults, fencings, sandboxDir);
    } catch (...) {
        return failureExitCode();
    }
    const SignalWatcher interrupts; // before the engine starts any thread
    DemoEngine::Options options;
    options.config = config;
    options.workerProgram = QCoreApplication::applicationFilePath();
    options.sandboxDir = sandboxDir;
    DemoEngine engine(options);
    const std::stop_callback cancelOnSignal(interrupts.token(), [&engine] { engine.cancel(); });

    std::vector<ChaosMatrix::Row> rows;
    std::vector<ChaosMatrix::Cell> skipped;
    QJsonArray out;
    QElapsedTimer wall;
    wall.start();
    const int toRun = int(std::count_if(cells.begin(), cells.end(),
                                        [](const auto& c) { return c.skipped.isEmpty(); }));
    bool infraFailure = false;
    try {
        for (const ChaosMatrix::Cell& c : cells) {
            if (!c.skipped.isEmpty()) {
                skipped.push_back(c);
                out.append(ChaosMatrix::skippedJson(c));
                continue;
            }
            if (interrupts.stopRequested())
                break;
            if (tty)
                std::fprintf(stderr, "[%d/%d] %s %s fencing %s ...\n", int(rows.size()) + 1, toRun,
                             qPrintable(c.strategy), qPrintable(DemoScenario::faultName(c.fault)),
                             c.fencing ? "on" : "off");
            DemoResult r;
            try {
                r = engine.run(ChaosMatrix::scenarioFor(base, c));
            } catch (const FaultRefused& e) {
                // The sandbox cannot take this fault now (busy, not whole, a primary that
                // moved): the other cells still run.
                ChaosMatrix::Cell refused = c;
                refused.skipped = e.message();
                skipped.push_back(refused);
                out.append(ChaosMatrix::skippedJson(refused));
                continue;
            }
            rows.push_back(ChaosMatrix::rowFor(c, r));
            out.append(rows.back().toJson());
            infraFailure = infraFailure || rows.back().infraFailure;
            if (r.cancelled)
                break;
        }
    } catch (...) {
        const int rc = failureExitCode();
        return interrupts.stopRequested() ? int(Cancelled) : rc;
    }
    if (json)
        printJson(out);
    else
        printTable(rows, skipped, double(wall.elapsed()) / 1000.0);
    if (interrupts.stopRequested())
        return Cancelled;
    return infraFailure ? InfraError : Ok;
}

} // namespace lockscope::cli
