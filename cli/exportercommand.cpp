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
#include <QRegularExpression>
#include <QTimer>
#include <cstdio>
#include <thread>

namespace lockscope::cli {

namespace {

/// Parses HOST:PORT or [IPv6]:PORT, strictly: HOST a literal IPv4 address in dotted decimal
/// (four parts, no leading zeros: not "2130706433", "127.1" or "0x7f.0.0.1") or an IPv6 address
/// in brackets; PORT 1-5 ASCII digits, 0-65535 (0: any free one; no sign, no spaces).
bool parseListen(const QString& text, QHostAddress* address, quint16* port) {
    QString host;
    QString portText;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(QStringLiteral("]:"));
        if (close < 0)
            return false;
        host = text.mid(1, close - 1);
        portText = text.mid(close + 2);
        if (!host.contains(u':'))
            return false; // brackets are for IPv6
    } else {
        const qsizetype colon = text.indexOf(u':');
        if (colon <= 0 || text.indexOf(u':', colon + 1) >= 0)
            return false; // an IPv6 address needs brackets
        host = text.left(colon);
        portText = text.mid(colon + 1);
        static const QRegularExpression ipv4 = [] {
            const QString octet = QStringLiteral("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
            return QRegularExpression(
                QRegularExpression::anchoredPattern(QStringLiteral("%1(\\.%1){3}").arg(octet)));
        }();
        if (!ipv4.match(host).hasMatch())
            return false;
    }
    // Anchored to the very end: "$" would let a final line feed through.
    static const QRegularExpression digits(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9]{1,5}")));
    if (!digits.match(portText).hasMatch())
        return false;
    const uint p = portText.toUInt();
    QHostAddress parsed;
    if (p > 65535 || !parsed.setAddress(host))
        return false;
    *address = parsed;
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
                 QStringLiteral("Literal IP address and port to serve on (default 127.0.0.1:9464; "
                                "IPv6 as [::1]:PORT; port 0: any free port, printed on stdout). "
                                "There is no authentication: another address than loopback "
                                "is warned about."),
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
        printError(QStringLiteral("--listen: expected IPV4:PORT or [IPV6]:PORT with a literal "
                                  "address and a port 0-65535, got '%1'")
                       .arg(p.value(QStringLiteral("listen"))));
        return BadArguments;
    }

    if (!address.isLoopback())
        printError(QStringLiteral(
                       "warning: --listen %1 is not a loopback address: lock names, holders and "
                       "alert rules are served to anyone who can reach it, without "
                       "authentication. Listen on 127.0.0.1 (or ::1) unless that is intended.")
                       .arg(p.value(QStringLiteral("listen"))));

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
