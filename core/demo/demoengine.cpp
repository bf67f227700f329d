#include "core/demo/demoengine.h"

#include "connectors/callinterrupt.h"
#include "connectors/connectorerror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/demo/buyerloop.h"
#include "core/demo/demohistory.h"
#include "core/demo/faultinjector.h"
#include "core/demo/faultroute.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"
#include "core/shop/inventory.h"
#include "core/shop/purchaser.h"
#include "core/shop/racepurchaser.h"
#include "core/shop/stockstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <sys/types.h>
#include <thread>
#include <unistd.h>
extern "C" {
#include <sys/pidfd.h> // glibc 2.36 declares it without C linkage
}

namespace lockscope {

namespace {

qint64 epochUs(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

/// The last line of defence of a buyer thread: BuyerLoop::run records its failures and does
/// not throw, but nothing may escape a thread (that is std::terminate, exit 134).
template <class F> void runGuarded(int buyer, F&& body) {
    try {
        body();
    } catch (const std::exception& e) {
        qCCritical(lcDemo) << "buyer" << buyer << "stopped by an unexpected failure:" << e.what();
    } catch (...) {
        qCCritical(lcDemo) << "buyer" << buyer << "stopped by an unexpected failure";
    }
}

} // namespace

/// What the buyers (or the worker readers) and the progress thread share during one run.
struct DemoEngine::Run {
    DemoResult result;
    std::map<int, int> initial; ///< item -> stock at the start
    std::chrono::system_clock::time_point start;
    std::chrono::steady_clock::time_point steadyStart;

    std::mutex mutex;
    std::vector<PurchaseRecord> records;
    std::vector<FaultEvent> faults;
    std::map<int, std::string> holders;
    std::map<int, int> confirmed;
    int crashedWorkers = 0; ///< died otherwise: abort, non-zero exit, did not start
    int killedWorkers = 0;  ///< killed by the crash fault
    int buyersGaveUp = 0;   ///< stopped after kInfraGiveUp of infrastructure failures
    /// The worker processes started (pidfds: a signal never reaches a recycled pid).
    std::vector<int> workerPidfds;

    void add(const PurchaseRecord& r) {
        std::lock_guard lock(mutex);
        records.push_back(r);
        if (r.outcome == PurchaseRecord::Outcome::Confirmed)
            confirmed[r.item] += r.qty;
    }
    void addFault(const FaultEvent& e) {
        std::lock_guard lock(mutex);
        faults.push_back(e);
    }
    /// item -> when a buyer last got its lock (DemoScenario::lockGiveUp)
    std::map<int, std::chrono::steady_clock::time_point> lastAcquired;
    /// item -> buyers that gave up on its lock (never obtainable)
    std::map<int, std::set<int>> lockGivenUp;

