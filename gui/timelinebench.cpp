// lockscope-timelinebench: how long the Timeline page's chart takes to paint 10,000 holds in
// view, offscreen (no servers: the data is what the history store would return). Figures, not
// a verdict.
//
// Usage: lockscope-timelinebench [HOLDS] [--json]
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "gui/timelinewidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <random>

using namespace lockscope;

namespace {

/// `holds` holds on `lanes` resources, back to back over [from, to), holders from a pool of 40.
HistoryWindow makeWindow(int holds, int lanes, int64_t from, int64_t to, std::mt19937& rng) {
    HistoryWindow w;
    w.fromMs = from;
    w.toMs = to;
    const int perLane = std::max(1, holds / lanes);
    const int64_t slot = std::max<int64_t>(1, (to - from) / perLane);
    for (int lane = 0; lane < lanes; ++lane) {
        const LockBackend* b = BackendRegistry::all()[size_t(lane) % BackendRegistry::all().size()];
        for (int i = 0; i < perLane; ++i) {
            HoldRecord h;
            h.backend = b->id();
            h.kind = b->kinds().front();
            h.resource = QStringLiteral("item:%1").arg(lane, 4, 10, QLatin1Char('0'));
            h.lockId = backendName(h.backend) + u':' + h.resource;
            h.holder = QStringLiteral("host-%1:%2").arg(rng() % 40).arg(1000 + lane);
            h.startMs = from + i * slot;
            h.endMs = h.startMs + slot * int64_t(50 + rng() % 45) / 100;
            h.end = i % 17 == 0 ? HoldEnd::Expired : HoldEnd::Released;
            h.maxWaiters = i % 5 == 0 ? 1 : 0;
            w.holds.push_back(h);
            if (h.maxWaiters > 0) {
                WaitRecord r;
                r.lockId = h.lockId;
                r.backend = h.backend;
                r.resource = h.resource;
                r.waiter = QStringLiteral("w");
                r.startMs = h.startMs + (h.endMs - h.startMs) / 3;
                r.endMs = h.endMs;
                w.waits.push_back(r);
            }
        }
    }
    std::sort(w.holds.begin(), w.holds.end(),
              [](const HoldRecord& a, const HoldRecord& b) { return a.startMs < b.startMs; });
    return w;
}

struct Figures {
    double setDataMs = 0;
    double paintP50Ms = 0;
    double paintP95Ms = 0;
    int drawn = 0;
};

Figures measure(const HistoryWindow& window, QSize size, int64_t from, int64_t to) {
    TimelineWidget w;
    w.resize(size);
    w.setFollowing(false);
    w.setNow(to);
    QElapsedTimer t;
    t.start();
    w.setData(window);
    Figures f;
    f.setDataMs = double(t.nsecsElapsed()) / 1e6;
    w.setView(from, to);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> paints;
    for (int i = 0; i < 60; ++i) {
        // A pan of a few pixels each frame, as a drag does.
        const int64_t shift = (to - from) / 400 * (i % 10);
        w.setView(from - shift, to - shift);
        w.render(&image);
        paints.push_back(double(w.lastPaintNs()) / 1e6);
        f.drawn = std::max(f.drawn, w.holdsDrawnLastPaint());
    }
    std::sort(paints.begin(), paints.end());
    f.paintP50Ms = paints[paints.size() / 2];
    f.paintP95Ms = paints[size_t(double(paints.size()) * 0.95) - 1];
    return f;
}

double rounded(double ms) {
    return std::round(ms * 100) / 100;
}

} // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool json = args.contains(QStringLiteral("--json"));
    int holds = 10000;
    for (const QString& a : args.mid(1)) {
        if (!a.startsWith(u'-'))
            holds = std::max(1, a.toInt());
    }
    std::mt19937 rng(14);
    const int64_t to = 1'800'000'000'000;
    QJsonArray cases;
    struct Case {
        const char* name;
        int lanes;
        int64_t spanMs;
        QSize size;
    };
    // 30 lanes fill the 1280x800 chart; 25 the 1024x640 one: every hold is in view.
    const Case all[] = {
        {"5 min, 30 lanes, 1280x800 (bars of ~3 px)", 30, 5 * 60'000, {1280, 800}},
        {"1 h, 30 lanes, 1280x800", 30, 3'600'000, {1280, 800}},
        {"5 min, 25 lanes, 1024x640", 25, 5 * 60'000, {1024, 640}},
        {"5 min, 300 lanes (30 visible), 1280x800", 300, 5 * 60'000, {1280, 800}},
    };
    for (int k = 0; k < int(std::size(all)) + 1; ++k) {
        // The last case: the 5 minutes of holds seen in a 7-day view (sub-pixel bars, merged).
        const bool dense = k == int(std::size(all));
        const Case c = dense ? Case{"7 d view of 5 min of holds, 30 lanes (sub-pixel)",
                                    30,
                                    5 * 60'000,
                                    {1280, 800}}
                             : all[k];
        const HistoryWindow w = makeWindow(holds, c.lanes, to - c.spanMs, to, rng);
        const int64_t view = dense ? 7 * 86'400'000LL : c.spanMs;
        const Figures f = measure(w, c.size, to - view, to);
        cases.append(QJsonObject{{QStringLiteral("case"), QLatin1String(c.name)},
                                 {QStringLiteral("holds"), int(w.holds.size())},
                                 {QStringLiteral("set_data_ms"), rounded(f.setDataMs)},
                                 {QStringLiteral("paint_p50_ms"), rounded(f.paintP50Ms)},
                                 {QStringLiteral("paint_p95_ms"), rounded(f.paintP95Ms)},
                                 {QStringLiteral("bars_drawn"), f.drawn}});
        if (!json)
            std::printf("%-48s holds %6d  setData %7.2f ms  paint p50 %6.2f ms  p95 %6.2f ms  "
                        "bars drawn %d\n",
                        c.name, int(w.holds.size()), f.setDataMs, f.paintP50Ms, f.paintP95Ms,
                        f.drawn);
    }
    if (json)
        std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("timeline"), cases}})
                                .toJson(QJsonDocument::Compact)
                                .constData());
    return 0;
}
