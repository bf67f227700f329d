#include "cli/exportercommand.h"

#include "cli/cliutil.h"
#include "cli/lockscommand.h"
#include "cli/metricsserver.h"
#include "cli/poke.h"
#include "cli/signalwatcher.h"
#include "core/alerts/alertengine.h"
#include "core/history/holdtracker.h"
#include "core/metrics/lockmetrics.h"
#include "core/monitor/lockmonitor.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>
#include <cstdio>
#include <thread>

namespace lockscope::cli {

namespace {

/// Parses HOST:PORT ([v6]:PORT too); HOST must be an address, PORT 0-65535 (0: any free one).
bool parseListen(const QString& text, QHostAddress* address, quint16* port) {
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535 || !address->setAddress(host))
        return false;
    *port = quint16(p);
    return true;
}

} // namespace

int ExporterCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Serve the monitor's view as Prometheus metrics on http://HOST:PORT/metrics (locks by "
        "backend and kind, stale, orphaned, waiters, oldest hold, hold durations, alerts, server "
        "up and scan time), refreshed like `locks watch`; a scrape serves the last refresh at "
        "once. Runs until Ctrl+C."));
    LocksCommand::addMonitorOptionsTo(p);
    p.addOption({QStringLiteral("listen"),
                 QStringLiteral("Address and port to serve on (default 127.0.0.1:9464; port 0: "
                                "any free port, printed on stdout)."),
                 QStringLiteral("host:port"), QStringLiteral("127.0.0.1:9464")});
    p.addOption({QStringLiteral("interval-ms"), QStringLiteral("Refresh interval (default 1000)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("top"),
                 QStringLiteral("How many of the oldest holds are named by resource in "
                                "lockscope_hold_age_seconds (default 10, 0-1000)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("alert"),
                 QStringLiteral("Alert rule whose firing alerts lockscope_alerts_firing counts, "
                                "repeatable (docs/ALERTS.md; as `locks watch --alert`)."),
                 QStringLiteral("rule")});
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    std::vector<AlertRule> rules;
    for (const QString& text : p.values(QStringLiteral("alert"))) {
        QString error;
        const auto rule = AlertRule::parse(text, &error);
        if (!rule) {
            printError(QStringLiteral("--alert %1: %2").arg(text, error));
            return BadArguments;
        }
        rules.push_back(*rule);
    }
    MonitorConfig config;
    int interval = 1000;
    int top = 10;
    if (!LocksCommand::monitorConfigOf(p, &config) ||
        !intOption(p, QStringLiteral("interval-ms"), 50, 3600000, &interval) ||
        !intOption(p, QStringLiteral("top"), 0, 1000, &top))
        return BadArguments;
    QHostAddress address;
    quint16 port = 0;
    if (!parseListen(p.value(QStringLiteral("listen")), &address, &port)) {
        printError(QStringLiteral("--listen: expected HOST:PORT with an IP address, got '%1'")
                       .arg(p.value(QStringLiteral("listen"))));
        return BadArguments;
    }

    const SignalWatcher interrupts; // before any other thread starts
    MetricsServer server;
    if (!server.listen(address, port)) {
        printError(QStringLiteral("--listen: cannot listen on %1: %2")
                       .arg(p.value(QStringLiteral("listen")), server.errorString()));
        return InfraError;
    }
    printLine(QStringLiteral("listening on http://%1:%2/metrics")
                  .arg(address.protocol() == QAbstractSocket::IPv6Protocol
                           ? u'[' + address.toString() + u']'
                           : address.toString())
                  .arg(server.port()));
    std::fflush(stdout);

    // The monitor refreshes on its own thread; the event loop here only answers scrapes.
    std::jthread refresher(
        [&server, config, interval, top, rules = std::move(rules)](std::stop_token stop) {
            Poke wake;
            LockMonitor monitor(config, [&wake] { wake.notify(); });
            LockMetrics metrics({config.backends, top});
            HoldTracker holds;         // ended holds feed lockscope_hold_duration_seconds
            AlertEngine alerts(rules); // lockscope_alerts_firing{rule}
            while (!stop.stop_requested()) {
                Snapshot snapshot;
                monitor.refreshDiff(&snapshot, LockMonitor::Wait::Briefly);
                metrics.observe(snapshot);
                metrics.observeHolds(holds.observe(snapshot));
                alerts.feed(snapshot, QDateTime::currentMSecsSinceEpoch());
                QMap<QString, int> firing;
                for (const AlertRule& rule : alerts.rules())
                    firing.insert(rule.toText(), 0); // a rule with none firing reads 0, not absent
                for (const Alert& a : alerts.firing())
                    ++firing[a.rule.toText()];
                metrics.setAlertsFiring(firing);
                server.setBody(metrics.render(snapshot.takenAtMs), snapshot.takenAtMs);
                wake.wait(stop, std::chrono::milliseconds(interval));
            }
        });
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, [&] {
        if (interrupts.stopRequested())
            QCoreApplication::quit();
    });
    stopPoll.start(100);
    QCoreApplication::exec();
    refresher.request_stop();
    return Ok;
}

} // namespace lockscope::cli