    void gaveUpOnLock(int buyer, int item) {
        std::lock_guard lock(mutex);
        lockGivenUp[item].insert(buyer);
    }
    void holder(int item, int buyer, bool held) {
        std::string name = "b"; // appended: see buyerloop.cpp on GCC 12 and -Wrestrict
        name += std::to_string(buyer);
        std::lock_guard lock(mutex);
        if (held)
            lastAcquired[item] = std::chrono::steady_clock::now();
        if (held)
            holders[item] = name;
        else if (holders[item] == name)
            holders[item].clear();
    }
    /// What the progress callback reports now.
    DemoProgress progress(const DemoScenario& scenario) {
        DemoProgress p;
        p.elapsedS =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - steadyStart).count();
        p.expected = scenario.attempts > 0 ? scenario.attempts * scenario.buyers : -1;
        std::lock_guard lock(mutex);
        p.done = int(records.size());
        p.holderByItem = holders;
        for (const auto& [item, sold] : confirmed) {
            p.confirmed += sold;
            if (scenario.race == DemoScenario::Race::Stock)
                p.oversoldSoFar += std::max(0, sold - initial[item]);
        }
        return p;
    }
};

DemoEngine::DemoEngine(Options options)
    : m_options(std::move(options)) {}

void DemoEngine::runWorker(const NamespaceConfig& config, const DemoScenario& scenario,
                           const std::string& runId, int firstBuyer, int count,
                           std::chrono::system_clock::time_point runStart, std::stop_token stop,
                           FILE* out) {
    std::mutex outMutex;
    auto print = [&](const QJsonObject& o) {
        const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
        std::lock_guard lock(outMutex);
        std::fwrite(line.constData(), 1, size_t(line.size()), out);
        std::fflush(out); // a crash right after must not lose the line
    };
    std::vector<std::jthread> buyers; // joined when they go out of scope
    for (int b = firstBuyer; b < firstBuyer + count; ++b) {
        buyers.emplace_back([&, b] {
            BuyerLoop loop(config, scenario, runId, b, stop, true, runStart);
            runGuarded(b, [&] {
                loop.run(BuyerLoop::Sinks{
                    [&](const PurchaseRecord& r) { print(r.toJson()); },
                    [&](int item, int buyer, bool held) {
                        print(QJsonObject{{QStringLiteral("type"), QStringLiteral("holder")},
                                          {QStringLiteral("item"), item},
                                          {QStringLiteral("buyer"), buyer},
                                          {QStringLiteral("held"), held}});
                    },
                    [&](int buyer) {
                        print(QJsonObject{{QStringLiteral("type"), QStringLiteral("gave-up")},
                                          {QStringLiteral("buyer"), buyer}});
                    },
                    [&](const FaultEvent& e) { print(e.toJson()); },
                    {},
                    {},
                    [&](int buyer, int item) {
                        print(QJsonObject{
                            {QStringLiteral("type"), QStringLiteral("lock-unobtainable")},
                            {QStringLiteral("buyer"), buyer},
                            {QStringLiteral("item"), item}});
                    }});
            });
        });
    }
}

DemoResult DemoEngine::run(const DemoScenario& scenario) {
    m_options.config.requireValid();
    const QString invalid = scenario.validate();
    if (!invalid.isEmpty())
        throw std::invalid_argument(invalid.toStdString());
    if (scenario.processes > 0 && m_options.workerProgram.isEmpty())
        throw std::invalid_argument("--processes needs the lockscope-cli program to start workers");
    if (scenario.fault == DemoScenario::Fault::Partition)
        checkPartition(scenario);

    // Faults the engine injects itself are set up (and refused, when impossible) before any
    // stock is touched.
    const std::unique_ptr<FaultInjector> injector =
        FaultInjector::create(m_options.config, scenario, m_options.sandboxDir);
    if (injector)
        injector->makeReady(); // what an earlier run left broken, before the stock needs it

    Run run;
    run.result.scenario = scenario;
    run.result.runId = QStringLiteral("run-%1-%2")
                           .arg(QDateTime::currentMSecsSinceEpoch())
                           .arg(QRandomGenerator::global()->bounded(1 << 30), 0, 36)
                           .toStdString();
    try {
        prepareStock(scenario, run);
    } catch (const ConnectorError& e) {
        if (e.kind() != ConnectorError::Kind::NoAuth)
            throw;
        // Said as the grant the demo needs, not as the server's bare refusal.
        throw ConnectorError(
            e.backend(), e.kind(), QStringLiteral("demo"),
            BackendRegistry::of(e.backend()).permissionHint(m_options.config, e, AccessRole::Demo));
    }
    run.start = std::chrono::system_clock::now();
    run.steadyStart = std::chrono::steady_clock::now();
    {
        std::jthread progress = startProgress(scenario, run); // stopped when the buyers are done
        if (injector)
            injector->prepare(run.start);
        if (scenario.processes == 0)
            runBuyerThreads(scenario, run, injector.get());
        else
            runWorkerProcesses(scenario, run);
        run.result.wallS =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - run.steadyStart)
                .count();
    }

