#pragma once

#include "core/demo/demoprogress.h"
#include "core/demo/demoresult.h"
#include "core/namespaceconfig.h"

#include <QString>
#include <atomic>
#include <chrono>
#include <functional>

namespace lockscope {

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
    };

    explicit DemoEngine(Options options);

    /// Throws std::invalid_argument for an invalid scenario (message names the argument) and
    /// ConnectorError when a server cannot be used to set the run up.
    DemoResult run(const DemoScenario& scenario);
    /// Buyers stop after their current purchase and release their locks.
    void cancel() { m_cancel = true; }

    /// The body of `lockscope-cli demo worker`: buyers [firstBuyer, firstBuyer + count) of a run,
    /// each record and lock change printed as a JSON line on `out`. Returns when they are done
    /// or cancel becomes true.
    static void runWorker(const NamespaceConfig& config, const DemoScenario& scenario,
                          const std::string& runId, int firstBuyer, int count,
                          std::chrono::system_clock::time_point runStart,
                          const std::atomic<bool>& cancel, FILE* out);

private:
    Options m_options;
    std::atomic<bool> m_cancel{false};
};

} // namespace lockscope
