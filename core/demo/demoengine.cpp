#include "core/demo/demoengine.h"

#include "connectors/connectorerror.h"
#include "core/demo/buyerloop.h"
#include "core/demo/demohistory.h"
#include "core/logging.h"
#include "core/shop/inventory.h"
#include "core/shop/purchaser.h"
#include "core/shop/stockstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace lockscope {

namespace {

/// Shared by the buyers (or the worker readers) and the progress thread.
struct RunState {
    std::mutex mutex;
    std::vector<PurchaseRecord> records;
    std::map<int, std::string> holders;
    std::map<int, int> confirmed;
    int crashedWorkers = 0;

    void add(const PurchaseRecord& r) {
        std::lock_guard lock(mutex);
        records.push_back(r);
        if (r.outcome == u"confirmed")
            confirmed[r.item] += r.qty;
    }
    void holder(int item, int buyer, bool held) {
        std::string name = "b"; // appended: see buyerloop.cpp on GCC 12 and -Wrestrict
        name += std::to_string(buyer);
        std::lock_guard lock(mutex);
        if (held)
            holders[item] = name;
        else if (holders[item] == name)
            holders[item].clear();
    }
};

qint64 epochUs(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

} // namespace

DemoEngine::DemoEngine(Options options)
    : m_options(std::move(options)) {}

void DemoEngine::runWorker(const NamespaceConfig& config, const DemoScenario& scenario,
                           const std::string& runId, int firstBuyer, int count,
                           std::chrono::system_clock::time_point runStart,
                           const std::atomic<bool>& cancel, FILE* out) {
    std::mutex outMutex;
    auto print = [&](const QJsonObject& o) {
        const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
        std::lock_guard lock(outMutex);
        std::fwrite(line.constData(), 1, size_t(line.size()), out);
        std::fflush(out); // a crash right after must not lose the line
    };
    std::vector<std::thread> buyers;
    for (int b = firstBuyer; b < firstBuyer + count; ++b) {
        buyers.emplace_back([&, b] {
            BuyerLoop loop(config, scenario, runId, b, cancel, true, runStart);
            loop.run(BuyerLoop::Sinks{[&](const PurchaseRecord& r) { print(r.toJson()); },
                                      [&](int item, int buyer, bool held) {
                                          print(QJsonObject{
                                              {QStringLiteral("type"), QStringLiteral("holder")},
                                              {QStringLiteral("item"), item},
                                              {QStringLiteral("buyer"), buyer},
                                              {QStringLiteral("held"), held}});
                                      }});
        });
    }
    for (auto& t : buyers)
        t.join();
}

DemoResult DemoEngine::run(const DemoScenario& scenario) {
    m_options.config.requireValid();
    const QString invalid = scenario.validate();
    if (!invalid.isEmpty())
        throw std::invalid_argument(invalid.toStdString());
    if (scenario.processes > 0 && m_options.workerProgram.isEmpty())
        throw std::invalid_argument("--processes needs the lockscope-cli program to start workers");
    m_cancel = false;
    const NamespaceConfig& config = m_options.config;

    DemoResult result;
    result.scenario = scenario;
    result.runId = QStringLiteral("run-%1-%2")
                       .arg(QDateTime::currentMSecsSinceEpoch())
                       .arg(QRandomGenerator::global()->bounded(1 << 30), 0, 36)
                       .toStdString();

    std::map<int, int> initial;
    std::vector<Inventory::Item> items;
    for (int i = 0; i < scenario.items; ++i) {
        initial[scenario.itemId(i)] = scenario.stock;
        items.push_back(Inventory::Item{scenario.itemId(i), "demo item " + std::to_string(i + 1),
                                        scenario.stock});
    }
    Inventory::load(config, items, {scenario.store});
    {
        // Every server the buyers need must answer now: a run against a dead server is an
        // infrastructure error, not a run full of failed purchases.
        Purchaser probe(config, scenario.strategy, scenario.store);
    }

    RunState state;
    const auto runStart = std::chrono::system_clock::now();
    const auto steadyStart = std::chrono::steady_clock::now();
    std::mutex doneMutex;
    std::condition_variable doneCv;
    bool done = false;

    std::thread progressThread;
    if (m_options.progress) {
        progressThread = std::thread([&] {
            std::unique_ptr<StockStore> store;
            std::unique_lock lock(doneMutex);
            while (!done) {
                doneCv.wait_for(lock, m_options.progressInterval, [&] { return done; });
                lock.unlock();
                DemoProgress p;
                p.elapsedS =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - steadyStart)
                        .count();
                p.expected = scenario.attempts > 0 ? scenario.attempts * scenario.buyers : -1;
                {
                    std::lock_guard s(state.mutex);
                    p.done = int(state.records.size());
                    p.holderByItem = state.holders;
                    for (const auto& [item, sold] : state.confirmed) {
                        p.confirmed += sold;
                        p.oversoldSoFar += std::max(0, sold - initial[item]);
                    }
                }
                try {
                    if (!store)
                        store = StockStore::create(scenario.store, config);
                    for (const auto& [item, init] : initial) {
                        const int left = store->read(item);
                        p.stockByItem[item] = left;
                        p.stockLeft += left;
                    }
                } catch (const std::exception& e) {
                    store.reset(); // report what we have; reconnect next time
                    qCWarning(lcDemo) << "progress: cannot read stock:" << e.what();
                }
                m_options.progress(p);
                lock.lock();
            }
        });
    }