    DemoResult& result = run.result;
    if (injector) {
        injector->finish();
        result.faultReport = injector->report();
    }
    result.cancelled = m_stop.stop_requested();
    result.history = std::move(run.records);
    std::sort(
        result.history.begin(), result.history.end(),
        [](const PurchaseRecord& a, const PurchaseRecord& b) { return a.startUs < b.startUs; });
    for (const auto& [item, buyers] : run.lockGivenUp)
        result.lockUnobtainable << QStringLiteral("lock unobtainable: %1 held by %2 the whole run "
                                                  "(%3 buyer(s) gave up after %4 ms of "
                                                  "nothing but lock timeouts)")
                                       .arg(QString::fromStdString(
                                                RacePurchaser::resourceFor(scenario.race, item)),
                                            holderOf(scenario, item))
                                       .arg(buyers.size())
                                       .arg(scenario.lockGiveUp.count());
    result.crashedWorkers = run.crashedWorkers;
    result.killedWorkers = run.killedWorkers;
    result.buyersGaveUp = run.buyersGaveUp;
    result.faults = std::move(run.faults);
    if (injector) {
        // The attempts that failed while the injected fault had a server down on purpose.
        result.faultReport.insert(
            QStringLiteral("errors_during_outage"),
            int(std::count_if(result.history.begin(), result.history.end(),
                              [](const PurchaseRecord& r) { return r.duringInjectedOutage; })));
        // The struck buyer's own view of the fault (its release) merges into the injector's.
        std::optional<FaultEvent> seen;
        for (auto it = result.faults.begin(); it != result.faults.end();)
            if (it->fault == scenario.fault) {
                seen = *it;
                it = result.faults.erase(it);
            } else
                ++it;
        if (FaultEvent e = injector->event(); e.startUs >= 0) {
            // The struck holder's own record: its outcome and its last step under the lock.
            for (const PurchaseRecord& r : result.history)
                if (r.buyer == e.buyer && r.lockedUs >= 0 && r.lockedUs <= e.startUs &&
                    r.endUs >= e.startUs) {
                    e.outcome = r.outcome;
                    e.heldUntilUs = r.releasedUs >= 0 ? r.releasedUs : r.endUs;
                }
            if (seen && seen->buyer == e.buyer)
                e.release = seen->release;
            result.faults.push_back(e);
        }
    }
    std::sort(result.faults.begin(), result.faults.end(),
              [](const FaultEvent& a, const FaultEvent& b) { return a.startUs < b.startUs; });
    for (FaultEvent& e : result.faults)
        e.analyse(result.history);
    tally(result);
    readVerdict(scenario, run);
    if (!m_options.historyFile.isEmpty())
        DemoHistory::save(m_options.historyFile, result);
    return std::move(result);
}

QString DemoEngine::holderOf(const DemoScenario& scenario, int item) const {
    const LockBackend* backend = BackendRegistry::forStrategy(scenario.strategy);
    if (!backend)
        return QStringLiteral("an unknown holder");
    try {
        MonitorConfig mc;
        mc.config = m_options.config;
        mc.backends = {backend->id()};
        const QString resource =
            QString::fromStdString(RacePurchaser::resourceFor(scenario.race, item));
        for (const LockEntry& e : backend->createScanner(mc, {})->scan().locks)
            if (e.logical() == resource)
                return QStringLiteral("'%1'").arg(e.holder);
        return QStringLiteral("an unknown holder (not seen by the scanner now)");
    } catch (const std::exception& e) {
        return QStringLiteral("an unknown holder (%1)").arg(QString::fromUtf8(e.what()));
    }
}

void DemoEngine::checkPartition(const DemoScenario& scenario) const {
    // Each partitioned buyer gets a proxy in front of one address: the server must be one.
    const bool lock = scenario.partition == DemoScenario::PartitionTarget::Lock;
    const LockBackend* target = lock ? BackendRegistry::forStrategy(scenario.strategy)
                                     : BackendRegistry::byName(scenario.store);
    if (!target)
        throw std::invalid_argument(
            QStringLiteral("--fault partition --partition lock: strategy '%1' takes no lock")
                .arg(scenario.strategy)
                .toStdString());
    if (lock && scenario.strategy == u"redlock")
        throw std::invalid_argument("--fault partition --partition lock: redlock's servers are "
                                    "several; a partition from one of them is not offered");
    FaultRoute::upstream(m_options.config, target->id()); // throws when it cannot be proxied
}

