// lockscope-guibench: how long the GUI thread is blocked with 10,000 live locks - on the first
// load, on each refresh, and on a switch to other servers - and the process's memory. Runs
// offscreen; no servers needed (the monitor's I/O runs on a worker thread in the console; what
// the GUI thread does is merging the diff and repainting).
//
// Usage: lockscope-guibench [LOCKS] [--json]   (--json: exactly one JSON object on stdout)
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/bench/processstats.h"
#include "core/monitor/snapshot.h"
#include "gui/lockspage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableView>
#include <cstdio>
#include <functional>
#include <random>

using namespace lockscope;

namespace {

LockEntry makeEntry(int i, std::mt19937& rng, const QString& prefix = QStringLiteral("item")) {
    LockEntry e;
    // Every registered backend's first kind, in turn.
    const auto& backends = BackendRegistry::all();
    const LockBackend* b = backends[size_t(i) % backends.size()];
    e.backend = b->id();
    e.kind = b->kinds().front();
    e.resource = QStringLiteral("%1:%2").arg(prefix).arg(i, 6, 10, QLatin1Char('0'));
    e.holder = QStringLiteral("host-%1:%2:%3").arg(i % 17).arg(1000 + i).arg(rng() % 100000, 5, 16);
    e.token = i + 1;
    e.observedAtMs = 1700000000000;
    if (i % 3 != 1)
        e.leaseMs = 1000 + rng() % 30000;
    e.raw = QStringLiteral("lockscope:v1:%1:%2").arg(i + 1).arg(e.holder);
    if (i % 50 == 0)
        e.flags |= LockFlag::Stale;
    return e;
}

double rounded(double ms) {
    return std::round(ms * 10) / 10;
}

} // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const bool json = args.contains(QStringLiteral("--json"));
    int locks = 10000;
    for (const QString& a : args.mid(1))
        if (!a.startsWith(u'-'))
            locks = a.toInt();
    const int rounds = 30;
    std::mt19937 rng(42);
    const long long rssStart = residentSetBytes();

    LocksPage page(false);
    page.resize(1280, 800);
    page.show();
    QApplication::processEvents();

    // The longest single event-loop turn is what the operator feels: the synchronous part, then
    // every queued slice and repaint, each timed on its own.
    auto longestTurn = [&](const std::function<void()>& start) {
        QElapsedTimer t;
        t.start();
        start();
        page.view()->viewport()->repaint();
        double longest = double(t.nsecsElapsed()) / 1e6;
        do {
            t.restart();
            QApplication::processEvents(QEventLoop::AllEvents);
            page.view()->viewport()->repaint();
            longest = std::max(longest, double(t.nsecsElapsed()) / 1e6);
        } while (page.pendingDiffs() > 0);
        return longest;
    };
    Snapshot prev;
    auto apply = [&](const Snapshot& s) {
        const SnapshotDiff d = SnapshotDiff::between(prev, s);
        const double ms = longestTurn([&] { page.applySnapshot(s, d); });
        prev = s;
        return ms;
    };

    Snapshot next;
    for (int i = 0; i < locks; ++i)
        next.locks.push_back(makeEntry(i, rng));
    next.sort();
    const double firstMs = apply(next);
    // Steady state: each refresh renews 10% of the leases, and 1% of the locks come and go.
    double maxMs = 0, sumMs = 0;
    int nextId = locks;
    for (int r = 0; r < rounds; ++r) {
        Snapshot s = prev;
        for (auto& e : s.locks)
            if (e.leaseMs && rng() % 10 == 0)
                e.leaseMs = *e.leaseMs + 5000; // a renewal moves the deadline: a changed row
        for (int k = 0; k < locks / 100; ++k) {
            s.locks.erase(s.locks.begin() + long(rng() % s.locks.size()));
            s.locks.push_back(makeEntry(nextId++, rng));
        }
        s.sort();
        const double ms = apply(s);
        maxMs = std::max(maxMs, ms);
        sumMs += ms;
    }
    // A switch to other servers: the table is cleared, then the new servers' first snapshot
    // (as many locks, none the same) comes in as a first load.
    const double clearMs = longestTurn([&] { page.clear(); });
    prev = Snapshot();
    Snapshot other;
    for (int i = 0; i < locks; ++i)
        other.locks.push_back(makeEntry(i, rng, QStringLiteral("other")));
    other.sort();
    const double switchLoadMs = apply(other);

    const double rssMb = double(residentSetBytes()) / 1048576.0;
    const double rssGrowthMb = double(residentSetBytes() - rssStart) / 1048576.0;
    if (json) {
        const QJsonObject out{
            {QStringLiteral("locks"), locks},
            {QStringLiteral("rounds"), rounds},
            {QStringLiteral("first_load_max_turn_ms"), rounded(firstMs)},
            {QStringLiteral("refresh_max_turn_ms"), rounded(maxMs)},
            {QStringLiteral("refresh_mean_turn_ms"), rounded(sumMs / rounds)},
            {QStringLiteral("switch_clear_max_turn_ms"), rounded(clearMs)},
            {QStringLiteral("switch_max_turn_ms"), rounded(std::max(clearMs, switchLoadMs))},
            {QStringLiteral("rss_mb"), rounded(rssMb)},
            {QStringLiteral("rss_growth_mb"), rounded(rssGrowthMb)}};
        std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).append('\n').constData(),
                   stdout);
        return 0;
    }
    std::printf("%d locks, longest GUI-thread turn:\n", locks);
    std::printf("  first load          %7.1f ms (merged in slices)\n", rounded(firstMs));
    std::printf("  refresh             %7.1f ms max, %.1f ms mean over %d refreshes\n",
                rounded(maxMs), rounded(sumMs / rounds), rounds);
    std::printf("  switch of servers   %7.1f ms max (clearing the table: %.1f ms)\n",
                rounded(std::max(clearMs, switchLoadMs)), rounded(clearMs));
    std::printf("memory: RSS %.1f MB (+%.1f MB)\n", rssMb, rssGrowthMb);
    return 0;
}
