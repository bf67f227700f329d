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

/// `locks` entries from makeEntry(), sorted as a monitor's snapshot is.
Snapshot makeSnapshot(int locks, std::mt19937& rng,
                      const QString& prefix = QStringLiteral("item")) {
    Snapshot s;
    for (int i = 0; i < locks; ++i)
        s.locks.push_back(makeEntry(i, rng, prefix));
    s.sort();
    return s;
}

/// Feeds snapshots to the page and times the GUI thread while it takes them in.
class TurnTimer {
public:
    explicit TurnTimer(LocksPage& page)
        : m_page(page) {}

    // The longest single event-loop turn is what the operator feels: the synchronous part, then
    // every queued slice and repaint, each timed on its own.
    double longestTurn(const std::function<void()>& start) {
        QElapsedTimer t;
        t.start();
        start();
        m_page.view()->viewport()->repaint();
        double longest = double(t.nsecsElapsed()) / 1e6;
        do {
            t.restart();
            QApplication::processEvents(QEventLoop::AllEvents);
            m_page.view()->viewport()->repaint();
            longest = std::max(longest, double(t.nsecsElapsed()) / 1e6);
        } while (m_page.pendingDiffs() > 0);
        return longest;
    }

    /// Applies `s` as the diff from the previously applied snapshot.
    double apply(const Snapshot& s) {
        const SnapshotDiff d = SnapshotDiff::between(m_prev, s);
        const double ms = longestTurn([&] { m_page.applySnapshot(s, d); });
        m_prev = s;
        return ms;
    }

    const Snapshot& previous() const { return m_prev; }
    /// After the page is cleared, the next snapshot comes in as a first load.
    void forget() { m_prev = Snapshot(); }

private:
    LocksPage& m_page;
    Snapshot m_prev;
};

struct Results {
    int locks = 0;
    int rounds = 0;
    double firstMs = 0;
    double maxMs = 0;
    double sumMs = 0;
    double clearMs = 0;
    double switchLoadMs = 0;
    double rssMb = 0;
    double rssGrowthMb = 0;
};

/// Steady state: each refresh renews 10% of the leases, and 1% of the locks come and go.
void measureRefreshes(TurnTimer& timer, std::mt19937& rng, Results& r) {
    int nextId = r.locks;
    for (int n = 0; n < r.rounds; ++n) {
        Snapshot s = timer.previous();
        for (auto& e : s.locks)
            if (e.leaseMs && rng() % 10 == 0)
                e.leaseMs = *e.leaseMs + 5000; // a renewal moves the deadline: a changed row
        for (int k = 0; k < r.locks / 100; ++k) {
            s.locks.erase(s.locks.begin() + long(rng() % s.locks.size()));
            s.locks.push_back(makeEntry(nextId++, rng));
        }
        s.sort();
        const double ms = timer.apply(s);
        r.maxMs = std::max(r.maxMs, ms);
        r.sumMs += ms;
    }
}

void printJson(const Results& r) {
    const QJsonObject out{
        {QStringLiteral("locks"), r.locks},
        {QStringLiteral("rounds"), r.rounds},
        {QStringLiteral("first_load_max_turn_ms"), rounded(r.firstMs)},
        {QStringLiteral("refresh_max_turn_ms"), rounded(r.maxMs)},
        {QStringLiteral("refresh_mean_turn_ms"), rounded(r.sumMs / r.rounds)},
        {QStringLiteral("switch_clear_max_turn_ms"), rounded(r.clearMs)},
        {QStringLiteral("switch_max_turn_ms"), rounded(std::max(r.clearMs, r.switchLoadMs))},
        {QStringLiteral("rss_mb"), rounded(r.rssMb)},
        {QStringLiteral("rss_growth_mb"), rounded(r.rssGrowthMb)}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
}

void printText(const Results& r) {
    std::printf("%d locks, longest GUI-thread turn:\n", r.locks);
    std::printf("  first load          %7.1f ms (merged in slices)\n", rounded(r.firstMs));
    std::printf("  refresh             %7.1f ms max, %.1f ms mean over %d refreshes\n",
                rounded(r.maxMs), rounded(r.sumMs / r.rounds), r.rounds);
    std::printf("  switch of servers   %7.1f ms max (clearing the table: %.1f ms)\n",
                rounded(std::max(r.clearMs, r.switchLoadMs)), rounded(r.clearMs));
    std::printf("memory: RSS %.1f MB (+%.1f MB)\n", r.rssMb, r.rssGrowthMb);
}

} // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const bool json = args.contains(QStringLiteral("--json"));
    Results r;
    r.locks = 10000;
    for (const QString& a : args.mid(1))
        if (!a.startsWith(u'-'))
            r.locks = a.toInt();
    r.rounds = 30;
    std::mt19937 rng(42);
    const long long rssStart = residentSetBytes();

    LocksPage page(false);
    page.resize(1280, 800);
    page.show();
    QApplication::processEvents();
    TurnTimer timer(page);

    r.firstMs = timer.apply(makeSnapshot(r.locks, rng));
    measureRefreshes(timer, rng, r);
    // A switch to other servers: the table is cleared, then the new servers' first snapshot
    // (as many locks, none the same) comes in as a first load.
    r.clearMs = timer.longestTurn([&] { page.clear(); });
    timer.forget();
    r.switchLoadMs = timer.apply(makeSnapshot(r.locks, rng, QStringLiteral("other")));

    r.rssMb = double(residentSetBytes()) / 1048576.0;
    r.rssGrowthMb = double(residentSetBytes() - rssStart) / 1048576.0;
    if (json)
        printJson(r);
    else
        printText(r);
    return 0;
}
