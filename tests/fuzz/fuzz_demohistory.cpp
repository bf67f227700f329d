// A demo history file (JSON lines) as `demo verify --history FILE` reads it: DemoHistory::load,
// then the verdict, the infrastructure rule and HistoryChecker over it, as text and JSON. Only
// std::runtime_error (load's documented error, naming the line) may escape; whatever loads is
// checked without crashing, however the records contradict each other.
#include "core/demo/demohistory.h"
#include "core/demo/demoverdict.h"
#include "core/demo/historychecker.h"
#include "tests/fuzz/fuzzcheck.h"

#include <QFile>
#include <QTemporaryDir>
#include <stdexcept>

using namespace lockscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static QTemporaryDir dir;
    static const QString path = dir.filePath(QStringLiteral("history.jsonl"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char*>(data), qint64(size));
    }
    DemoHistory::Loaded h;
    try {
        h = DemoHistory::load(path);
    } catch (const std::runtime_error& e) {
        FUZZ_CHECK(QString::fromUtf8(e.what()).startsWith(path), QString::fromUtf8(e.what()));
        return 0;
    }
    const DemoVerdict v = DemoVerdict::fromHistory(h.records, h.initial, h.final);
    (void)v.toJson();
    (void)h.infraFailure();
    (void)h.strategy();
    (void)h.fencing();
    const HistoryChecker::Report report = HistoryChecker::check(h);
    FUZZ_CHECK(report.results.size() == 4, QStringLiteral("%1 results").arg(report.results.size()));
    (void)report.toJson(h.records);
    (void)report.toText(h.records);
    for (const int i : report.context)
        FUZZ_CHECK(i >= 0 && size_t(i) < h.records.size(), QStringLiteral("context %1").arg(i));
    return 0;
}