void DemoEngine::readVerdict(const DemoScenario& scenario, Run& run) {
    // The servers may still be coming back from a fault: ask again for a while (each call has
    // its connectors' deadlines) rather than give no verdict, then say why there is none. A
    // cancelled run asks once, and a server that does not answer is cut short (CallInterrupt):
    // the operator asked to stop.
    const CallInterrupt::Scope interruptible(m_stop.get_token());
    const auto deadline = std::chrono::steady_clock::now() + kVerdictPatience;
    std::chrono::milliseconds backOff{200};
    while (true) {
        try {
            run.result.verdict = DemoVerdict::fromServers(
                m_options.config, scenario.store, run.result.runId, run.initial, scenario.race);
            run.result.verdictError.clear();
            return;
        } catch (const std::exception& e) {
            run.result.verdictError = QString::fromUtf8(e.what());
        }
        if (std::chrono::steady_clock::now() + backOff >= deadline ||
            !waitUnlessStopped(m_stop.get_token(), backOff))
            break;
        backOff = std::min(backOff * 2, std::chrono::milliseconds(2000));
    }
    qCWarning(lcDemo) << "no verdict from the servers:" << run.result.verdictError;
    run.result.verdict = DemoVerdict::unknown(run.initial, scenario.race);
}

void DemoEngine::prepareStock(const DemoScenario& scenario, Run& run) {
    m_options.config.requireWritable(QStringLiteral("a demo run"));
    if (scenario.race != DemoScenario::Race::Stock) {
        // Fresh unpaid orders / carts for this run; the same purchaser checks that the lock's
        // server answers.
        RacePurchaser probe(m_options.config, scenario.race, scenario.strategy);
        for (int i = 0; i < scenario.items; ++i) {
            run.initial[scenario.itemId(i)] =
                scenario.race == DemoScenario::Race::Cart ? RacePurchaser::kInitialCartQty : 0;
            probe.reset(scenario.itemId(i), run.result.runId);
        }
        return;
    }
    std::vector<Inventory::Item> items;
    for (int i = 0; i < scenario.items; ++i) {
        run.initial[scenario.itemId(i)] = scenario.stock;
        items.push_back(Inventory::Item{scenario.itemId(i), "demo item " + std::to_string(i + 1),
                                        scenario.stock});
    }
    Inventory::load(m_options.config, items, {scenario.store});
    // Every server the buyers need must answer now: a run against a dead server is an
    // infrastructure error, not a run full of failed purchases.
    Purchaser probe(m_options.config, scenario.strategy, scenario.store);
}

std::jthread DemoEngine::startProgress(const DemoScenario& scenario, Run& run) {
    if (!m_options.progress)
        return {};
    return std::jthread([this, &scenario, &run](std::stop_token done) {
        // Until the buyers are done or the run is cancelled; a read a frozen store does not
        // answer is cut short then.
        std::stop_source stopSource;
        const std::stop_callback onDone(done, [&] { stopSource.request_stop(); });
        const std::stop_callback onCancel(m_stop.get_token(), [&] { stopSource.request_stop(); });
        const std::stop_token stop = stopSource.get_token();
        const CallInterrupt::Scope interruptible(stop);
        std::unique_ptr<StockStore> store;
        while (waitUnlessStopped(stop, m_options.progressInterval)) {
            DemoProgress p = run.progress(scenario);
            if (scenario.race != DemoScenario::Race::Stock) {
                m_options.progress(p); // no stock to read: orders and carts
                continue;
            }
            try {
                if (!store)
                    store = StockStore::create(scenario.store, m_options.config);
                for (const auto& [item, init] : run.initial) {
                    const int left = store->read(item);
                    p.stockByItem[item] = left;
                    p.stockLeft += left;
                }
                p.stockKnown = true;
            } catch (const std::exception& e) {
                store.reset(); // report without stock; reconnect next time
                p.stockLeft = 0;
                p.stockByItem.clear();
                qCWarning(lcDemo) << "progress: cannot read stock:" << e.what();
            }
            m_options.progress(p);
        }
    });
}

