#include "cli/diagramcommand.h"

#include "cli/cliutil.h"
#include "core/demo/demohistory.h"
#include "core/diagram/diagramexplainer.h"
#include "core/diagram/diagramfile.h"
#include "core/diagram/sequencediagrambuilder.h"
#include "core/diagram/sequencediagrampainter.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QJsonObject>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace lockscope::cli {

namespace {

bool isArg(const char* a, const char* want) {
    return a && std::strcmp(a, want) == 0;
}

/// "A,B" or "3,5": buyer numbers; false for anything else.
bool parseBuyers(const QString& text, QList<int>* out) {
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int b = part.trimmed().toInt(&ok);
        if (!ok || b < 0)
            return false;
        *out << b;
    }
    return !out->isEmpty();
}

} // namespace

bool DiagramCommand::needsGui(int argc, char* argv[]) {
    // lockscope-cli [--read-only] demo render ... / bench diagram ...
    int i = 1;
    if (i < argc && isArg(argv[i], "--read-only"))
        ++i;
    if (i + 1 >= argc)
        return false;
    return (isArg(argv[i], "demo") && isArg(argv[i + 1], "render")) ||
           (isArg(argv[i], "bench") && isArg(argv[i + 1], "diagram"));
}

std::unique_ptr<QCoreApplication> DiagramCommand::makeApplication(int& argc, char* argv[]) {
    if (!needsGui(argc, argv))
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no display needed
    return std::make_unique<QGuiApplication>(argc, argv);
}

