#pragma once

#include "core/demo/demoprogress.h"
#include "core/demo/demoresult.h"
#include "core/namespaceconfig.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <chrono>
#include <functional>
#include <stop_token>
#include <thread>

namespace lockscope {

class FaultInjector;

/// Runs contention demos: loads fresh stock, starts the buyers (threads, or worker processes),
/// reports progress, and computes the verdict from the servers. run() blocks: call it from a
/// worker thread; cancel() may be called from any thread.
class DemoEngine {
public:
    struct Options {
        NamespaceConfig config;
        /// lockscope-cli, for --processes (each worker is `<program> demo worker ...`).
        QString workerProgram;
        std::function<void(const DemoProgress&)> progress;
        std::chrono::milliseconds progressInterval{200};
        QString historyFile; ///< JSON lines; empty: not written
        /// The sandbox whose servers a fault may act on (FaultInjector); empty: none.
        QString sandboxDir = {};
    };

    explicit DemoEngine(Options options);

    /// Throws std::invalid_argument for an invalid scenario (message names the argument) and
    /// ConnectorError when a server cannot be used to set the run up.
    DemoResult run(const DemoScenario& scenario);
    /// Buyers stop after their current purchase (at once out of any wait: payment, pause, back
    /// off) and release their locks. From any thread; an engine once cancelled stays cancelled.
    void cancel() { m_stop.request_stop(); }

    /// The body of `lockscope-cli demo worker`: buyers [firstBuyer, firstBuyer + count) of a run,
    /// each record and lock change printed as a JSON line on `out`. Returns when they are done
    /// or cancel becomes true.
    static void runWorker(const NamespaceConfig& config, const DemoScenario& scenario,
                          const std::string& runId, int firstBuyer, int count,
                          std::chrono::system_clock::time_point runStart, std::stop_token stop,
                          FILE* out);

private:
    struct Run; // one run's shared state

    void prepareStock(const DemoScenario& scenario, Run& run);
    /// Who holds item's lock now, as the strategy's scanner sees it ("'someone-else'"), for
    /// the verdict of a run whose buyers gave up on that lock. Never throws.
    QString holderOf(const DemoScenario& scenario, int item) const;
    /// Throws std::invalid_argument when the partition's server cannot be proxied.
    void checkPartition(const DemoScenario& scenario) const;
    /// The verdict from the servers into run.result, asking for up to kVerdictPatience; when
    /// they do not answer, verdictError says why and the numbers are unknown.
    void readVerdict(const DemoScenario& scenario, Run& run);
    std::jthread startProgress(const DemoScenario& scenario, Run& run);
    /// injector: the fault the engine injects itself at a hold point (nullptr: none).
    void runBuyerThreads(const DemoScenario& scenario, Run& run, FaultInjector* injector = nullptr);
    void runWorkerProcesses(const DemoScenario& scenario, Run& run);
    void readWorker(Run& run, const QProcessEnvironment& env, const QStringList& args);
    static void tally(DemoResult& result);

    static constexpr std::chrono::seconds kVerdictPatience{20};
    /// After a cancel, how long a worker process has to end before it is killed.
    static constexpr std::chrono::seconds kWorkerGrace{3};

    Options m_options;
    std::stop_source m_stop;
};

} // namespace lockscope
