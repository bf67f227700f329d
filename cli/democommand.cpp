#include "cli/democommand.h"

#include "cli/cliutil.h"
#include "cli/diagramcommand.h"
#include "cli/scenariooptions.h"
#include "cli/signalwatcher.h"
#include "connectors/connectorerror.h"
#include "core/demo/demoengine.h"
#include "core/demo/demohistory.h"
#include "core/demo/historychecker.h"
#include "core/locks/lockstrategy.h"
#include "core/readonlyrefusal.h"
#include "core/shop/racepurchaser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <csignal>
#include <cstdio>
#include <thread>
#include <unistd.h>

namespace lockscope::cli {

namespace {

void addScenarioOptions(QCommandLineParser& p) {
    p.addOption({QStringLiteral("scenario"),
                 QStringLiteral("The race: stock (default; buyers race for the last items), "
                                "double-charge (payment workers race to charge one order; "
                                "--items orders, each confirmation delivered to every worker) "
                                "or cart (browser tabs race to apply a one-time discount and "
                                "add an item to one cart; --items carts). double-charge and "
                                "cart keep their data in PostgreSQL (--store postgres)."),
                 QStringLiteral("race")});
    p.addOption({QStringLiteral("strategy"),
                 QStringLiteral("none, atomic (stock only), idempotency (double-charge and cart "
                                "only: a UNIQUE constraint), pg-row, pg-advisory, redis, "
                                "zookeeper or lease."),
                 QStringLiteral("name")});
    p.addOption({QStringLiteral("strategies"),
                 QStringLiteral("compare: comma-separated strategies (default all)."),
                 QStringLiteral("list")});
    p.addOption({QStringLiteral("store"),
                 QStringLiteral("Where stock lives: postgres (default), redis, zookeeper."),
                 QStringLiteral("store"), QStringLiteral("postgres")});
    p.addOption({QStringLiteral("items"), QStringLiteral("Number of items (default 1)."),
                 QStringLiteral("K")});
    p.addOption({QStringLiteral("stock"), QStringLiteral("Initial stock per item (default 10)."),
                 QStringLiteral("Q")});
    p.addOption({QStringLiteral("buyers"), QStringLiteral("Concurrent buyers (default 32)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("attempts"),
                 QStringLiteral("Purchases per buyer; 0 = until sold out (default)."),
                 QStringLiteral("M")});
    p.addOption({QStringLiteral("qty"), QStringLiteral("Quantity per purchase (default 1)."),
                 QStringLiteral("n")});
    p.addOption({QStringLiteral("pay-ms"),
                 QStringLiteral("Simulated payment inside the lock (default 5)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("lease-ms"), QStringLiteral("Lock lease (default 2000)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("wait-ms"),
                 QStringLiteral("Lock wait deadline per purchase (default 10000)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("lock-give-up-ms"),
                 QStringLiteral("A buyer that got nothing but lock timeouts on an item for this "
                                "long, while nobody got that lock, gives up on it: the lock is "
                                "held from outside the run (default 30000)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("fencing"), QStringLiteral("on (default) or off."),
                 QStringLiteral("on|off")});
    p.addOption(
        {QStringLiteral("fault"),
         QStringLiteral("none (default), crash, pause, slow-release, partition, server-restart "
                        "(the sandbox's lock server, --sandbox), or failover (Redis "
                        "behind Sentinel, an ha sandbox: the first holder loses its lock in a "
                        "failover), or leader-kill (strategy zookeeper, an ha sandbox: the "
                        "ensemble's leader is killed under the first holder)."),
         QStringLiteral("fault")});
    p.addOption({QStringLiteral("partition"),
                 QStringLiteral("partition: cut the holder off from its lock server (lock, "
                                "default) or from the stock store (store)."),
                 QStringLiteral("lock|store")});
    p.addOption({QStringLiteral("fault-rate"),
                 QStringLiteral("Share of purchases hit by the fault (default 0.1)."),
                 QStringLiteral("P")});
    p.addOption({QStringLiteral("fault-ms"),
                 QStringLiteral("Pause or partition length / release delay (default 2 x lease / "
                                "lease / 2)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("processes"),
                 QStringLiteral("Run buyers in N worker processes (default: threads)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("seed"),
                 QStringLiteral("Seed for the run's random choices (default 1)."),
                 QStringLiteral("X")});
    p.addOption({QStringLiteral("history"),
                 QStringLiteral("Write every purchase as JSON lines to FILE."),
                 QStringLiteral("FILE")});
    p.addOption(
        {QStringLiteral("json"), QStringLiteral("Print one JSON object (compare: an array).")});
}

/// Fills s from the parser; prints an error naming the argument and returns false when bad.
bool scenarioFrom(const QCommandLineParser& p, DemoScenario* s) {
    if (p.isSet(QStringLiteral("scenario")) &&
        !DemoScenario::parseRace(p.value(QStringLiteral("scenario")), &s->race)) {
        printError(QStringLiteral("--scenario: expected one of %1, got '%2'")
                       .arg(DemoScenario::raceNames().join(QStringLiteral(", ")),
                            p.value(QStringLiteral("scenario"))));
        return false;
    }
    if (p.isSet(QStringLiteral("strategy")))
        s->strategy = p.value(QStringLiteral("strategy"));
    int giveUp = int(s->lockGiveUp.count());
    if (!sharedScenarioFrom(p, s) || !intOption(p, QStringLiteral("qty"), 1, 1000000, &s->qty) ||
        !intOption(p, QStringLiteral("processes"), 0, 64, &s->processes) ||
        !intOption(p, QStringLiteral("lock-give-up-ms"), 100, 3600000, &giveUp))
        return false;
    s->lockGiveUp = std::chrono::milliseconds(giveUp);
    if (p.isSet(QStringLiteral("fencing"))) {
        const QString f = p.value(QStringLiteral("fencing"));
        if (f != u"on" && f != u"off") {
            printError(QStringLiteral("--fencing: expected on or off, got '%1'").arg(f));
            return false;
        }
        s->fencing = f == u"on";
    }
    if (p.isSet(QStringLiteral("fault")) &&
        !DemoScenario::parseFault(p.value(QStringLiteral("fault")), &s->fault)) {
        printError(QStringLiteral("--fault: expected one of %1, got '%2'")
                       .arg(DemoScenario::faultNames().join(QStringLiteral(", ")),
                            p.value(QStringLiteral("fault"))));
        return false;
    }
    const QString invalid = s->validate();
    if (!invalid.isEmpty()) {
        printError(invalid);
        return false;
    }
    return true;
}

void printProgress(const DemoProgress& p) {
    const int width = 30;
    int filled = 0;
    QString count;
    if (p.expected > 0) {
        filled = std::min(width, p.done * width / std::max(1, p.expected));
        count = QStringLiteral("%1/%2").arg(p.done).arg(p.expected);
    } else {
        // Until sold out: progress is stock sold (unknown while the store does not answer).
        const int initial = p.stockLeft + p.confirmed;
        filled = !p.stockKnown ? 0
                 : initial > 0 ? std::clamp(p.confirmed * width / initial, 0, width)
                               : width;
        count = QStringLiteral("%1 purchases").arg(p.done);
    }
    const QString bar = QString(filled, u'#') + QString(width - filled, u' ');
    // The store not answering is said, never shown as "stock left 0".
    const QString stock = p.stockKnown ? QString::number(p.stockLeft)
                                       : QStringLiteral("unknown (store not answering)");
    const QString line = QStringLiteral("\r[%1] %2, stock left %3, oversold %4  ")
                             .arg(bar, count, stock)
                             .arg(p.oversoldSoFar);
    std::fputs(line.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

/// The other races' verdict in words: what went wrong, or that nothing did.
QString raceVerdict(const QString& race, const QJsonObject& anomalies) {
    QStringList wrong;
    if (const int n = anomalies.value(QStringLiteral("extra_charges")).toInt(); n > 0)
        wrong << QStringLiteral("CUSTOMERS CHARGED TWICE: %1 extra charge(s)").arg(n);
    if (const int n = anomalies.value(QStringLiteral("extra_discount_uses")).toInt(); n > 0)
        wrong << QStringLiteral("ONE-TIME DISCOUNT USED AGAIN: %1 extra use(s)").arg(n);
    if (const int n = anomalies.value(QStringLiteral("lost_cart_updates")).toInt(); n != 0)
        wrong << QStringLiteral("CART UPDATES LOST: %1").arg(n);
    if (!wrong.isEmpty())
        return wrong.join(QStringLiteral(", "));
    return race == u"double-charge"
               ? QStringLiteral("no order charged twice, invariants hold")
               : QStringLiteral("discount used once per cart, no cart update lost, invariants "
                                "hold");
}

void printResultTable(const QJsonObject& r) {
    const int oversold = r.value(QStringLiteral("oversold")).toInt();
    const bool ok = r.value(QStringLiteral("invariants_ok")).toBool();
    const QJsonObject lat = r.value(QStringLiteral("latency_ms")).toObject();
    const QJsonObject f = r.value(QStringLiteral("failures")).toObject();
    printLine(QStringLiteral("strategy %1, store %2, %3 buyers, %4 item(s)%5")
                  .arg(r.value(QStringLiteral("strategy")).toString(),
                       r.value(QStringLiteral("store")).toString())
                  .arg(r.value(QStringLiteral("buyers")).toInt())
                  .arg(r.value(QStringLiteral("items")).toInt())
                  .arg(r.value(QStringLiteral("cancelled")).toBool()
                           ? QStringLiteral(" (CANCELLED)")
                           : QString()));
    // A figure the servers could not give (-1 in the JSON) is said to be unknown, never a number.
    const bool known = r.value(QStringLiteral("verdict_known")).toBool(true);
    auto figure = [&](const char* key) {
        return known ? QString::number(r.value(QLatin1String(key)).toInt())
                     : QStringLiteral("unknown");
    };
    const QString race = r.value(QStringLiteral("scenario")).toString();
    const QJsonObject anomalies = r.value(QStringLiteral("anomalies")).toObject();
    auto anomaly = [&](const char* key) {
        const int n = anomalies.value(QLatin1String(key)).toInt();
        return known && n >= 0 ? QString::number(n) : QStringLiteral("unknown");
    };
    if (race == u"double-charge")
        printLine(QStringLiteral("  orders     %1 charged %2 time(s) in all, extra charges %3")
                      .arg(r.value(QStringLiteral("items")).toInt())
                      .arg(figure("final_stock"), anomaly("extra_charges")));
    else if (race == u"cart")
        printLine(QStringLiteral("  carts      %1: qty %2 -> %3 after %4 add(s); extra discount "
                                 "uses %5, lost cart updates %6")
                      .arg(r.value(QStringLiteral("items")).toInt())
                      .arg(r.value(QStringLiteral("initial_stock")).toInt())
                      .arg(figure("final_stock"), figure("sold"), anomaly("extra_discount_uses"),
                           anomaly("lost_cart_updates")));
    else
        printLine(QStringLiteral("  stock      %1 -> %2, sold %3")
                      .arg(r.value(QStringLiteral("initial_stock")).toInt())
                      .arg(figure("final_stock"), figure("sold")));
    printLine(
        QStringLiteral(
            "  attempts   %1: %2 confirmed, %3 sold out, %4 failed (%5 lock timeout, %6 fenced, "
            "%7 crashed, %8 error)")
            .arg(r.value(QStringLiteral("attempted")).toInt())
            .arg(r.value(QStringLiteral("succeeded")).toInt())
            .arg(r.value(QStringLiteral("rejected")).toInt())
            .arg(r.value(QStringLiteral("failed")).toInt())
            .arg(f.value(QStringLiteral("lock_timeout")).toInt())
            .arg(f.value(QStringLiteral("fenced")).toInt())
            .arg(f.value(QStringLiteral("crashed")).toInt())
            .arg(f.value(QStringLiteral("error")).toInt()));
    if (const int crashedWorkers = r.value(QStringLiteral("crashed_workers")).toInt();
        crashedWorkers > 0 || f.value(QStringLiteral("killed_workers")).toInt() > 0)
        printLine(QStringLiteral("  workers    %1 crashed, %2 killed by the crash fault")
                      .arg(crashedWorkers)
                      .arg(f.value(QStringLiteral("killed_workers")).toInt()));
    if (const QJsonArray faults = r.value(QStringLiteral("faults")).toArray(); !faults.isEmpty()) {
        const QJsonValue recover = r.value(QStringLiteral("time_to_recover_ms"));
        printLine(
            QStringLiteral("  faults     %1 struck, %2 taken over by another buyer while the "
                           "holder still acted; recovered %3")
                .arg(faults.size())
                .arg(r.value(QStringLiteral("faults_taken_over")).toInt())
                .arg(
                    recover.isDouble()
                        ? QStringLiteral("within %1 ms of each fault's end").arg(recover.toDouble())
                        : QStringLiteral("never (no confirmed purchase after the last "
                                         "fault's end)")));
    }
    if (const int n = f.value(QStringLiteral("cancelled")).toInt(); n > 0)
        printLine(QStringLiteral("  cancelled  %1 attempt(s) ended by the cancel (not counted as "
                                 "lock timeouts or errors)")
                      .arg(n));
    if (const int gaveUp = r.value(QStringLiteral("buyers_gave_up")).toInt(); gaveUp > 0)
        printLine(QStringLiteral("  buyers     %1 gave up on the servers").arg(gaveUp));
    const QJsonObject fr = r.value(QStringLiteral("fault_report")).toObject();
    for (const QJsonValue v : fr.value(QStringLiteral("restored_before")).toArray())
        printLine(QStringLiteral("  restored   before the fault: %1").arg(oneLine(v.toString())));
    const bool faultCancelled = fr.value(QStringLiteral("cancelled")).toBool();
    if (r.value(QStringLiteral("fault")).toString() == u"leader-kill") {
        if (faultCancelled && !fr.contains(QStringLiteral("new_leader")))
            printLine(QStringLiteral("  leader     %1 killed while buyer %2 (token %3) held item "
                                     "%4; cancelled %5 ms after the kill, before a new leader "
                                     "was seen")
                          .arg(fr.value(QStringLiteral("old_leader")).toString())
                          .arg(fr.value(QStringLiteral("victim_buyer")).toInt())
                          .arg(fr.value(QStringLiteral("victim_token")).toInteger())
                          .arg(fr.value(QStringLiteral("item")).toInt())
                          .arg(fr.value(QStringLiteral("cancelled_after_ms")).toInteger()));
        else if (fr.contains(QStringLiteral("error")))
            printLine(QStringLiteral("  leader     FAILED: %1")
                          .arg(oneLine(fr.value(QStringLiteral("error")).toString())));
        else
            printLine(
                QStringLiteral("  leader     %1 killed (%2 connections) while buyer %3 (token %4) "
                               "held item %5; new leader %6 in %7 ms; the holder's session "
                               "%8 -> %9, lock %10; %11 attempts failed during the outage")
                    .arg(fr.value(QStringLiteral("old_leader")).toString())
                    .arg(fr.value(QStringLiteral("connections_on_old_leader")).toInt())
                    .arg(fr.value(QStringLiteral("victim_buyer")).toInt())
                    .arg(fr.value(QStringLiteral("victim_token")).toInteger())
                    .arg(fr.value(QStringLiteral("item")).toInt())
                    .arg(fr.value(QStringLiteral("new_leader")).toString())
                    .arg(fr.value(QStringLiteral("election_ms")).toInteger())
                    .arg(fr.value(QStringLiteral("holder_session_before")).toString(),
                         fr.value(QStringLiteral("holder_session_after")).toString(),
                         fr.value(QStringLiteral("holder_kept_lock")).toBool()
                             ? QStringLiteral("kept")
                             : QStringLiteral("LOST"))
                    .arg(fr.value(QStringLiteral("errors_during_outage")).toInt()));
        if (fr.contains(QStringLiteral("restore_error")))
            printLine(QStringLiteral("  rejoin     FAILED: %1")
                          .arg(oneLine(fr.value(QStringLiteral("restore_error")).toString())));
        else if (fr.contains(QStringLiteral("rejoined_as")))
            printLine(QStringLiteral("  rejoin     %1 restarted, serving as %2 after %3 ms")
                          .arg(fr.value(QStringLiteral("old_leader")).toString(),
                               fr.value(QStringLiteral("rejoined_as")).toString())
                          .arg(fr.value(QStringLiteral("rejoin_ms")).toInteger()));
    } else if (fr.contains(QStringLiteral("server"))) {
        if (fr.contains(QStringLiteral("error")))
            printLine(QStringLiteral("  restart    FAILED: %1")
                          .arg(oneLine(fr.value(QStringLiteral("error")).toString())));
        else
            printLine(
                QStringLiteral("  restart    %1 restarted in %2 ms (pid %3 -> %4) while buyer "
                               "%5 (token %6) held item %7; another buyer wrote the stock "
                               "%8")
                    .arg(fr.value(QStringLiteral("server")).toString())
                    .arg(fr.value(QStringLiteral("restart_ms")).toInteger())
                    .arg(fr.value(QStringLiteral("old_pid")).toInteger())
                    .arg(fr.value(QStringLiteral("new_pid")).toInteger())
                    .arg(fr.value(QStringLiteral("victim_buyer")).toInt())
                    .arg(fr.value(QStringLiteral("victim_token")).toInteger())
                    .arg(fr.value(QStringLiteral("item")).toInt())
                    .arg(fr.value(QStringLiteral("second_holder_wrote")).toBool()
                             ? QStringLiteral("meanwhile (two holders)")
                         : faultCancelled ? QStringLiteral("not before the run was cancelled")
                                          : QStringLiteral("not (the holder kept its lock)")));
    } else if (!fr.isEmpty()) {
        if (faultCancelled && !fr.contains(QStringLiteral("new_primary")))
            printLine(QStringLiteral("  failover   primary %1 killed; cancelled before the "
                                     "sentinels named a new one")
                          .arg(fr.value(QStringLiteral("old_primary")).toString()));
        else if (fr.contains(QStringLiteral("error")))
            printLine(QStringLiteral("  failover   FAILED: %1")
                          .arg(oneLine(fr.value(QStringLiteral("error")).toString())));
        else if (fr.contains(QStringLiteral("new_primary")))
            printLine(
                QStringLiteral("  failover   %1 -> %2 in %3 ms; buyer %4 (token %5) held item %6 "
                               "through it; another buyer wrote the stock %7 with %8 ms of "
                               "the first holder's lease left")
                    .arg(fr.value(QStringLiteral("old_primary")).toString(),
                         fr.value(QStringLiteral("new_primary")).toString())
                    .arg(fr.value(QStringLiteral("failover_ms")).toInteger())
                    .arg(fr.value(QStringLiteral("victim_buyer")).toInt())
                    .arg(fr.value(QStringLiteral("victim_token")).toInteger())
                    .arg(fr.value(QStringLiteral("item")).toInt())
                    .arg(fr.value(QStringLiteral("second_holder_wrote")).toBool()
                             ? QStringLiteral("meanwhile")
                         : faultCancelled ? QStringLiteral("not before the run was cancelled")
                                          : QStringLiteral("NEVER (no second holder within 30 s)"))
                    .arg(fr.value(QStringLiteral("victim_lease_left_ms")).toInteger()));
    }
    printLine(
        QStringLiteral("  time       %1 s, %2 purchases/s, latency p50 %3 ms, p95 %4 ms, p99 %5 ms")
            .arg(r.value(QStringLiteral("wall_s")).toDouble())
            .arg(r.value(QStringLiteral("purchases_per_s")).toDouble())
            .arg(lat.value(QStringLiteral("p50")).toDouble())
            .arg(lat.value(QStringLiteral("p95")).toDouble())
            .arg(lat.value(QStringLiteral("p99")).toDouble()));
    const QString infra = r.value(QStringLiteral("infra_reason")).toString();
    if (r.value(QStringLiteral("cancelled")).toBool())
        printLine(QStringLiteral("  CANCELLED  after %1 s: the figures below are what the run "
                                 "had seen")
                      .arg(r.value(QStringLiteral("wall_s")).toDouble()));
    if (!r.value(QStringLiteral("verdict_known")).toBool(true))
        printLine(QStringLiteral("  VERDICT    UNKNOWN, INFRASTRUCTURE FAILURE: %1").arg(infra));
    else if (race == u"double-charge" || race == u"cart")
        printLine(QStringLiteral("  VERDICT    %1%2")
                      .arg(raceVerdict(race, anomalies),
                           infra.isEmpty() ? QString()
                                           : QStringLiteral("; INFRASTRUCTURE FAILURE: ") + infra));
    else if (oversold > 0)
        printLine(QStringLiteral("  VERDICT    OVERSOLD by %1 (lost updates %2)%3")
                      .arg(oversold)
                      .arg(r.value(QStringLiteral("lost_updates")).toInt())
                      .arg(infra.isEmpty() ? QString()
                                           : QStringLiteral("; INFRASTRUCTURE FAILURE: ") + infra));
    else if (!infra.isEmpty())
        printLine(QStringLiteral("  VERDICT    INFRASTRUCTURE FAILURE: %1 (%2)")
                      .arg(infra, ok ? QStringLiteral("no oversell among the rest")
                                     : QStringLiteral("and INVARIANTS BROKEN")));
    else if (oversold > 0)
        printLine(QStringLiteral("  VERDICT    OVERSOLD by %1 (lost updates %2)")
                      .arg(oversold)
                      .arg(r.value(QStringLiteral("lost_updates")).toInt()));
    else
        printLine(
            QStringLiteral("  VERDICT    %1")
                .arg(ok ? QStringLiteral("no oversell, invariants hold")
                        : QStringLiteral("INVARIANTS BROKEN (lost updates %1, negative items %2)")
                              .arg(r.value(QStringLiteral("lost_updates")).toInt())
                              .arg(r.value(QStringLiteral("negative_stock_items")).toInt())));
}

/// What `demo` and `demo compare` take besides options: no positional arguments, and a
/// --strategy unless comparing.
bool demoArgumentsOk(const QCommandLineParser& p, bool compare) {
    if (!p.positionalArguments().isEmpty()) {
        printError(
            QStringLiteral("demo: unexpected argument '%1'").arg(p.positionalArguments().first()));
        return false;
    }
    if (!compare && !p.isSet(QStringLiteral("strategy"))) {
        printError(QStringLiteral(
            "--strategy is required (none, atomic, idempotency, pg-row, pg-advisory, redis, "
            "zookeeper, lease)"));
        return false;
    }
    return true;
}

/// The strategies to run: the scenario's own, or for compare --strategies (default all), every
/// name checked before the first run starts.
bool strategiesFrom(const QCommandLineParser& p, const DemoScenario& scenario, bool compare,
                    QStringList* out) {
    if (!compare) {
        *out = QStringList{scenario.strategy};
        return true;
    }
    // Every strategy valid for the race (stock: atomic; the others: idempotency).
    const QStringList names =
        p.isSet(QStringLiteral("strategies"))
            ? p.value(QStringLiteral("strategies")).split(u',', Qt::SkipEmptyParts)
            : RacePurchaser::strategiesFor(scenario.race);
    for (const QString& s : names) {
        DemoScenario probe = scenario;
        probe.strategy = s;
        if (const QString invalid = probe.validate(); !invalid.isEmpty()) {
            printError(QStringLiteral("--strategies: %1").arg(invalid));
            return false;
        }
    }
    *out = names;
    return true;
}

DemoEngine::Options engineOptions(const NamespaceConfig& config, const QString& historyFile,
                                  bool tty, const QString& sandboxDir) {
    DemoEngine::Options options;
    options.sandboxDir = sandboxDir;
    options.config = config;
    options.workerProgram = QCoreApplication::applicationFilePath();
    options.historyFile = historyFile;
    if (tty)
        options.progress = printProgress;
    return options;
}

/// One run per strategy, each result table printed as soon as it is known (unless json); a
/// cancelled run (Ctrl+C) ends the series.
QJsonArray runStrategies(DemoEngine& engine, const DemoScenario& scenario,
                         const QStringList& strategies, bool json, bool tty, bool* infraFailure,
                         bool* cancelled) {
    QJsonArray all;
    for (const QString& s : strategies) {
        DemoScenario sc = scenario;
        sc.strategy = s;
        const DemoResult r = engine.run(sc);
        if (tty)
            std::fputs("\n", stderr); // ends the progress line
        const QJsonObject o = r.toJson();
        all.append(o);
        if (!r.infraFailure().isEmpty())
            *infraFailure = true;
        if (!json)
            printResultTable(o);
        if (r.cancelled) {
            *cancelled = true;
            break;
        }
    }
    return all;
}

} // namespace

int DemoCommand::run(const QStringList& args) {
    const QString sub = args.value(1);
    if (sub == u"worker")
        return runWorker(args);
    if (sub == u"verify")
        return runVerify(args);
    if (sub == u"render")
        return DiagramCommand::render(args);
    const bool compare = sub == u"compare";
    QStringList effective = args;
    if (compare)
        effective = withSubcommand(effective);

    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Many buyers race for the last items (--scenario stock), payment workers "
                       "for one order (double-charge), browser tabs for one cart (cart): see "
                       "which strategy oversells, charges twice, or loses a discount or an "
                       "update."));
    addScenarioOptions(p);
    addConnectionOptions(p);
    addNamespaceOption(p);
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    DemoScenario scenario;
    QStringList strategies;
    NamespaceConfig config;
    if (!demoArgumentsOk(p, compare) || !scenarioFrom(p, &scenario) ||
        !strategiesFrom(p, scenario, compare, &strategies) || !namespaceFrom(p, &config))
        return BadArguments;
    const bool json = p.isSet(QStringLiteral("json"));
    const bool tty = !json && ::isatty(STDERR_FILENO);

    const DemoEngine::Options options = engineOptions(
        config, p.value(QStringLiteral("history")), tty,
        p.isSet(QStringLiteral("sandbox")) ? p.value(QStringLiteral("sandbox"))
                                           : qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"));
    const SignalWatcher interrupts; // before the engine starts any thread
    DemoEngine engine(options);
    const std::stop_callback cancelOnSignal(interrupts.token(), [&engine] { engine.cancel(); });

    QJsonArray all;
    bool infraFailure = false;
    bool cancelled = false;
    try {
        all = runStrategies(engine, scenario, strategies, json, tty, &infraFailure, &cancelled);
    } catch (...) {
        const int rc = failureExitCode();
        return interrupts.stopRequested() ? int(Cancelled) : rc;
    }
    if (json) {
        if (compare)
            printJson(all);
        else
            printJson(all.first().toObject());
    }
    // A cancelled run did not finish: its figures are what it had seen (exit code 130). A run
    // whose verdict cannot be trusted (README, "demo": the infrastructure rule) is not a
    // success, whatever its oversell numbers say.
    if (cancelled)
        return Cancelled;
    return infraFailure ? InfraError : Ok;
}

int DemoCommand::runWorker(const QStringList& args) {
    const QStringList effective = withSubcommand(args);
    QCommandLineParser p;
    addScenarioOptions(p);
    addConnectionOptions(p);
    addNamespaceOption(p);
    p.addOption({QStringLiteral("run-id"), QStringLiteral("Run id."), QStringLiteral("id")});
    p.addOption(
        {QStringLiteral("first-buyer"), QStringLiteral("First buyer index."), QStringLiteral("n")});
    p.addOption(
        {QStringLiteral("count"), QStringLiteral("Buyers in this worker."), QStringLiteral("n")});
    p.addOption({QStringLiteral("run-start-us"), QStringLiteral("Run start, us since the epoch."),
                 QStringLiteral("us")});
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    DemoScenario scenario;
    int first = 0, count = 1;
    NamespaceConfig config;
    if (!scenarioFrom(p, &scenario) ||
        !intOption(p, QStringLiteral("first-buyer"), 0, 100000, &first) ||
        !intOption(p, QStringLiteral("count"), 1, 100000, &count) || !namespaceFrom(p, &config))
        return BadArguments;
    const auto runStart = std::chrono::system_clock::time_point(
        std::chrono::microseconds(p.value(QStringLiteral("run-start-us")).toLongLong()));

    if (config.readOnly) {
        printError(ReadOnlyRefusal(QStringLiteral("a demo run")).message());
        return ReadOnly;
    }
    // SIGTERM from the coordinator: stop the buyers cleanly (they release their locks).
    const SignalWatcher interrupts;
    DemoEngine::runWorker(config, scenario, p.value(QStringLiteral("run-id")).toStdString(), first,
                          count, runStart, interrupts.token(), stdout);
    return Ok;
}

int DemoCommand::runVerify(const QStringList& args) {
    const QStringList effective = withSubcommand(args);
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Recompute a run's verdict from its --history file and check the history: "
                       "mutual exclusion, the stock invariant, orders, fenced writes."));
    p.addOption({QStringLiteral("history"), QStringLiteral("The JSON lines file."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    if (!p.isSet(QStringLiteral("history"))) {
        printError(QStringLiteral("--history is required"));
        return BadArguments;
    }
    try {
        const DemoHistory::Loaded h = DemoHistory::load(p.value(QStringLiteral("history")));
        const DemoVerdict v = DemoVerdict::fromHistory(h.records, h.initial, h.final, h.race());
        QJsonObject out = v.toJson();
        out.insert(QStringLiteral("scenario"), DemoScenario::raceName(h.race()));
        const bool serverVerdictKnown = h.verdictError.isEmpty();
        // The other races: the anomalies recomputed from the records against the servers'
        // (a history of a stock run written before issue 15 has none: not compared).
        const QJsonObject serverAnomalies =
            h.serverVerdict.value(QStringLiteral("anomalies")).toObject();
        const bool anomaliesAgree =
            h.race() == DemoScenario::Race::Stock ||
            out.value(QStringLiteral("anomalies")).toObject() == serverAnomalies;
        const bool agrees =
            !serverVerdictKnown ||
            (out.value(QStringLiteral("invariants_ok")) ==
                 h.serverVerdict.value(QStringLiteral("invariants_ok")) &&
             out.value(QStringLiteral("sold")) == h.serverVerdict.value(QStringLiteral("sold")) &&
             out.value(QStringLiteral("oversold")) ==
                 h.serverVerdict.value(QStringLiteral("oversold")) &&
             anomaliesAgree);
        const QString infra = h.infraFailure();
        const bool infraAgrees = infra.isEmpty() != h.statedInfraFailure;
        if (serverVerdictKnown)
            out.insert(QStringLiteral("agrees_with_servers"), agrees);
        else
            out.insert(QStringLiteral("agrees_with_servers"), QJsonValue::Null);
        out.insert(QStringLiteral("infra_failure"), !infra.isEmpty());
        out.insert(QStringLiteral("infra_reason"), infra);
        out.insert(QStringLiteral("agrees_on_infra_failure"), infraAgrees);
        const HistoryChecker::Report checked = HistoryChecker::check(h);
        const QJsonObject checks = checked.toJson(h.records);
        for (auto it = checks.begin(); it != checks.end(); ++it)
            out.insert(it.key(), it.value());
        const QJsonObject a = out.value(QStringLiteral("anomalies")).toObject();
        if (p.isSet(QStringLiteral("json")))
            printJson(out);
        else if (h.race() != DemoScenario::Race::Stock)
            printLine(QStringLiteral("from history (%1): extra charges %2, extra discount uses "
                                     "%3, lost cart updates %4, invariants %5; %6")
                          .arg(DemoScenario::raceName(h.race()))
                          .arg(a.value(QStringLiteral("extra_charges")).toInt())
                          .arg(a.value(QStringLiteral("extra_discount_uses")).toInt())
                          .arg(a.value(QStringLiteral("lost_cart_updates")).toInt())
                          .arg(!v.known()       ? QStringLiteral("unknown (no final state)")
                               : v.invariantsOk ? QStringLiteral("hold")
                                                : QStringLiteral("BROKEN"))
                          .arg(!serverVerdictKnown ? QStringLiteral("the servers gave no verdict")
                               : agrees ? QStringLiteral("agrees with the servers' verdict")
                                        : QStringLiteral("DISAGREES with the servers' verdict")));
        else
            printLine(QStringLiteral("from history: sold %1, oversold %2, invariants %3; %4")
                          .arg(v.sold)
                          .arg(v.oversold)
                          .arg(!v.known()       ? QStringLiteral("unknown (no final stock)")
                               : v.invariantsOk ? QStringLiteral("hold")
                                                : QStringLiteral("BROKEN"))
                          .arg(!serverVerdictKnown ? QStringLiteral("the servers gave no verdict")
                               : agrees ? QStringLiteral("agrees with the servers' verdict")
                                        : QStringLiteral("DISAGREES with the servers' verdict")));
        if (!p.isSet(QStringLiteral("json")) && !infra.isEmpty())
            printLine(QStringLiteral("INFRASTRUCTURE FAILURE: %1%2")
                          .arg(infra, infraAgrees ? QString()
                                                  : QStringLiteral(" (the run did not say so)")));
        else if (!p.isSet(QStringLiteral("json")) && !infraAgrees)
            printLine(QStringLiteral("the run stated an infrastructure failure the history does "
                                     "not show"));
        if (!p.isSet(QStringLiteral("json")))
            for (const QString& line : checked.toText(h.records))
                printLine(oneLine(line));
        // A violation found in the history fails the check like a disagreement does.
        return agrees && infraAgrees && infra.isEmpty() && !checked.violated() ? Ok : InfraError;
    } catch (const std::exception& e) {
        printError(QString::fromUtf8(e.what()));
        return InfraError;
    }
}

} // namespace lockscope::cli
