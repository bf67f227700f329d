// lockscope-guibench: how long a refresh blocks the GUI thread with 10,000 live locks, and the
// process's memory. Runs offscreen; no servers needed (the monitor's I/O runs on a worker thread
// in the console; what the GUI thread does per refresh is merging the diff and repainting).
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
#include <random>

using namespace lockscope;

namespace {

LockEntry makeEntry(int i, std::mt19937& rng) {
    LockEntry e;
    // Every registered backend's first kind, in turn.
    const auto& backends = BackendRegistry::all();
    const LockBackend* b = backends[size_t(i) % backends.size()];
    e.backend = b->id();
    e.kind = b->kinds().front();
    e.resource = QStringLiteral("item:%1").arg(i, 6, 10, QLatin1Char('0'));
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

} // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int locks = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int rounds = 30;
    std::mt19937 rng(42);
    const long long rssStart = residentSetBytes();

    LocksPage page(false);
    page.resize(1280, 800);
    page.show();
    QApplication::processEvents();

    Snapshot prev;
    Snapshot next;
    for (int i = 0; i < locks; ++i)
        next.locks.push_back(makeEntry(i, rng));
    next.sort();
    // The longest single event-loop turn is what the operator feels: the synchronous part of a
    // refresh, then every queued slice and repaint, each timed on its own.
    auto apply = [&](const Snapshot& s) {
        const SnapshotDiff d = SnapshotDiff::between(prev, s);
        QElapsedTimer t;
        t.start();
        page.applySnapshot(s, d);
        page.view()->viewport()->repaint();
        double longest = double(t.nsecsElapsed()) / 1e6;
        do {
            t.restart();
            QApplication::processEvents(QEventLoop::AllEvents);
            page.view()->viewport()->repaint();
            longest = std::max(longest, double(t.nsecsElapsed()) / 1e6);
        } while (page.pendingDiffs() > 0);
        prev = s;
        return longest;
    };
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
    const QJsonObject out{
        {QStringLiteral("locks"), locks},
        {QStringLiteral("first_load_ms"), std::round(firstMs * 10) / 10},
        {QStringLiteral("refresh_max_ms"), std::round(maxMs * 10) / 10},
        {QStringLiteral("refresh_mean_ms"), std::round(sumMs / rounds * 10) / 10},
        {QStringLiteral("rounds"), rounds},
        {QStringLiteral("rss_mb"), double(residentSetBytes()) / 1048576.0},
        {QStringLiteral("rss_growth_mb"), double(residentSetBytes() - rssStart) / 1048576.0}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    return 0;
}