void DemoEngine::runBuyerThreads(const DemoScenario& scenario, Run& run, FaultInjector* injector) {
    std::vector<std::jthread> buyers; // joined when they go out of scope
    for (int b = 0; b < scenario.buyers; ++b) {
        buyers.emplace_back([this, &scenario, &run, b, injector] {
            BuyerLoop loop(m_options.config, scenario, run.result.runId, b, m_stop.get_token(),
                           false, run.start);
            runGuarded(b, [&] {
                loop.run(BuyerLoop::Sinks{
                    [&run](const PurchaseRecord& r) { run.add(r); },
                    [&run](int item, int buyer, bool held) { run.holder(item, buyer, held); },
                    [&run](int) {
                        std::lock_guard lock(run.mutex);
                        ++run.buyersGaveUp;
                    },
                    [&run](const FaultEvent& e) { run.addFault(e); },
                    [this, injector](int item, const PurchaseRecord& rec) {
                        return injector && injector->atHold(item, rec, m_stop.get_token());
                    },
                    [injector] { return injector && injector->outageInProgress(); },
                    [&run](int buyer, int item) { run.gaveUpOnLock(buyer, item); },
                    [&run](int item, std::chrono::steady_clock::time_point since) {
                        std::lock_guard lock(run.mutex);
                        const auto it = run.lastAcquired.find(item);
                        return it != run.lastAcquired.end() && it->second > since;
                    }});
            });
        });
    }
}

void DemoEngine::runWorkerProcesses(const DemoScenario& scenario, Run& run) {
    const NamespaceConfig& config = m_options.config;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // URIs travel in the environment, never on a command line that `ps` shows.
    env.insert(QStringLiteral("LOCKSCOPE_REDIS"), config.redis.toString(true));
    env.insert(QStringLiteral("LOCKSCOPE_ZOOKEEPER"), config.zookeeper.toString(true));
    env.insert(QStringLiteral("LOCKSCOPE_POSTGRES"), config.postgres.toConninfo(true));
    env.insert(QStringLiteral("LOCKSCOPE_REDLOCK"), RedisUri::listToString(config.redlock, true));
    // Closed last, once the readers and killStragglers are done with them.
    const auto closePidfds = qScopeGuard([&run] {
        for (const int fd : run.workerPidfds)
            ::close(fd);
    });
    // A cancel sends each worker SIGTERM (readWorker); one still running kWorkerGrace later
    // (stuck on a server, or stopped and not continued) is killed. Declared before the readers:
    // it is stopped once they are all joined.
    std::jthread killStragglers([this, &run](std::stop_token done) {
        std::mutex mutex;
        std::condition_variable_any wake;
        const std::stop_callback onCancel(m_stop.get_token(), [&] {
            std::lock_guard lock(mutex);
            wake.notify_all();
        });
        {
            std::unique_lock lock(mutex);
            if (!wake.wait(lock, done, [&] { return m_stop.stop_requested(); }))
                return; // the readers are done, no cancel
        }
        if (!waitUnlessStopped(done, kWorkerGrace))
            return;
        std::lock_guard lock(run.mutex);
        for (const int fd : run.workerPidfds)
            ::pidfd_send_signal(fd, SIGKILL, nullptr, 0); // ESRCH for one that has exited
    });
    std::vector<std::jthread> readers; // joined when they go out of scope
    const int per = scenario.buyers / scenario.processes;
    const int extra = scenario.buyers % scenario.processes;
    int first = 0;
    for (int w = 0; w < scenario.processes; ++w) {
        const int count = per + (w < extra ? 1 : 0);
        QStringList args{QStringLiteral("demo"),           QStringLiteral("worker"),
                         QStringLiteral("--run-id"),       QString::fromStdString(run.result.runId),
                         QStringLiteral("--ns"),           QString::fromStdString(config.ns),
                         QStringLiteral("--first-buyer"),  QString::number(first),
                         QStringLiteral("--count"),        QString::number(count),
                         QStringLiteral("--run-start-us"), QString::number(epochUs(run.start))};
        args += scenario.toCliArgs();
        first += count;
        readers.emplace_back([this, &run, env, args, w] {
            try {
                readWorker(run, env, args);
            } catch (...) {
                // Nothing may escape a thread; a worker we lost track of counts as crashed.
                qCCritical(lcDemo) << "reading worker" << w << "failed";
                std::lock_guard lock(run.mutex);
                ++run.crashedWorkers;
            }
        });
    }
}

