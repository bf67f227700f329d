#include "cli/historycommand.h"

#include "cli/cliutil.h"
#include "core/history/historyrecorder.h"
#include "core/history/historysince.h"
#include "core/history/historystats.h"
#include "core/monitor/displaytext.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <cstdio>

namespace lockscope::cli {

namespace {

void addDbOption(QCommandLineParser& p) {
    p.addOption({QStringLiteral("history-db"),
                 QStringLiteral("The history store (default: the console's, %1).")
                     .arg(HistorySettings::defaultPath()),
                 QStringLiteral("path")});
}

QString dbPath(const QCommandLineParser& p) {
    const QString path = p.value(QStringLiteral("history-db"));
    return path.isEmpty() ? HistorySettings::defaultPath() : path;
}

void addReadOptions(QCommandLineParser& p, const char* defaultSince) {
    addDbOption(p);
    p.addOption({QStringLiteral("since"),
                 QStringLiteral("From this time: 90s, 10m, 2h, 7d back from now, or an ISO 8601 "
                                "date-time (default %1).")
                     .arg(QLatin1String(defaultSince)),
                 QStringLiteral("T"), QLatin1String(defaultSince)});
    p.addOption({QStringLiteral("until"),
                 QStringLiteral("Up to this time (same forms; default now)."),
                 QStringLiteral("T")});
    p.addOption({QStringLiteral("resource"), QStringLiteral("Only this (logical) resource."),
                 QStringLiteral("R")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
}

/// --since / --until as wall clock ms; false after printing which one is malformed.
bool windowFrom(const QCommandLineParser& p, int64_t now, HistoryStore::Query* q) {
    for (const char* name : {"since", "until"}) {
        const QString text = p.value(QLatin1String(name));
        if (text.isEmpty())
            continue;
        const auto t = HistorySince::parse(text, now);
        if (!t) {
            printError(QStringLiteral("--%1: '%2' is neither a span (90s, 10m, 2h, 7d) nor an "
                                      "ISO 8601 date-time")
                           .arg(QLatin1String(name), text));
            return false;
        }
        (qstrcmp(name, "since") == 0 ? q->sinceMs : q->untilMs) = *t;
    }
    if (q->untilMs == 0)
        q->untilMs = now;
    q->resource = p.value(QStringLiteral("resource"));
    return true;
}

QString when(int64_t ms) {
    return ms == 0
               ? QStringLiteral("-")
               : QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("MM-dd hh:mm:ss.zzz"));
}

QString span(std::optional<int64_t> ms) {
    if (!ms)
        return QStringLiteral("-");
    if (*ms < 10'000)
        return QStringLiteral("%1ms").arg(*ms);
    if (*ms < 600'000)
        return QStringLiteral("%1s").arg(double(*ms) / 1000.0, 0, 'f', 1);
    if (*ms < 36'000'000)
        return QStringLiteral("%1m").arg(double(*ms) / 60'000.0, 0, 'f', 1);
    return QStringLiteral("%1h").arg(double(*ms) / 3'600'000.0, 0, 'f', 1);
}

bool openStore(HistoryStore& store, int* rc) {
    QString error;
    if (store.openForReading(&error))
        return true;
    printError(error);
    *rc = InfraError;
    return false;
}

template <class T> QJsonArray toArray(const std::vector<T>& rows) {
    QJsonArray a;
    for (const T& r : rows)
        a.append(r.toJson());
    return a;
}

void printGroups(const QString& title, const std::vector<HoldGroupStats>& rows, bool perKind) {
    printLine(title);
    printLine(cell(QStringLiteral("BACKEND"), -10) + u' ' + cell(QStringLiteral("KIND"), -16) +
              u' ' + (perKind ? QString() : cell(QStringLiteral("RESOURCE"), -28) + u' ') +
              cell(QStringLiteral("ACQ"), 6) + u' ' + cell(QStringLiteral("HOLD p50"), 9) + u' ' +
              cell(QStringLiteral("p95"), 8) + u' ' + cell(QStringLiteral("max"), 8) + u' ' +
              cell(QStringLiteral("WAIT p50"), 9) + u' ' + cell(QStringLiteral("p95"), 8) + u' ' +
              cell(QStringLiteral("max"), 8) + u' ' + cell(QStringLiteral("CONT"), 5) + u' ' +
              cell(QStringLiteral("EXP"), 4) + u' ' + cell(QStringLiteral("FORCE"), 5) + u' ' +
              cell(QStringLiteral("DIED"), 4));
    for (const HoldGroupStats& r : rows) {
        printLine(cell(backendName(r.backend), -10) + u' ' + cell(r.kind, -16) + u' ' +
                  (perKind ? QString() : cell(r.resource, -28) + u' ') +
                  cell(QString::number(r.acquisitions), 6) + u' ' + cell(span(r.holdMs.p50), 9) +
                  u' ' + cell(span(r.holdMs.p95), 8) + u' ' + cell(span(r.holdMs.max), 8) + u' ' +
                  cell(span(r.waitMs.p50), 9) + u' ' + cell(span(r.waitMs.p95), 8) + u' ' +
                  cell(span(r.waitMs.max), 8) + u' ' + cell(QString::number(r.contended), 5) +
                  u' ' + cell(QString::number(r.expiries), 4) + u' ' +
                  cell(QString::number(r.forceReleases), 5) + u' ' +
                  cell(QString::number(r.holderDeaths), 4));
    }
}

} // namespace

void HistoryCommand::addRecordOptions(QCommandLineParser& p) {
    p.addOption({QStringLiteral("record"),
                 QStringLiteral("Record holds, waits and outages in the history store.")});
    addDbOption(p);
    p.addOption({QStringLiteral("history-retention-days"),
                 QStringLiteral("With --record: delete what ended longer ago (default 30)."),
                 QStringLiteral("days")});
    p.addOption({QStringLiteral("history-max-mb"),
                 QStringLiteral("With --record: keep the store under this size, deleting the "
                                "oldest first (default 256)."),
                 QStringLiteral("MB")});
}

std::unique_ptr<HistoryRecorder> HistoryCommand::recorderFrom(const QCommandLineParser& p,
                                                              int* exitCode) {
    *exitCode = Ok;
    if (!p.isSet(QStringLiteral("record")))
        return nullptr;
    HistorySettings s;
    s.path = dbPath(p);
    int days = s.retentionDays;
    int mb = int(s.maxBytes >> 20);
    if (!intOption(p, QStringLiteral("history-retention-days"), 1, 3650, &days) ||
        !intOption(p, QStringLiteral("history-max-mb"), 1, 1024 * 1024, &mb)) {
        *exitCode = BadArguments;
        return nullptr;
    }
    s.retentionDays = days;
    s.maxBytes = int64_t(mb) << 20;
    auto recorder = std::make_unique<HistoryRecorder>(s);
    QString error;
    if (!recorder->open(&error)) {
        printError(error);
        *exitCode = InfraError;
        return nullptr;
    }
    return recorder;
}

void HistoryCommand::record(HistoryRecorder* recorder, const Snapshot& snapshot) {
    if (!recorder)
        return;
    static QString lastError;
    recorder->observe(snapshot);
    QString error;
    if (!recorder->flush(&error) && error != lastError)
        printError(QStringLiteral("history: %1 (kept, retried at the next refresh)").arg(error));
    lastError = error;
    QString pruneError;
    recorder->pruneIfDue(QDateTime::currentMSecsSinceEpoch(), &pruneError);
    if (!pruneError.isEmpty())
        printError(QStringLiteral("history: pruning: %1").arg(pruneError));
}

int HistoryCommand::history(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("The holds, waits, outages and operator actions recorded by the console "
                       "or `locks watch --record`, oldest first."));
    addReadOptions(p, "1d");
    p.addOption({QStringLiteral("limit"),
                 QStringLiteral("At most this many holds, the newest (default 1000; 0: all)."),
                 QStringLiteral("n")});
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    HistoryStore::Query q;
    int limit = 1000;
    if (!windowFrom(p, QDateTime::currentMSecsSinceEpoch(), &q) ||
        !intOption(p, QStringLiteral("limit"), 0, 100'000'000, &limit))
        return BadArguments;
    HistoryStore store(dbPath(p));
    if (int rc = Ok; !openStore(store, &rc))
        return rc;
    q.limit = limit;
    const auto holds = store.holds(q);
    const auto waits = store.waits(q);
    q.limit = 0;
    const auto outages = q.resource.isEmpty() ? store.outages(q) : std::vector<OutageRecord>{};
    const auto actions = store.actions(q);
    if (p.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("db"), store.path()},
                              {QStringLiteral("since_ms"), qint64(q.sinceMs)},
                              {QStringLiteral("until_ms"), qint64(q.untilMs)},
                              {QStringLiteral("holds"), toArray(holds)},
                              {QStringLiteral("waits"), toArray(waits)},
                              {QStringLiteral("outages"), toArray(outages)},
                              {QStringLiteral("actions"), toArray(actions)}});
        return Ok;
    }
    printLine(cell(QStringLiteral("START"), -18) + u' ' + cell(QStringLiteral("END"), -18) + u' ' +
              cell(QStringLiteral("HELD"), 8) + u' ' + cell(QStringLiteral("HOW"), -14) + u' ' +
              cell(QStringLiteral("BACKEND"), -9) + u' ' + cell(QStringLiteral("RESOURCE"), -28) +
              u' ' + cell(QStringLiteral("HOLDER"), -30) + u' ' +
              cell(QStringLiteral("WAITERS"), 7));
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    for (const HoldRecord& h : holds) {
        printLine(cell(when(h.startMs), -18) + u' ' + cell(when(h.endMs), -18) + u' ' +
                  cell(span(h.durationMs(now)), 8) + u' ' + cell(holdEndName(h.end), -14) + u' ' +
                  cell(backendName(h.backend), -9) + u' ' + cell(h.resource, -28) + u' ' +
                  cell(h.holder, -30) + u' ' + cell(QString::number(h.maxWaiters), 7));
    }
    for (const OutageRecord& o : outages) {
        printLine(QStringLiteral("outage  %1 .. %2  %3: %4")
                      .arg(when(o.startMs), when(o.endMs), backendName(o.backend))
                      .arg(oneLine(o.error)));
    }
    for (const OperatorAction& a : actions) {
        printLine(QStringLiteral("action  %1  %2 %3 by %4: %5 (%6)")
                      .arg(when(a.atMs), a.action, oneLine(a.resource), oneLine(a.operatorName),
                           ReleaseOutcome::statusName(a.outcome), oneLine(a.reason)));
    }
    printLine(QStringLiteral("%1 holds, %2 waits, %3 outages, %4 actions from %5")
                  .arg(holds.size())
                  .arg(waits.size())
                  .arg(outages.size())
                  .arg(actions.size())
                  .arg(store.path()));
    return Ok;
}

int HistoryCommand::stats(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Per resource and per kind: acquisitions, hold and wait time (p50, p95, "
                       "max), contention, expiries, force releases, holder deaths; the hottest "
                       "and the longest held."));
    addReadOptions(p, "7d");
    p.addOption({QStringLiteral("top"),
                 QStringLiteral("Length of the hottest and longest-held "
                                "lists (default 10)."),
                 QStringLiteral("n")});
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    HistoryStore::Query q;
    int top = 10;
    if (!windowFrom(p, QDateTime::currentMSecsSinceEpoch(), &q) ||
        !intOption(p, QStringLiteral("top"), 1, 1000, &top))
        return BadArguments;
    HistoryStore store(dbPath(p));
    if (int rc = Ok; !openStore(store, &rc))
        return rc;
    const HistoryStatsReport r =
        HistoryStats::compute(store.holds(q), store.waits(q), q.sinceMs, q.untilMs, top);
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o = r.toJson();
        o.insert(QStringLiteral("db"), store.path());
        printJson(o);
        return Ok;
    }
    printGroups(QStringLiteral("Per resource"), r.resources, false);
    printLine({});
    printGroups(QStringLiteral("Per kind"), r.kinds, true);
    printLine({});
    printLine(QStringLiteral("Hottest (most acquisitions)"));
    for (const HoldGroupStats& h : r.hottest)
        printLine(QStringLiteral("  %1  %2 %3")
                      .arg(h.acquisitions, 6)
                      .arg(backendName(h.backend), oneLine(h.resource)));
    printLine(QStringLiteral("Longest held"));
    for (const HoldRecord& h : r.longestHeld)
        printLine(QStringLiteral("  %1  %2 %3 by %4%5")
                      .arg(cell(span(h.durationMs(r.untilMs)), 8), backendName(h.backend),
                           oneLine(h.resource), oneLine(h.holder),
                           h.isOpen() ? QStringLiteral(" (still held)") : QString()));
    return Ok;
}

} // namespace lockscope::cli