int DiagramCommand::render(const QStringList& args) {
    const QStringList effective = withSubcommand(args);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Draw a demo run's sequence diagram from its --history file as SVG or PNG (no display "
        "needed): one lane per buyer, the lock server and the store; lock waits, leases and "
        "their expiry, reads, writes (fenced off: 'token 33 < 34 seen'), oversells, and why."));
    p.addOption({QStringLiteral("history"),
                 QStringLiteral("The JSON lines file of `demo --history`."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("out"),
                 QStringLiteral("The file to write: .svg or .png (nothing is written on error)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("item"),
                 QStringLiteral("The item (order, cart) to draw (default: the first with a "
                                "contention, else the first)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("buyers"),
                 QStringLiteral("Comma-separated buyer numbers to draw (default: the item's first "
                                "two contending buyers, or those a fault struck)."),
                 QStringLiteral("A,B")});
    p.addOption({QStringLiteral("width"),
                 QStringLiteral("Width in pixels (default: what the lanes need); the height "
                                "follows."),
                 QStringLiteral("PX")});
    p.addOption({QStringLiteral("at-ms"),
                 QStringLiteral("Replay cursor: draw only what had happened T ms after the "
                                "diagram's first event."),
                 QStringLiteral("T")});
    p.addOption({QStringLiteral("no-why"),
                 QStringLiteral("Leave out the verdicts' why paragraphs under the diagram.")});
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    if (!p.positionalArguments().isEmpty()) {
        printError(QStringLiteral("demo render: unexpected argument '%1'")
                       .arg(p.positionalArguments().first()));
        return BadArguments;
    }
    if (!p.isSet(QStringLiteral("history")) || !p.isSet(QStringLiteral("out"))) {
        printError(QStringLiteral("demo render: --history and --out are required"));
        return BadArguments;
    }
    const QString out = p.value(QStringLiteral("out"));
    const QString ext = QFileInfo(out).suffix().toLower();
    if (ext != u"svg" && ext != u"png") {
        printError(QStringLiteral("--out: unknown extension '%1' (expected .svg or .png)")
                       .arg(QFileInfo(out).suffix()));
        return BadArguments;
    }
    int width = 0;
    if (p.isSet(QStringLiteral("width"))) {
        bool ok = false;
        width = p.value(QStringLiteral("width")).toInt(&ok);
        if (!ok || width < 320 || width > 10000) {
            printError(QStringLiteral("--width must be a number of pixels from 320 to 10000"));
            return BadArguments;
        }
    }
    qint64 atMs = -1;
    if (p.isSet(QStringLiteral("at-ms"))) {
        bool ok = false;
        atMs = p.value(QStringLiteral("at-ms")).toLongLong(&ok);
        if (!ok || atMs < 0) {
            printError(QStringLiteral("--at-ms must be a number of milliseconds >= 0"));
            return BadArguments;
        }
    }
    QList<int> buyers;
    if (p.isSet(QStringLiteral("buyers")) &&
        !parseBuyers(p.value(QStringLiteral("buyers")), &buyers)) {
        printError(QStringLiteral("--buyers must be comma-separated buyer numbers, e.g. 0,3"));
        return BadArguments;
    }
    DemoHistory::Loaded h;
    try {
        h = DemoHistory::load(p.value(QStringLiteral("history")));
    } catch (const std::exception& e) {
        printError(QStringLiteral("demo render: %1").arg(QString::fromUtf8(e.what())));
        return BadArguments;
    }
    const QList<int> items = SequenceDiagramBuilder::itemsOf(h);
    if (items.isEmpty()) {
        printError(QStringLiteral("demo render: %1 has no purchase: nothing to draw")
                       .arg(p.value(QStringLiteral("history"))));
        return BadArguments;
    }
    int item = items.first();
    if (p.isSet(QStringLiteral("item"))) {
        bool ok = false;
        item = p.value(QStringLiteral("item")).toInt(&ok);
        if (!ok || !items.contains(item)) {
            QStringList known;
            for (const int i : items)
                known << QString::number(i);
            printError(QStringLiteral("--item: no purchase of item '%1' in the history (items: %2)")
                           .arg(p.value(QStringLiteral("item")), known.join(QStringLiteral(", "))));
            return BadArguments;
        }
    } else {
        // The first item two buyers contended for.
        for (const int i : items)
            if (SequenceDiagramBuilder::defaultBuyers(h, i).size() >= 2) {
                item = i;
                break;
            }
    }
    const QList<int> known = SequenceDiagramBuilder::buyersOf(h, item);
    for (const int b : buyers)
        if (!known.contains(b)) {
            printError(
                QStringLiteral("--buyers: buyer %1 made no purchase of item %2").arg(b).arg(item));
            return BadArguments;
        }
    if (buyers.size() > SequenceDiagramBuilder::kMaxActors) {
        printError(QStringLiteral("--buyers: at most %1").arg(SequenceDiagramBuilder::kMaxActors));
        return BadArguments;
    }
    const SequenceDiagram d = SequenceDiagramBuilder::fromHistory(h, item, buyers);
    DiagramView view;
    view.cursorUs = atMs >= 0 ? d.beginUs + atMs * 1000 : -1;
    view.showVerdicts = !p.isSet(QStringLiteral("no-why"));
    QString error;
    bool cut = false;
    const bool ok = ext == u"svg" ? renderSvg(d, out, &error, width, view, &cut)
                                  : renderPng(d, out, &error, width, view, &cut);
    if (!ok) {
        printError(QStringLiteral("demo render: %1").arg(error));
        return InfraError;
    }
    QStringList lanes;
    for (const DiagramLane& l : d.lanes)
        lanes << l.name;
    printLine(QStringLiteral("wrote %1: item %2, %3 events; lanes: %4")
                  .arg(out)
                  .arg(item)
                  .arg(d.events.size())
                  .arg(lanes.join(QStringLiteral(", "))));
    if (cut)
        printLine(QStringLiteral("the diagram was taller than %1 px: only its beginning is drawn "
                                 "(--buyers draws fewer buyers; the why is below)")
                      .arg(kMaxDiagramFileHeight));
    for (const QString& why : DiagramExplainer::paragraphs(d))
        printLine(QStringLiteral("  ") + why);
    return Ok;
}

namespace {

/// N events of many buyers on one item: waits, leases (some expiring), reads, writes (some
/// fenced off), releases, confirmations, an oversell now and then.
SequenceDiagram syntheticDiagram(int events) {
    SequenceDiagram d;
    d.strategy = QStringLiteral("redis");
    constexpr int kBuyers = 8;
    for (int b = 0; b < kBuyers; ++b)
        d.lanes.push_back({DiagramLane::Role::Actor, b, QStringLiteral("Buyer %1").arg(b)});
    d.lanes.push_back({DiagramLane::Role::LockServer, -1, QStringLiteral("Redis lock")});
    d.lanes.push_back({DiagramLane::Role::Store, -1, QStringLiteral("PostgreSQL stock")});
    const int lock = kBuyers, store = kBuyers + 1;
    d.events.reserve(size_t(events) + 16);
    qint64 t = 0;
    int64_t token = 0;
    int stock = events;
    using K = DiagramEvent::Kind;
    for (int attempt = 0; int(d.events.size()) < events; ++attempt) {
        const int lane = attempt % kBuyers;
        ++token;
        auto add = [&](K kind, qint64 at, int peer = -1, qint64 end = -1) {
            DiagramEvent e;
            e.kind = kind;
            e.lane = lane;
            e.peerLane = peer;
            e.startUs = at;
            e.endUs = end;
            e.attempt = attempt;
            e.token = token;
            e.value = stock;
            d.events.push_back(e);
            return &d.events.back();
        };
        add(K::LockWait, t, -1, t + 300);
        add(K::LockAcquired, t + 300, lock);
        const bool expires = attempt % 7 == 3;
        add(K::Lease, t + 300, -1, t + (expires ? 2300 : 1500))->valueUs = t + 2300;
        add(K::Read, t + 400, store);
        add(K::Paying, t + 450, -1, t + 1200);
        if (expires) {
            add(K::Paused, t + 1200, -1, t + 4000);
            add(K::LeaseExpired, t + 2300, lock)->valueUs = t + 2300;
            add(K::WriteFenced, t + 4000, store)->seenToken = token + 1;
            add(K::ReleaseNotOwner, t + 4100, lock);
            add(K::Rejected, t + 4200)->reason = DiagramEvent::Reason::Fenced;
        } else {
            add(K::WriteAccepted, t + 1300, store)->value = --stock;
            if (attempt % 11 == 5)
                add(K::Anomaly, t + 1300, store)->reason = DiagramEvent::Reason::Oversold;
            add(K::Released, t + 1400, lock);
            add(K::Confirmed, t + 1500);
        }
        t += 1600;
    }
    std::stable_sort(
        d.events.begin(), d.events.end(),
        [](const DiagramEvent& a, const DiagramEvent& b) { return a.startUs < b.startUs; });
    d.beginUs = d.events.front().startUs;
    d.endUs = t + 4200;
    return d;
}

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
}

} // namespace

int DiagramCommand::bench(const QStringList& args) {
    const QStringList effective = withSubcommand(args);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Paint a synthetic sequence diagram of N events (8 buyers, leases, expiries, fenced "
        "writes, oversells) into a 1280x800 image, the replay cursor moving from the start to "
        "the end over the frames; prints the time per frame (p50, p95, max)."));
    p.addOption({QStringLiteral("events"), QStringLiteral("Events in the diagram (default 10000)."),
                 QStringLiteral("N"), QStringLiteral("10000")});
    p.addOption({QStringLiteral("frames"), QStringLiteral("Frames to paint (default 60)."),
                 QStringLiteral("N"), QStringLiteral("60")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (int rc = 0; !parseArgs(p, effective, &rc))
        return rc;
    bool okE = false, okF = false;
    const int events = p.value(QStringLiteral("events")).toInt(&okE);
    const int frames = p.value(QStringLiteral("frames")).toInt(&okF);
    if (!okE || events < 10 || events > 1000000 || !okF || frames < 1 || frames > 100000) {
        printError(QStringLiteral("--events must be 10..1000000 and --frames 1..100000"));
        return BadArguments;
    }
    const SequenceDiagram d = syntheticDiagram(events);
    QImage image(1280, 800, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> ms;
    ms.reserve(size_t(frames));
    for (int f = 0; f < frames; ++f) {
        DiagramView view;
        view.followCursor = true;
        view.cursorUs = d.beginUs + (d.endUs - d.beginUs) * (f + 1) / frames;
        QElapsedTimer timer;
        timer.start();
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setClipRect(image.rect());
        SequenceDiagramPainter::paint(painter, QRectF(image.rect()), d, view);
        painter.end();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    const double p50 = percentile(ms, 0.5), p95 = percentile(ms, 0.95),
                 mx = *std::max_element(ms.begin(), ms.end());
    auto round2 = [](double v) { return std::round(v * 100) / 100; };
    if (p.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("events"), int(d.events.size())},
                              {QStringLiteral("frames"), frames},
                              {QStringLiteral("width"), image.width()},
                              {QStringLiteral("height"), image.height()},
                              {QStringLiteral("frame_ms_p50"), round2(p50)},
                              {QStringLiteral("frame_ms_p95"), round2(p95)},
                              {QStringLiteral("frame_ms_max"), round2(mx)}});
    } else {
        printLine(QStringLiteral("diagram: %1 events, %2 frames at 1280x800: p50 %3 ms, p95 %4 "
                                 "ms, max %5 ms per frame")
                      .arg(d.events.size())
                      .arg(frames)
                      .arg(round2(p50))
                      .arg(round2(p95))
                      .arg(round2(mx)));
    }
    return Ok;
}

} // namespace lockscope::cli