void DemoEngine::readWorker(Run& run, const QProcessEnvironment& env, const QStringList& args) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(m_options.workerProgram, args);
    if (!p.waitForStarted(10000)) {
        qCWarning(lcDemo) << "worker did not start:" << p.errorString();
        std::lock_guard lock(run.mutex);
        ++run.crashedWorkers;
        return;
    }
    // A cancel reaches the worker at once: SIGTERM stops its buyers, which release their locks;
    // SIGCONT after it, so that a stopped worker (SIGSTOP, a debugger) gets it too instead of
    // being left stopped.
    const pid_t pid = pid_t(p.processId());
    const int pidfd = int(::pidfd_open(pid, 0));
    if (pidfd >= 0) {
        std::lock_guard lock(run.mutex);
        run.workerPidfds.push_back(pidfd); // closed by runWorkerProcesses
    }
    const std::stop_callback terminate(m_stop.get_token(), [pid, pidfd] {
        if (pidfd >= 0) {
            ::pidfd_send_signal(pidfd, SIGTERM, nullptr, 0);
            ::pidfd_send_signal(pidfd, SIGCONT, nullptr, 0);
        } else {
            ::kill(pid, SIGTERM);
            ::kill(pid, SIGCONT);
        }
    });
    // A worker that the crash fault kills writes its crashed record first; one killed without
    // it (by an operator, the OOM killer) is a crashed worker, not the scenario.
    bool announcedCrash = false;
    auto drain = [&] {
        while (p.canReadLine()) {
            const QJsonObject o = QJsonDocument::fromJson(p.readLine()).object();
            const QString type = o.value(QStringLiteral("type")).toString();
            if (type == u"purchase") {
                const PurchaseRecord r = PurchaseRecord::fromJson(o);
                announcedCrash = announcedCrash || r.outcome == PurchaseRecord::Outcome::Crashed;
                run.add(r);
            } else if (type == u"fault") {
                run.addFault(FaultEvent::fromJson(o));
            } else if (type == u"lock-unobtainable") {
                run.gaveUpOnLock(o.value(QStringLiteral("buyer")).toInt(),
                                 o.value(QStringLiteral("item")).toInt());
            } else if (type == u"gave-up") {
                std::lock_guard lock(run.mutex);
                ++run.buyersGaveUp;
            } else if (type == u"holder")
                run.holder(o.value(QStringLiteral("item")).toInt(),
                           o.value(QStringLiteral("buyer")).toInt(),
                           o.value(QStringLiteral("held")).toBool());
        }
    };
    // Blocks until the worker writes or exits; no polling.
    while (p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(-1);
        drain();
    }
    p.waitForFinished(-1);
    drain();
    // A worker killed by the crash fault (SIGKILL, after writing its crashed record) is the
    // scenario; any other death - an abort, another signal, a non-zero exit - is a crashed
    // worker, which makes the run an infrastructure failure.
    const bool crashExit = p.exitStatus() == QProcess::CrashExit;
    const bool killedByFault = crashExit && p.exitCode() == SIGKILL &&
                               run.result.scenario.fault == DemoScenario::Fault::Crash &&
                               announcedCrash;
    const bool stoppedByUs = m_stop.stop_requested() && crashExit &&
                             (p.exitCode() == SIGTERM || p.exitCode() == SIGKILL);
    std::lock_guard lock(run.mutex);
    if (killedByFault)
        ++run.killedWorkers;
    else if (!stoppedByUs && (crashExit || p.exitCode() != 0)) {
        qCWarning(lcDemo) << "worker" << args.join(u' ') << (crashExit ? "crashed" : "failed")
                          << "with" << p.exitCode();
        ++run.crashedWorkers;
    }
}

void DemoEngine::tally(DemoResult& result) {
    using O = PurchaseRecord::Outcome;
    for (const PurchaseRecord& r : result.history) {
        ++result.attempted;
        if (r.cancelled) {
            ++result.cancelledAttempts;
            continue;
        }
        switch (r.outcome) {
        case O::Confirmed:
            ++result.succeeded;
            break;
        case O::SoldOut:
            ++result.rejected;
            break;
        case O::LockTimeout:
            ++result.lockTimeouts;
            break;
        case O::Fenced:
            ++result.fenced;
            break;
        case O::Crashed:
            ++result.crashed;
            break;
        case O::Error:
            ++result.errors;
            result.injectedOutageErrors += r.duringInjectedOutage ? 1 : 0;
            break;
        }
    }
}

} // namespace lockscope
