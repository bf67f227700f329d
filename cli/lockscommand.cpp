#include "cli/lockscommand.h"

#include "cli/alertwatch.h"
#include "cli/changemodeoptions.h"
#include "cli/cliutil.h"
#include "cli/historycommand.h"
#include "cli/poke.h"
#include "cli/signalwatcher.h"
#include "connectors/connectorerror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/history/historyrecorder.h"
#include "core/interruptiblewait.h"
#include "core/locks/lockstrategy.h"
#include "core/monitor/auditlog.h"
#include "core/monitor/displaytext.h"
#include "core/monitor/forcereleaser.h"
#include "core/monitor/lockmonitor.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTextStream>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

namespace lockscope::cli {

namespace {

void addMonitorOptions(QCommandLineParser& p) {
    addConnectionOptions(p);
    addNamespaceOption(p);
    p.addOption({QStringLiteral("backend"),
                 QStringLiteral("redis, zookeeper, postgres or all (default)."),
                 QStringLiteral("name"), QStringLiteral("all")});
    p.addOption({QStringLiteral("redis-pattern"),
                 QStringLiteral(
                     "SCAN MATCH pattern for lock keys (repeatable; default *[lL][oO][cC][kK]*)."),
                 QStringLiteral("pattern")});
    p.addOption({QStringLiteral("zk-root"),
                 QStringLiteral("ZooKeeper lock root (repeatable; default /lockpath, /locks)."),
                 QStringLiteral("path")});
    p.addOption({QStringLiteral("stale-pg-idle"),
                 QStringLiteral("PostgreSQL holders idle in transaction longer than this are stale "
                                "when they block someone or the lock is not LockScope's "
                                "(e.g. 300s, 5m; default 5m)."),
                 QStringLiteral("duration")});
    p.addOption({QStringLiteral("stale-lease-grace"),
                 QStringLiteral("Leases expired longer than this are stale (default 5s)."),
                 QStringLiteral("duration")});
    p.addOption({QStringLiteral("stale-redis-no-ttl"),
                 QStringLiteral("Redis lock keys without a TTL are stale: on or off (default on)."),
                 QStringLiteral("on|off")});
    p.addOption(
        {QStringLiteral("stale-zk-persistent"),
         QStringLiteral("Persistent ZooKeeper lock nodes are stale: on or off (default on)."),
         QStringLiteral("on|off")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
}

/// --stale-*: the stale rules, defaults where not given.
bool staleRulesFrom(const QCommandLineParser& p, StaleRules* out) {
    for (const char* name : {"stale-pg-idle", "stale-lease-grace"}) {
        const QString opt = QLatin1String(name);
        if (!p.isSet(opt))
            continue;
        const auto d = StaleRules::parseDuration(p.value(opt));
        if (!d) {
            printError(
                QStringLiteral("--%1: expected a duration such as 300s, 5m or 500ms, got '%2'")
                    .arg(opt, p.value(opt)));
            return false;
        }
        (opt == u"stale-pg-idle" ? out->pgIdleInTransaction : out->leaseExpiredGrace) = *d;
    }
    for (const char* name : {"stale-redis-no-ttl", "stale-zk-persistent"}) {
        const QString opt = QLatin1String(name);
        if (!p.isSet(opt))
            continue;
        const QString v = p.value(opt);
        if (v != u"on" && v != u"off") {
            printError(QStringLiteral("--%1: expected on or off, got '%2'").arg(opt, v));
            return false;
        }
        (opt == u"stale-redis-no-ttl" ? out->redisNoTtl : out->zkPersistent) = v == u"on";
    }
    return true;
}

bool monitorConfigFrom(const QCommandLineParser& p, MonitorConfig* out) {
    MonitorConfig m;
    if (!namespaceFrom(p, &m.config))
        return false;
    if (!backendsFrom(p, &m.backends))
        return false;
    if (p.isSet(QStringLiteral("redis-pattern")))
        m.redisPatterns = p.values(QStringLiteral("redis-pattern"));
    if (p.isSet(QStringLiteral("zk-root"))) {
        m.zkRoots = p.values(QStringLiteral("zk-root"));
        for (const QString& r : m.zkRoots) {
            if (!r.startsWith(u'/') || (r.size() > 1 && r.endsWith(u'/'))) {
                printError(QStringLiteral("--zk-root: '%1' is not an absolute znode path").arg(r));
                return false;
            }
        }
    }
    if (!staleRulesFrom(p, &m.stale))
        return false;
    *out = m;
    return true;
}

QString leaseText(const LockEntry& e) {
    if (!e.leaseMs)
        return QStringLiteral("no expiry");
    return QStringLiteral("%1 s").arg(double(*e.leaseMs) / 1000.0, 0, 'f', 1);
}

void printEntries(const std::vector<LockEntry>& locks) {
    const QChar sp(u' ');
    // NODE when a lock was read on one of several servers (a Cluster shard, a Redlock server).
    auto serverOf = [](const LockEntry& e) {
        return e.observation ? e.observation->server() : QString();
    };
    const bool nodes = std::any_of(locks.begin(), locks.end(),
                                   [&](const LockEntry& e) { return !serverOf(e).isEmpty(); });
    printLine(cell(QStringLiteral("BACKEND"), -10) + sp + cell(QStringLiteral("KIND"), -14) + sp +
              cell(QStringLiteral("LOGICAL"), -24) + sp + cell(QStringLiteral("RESOURCE"), -36) +
              sp + cell(QStringLiteral("HOLDER"), -40) + sp + cell(QStringLiteral("TOKEN"), 8) +
              sp + cell(QStringLiteral("LEASE"), 10) + sp + QStringLiteral("WAITERS  ") +
              (nodes ? cell(QStringLiteral("NODE"), -21) + sp : QString()) +
              QStringLiteral("FLAGS"));
    // Column by column, never a chain of arg(): a "%1" in a key or holder stays as it is.
    for (const LockEntry& e : locks)
        printLine(cell(backendName(e.backend), -10) + sp + cell(e.kind.name(), -14) + sp +
                  cell(e.logical(), -24) + sp + cell(e.resource, -36) + sp + cell(e.holder, -40) +
                  sp + cell(e.token ? QString::number(*e.token) : QStringLiteral("-"), 8) + sp +
                  cell(leaseText(e), 10) + sp + cell(QString::number(e.waiters.size()), 7) +
                  QStringLiteral("  ") + (nodes ? cell(serverOf(e), -21) + sp : QString()) +
                  lockFlagNames(e.flags).join(u','));
}

void reportErrors(const Snapshot& s) {
    for (auto it = s.backendErrors.cbegin(); it != s.backendErrors.cend(); ++it)
        printError(
            QStringLiteral("%1 could not be read: %2").arg(backendName(it.key()), it.value()));
}

} // namespace

int LocksCommand::run(const QStringList& args) {
    const QString sub = args.value(1);
    const QStringList rest = withSubcommand(args);
    if (sub == u"list")
        return list(rest);
    if (sub == u"watch")
        return watch(rest);
    if (sub == u"release")
        return release(rest);
    if (sub == u"hold")
        return hold(rest);
    if (sub == u"history")
        return HistoryCommand::history(rest);
    if (sub == u"stats")
        return HistoryCommand::stats(rest);
    printError(
        QStringLiteral("locks: expected list, watch, release, hold, history or stats (got '%1')")
            .arg(sub));
    return BadArguments;
}

int LocksCommand::list(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Every live lock on Redis, ZooKeeper and PostgreSQL."));
    addMonitorOptions(p);
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    MonitorConfig config;
    if (!monitorConfigFrom(p, &config))
        return BadArguments;
    LockMonitor monitor(config);
    const Snapshot s = monitor.refresh();
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const LockEntry& e : s.locks)
            arr.append(e.toJson());
        printJson(arr);
    } else {
        printEntries(s.locks);
    }
    reportErrors(s);
    return s.backendErrors.isEmpty() ? Ok : InfraError;
}

namespace {

/// One JSON object on one line (`locks watch --json` prints a stream of them).
void printJsonLine(const QJsonObject& o) {
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
}

/// One line of `locks watch`: a lock added or changed (e), or the id of one removed.
void printChange(const char* change, const LockEntry* e, const QString& id, const QString& now,
                 bool json) {
    if (json) {
        QJsonObject o{{QStringLiteral("change"), QLatin1String(change)},
                      {QStringLiteral("at"), now}};
        if (e)
            o.insert(QStringLiteral("lock"), e->toJson());
        else
            o.insert(QStringLiteral("id"), id);
        printJsonLine(o);
    } else if (e) {
        const QString flags = lockFlagNames(e->flags).join(u',');
        // What was locked, then where when that differs: "cart:42 (lockscope:lock:{cart:42})".
        const QString what =
            e->logical() == e->resource
                ? oneLine(e->resource)
                : oneLine(e->logical()) + QStringLiteral(" (") + oneLine(e->resource) + u')';
        printLine(QStringLiteral("%1 %2 %3 %4 %5 held by %6 (%7)%8")
                      .arg(now, QLatin1String(change), backendName(e->backend), e->kind.name(),
                           what, oneLine(e->holder), leaseText(*e),
                           flags.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(flags)));
    } else {
        printLine(QStringLiteral("%1 %2 %3").arg(now, QLatin1String(change), oneLine(id)));
    }
}

void printDiff(const SnapshotDiff& d, bool json) {
    const QString now = QDateTime::currentDateTime().toString(Qt::ISODateWithMs);
    for (const auto& e : d.added)
        printChange("added", &e, {}, now, json);
    for (const auto& e : d.changed)
        printChange("changed", &e, {}, now, json);
    for (const auto& id : d.removed)
        printChange("removed", nullptr, id, now, json);
    std::fflush(stdout);
}

/// One line when a backend goes down ("postgres down since T (N locks unknown): why") and one
/// when it is back, not one per refresh while it stays down. While it is down its locks are
/// last known, not removed: the diff does not report them, and on its return only what really
/// changed is.
void reportOutages(const Snapshot& last, bool json, QMap<Backend, int64_t>* reported) {
    const QString now = QDateTime::currentDateTime().toString(Qt::ISODateWithMs);
    auto unknownCount = [&](Backend b) {
        return std::count_if(last.locks.begin(), last.locks.end(),
                             [b](const LockEntry& e) { return e.backend == b; });
    };
    for (auto it = last.unknownSinceMs.cbegin(); it != last.unknownSinceMs.cend(); ++it) {
        if (reported->contains(it.key()))
            continue;
        const QString since =
            QDateTime::fromMSecsSinceEpoch(it.value()).toString(Qt::ISODateWithMs);
        const QString error = last.backendErrors.value(it.key());
        const auto unknown = unknownCount(it.key());
        if (json) {
            printJsonLine(QJsonObject{{QStringLiteral("change"), QStringLiteral("down")},
                                      {QStringLiteral("at"), now},
                                      {QStringLiteral("backend"), backendName(it.key())},
                                      {QStringLiteral("since"), since},
                                      {QStringLiteral("unknown_locks"), qint64(unknown)},
                                      {QStringLiteral("error"), error}});
        } else {
            printLine(QStringLiteral("%1 down %2 since %3 (%4 locks unknown): %5")
                          .arg(now, backendName(it.key()), since)
                          .arg(unknown)
                          .arg(oneLine(error)));
        }
    }
    for (auto it = reported->cbegin(); it != reported->cend(); ++it) {
        if (last.unknownSinceMs.contains(it.key()))
            continue;
        const QString since =
            QDateTime::fromMSecsSinceEpoch(it.value()).toString(Qt::ISODateWithMs);
        if (json) {
            printJsonLine(QJsonObject{{QStringLiteral("change"), QStringLiteral("back")},
                                      {QStringLiteral("at"), now},
                                      {QStringLiteral("backend"), backendName(it.key())},
                                      {QStringLiteral("down_since"), since}});
        } else {
            printLine(QStringLiteral("%1 back %2 (down since %3)")
                          .arg(now, backendName(it.key()), since));
        }
    }
    *reported = last.unknownSinceMs;
    std::fflush(stdout);
}

} // namespace

int LocksCommand::watch(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Print lock changes as they happen, until Ctrl+C."));
    addMonitorOptions(p);
    addChangeModeOptions(p);
    p.addOption({QStringLiteral("interval-ms"), QStringLiteral("Polling interval (default 1000)."),
                 QStringLiteral("ms")});
    AlertWatch::addOptions(p);
    HistoryCommand::addRecordOptions(p);
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    MonitorConfig config;
    int interval = 1000;
    std::unique_ptr<AlertWatch> alerts;
    if (!monitorConfigFrom(p, &config) || !changeModeOptionsFrom(p, &config) ||
        !intOption(p, QStringLiteral("interval-ms"), 50, 3600000, &interval) ||
        !AlertWatch::from(p, &alerts))
        return BadArguments;
    const bool json = p.isSet(QStringLiteral("json"));
    int recordRc = Ok;
    const auto recorder = HistoryCommand::recorderFrom(p, &recordRc);
    if (recordRc != Ok)
        return recordRc;
    Poke poke;
    const SignalWatcher interrupts; // before the monitor's client libraries start threads
    const std::stop_token stop = interrupts.token();
    // ZooKeeper watches (and Redis keyspace notifications) wake us at once; the rest is polled.
    LockMonitor monitor(config, [&] { poke.notify(); });
    QMap<Backend, int64_t> reportedOutages;
    QMap<Backend, ChangeStatus> reportedModes;
    while (!stop.stop_requested()) {
        const SnapshotDiff diff = monitor.refreshDiff(nullptr, LockMonitor::Wait::Briefly);
        reportChangeModes(monitor.last().changeModes, json, &reportedModes);
        // "back" before the changes the return brings, "down" before the others' changes.
        reportOutages(monitor.last(), json, &reportedOutages);
        printDiff(diff, json);
        if (alerts)
            alerts->feed(monitor.last(), json);
        HistoryCommand::record(recorder.get(), monitor.last());
        poke.wait(stop, std::chrono::milliseconds(interval));
    }
    return Ok;
}

namespace {

void addReleaseOptions(QCommandLineParser& p) {
    addMonitorOptions(p);
    p.addOption({QStringLiteral("resource"),
                 QStringLiteral("The lock's resource as `locks list` shows it."),
                 QStringLiteral("R")});
    p.addOption({QStringLiteral("expect-sha256"),
                 QStringLiteral("Release only if the lock's exact observed bytes still have this "
                                "SHA-256 (observed_sha256 in `locks list --json`)."),
                 QStringLiteral("hex")});
    p.addOption({QStringLiteral("expect"),
                 QStringLiteral("Release only if the exact observed value of the lock's kind is "
                                "this, byte for byte (Redis: the whole value; ZooKeeper: the "
                                "node's data or its name; lease: the owner; PostgreSQL: the "
                                "holder's pid), written as `expect` in `locks list --json` "
                                "(a backslash as \\\\, other bytes as \\xNN); never the "
                                "shortened holder text, nor the fingerprint (--expect-sha256)."),
                 QStringLiteral("value")});
    p.addOption({QStringLiteral("expect-file"),
                 QStringLiteral("--expect read from this file (- for stdin), for values longer "
                                "than a command line takes; one final newline is ignored."),
                 QStringLiteral("file")});
    p.addOption({QStringLiteral("node"),
                 QStringLiteral("Only the lock read on this server (host:port, `node` in "
                                "`locks list --json`): one of a Redlock lock's copies. Without "
                                "it, a lock whose copies on several servers all match is "
                                "released on each of them."),
                 QStringLiteral("host:port")});
    p.addOption({QStringLiteral("force-without-check"),
                 QStringLiteral("Release the only lock on the resource without --expect or "
                                "--expect-sha256 (it is still re-checked against what this "
                                "command observes).")});
    p.addOption({QStringLiteral("reason"), QStringLiteral("Why (required; goes to the audit log)."),
                 QStringLiteral("text")});
    p.addOption({QStringLiteral("cancel-only"),
                 QStringLiteral("PostgreSQL: pg_cancel_backend instead of pg_terminate_backend.")});
    p.addOption({QStringLiteral("operator"),
                 QStringLiteral("Who you act for; the audit records it beside the OS user."),
                 QStringLiteral("name")});
    p.addOption({QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation.")});
}

/// What the operator said the lock must still be: exact bytes, never a display form.
struct Expectation {
    /// --expect / --expect-file, decoded (DisplayText::unescapeBytes): an exact observed value of
    /// the lock's kind, as its backend compares it (LockEntry::holderBytes, the Redis value or
    /// the znode's data; LockObservation::namesHolder: the znode's name, the lease owner, the
    /// PostgreSQL pid); never the fingerprint nor the shortened holder text.
    std::optional<QByteArray> value;
    QString sha256; ///< --expect-sha256: LockEntry::observedSha256(), the only fingerprint check

    bool isEmpty() const { return !value && sha256.isEmpty(); }
    bool matches(const LockEntry& e) const {
        // No observed bytes (a scanner that records none): nothing to fingerprint, so no match.
        if (!sha256.isEmpty() &&
            (e.rawBytes.isEmpty() || e.observedSha256() != sha256.trimmed().toLower()))
            return false;
        if (value && !namesHolder(e))
            return false;
        return true;
    }
    bool namesHolder(const LockEntry& e) const {
        if (!e.holderBytes.isEmpty() && e.holderBytes == *value)
            return true;
        // The backend's own names are text: only valid UTF-8 can be one of them.
        const QString text = QString::fromUtf8(*value);
        return e.observation && text.toUtf8() == *value && e.observation->namesHolder(text);
    }
    QString describe() const {
        QStringList parts;
        if (value)
            parts << QStringLiteral("value '%1'").arg(DisplayText::bytesForTerminal(*value, 80));
        if (!sha256.isEmpty())
            parts << QStringLiteral("sha256 %1").arg(oneLine(sha256.trimmed().toLower()));
        return parts.join(QStringLiteral(" and "));
    }
};

/// --expect or --expect-file (one of them) decoded into *out; false after printing why.
bool expectationFrom(const QCommandLineParser& p, Expectation* out) {
    const bool inline_ = p.isSet(QStringLiteral("expect"));
    const bool file = p.isSet(QStringLiteral("expect-file"));
    out->sha256 = p.value(QStringLiteral("expect-sha256"));
    if (!inline_ && !file)
        return true;
    if (inline_ && file) {
        printError(QStringLiteral("--expect and --expect-file: give one of them"));
        return false;
    }
    QString text = p.value(QStringLiteral("expect"));
    if (file) {
        const QString path = p.value(QStringLiteral("expect-file"));
        QFile f(path);
        const bool opened =
            path == u"-" ? f.open(stdin, QIODevice::ReadOnly) : f.open(QIODevice::ReadOnly);
        if (!opened) {
            printError(
                QStringLiteral("--expect-file: cannot read '%1': %2").arg(path, f.errorString()));
            return false;
        }
        QByteArray bytes = f.readAll();
        if (bytes.endsWith('\n')) // an escaped value holds no raw newline: the file's own
            bytes.chop(1);
        text = QString::fromUtf8(bytes);
    }
    out->value = DisplayText::unescapeBytes(text);
    if (!out->value) {
        printError(QStringLiteral("--expect: not an escaped value as `locks list --json` prints "
                                  "it (a backslash is \\\\, a byte \\xNN)"));
        return false;
    }
    return true;
}

/// True when the entries are copies of one lock on several servers (Redlock): the same observed
/// bytes, each read on a different, named server.
bool copiesOfOneLock(const std::vector<const LockEntry*>& es) {
    QSet<QString> servers;
    for (const LockEntry* e : es) {
        const QString server = e->observation ? e->observation->server() : QString();
        if (server.isEmpty() || servers.contains(server) || e->rawBytes.isEmpty() ||
            e->observedSha256() != es.front()->observedSha256())
            return false;
        servers.insert(server);
    }
    return es.size() > 1;
}

/// The locks to release: among the live locks on resource (on node, when given), the one the
/// expectation names exactly, every copy of it when it is one lock held on several servers
/// (Redlock), or the only one (--force-without-check). A release must never guess, so otherwise
/// this prints why, sets *rc and returns nothing; *mismatch is the lock found instead when the
/// expectation did not match (the caller audits that attempt).
std::vector<const LockEntry*> releaseTargets(const Snapshot& s, const QString& backend,
                                             const QString& resource, const QString& node,
                                             const Expectation& expect, int* rc,
                                             const LockEntry** mismatch) {
    std::vector<const LockEntry*> matches;
    for (const LockEntry& e : s.locks)
        if (e.resource == resource &&
            (node.isEmpty() || (e.observation && e.observation->server() == node)))
            matches.push_back(&e);
    if (matches.empty()) {
        printError(node.isEmpty()
                       ? QStringLiteral("no live lock on %1 '%2' (see `locks list --backend %1`)")
                             .arg(backend, resource)
                       : QStringLiteral("no live lock on %1 '%2' on node %3 (see `locks list "
                                        "--backend %1 --json`, its `node`)")
                             .arg(backend, resource, oneLine(node)));
        *rc = InfraError;
        return {};
    }
    if (!expect.isEmpty()) {
        std::vector<const LockEntry*> expected;
        for (const LockEntry* e : matches)
            if (expect.matches(*e))
                expected.push_back(e);
        if (expected.size() > 1 && !copiesOfOneLock(expected)) { // never guess which
            printError(QStringLiteral("%1: %2 locks match %3: say which with --expect-sha256")
                           .arg(resource)
                           .arg(expected.size())
                           .arg(expect.describe()));
            *rc = BadArguments;
            return {};
        }
        if (expected.empty()) {
            printError(QStringLiteral("changed in the meantime: %1 is held by %2 (sha256 %3), "
                                      "not the lock expected (%4): nothing released")
                           .arg(resource, matches.front()->holder,
                                matches.front()->observedSha256(), expect.describe()));
            *rc = LockChanged;
            *mismatch = matches.front();
        }
        return expected;
    }
    if (matches.size() > 1 && !copiesOfOneLock(matches)) {
        QStringList holders;
        for (const LockEntry* e : matches)
            holders << e->holder;
        printError(QStringLiteral("%1 has %2 holders (%3): choose one with --expect")
                       .arg(oneLine(resource), QString::number(matches.size()),
                            oneLine(holders.join(QStringLiteral(", ")))));
        *rc = BadArguments;
        return {};
    }
    return matches;
}

/// Asks "Proceed?" on the terminal. False when the release must not go ahead, with *rc set:
/// without a terminal nobody can answer (--yes is the way to confirm in scripts).
bool confirmedOnTerminal(int* rc) {
    if (!::isatty(STDIN_FILENO)) {
        printError(QStringLiteral("not a terminal: pass --yes to confirm"));
        *rc = BadArguments;
        return false;
    }
    std::fputs("Proceed? [y/N] ", stdout);
    std::fflush(stdout);
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    if (answer != u"y" && answer != u"yes") {
        printLine(QStringLiteral("Nothing done."));
        *rc = Ok;
        return false;
    }
    return true;
}

ForceReleaser::Request releaseRequest(const QCommandLineParser& p, const LockEntry& target,
                                      const QString& reason, bool cancelOnly) {
    ForceReleaser::Request req;
    req.observed = target;
    req.reason = reason;
    req.cancelOnly = cancelOnly;
    req.operatorName = p.value(QStringLiteral("operator")); // the audit adds the OS user
    req.readOnly = readOnlyFrom(p);
    return req;
}

void printReleaseOutcome(const ForceReleaser::Outcome& out, const LockEntry& target, bool json) {
    if (json)
        printJson(
            QJsonObject{{QStringLiteral("outcome"), ForceReleaser::Outcome::statusName(out.status)},
                        {QStringLiteral("message"), out.message},
                        {QStringLiteral("audit_id"), qint64(out.auditId)},
                        {QStringLiteral("lock"), target.toJson()}});
    else
        printLine(ForceReleaser::Outcome::summary(out.status) + QStringLiteral(": ") +
                  oneLine(out.message));
}

int releaseExitCode(ForceReleaser::Outcome::Status status) {
    switch (status) {
    case ForceReleaser::Outcome::Status::Released:
        return Ok;
    case ForceReleaser::Outcome::Status::Changed:
        return LockChanged;
    case ForceReleaser::Outcome::Status::ReadOnly:
        return ReadOnly;
    case ForceReleaser::Outcome::Status::NothingReleased:
        return NothingReleased;
    case ForceReleaser::Outcome::Status::Refused:
        return BadArguments;
    default:
        return InfraError;
    }
}

} // namespace

int LocksCommand::release(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Force-release exactly the lock you saw (audited)."));
    addReleaseOptions(p);
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    MonitorConfig config;
    if (!monitorConfigFrom(p, &config))
        return BadArguments;
    const QString backend = p.value(QStringLiteral("backend"));
    if (backend == u"all") {
        printError(
            QStringLiteral("--backend is required for release (redis, zookeeper or postgres)"));
        return BadArguments;
    }
    const QString resource = p.value(QStringLiteral("resource"));
    const QString reason = p.value(QStringLiteral("reason")).trimmed();
    if (resource.isEmpty() || reason.isEmpty()) {
        printError(resource.isEmpty()
                       ? QStringLiteral("--resource is required")
                       : QStringLiteral("--reason is required (it goes to the audit log)"));
        return BadArguments;
    }
    Expectation expect;
    if (!expectationFrom(p, &expect))
        return BadArguments;
    if (expect.isEmpty() && !p.isSet(QStringLiteral("force-without-check"))) {
        printError(QStringLiteral("say which lock: --expect-sha256 HEX (observed_sha256 in "
                                  "`locks list --json`) or --expect VALUE; "
                                  "--force-without-check releases whatever holds it now"));
        return BadArguments;
    }
    LockMonitor monitor(config);
    const Snapshot s = monitor.refresh();
    reportErrors(s);
    if (!s.backendErrors.isEmpty())
        return InfraError;
    int rc = Ok;
    const bool cancelOnly = p.isSet(QStringLiteral("cancel-only"));
    const LockEntry* mismatch = nullptr;
    const std::vector<const LockEntry*> targets = releaseTargets(
        s, backend, resource, p.value(QStringLiteral("node")), expect, &rc, &mismatch);
    if (mismatch) {
        // Nothing is done, and that attempt is audited like any other.
        const ForceReleaser::Outcome out =
            ForceReleaser(config.config)
                .refuseChanged(releaseRequest(p, *mismatch, reason, cancelOnly),
                               QStringLiteral("expected %1, found sha256 %2: nothing released")
                                   .arg(expect.describe(), mismatch->observedSha256()));
        if (out.auditId == 0)
            printError(out.message);
    }
    if (targets.empty())
        return rc;
    // The plan quotes the key and value: escaped like every other server text. With --json and
    // --yes nobody reads it: stdout is the JSON alone.
    const bool json = p.isSet(QStringLiteral("json"));
    const bool showPlan = !json || !p.isSet(QStringLiteral("yes"));
    if (showPlan && targets.size() > 1)
        printLine(QStringLiteral("%1 is one lock held on %2 servers (Redlock): each copy is "
                                 "released, each checked on its own server.")
                      .arg(oneLine(resource))
                      .arg(targets.size()));
    for (const LockEntry* target : showPlan ? targets : std::vector<const LockEntry*>{})
        printLine(QStringLiteral("Will ") + oneLine(ForceReleaser::describe(*target, cancelOnly)) +
                  (targets.size() > 1 ? QStringLiteral(" on %1.").arg(target->observation->server())
                                      : QStringLiteral(".")));
    if (!p.isSet(QStringLiteral("yes")) && !confirmedOnTerminal(&rc))
        return rc;
    if (targets.size() == 1) {
        const ForceReleaser::Outcome out =
            ForceReleaser(config.config)
                .release(releaseRequest(p, *targets.front(), reason, cancelOnly));
        printReleaseOutcome(out, *targets.front(), json);
        return releaseExitCode(out.status);
    }
    // Copies: each released (owner-checked, audited) on its own; the exit code is the first
    // that is not Ok, in the order the copies were listed.
    int exit = Ok;
    QJsonArray copies;
    for (const LockEntry* target : targets) {
        const ForceReleaser::Outcome out =
            ForceReleaser(config.config).release(releaseRequest(p, *target, reason, cancelOnly));
        if (json)
            copies.append(QJsonObject{
                {QStringLiteral("node"), target->observation->server()},
                {QStringLiteral("outcome"), ForceReleaser::Outcome::statusName(out.status)},
                {QStringLiteral("message"), out.message},
                {QStringLiteral("audit_id"), qint64(out.auditId)},
                {QStringLiteral("lock"), target->toJson()}});
        else
            printLine(QStringLiteral("%1: ").arg(target->observation->server()) +
                      ForceReleaser::Outcome::summary(out.status) + QStringLiteral(": ") +
                      oneLine(out.message));
        if (exit == Ok)
            exit = releaseExitCode(out.status);
    }
    if (json)
        printJson(QJsonObject{{QStringLiteral("outcome"),
                               exit == Ok ? QStringLiteral("released") : QStringLiteral("partial")},
                              {QStringLiteral("copies"), copies}});
    return exit;
}

namespace {

void addHoldOptions(QCommandLineParser& p) {
    addConnectionOptions(p);
    addNamespaceOption(p);
    p.addOption({QStringLiteral("strategy"),
                 QStringLiteral("pg-row, pg-advisory, redis, zookeeper or lease."),
                 QStringLiteral("name")});
    p.addOption({QStringLiteral("resource"), QStringLiteral("What to lock."), QStringLiteral("R")});
    p.addOption({QStringLiteral("lease-ms"), QStringLiteral("Lease (default 30000)."),
                 QStringLiteral("ms")});
    p.addOption({QStringLiteral("seconds"),
                 QStringLiteral("Hold this long, then release (default: until Ctrl+C)."),
                 QStringLiteral("s")});
}

/// A strategy that locks and a resource; prints what is wrong otherwise.
bool holdTargetValid(const QString& strategy, const QString& resource) {
    if (LockStrategy::lockingNames().contains(strategy) && !resource.isEmpty())
        return true;
    printError(resource.isEmpty()
                   ? QStringLiteral("--resource is required")
                   : QStringLiteral("--strategy: expected one of %1")
                         .arg(LockStrategy::lockingNames().join(QStringLiteral(", "))));
    return false;
}

/// Holds h until `seconds` (0: a day) pass or a signal comes, then releases it. A lease lock is
/// renewed every third of its lease so that "hold" means hold; a lock without a lease (the
/// ZooKeeper session's node, the PostgreSQL transaction or session) is checked every second.
/// Either way a lock that is gone - a lease that could not be renewed, an expired session, a
/// connection that died - is said at once ("lock lost: ...", exit 3) instead of being held in
/// name only. Returns the exit code.
int holdThenRelease(LockStrategy& lock, LockHandle& h, const QString& resource, int lease,
                    int seconds, std::stop_token stop) {
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::seconds(seconds > 0 ? seconds : 86400);
    const auto interval = lock.hasLease() ? std::chrono::milliseconds(std::max(1, lease / 3))
                                          : std::chrono::milliseconds(1000);
    auto nextCheck = std::chrono::steady_clock::now() + interval;
    while (std::chrono::steady_clock::now() < until) {
        const auto wake = std::min(until, nextCheck);
        if (!waitUnlessStopped(stop, wake - std::chrono::steady_clock::now()))
            break; // a signal
        if (std::chrono::steady_clock::now() >= nextCheck) {
            bool held = false;
            try {
                held = !h.state()->lost && lock.renew(h);
            } catch (const std::exception&) {
                held = false;
            }
            if (!held) {
                printError(QStringLiteral("lock lost: %1 (%2)")
                               .arg(resource, lock.hasLease()
                                                  ? QStringLiteral("the lease could not be renewed")
                                                  : QStringLiteral("the session or connection that "
                                                                   "held it is gone")));
                return LockChanged;
            }
            nextCheck = std::chrono::steady_clock::now() + interval;
        }
    }
    return lock.release(h) == LockStrategy::ReleaseResult::Released ? Ok : LockChanged;
}

} // namespace

int LocksCommand::hold(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Take a lock with a LockScope strategy and hold it (for tests and demos)."));
    addHoldOptions(p);
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    NamespaceConfig config;
    int lease = 30000, seconds = 0;
    if (!namespaceFrom(p, &config) ||
        !intOption(p, QStringLiteral("lease-ms"), 10, 86400000, &lease) ||
        !intOption(p, QStringLiteral("seconds"), 0, 86400, &seconds))
        return BadArguments;
    const QString strategy = p.value(QStringLiteral("strategy"));
    const QString resource = p.value(QStringLiteral("resource"));
    if (!holdTargetValid(strategy, resource))
        return BadArguments;
    try {
        const SignalWatcher interrupts; // before a client library starts a thread
        auto lock = LockStrategy::create(strategy, config);
        auto h = lock->acquire(resource.toStdString(), LockOptions{std::chrono::milliseconds(lease),
                                                                   std::chrono::seconds(30)});
        if (!h) {
            printError(QStringLiteral("%1 is held by someone else (waited 30 s)").arg(resource));
            return InfraError;
        }
        printJson(QJsonObject{{QStringLiteral("strategy"), strategy},
                              {QStringLiteral("resource"), resource},
                              {QStringLiteral("owner"), QString::fromStdString(h->owner())},
                              {QStringLiteral("token"), qint64(h->token())},
                              {QStringLiteral("raw"), QString::fromStdString(h->raw())}});
        return holdThenRelease(*lock, *h, resource, lease, seconds, interrupts.token());
    } catch (...) {
        return failureExitCode();
    }
}

int LocksCommand::audit(const QStringList& args) {
    QStringList effective = args;
    if (effective.value(1) == u"list")
        effective = withSubcommand(effective);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Force-release attempts, newest first."));
    addConnectionOptions(p);
    addNamespaceOption(p);
    p.addOption(
        {QStringLiteral("limit"), QStringLiteral("Rows (default 50)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    NamespaceConfig config;
    int limit = 50;
    if (!namespaceFrom(p, &config) || !intOption(p, QStringLiteral("limit"), 1, 100000, &limit))
        return BadArguments;
    QList<AuditRecord> rows;
    try {
        AuditLog log(config); // reads what exists, creates nothing
        if (!log.exists())
            printError(QStringLiteral("no audit table yet in namespace %1: nothing was audited")
                           .arg(QString::fromStdString(config.ns)));
        rows = log.list(limit);
    } catch (...) {
        return failureExitCode();
    }
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray out;
        for (const AuditRecord& r : rows)
            out.append(r.toJson());
        printJson(out);
        return Ok;
    }
    for (const AuditRecord& r : rows)
        printLine(QStringLiteral("%1  %2@%3  %4 %5 %6  %7 -> %8  \"%9\"  %10")
                      .arg(r.timeText(), oneLine(r.whoText()), oneLine(r.attempt.host),
                           oneLine(r.attempt.backend), oneLine(r.attempt.resource),
                           oneLine(r.attempt.observedOwner), oneLine(r.attempt.action),
                           AuditRecord::outcomeName(r.outcome), oneLine(r.attempt.reason),
                           oneLine(r.detail)));
    return Ok;
}

void LocksCommand::addMonitorOptionsTo(QCommandLineParser& parser) {
    addMonitorOptions(parser);
}

bool LocksCommand::monitorConfigOf(const QCommandLineParser& parser, MonitorConfig* out) {
    return monitorConfigFrom(parser, out);
}

} // namespace lockscope::cli