    if (scenario.processes == 0) {
        std::vector<std::thread> buyers;
        for (int b = 0; b < scenario.buyers; ++b) {
            buyers.emplace_back([&, b] {
                BuyerLoop loop(config, scenario, result.runId, b, m_cancel, false, runStart);
                loop.run(BuyerLoop::Sinks{
                    [&](const PurchaseRecord& r) { state.add(r); },
                    [&](int item, int buyer, bool held) { state.holder(item, buyer, held); }});
            });
        }
        for (auto& t : buyers)
            t.join();
    } else {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // URIs travel in the environment, never on a command line that `ps` shows.
        env.insert(QStringLiteral("LOCKSCOPE_REDIS"), config.redis.toString(true));
        env.insert(QStringLiteral("LOCKSCOPE_ZOOKEEPER"), config.zookeeper.toString(true));
        env.insert(QStringLiteral("LOCKSCOPE_POSTGRES"), config.postgres.toConninfo(true));
        std::vector<std::thread> readers;
        const int per = scenario.buyers / scenario.processes;
        const int extra = scenario.buyers % scenario.processes;
        int first = 0;
        for (int w = 0; w < scenario.processes; ++w) {
            const int count = per + (w < extra ? 1 : 0);
            QStringList args{QStringLiteral("demo"),           QStringLiteral("worker"),
                             QStringLiteral("--run-id"),       QString::fromStdString(result.runId),
                             QStringLiteral("--ns"),           QString::fromStdString(config.ns),
                             QStringLiteral("--first-buyer"),  QString::number(first),
                             QStringLiteral("--count"),        QString::number(count),
                             QStringLiteral("--run-start-us"), QString::number(epochUs(runStart))};
            args += scenario.toCliArgs();
            first += count;
            readers.emplace_back([&, args] {
                QProcess p;
                p.setProcessEnvironment(env);
                p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
                p.start(m_options.workerProgram, args);
                if (!p.waitForStarted(10000)) {
                    qCWarning(lcDemo) << "worker did not start:" << p.errorString();
                    return;
                }
                bool terminated = false;
                auto drain = [&] {
                    while (p.canReadLine()) {
                        const QJsonObject o = QJsonDocument::fromJson(p.readLine()).object();
                        const QString type = o.value(QStringLiteral("type")).toString();
                        if (type == u"purchase")
                            state.add(PurchaseRecord::fromJson(o));
                        else if (type == u"holder")
                            state.holder(o.value(QStringLiteral("item")).toInt(),
                                         o.value(QStringLiteral("buyer")).toInt(),
                                         o.value(QStringLiteral("held")).toBool());
                    }
                };
                while (p.state() != QProcess::NotRunning) {
                    p.waitForReadyRead(100);
                    drain();
                    if (m_cancel.load() && !terminated) {
                        p.terminate(); // the worker stops its buyers, which release their locks
                        terminated = true;
                    }
                }
                p.waitForFinished(-1);
                drain();
                if (p.exitStatus() == QProcess::CrashExit) {
                    std::lock_guard lock(state.mutex);
                    ++state.crashedWorkers;
                }
            });
        }
        for (auto& t : readers)
            t.join();
    }
    result.wallS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - steadyStart).count();
    {
        std::lock_guard lock(doneMutex);
        done = true;
    }
    doneCv.notify_all();
    if (progressThread.joinable())
        progressThread.join();

    result.cancelled = m_cancel.load();
    result.history = std::move(state.records);
    std::sort(
        result.history.begin(), result.history.end(),
        [](const PurchaseRecord& a, const PurchaseRecord& b) { return a.startUs < b.startUs; });
    result.crashedWorkers = state.crashedWorkers;
    for (const PurchaseRecord& r : result.history) {
        ++result.attempted;
        if (r.outcome == u"confirmed")
            ++result.succeeded;
        else if (r.outcome == u"sold-out")
            ++result.rejected;
        else if (r.outcome == u"lock-timeout")
            ++result.lockTimeouts;
        else if (r.outcome == u"fenced")
            ++result.fenced;
        else if (r.outcome == u"crashed")
            ++result.crashed;
        else
            ++result.errors;
    }
    result.verdict = DemoVerdict::fromServers(config, scenario.store, result.runId, initial);
    if (!m_options.historyFile.isEmpty())
        DemoHistory::save(m_options.historyFile, result);
    return result;
}

} // namespace lockscope
